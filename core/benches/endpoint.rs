//! Endpoint resolution timings: preparing the S3 rule set, and resolving with it.
//!
//! `cargo bench -p stratus-core --bench endpoint` (plain `std::time` loops, no harness).

use std::hint::black_box;
use std::time::{Duration, Instant};

use stratus_core::endpoint::{bind_params, BuiltIns, Params, Partitions, RuleSet};
use stratus_core::model::{self, ServiceModel};

fn per_iteration(iterations: u32, mut f: impl FnMut()) -> Duration {
    f();
    let start = Instant::now();
    for _ in 0..iterations {
        f();
    }
    start.elapsed() / iterations
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let s3 = model::embedded("s3").ok_or("s3 is not embedded (enable the `s3` feature)")?;
    let text = s3.endpoint_rules.ok_or("s3 has no rule set")?;
    let partitions = Partitions::embedded()?;

    let prepare = per_iteration(50, || {
        black_box(RuleSet::from_json(black_box(text)).ok());
    });
    eprintln!("S3 RuleSet::from_json ({} KiB): {prepare:?}", text.len() / 1024);

    let rules = RuleSet::from_json(text)?;
    let cases = [
        ("virtual-hosted bucket", Params::new().with("Region", "us-west-2").with("Bucket", "my-bucket")),
        ("path-style bucket", Params::new().with("Region", "us-west-2").with("Bucket", "My.Bucket")),
        (
            "access point ARN",
            Params::new()
                .with("Region", "us-west-2")
                .with("Bucket", "arn:aws:s3:us-west-2:123456789012:accesspoint:myendpoint"),
        ),
        (
            "custom endpoint (IP)",
            Params::new().with("Region", "us-east-1").with("Bucket", "b1").with("Endpoint", "http://127.0.0.1:9000"),
        ),
    ];
    for (name, params) in &cases {
        let resolve = per_iteration(20_000, || {
            black_box(rules.resolve(black_box(params), partitions).ok());
        });
        eprintln!("S3 resolve, {name}: {resolve:?}");
    }

    let service = ServiceModel::from_json(s3.service)?;
    let operation = service.operation("GetObject").ok_or("no GetObject")?;
    let input = serde_json::json!({"Bucket": "my-bucket", "Key": "a/b.txt"});
    let builtins = BuiltIns { region: Some("us-west-2".into()), ..BuiltIns::default() };
    let client_context = Params::new();
    let bound = per_iteration(20_000, || {
        if let Ok(params) = bind_params(&rules, &service, operation, &input, &builtins, &client_context) {
            black_box(rules.resolve(&params, partitions).ok());
        }
    });
    eprintln!("S3 bind_params + resolve, GetObject: {bound:?}");
    Ok(())
}

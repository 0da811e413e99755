//! Endpoint resolution per call, with the rule sets already loaded: S3 (virtual-hosted,
//! path-style, access point ARN, custom endpoint), the parameters bound from a
//! `GetObject` input, and SQS as a plain service.
//!
//! `cargo bench -p stratus-benches --bench endpoint`.

use std::time::Duration;

use serde_json::json;
use stratus_benches::{measure, preamble, report};
use stratus_core::endpoint::{bind_params, BuiltIns, Params, Partitions, RuleSet};
use stratus_core::model::{embedded, ServiceModel};

const BUDGET: Duration = Duration::from_secs(1);

/// The loaded model and rule set of `service`.
fn load(service: &str) -> (ServiceModel, RuleSet) {
    let svc = embedded(service).expect("the default services are embedded");
    let model = ServiceModel::from_json(svc.service).expect("the embedded model loads");
    let rules =
        RuleSet::from_json(svc.endpoint_rules.expect("the service has a rule set")).expect("the rule set loads");
    (model, rules)
}

fn main() {
    preamble("endpoint");
    let partitions = Partitions::embedded().expect("the embedded partitions load");
    let (s3, s3_rules) = load("s3");
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
        s3_rules.resolve(params, partitions).expect("the case resolves");
        report(&format!("endpoint resolve s3, {name}"), measure(BUDGET, || s3_rules.resolve(params, partitions)));
    }

    let builtins = BuiltIns { region: Some("us-west-2".into()), ..BuiltIns::default() };
    let no_context = Params::new();
    let get_object = s3.operation("GetObject").expect("S3 has GetObject");
    let input = json!({"Bucket": "my-bucket", "Key": "a/b.txt"});
    let timing = measure(BUDGET, || {
        let params = bind_params(&s3_rules, &s3, get_object, &input, &builtins, &no_context)?;
        s3_rules.resolve(&params, partitions)
    });
    report("endpoint bind + resolve s3 GetObject (virtual-hosted)", timing);

    let (sqs, sqs_rules) = load("sqs");
    let send_message = sqs.operation("SendMessage").expect("SQS has SendMessage");
    let input = json!({"QueueUrl": "https://sqs.us-west-2.amazonaws.com/123456789012/q", "MessageBody": "hi"});
    let timing = measure(BUDGET, || {
        let params = bind_params(&sqs_rules, &sqs, send_message, &input, &builtins, &no_context)?;
        sqs_rules.resolve(&params, partitions)
    });
    report("endpoint bind + resolve sqs SendMessage", timing);
}

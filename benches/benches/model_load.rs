//! What a client pays once: cold construction of service models from the embedded JSON,
//! of the S3 endpoint rule set, and of a whole S3 `ClientCore` (model + rule set +
//! configuration checks).
//!
//! `cargo bench -p stratus-benches --bench model_load`.

use std::time::Duration;

use stratus_benches::{measure, preamble, report};
use stratus_core::client::{ClientCore, ClientSpec};
use stratus_core::endpoint::RuleSet;
use stratus_core::model::{embedded, ServiceModel};

const BUDGET: Duration = Duration::from_secs(2);

fn main() {
    preamble("model_load");
    for name in ["s3", "ec2", "ses", "sts", "dynamodb"] {
        let svc = embedded(name).expect("the default services are embedded");
        let timing = measure(BUDGET, || ServiceModel::from_json(svc.service));
        report(&format!("model load {name} ({} KB JSON)", svc.service.len() / 1024), timing);
    }

    let rules = embedded("s3").and_then(|s| s.endpoint_rules).expect("s3 has an endpoint rule set");
    let timing = measure(BUDGET, || RuleSet::from_json(rules));
    report(&format!("rule set load s3 ({} KB JSON)", rules.len() / 1024), timing);

    let spec = ClientSpec::new("s3", Some("us-east-1".to_owned()));
    ClientCore::new(spec.clone()).expect("an S3 client core builds");
    let timing = measure(BUDGET, || ClientCore::new(spec.clone()));
    report("client core s3 (model + rule set + checks)", timing);
}

//! Cold construction of service models from the embedded JSON (what a client pays once).

use std::time::Duration;

use stratus_benches::{measure, report};
use stratus_core::model::{embedded, ServiceModel};

fn main() {
    for name in ["s3", "ec2", "ses", "sts", "dynamodb"] {
        let Some(svc) = embedded(name) else { continue };
        let timing = measure(Duration::from_secs(2), || ServiceModel::from_json(svc.service));
        report(&format!("model load {name} ({} KB JSON)", svc.service.len() / 1024), timing);
    }
}

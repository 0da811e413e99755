//! Request serialization: the protocol serializer alone (`serialize_request`) and the
//! whole unsigned request a client prepares (`ClientCore::prepare`: validation, endpoint,
//! serializer, checksums, SDK headers) for an S3 `PutObject` (rest-xml) and an EC2
//! `DescribeAddresses` with filters (ec2 query).
//!
//! `cargo bench -p stratus-benches --bench serialize`.

use std::time::Duration;

use serde_json::{json, Value};
use stratus_benches::{measure, preamble, report};
use stratus_core::client::{ClientCore, ClientSpec, PrepareOptions};
use stratus_core::model::{embedded, ServiceModel};
use stratus_core::protocol::{serialize_request, SerializeOptions};

const BUDGET: Duration = Duration::from_secs(1);
const INVOCATION_ID: &str = "2c2e8ee1-4fd5-4f17-a6a1-2a1a64ac6e8b";

/// One operation to serialize: service, operation, input, and the endpoint for the
/// serializer-only run.
struct Case {
    service: &'static str,
    operation: &'static str,
    input: Value,
    endpoint: &'static str,
}

fn cases() -> [Case; 2] {
    [
        Case {
            service: "s3",
            operation: "PutObject",
            input: json!({
                "Bucket": "my-bucket",
                "Key": "photos/2024/summer trip/IMG_0001.jpg",
                "Body": "aGVsbG8gd29ybGQ=",
                "ContentType": "image/jpeg",
                "CacheControl": "max-age=3600",
                "StorageClass": "STANDARD_IA",
                "Metadata": {"camera": "x100v", "album": "summer"},
                "Tagging": "project=bench&owner=stratus",
            }),
            endpoint: "https://s3.us-east-1.amazonaws.com",
        },
        Case {
            service: "ec2",
            operation: "DescribeAddresses",
            input: json!({
                "Filters": [
                    {"Name": "domain", "Values": ["vpc"]},
                    {"Name": "tag:env", "Values": ["prod", "staging"]},
                    {"Name": "instance-id", "Values": ["i-1234567890abcdef0"]},
                ],
                "PublicIps": ["203.0.113.10", "203.0.113.11"],
            }),
            endpoint: "https://ec2.us-east-1.amazonaws.com",
        },
    ]
}

fn main() {
    preamble("serialize");
    for case in cases() {
        let svc = embedded(case.service).expect("the default services are embedded");
        let model = ServiceModel::from_json(svc.service).expect("the embedded model loads");
        let operation = model.operation(case.operation).expect("the operation exists");
        let options = SerializeOptions { endpoint: case.endpoint, idempotency_token: None };
        serialize_request(&model, operation, &case.input, &options).expect("the input serializes");
        let timing = measure(BUDGET, || serialize_request(&model, operation, &case.input, &options));
        report(&format!("serialize {} {} (protocol serializer only)", case.service, case.operation), timing);

        let core = ClientCore::new(ClientSpec::new(case.service, Some("us-east-1".to_owned())))
            .expect("the client core builds");
        let operation = core.operation(case.operation).expect("the operation exists");
        let prepare = PrepareOptions { invocation_id: Some(INVOCATION_ID), ..Default::default() };
        core.prepare(operation, &case.input, &prepare).expect("the request prepares");
        let timing = measure(BUDGET, || core.prepare(operation, &case.input, &prepare));
        report(
            &format!("prepare {} {} (validate, endpoint, serialize, checksum; unsigned)", case.service, case.operation),
            timing,
        );
    }
}

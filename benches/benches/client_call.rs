//! End to end: a 1000-key S3 ListObjectsV2 call through `stratus::Client` over a canned
//! in-process transport (validate, endpoint, serialize, sign, parse, retry bookkeeping,
//! `ResponseMetadata`), driven by `stratus::blocking::block_on`. Also the two halves
//! apart: preparing the request (no signing) and parsing the response.
//!
//! `cargo bench -p stratus-benches --bench client_call`. aws-sdk-s3 over the same canned
//! response, in the same process, is in `benches/compare` (`--bench list_objects` there).

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use stratus::blocking::block_on;
use stratus::{Client, CredentialsProvider};
use stratus_benches::canned::CannedTransport;
use stratus_benches::list_objects::{list_objects_v2_response, BUCKET, KEYS, PREFIX, REQUEST_ID};
use stratus_benches::sigv4_requests::{credentials, signing_time};
use stratus_benches::{measure, report, report_against_reference};
use stratus_core::client::{ClientCore, ClientSpec, PrepareOptions};

/// aws-sdk-s3's figure for the same call from `shared/PEERS.md` (same kind of machine,
/// another run).
const AWS_SDK_S3_REFERENCE: Duration = Duration::from_micros(5_000);

fn main() {
    let spec = ClientSpec::new("s3", Some("us-east-1".to_owned()));
    let core = Arc::new(ClientCore::new(spec).expect("an S3 client core builds"));
    let transport = CannedTransport::new(list_objects_v2_response(KEYS), signing_time());
    let client = Client::from_core(core.clone(), transport, CredentialsProvider::fixed(credentials()));
    let input = json!({"Bucket": BUCKET, "Prefix": PREFIX, "FetchOwner": true});

    let output = block_on(client.call("ListObjectsV2", input.clone())).expect("the canned call succeeds");
    assert_eq!(output["Contents"].as_array().map(Vec::len), Some(KEYS), "every key is in the output");
    assert_eq!(output["ResponseMetadata"]["RequestId"], REQUEST_ID, "ResponseMetadata is filled");
    assert_eq!(client.transport().sent(), 1, "one request per call");

    let timing = measure(Duration::from_secs(4), || block_on(client.call("ListObjectsV2", black_box(input.clone()))));
    report_against_reference(
        &format!("client ListObjectsV2 {KEYS} keys, end to end"),
        timing,
        "aws-sdk-s3 (shared/PEERS.md)",
        AWS_SDK_S3_REFERENCE,
    );

    let operation = core.operation("ListObjectsV2").expect("S3 has ListObjectsV2");
    let options = PrepareOptions { invocation_id: Some("2c2e8ee1-4fd5-4f17-a6a1-2a1a64ac6e8b"), ..Default::default() };
    let timing = measure(Duration::from_secs(2), || core.prepare(operation, black_box(&input), &options));
    report("client ListObjectsV2, request prepared (validate, endpoint, serialize; unsigned)", timing);
    let response = list_objects_v2_response(KEYS);
    let timing = measure(Duration::from_secs(2), || core.parse(operation, black_box(&response)));
    report(&format!("client ListObjectsV2, response parsed ({KEYS} keys)"), timing);
}

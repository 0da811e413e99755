//! End to end: a 1000-key S3 ListObjectsV2 call through `stratus::Client` over a canned
//! in-process transport (validate, endpoint, serialize, sign, parse, retry bookkeeping,
//! `ResponseMetadata`), driven by `stratus::blocking::block_on`. Also the two halves
//! apart: preparing the request (no signing) and parsing the response.
//!
//! `cargo bench -p stratus-benches --bench client_call`. aws-sdk-s3 over the same canned
//! response, in the same process, is in `benches/compare` (`--bench list_objects` there).

use std::hint::black_box;
use std::time::Duration;

use stratus_benches::list_objects::{list_objects_v2_response, KEYS};
use stratus_benches::list_objects_call::{call_list_objects, check_output, list_objects_client, list_objects_input};
use stratus_benches::{measure, preamble, report, report_against_reference};
use stratus_core::client::PrepareOptions;

/// aws-sdk-s3's figure for the same call from `shared/PEERS.md` (same kind of machine,
/// another run; `benches/compare` measures it in the same process).
const AWS_SDK_S3_REFERENCE: Duration = Duration::from_micros(5_000);

fn main() {
    preamble("client_call");
    let client = list_objects_client().expect("an S3 client builds");
    let input = list_objects_input();
    let output = call_list_objects(&client, &input).expect("the canned call succeeds");
    check_output(&output).expect("the output is complete");
    assert_eq!(client.transport().sent(), 1, "one request per call");

    let timing = measure(Duration::from_secs(4), || call_list_objects(&client, black_box(&input)));
    report_against_reference(
        &format!("client ListObjectsV2 {KEYS} keys, end to end"),
        timing,
        "aws-sdk-s3 (shared/PEERS.md)",
        AWS_SDK_S3_REFERENCE,
    );

    let core = client.core();
    let operation = core.operation("ListObjectsV2").expect("S3 has ListObjectsV2");
    let options = PrepareOptions { invocation_id: Some("2c2e8ee1-4fd5-4f17-a6a1-2a1a64ac6e8b"), ..Default::default() };
    let timing = measure(Duration::from_secs(2), || core.prepare(operation, black_box(&input), &options));
    report("client ListObjectsV2, request prepared (validate, endpoint, serialize; unsigned)", timing);
    let response = list_objects_v2_response(KEYS);
    let timing = measure(Duration::from_secs(2), || core.parse(operation, black_box(&response)));
    report(&format!("client ListObjectsV2, response parsed ({KEYS} keys)"), timing);
}

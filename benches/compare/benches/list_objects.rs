//! End to end, Stratus against aws-sdk-s3, same process: an S3 ListObjectsV2 call
//! answered by the same canned 1000-key listing (same status, headers and body), through
//! each SDK's whole client (validation, endpoint, serialization, signing, parsing,
//! retries' bookkeeping). Stratus is driven by `stratus::blocking::block_on`, aws-sdk-s3
//! by a current-thread tokio runtime.
//!
//! `cd benches/compare && cargo bench --features sdk --bench list_objects`

use std::hint::black_box;
use std::time::Duration;

use aws_sdk_s3::operation::RequestId;
use stratus_bench_compare::aws_sdk::{s3_client, CannedHttpClient};
use stratus_benches::list_objects::{list_objects_v2_response, BUCKET, KEYS, PREFIX, REQUEST_ID};
use stratus_benches::list_objects_call::{call_list_objects, check_output, list_objects_client, list_objects_input};
use stratus_benches::{measure, preamble, report_ratio};

const BUDGET: Duration = Duration::from_secs(5);

fn main() {
    preamble("compare list_objects");
    let client = list_objects_client().expect("a Stratus S3 client builds");
    let input = list_objects_input();
    check_output(&call_list_objects(&client, &input).expect("the Stratus call succeeds")).expect("Stratus output");

    let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().expect("a tokio runtime");
    let s3 = s3_client(CannedHttpClient::new(&list_objects_v2_response(KEYS)));
    let call = || s3.list_objects_v2().bucket(BUCKET).prefix(PREFIX).fetch_owner(true).send();
    let output = runtime.block_on(call()).expect("the aws-sdk-s3 call succeeds");
    assert_eq!(output.contents().len(), KEYS, "aws-sdk-s3 parses every key");
    assert_eq!(output.request_id(), Some(REQUEST_ID), "aws-sdk-s3 reads the request id");

    let ours = measure(BUDGET, || call_list_objects(&client, black_box(&input)));
    let theirs = measure(BUDGET, || runtime.block_on(call()));
    report_ratio(&format!("client ListObjectsV2 {KEYS} keys, end to end"), ours, "aws-sdk-s3", theirs);
}

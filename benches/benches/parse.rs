//! Parsing a 1000-key ListObjectsV2 response (built by `stratus_benches::list_objects`)
//! into the output document with `stratus_core::protocol::de::parse_response` and the
//! embedded S3 model.
//!
//! `cargo bench -p stratus-benches --bench parse`.

use std::hint::black_box;
use std::time::Duration;

use stratus_benches::list_objects::{list_objects_v2_response, KEYS};
use stratus_benches::{line, measure, preamble, report};
use stratus_core::model::{embedded, ServiceModel};
use stratus_core::protocol::de::parse_response;

fn main() {
    preamble("parse");
    let s3 = embedded("s3").expect("the s3 model is embedded (feature `s3` of stratus-core)");
    let model = ServiceModel::from_json(s3.service).expect("the embedded s3 model loads");
    let operation = model.operation("ListObjectsV2").expect("S3 has ListObjectsV2");
    let response = list_objects_v2_response(KEYS);

    let document = parse_response(&model, operation, &response).expect("the canned listing parses");
    let contents = document["Contents"].as_array().expect("the output has Contents");
    assert_eq!(contents.len(), KEYS, "every key is parsed");
    assert_eq!(contents[0]["Owner"]["DisplayName"], "bench-owner", "owners are parsed");
    assert!(contents[0]["ETag"].as_str().is_some_and(|e| e.starts_with('"')), "ETag entities are decoded");

    let timing = measure(Duration::from_secs(3), || parse_response(&model, operation, black_box(&response)));
    report(
        &format!("parse ListObjectsV2, {KEYS} keys ({} KB XML) into the document", response.body.len() / 1024),
        timing,
    );
    let mb_per_s = response.body.len() as f64 / timing.per_iter.as_secs_f64() / 1e6;
    line(&format!("parse ListObjectsV2 throughput: {mb_per_s:.0} MB/s of XML"));
}

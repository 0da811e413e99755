//! How an S3 upload request is built and signed, before any transport sees it: the
//! `Expect: 100-continue` header on large bodies (botocore's `add_expect_header`) and the
//! payload hash under `s3.payload_signing_enabled` (botocore's `S3SigV4Auth` rule).

use serde_json::json;
use stratus_core::client::{CallStep, ClientCore, ClientSpec, PrepareOptions};
use stratus_core::credentials::Credentials;
use stratus_core::http::{HttpRequest, Payload};
use stratus_core::retry::ClientRetryState;
use stratus_core::sigv4::SigningKeyCache;
use time::macros::datetime;

const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

fn core(endpoint: &str, payload_signing: Option<bool>) -> ClientCore {
    let mut spec = ClientSpec::new("s3", Some("us-east-1".into()));
    spec.builtins.set_custom_endpoint(endpoint, true).expect("endpoint");
    spec.allow_http = true;
    spec.s3_payload_signing = payload_signing;
    ClientCore::new(spec).expect("core")
}

/// The signed `PutObject` request for `body`.
fn signed_put(core: &ClientCore, body: &[u8]) -> HttpRequest {
    let options = PrepareOptions { payload: Some(Payload::Borrowed(body)), ..Default::default() };
    let input = json!({"Bucket": "b", "Key": "k"});
    let credentials = Some(Credentials::new("AKIDEXAMPLE", "secret", None));
    let mut call = core.start_call("PutObject", &input, &options, credentials).expect("call");
    let mut retry = ClientRetryState::new(&core.spec().retry);
    match call.poll(datetime!(2026-12-07 00:00 UTC), &mut retry, &mut SigningKeyCache::new()) {
        CallStep::Send(request) => request,
        other => panic!("expected a request to send, got {other:?}"),
    }
}

#[test]
fn large_s3_bodies_ask_for_100_continue_small_ones_do_not() {
    let core = core("http://127.0.0.1:9000", None);
    let large = signed_put(&core, &vec![1u8; 1024 * 1024]);
    assert_eq!(large.headers.get("expect"), Some("100-continue"));
    let authorization = large.headers.get("authorization").expect("signed");
    assert!(!authorization.contains("expect"), "Expect is never signed: {authorization}");
    assert_eq!(signed_put(&core, &vec![1u8; 1024 * 1024 - 1]).headers.get("expect"), None);
}

#[test]
fn payload_signing_follows_botocore() {
    let sha = |request: &HttpRequest| request.headers.get("x-amz-content-sha256").map(str::to_owned);
    // Default over plain HTTP: the body is hashed (botocore signs every insecure payload).
    assert_eq!(sha(&signed_put(&core("http://127.0.0.1:9000", None), b"")).as_deref(), Some(EMPTY_SHA256));
    // Default over HTTPS with the CRC32 header: unsigned, the checksum protects the body.
    let https = signed_put(&core("https://s3.example.com", None), b"");
    assert!(https.headers.get("x-amz-checksum-crc32").is_some());
    assert_eq!(sha(&https).as_deref(), Some("UNSIGNED-PAYLOAD"));
    // A body that is not a streaming upload is hashed even over HTTPS with a checksum.
    let cors = json!({"Bucket": "b", "CORSConfiguration": {"CORSRules": [{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}]}});
    let https = core("https://s3.example.com", None);
    let mut call = https
        .start_call(
            "PutBucketCors",
            &cors,
            &PrepareOptions::default(),
            Some(Credentials::new("AKIDEXAMPLE", "secret", None)),
        )
        .expect("call");
    let mut retry = ClientRetryState::new(&https.spec().retry);
    let CallStep::Send(request) = call.poll(datetime!(2026-12-07 00:00 UTC), &mut retry, &mut SigningKeyCache::new())
    else {
        panic!("expected a request to send")
    };
    assert!(request.headers.get("x-amz-checksum-crc32").is_some() || request.headers.get("content-md5").is_some());
    assert_ne!(sha(&request).as_deref(), Some("UNSIGNED-PAYLOAD"), "PutBucketCors is hashed, as botocore does");
    // Explicit settings win either way.
    assert_eq!(sha(&signed_put(&core("http://127.0.0.1:9000", Some(false)), b"")).as_deref(), Some("UNSIGNED-PAYLOAD"));
    assert_eq!(sha(&signed_put(&core("https://s3.example.com", Some(true)), b"")).as_deref(), Some(EMPTY_SHA256));
}

//! SigV4, Stratus against aws-sigv4, same requests, same process: header signing of a
//! typical S3 `GetObject`, a presigned `GetObject` URL, and header signing of a 1 MiB
//! `PutObject` (SHA-256 of the body included). Before timing, both signers must produce
//! the same signature for the same fixed time and key, which proves they signed
//! byte-identical canonical requests.
//!
//! `cd benches/compare && cargo bench --bench sigv4`

use std::time::Duration;

use aws_sigv4::http_request::{SignableBody as AwsBody, SignatureLocation};
use stratus_bench_compare::aws_sigv4 as aws;
use stratus_benches::sigv4_requests::{self as fixtures, RequestSpec};
use stratus_benches::{line, measure, preamble, report_ratio, Timing};
use stratus_core::sigv4::{sign, SignableBody, SigningKeyCache, SigningOutput, SigningParams, SigningSettings};

const BUDGET: Duration = Duration::from_secs(2);

/// Fails loudly when the two signers disagree: the timings would compare different work.
fn assert_same_signature(what: &str, ours: &SigningOutput, theirs: &str) {
    assert_eq!(
        ours.signature, theirs,
        "{what}: Stratus and aws-sigv4 signed different canonical requests; Stratus signed:\n{}",
        ours.canonical_request
    );
    line(&format!("# {what}: same signature from both signers ({})", &theirs[..16]));
}

/// Times the same signing job with Stratus (`ours`) and aws-sigv4 (`theirs`).
fn compare(name: &str, ours: impl FnMut() -> Option<String>, theirs: impl FnMut() -> String) -> (Timing, Timing) {
    let ours = measure(BUDGET, ours);
    let theirs = measure(BUDGET, theirs);
    report_ratio(name, ours, "aws-sigv4", theirs);
    (ours, theirs)
}

fn main() {
    preamble("compare sigv4");
    let credentials = fixtures::credentials();
    let s3 = SigningSettings::s3();
    let params = SigningParams {
        credentials: &credentials,
        region: fixtures::REGION,
        service: fixtures::SERVICE,
        time: fixtures::signing_time(),
        settings: &s3,
    };
    let mut cache = SigningKeyCache::new();
    let identity = aws::identity();
    let aws_headers = aws::params(&identity, aws::s3_settings(SignatureLocation::Headers));
    let aws_query = aws::params(&identity, aws::s3_settings(SignatureLocation::QueryParams));

    // GetObject, Authorization header.
    let get: RequestSpec = fixtures::get_object();
    let get_request = get.to_http_request();
    let ours = sign(&get_request, &SignableBody::Bytes(b""), &params, &mut cache).expect("Stratus signs GetObject");
    let theirs = aws::sign_spec(&get, AwsBody::Bytes(b""), &aws_headers);
    assert_same_signature("sigv4 header", &ours, theirs.signature());
    let (_, aws_header) = compare(
        "sigv4 header",
        || sign(&get_request, &SignableBody::Bytes(b""), &params, &mut cache).ok().map(|o| o.signature),
        || aws::sign_spec(&get, AwsBody::Bytes(b""), &aws_headers).into_parts().1,
    );
    let fresh = measure(BUDGET, || {
        sign(&get_request, &SignableBody::Bytes(b""), &params, &mut SigningKeyCache::new()).ok().map(|o| o.signature)
    });
    report_ratio("sigv4 header, Stratus deriving the signing key every call too", fresh, "aws-sigv4", aws_header);

    // GetObject, presigned URL (signing and building the URL).
    let presign_settings = SigningSettings::s3().presigned(Duration::from_secs(fixtures::PRESIGN_EXPIRES_SECS));
    let presign = SigningParams { settings: &presign_settings, ..params };
    let url_spec = fixtures::presigned_get_object();
    let url_request = url_spec.to_http_request();
    let aws_request = http::Request::get(url_spec.url.as_str()).body(()).expect("the URL parses");
    let ours = sign(&url_request, &SignableBody::UnsignedPayload, &presign, &mut cache).expect("Stratus presigns");
    let theirs = aws::sign_spec(&url_spec, AwsBody::UnsignedPayload, &aws_query);
    assert_same_signature("sigv4 presign", &ours, theirs.signature());
    let (our_url, their_url) =
        (ours.presigned_url(&url_request), aws::presigned_url(&url_spec, &aws_request, &aws_query));
    line(&format!("# sigv4 presign: identical URLs: {}", our_url == their_url));
    compare(
        "sigv4 presign",
        || {
            sign(&url_request, &SignableBody::UnsignedPayload, &presign, &mut cache)
                .ok()
                .map(|o| o.presigned_url(&url_request))
        },
        || aws::presigned_url(&url_spec, &aws_request, &aws_query),
    );

    // PutObject, 1 MiB body hashed and signed.
    let put = fixtures::put_object_1mib();
    let put_request = put.to_http_request();
    let ours =
        sign(&put_request, &SignableBody::Bytes(&put.body), &params, &mut cache).expect("Stratus signs PutObject");
    let theirs = aws::sign_spec(&put, AwsBody::Bytes(&put.body), &aws_headers);
    assert_same_signature("sigv4 1 MiB", &ours, theirs.signature());
    compare(
        "sigv4 1 MiB",
        || sign(&put_request, &SignableBody::Bytes(&put.body), &params, &mut cache).ok().map(|o| o.signature),
        || aws::sign_spec(&put, AwsBody::Bytes(&put.body), &aws_headers).into_parts().1,
    );
}

//! SigV4 with stratus-core: header signing and presigning of a typical S3 `GetObject`, and
//! header signing of a 1 MiB `PutObject` whose SHA-256 is signed (hashing included).
//!
//! `cargo bench -p stratus-benches --bench sigv4`. The same requests signed by aws-sigv4,
//! in the same process, are in `benches/compare` (`--bench sigv4` there).

use std::hint::black_box;
use std::time::Duration;

use stratus_benches::sigv4_requests::{self as fixtures, RequestSpec};
use stratus_benches::{measure, report};
use stratus_core::sigv4::{sign, SignableBody, SigningKeyCache, SigningParams, SigningSettings};

const BUDGET: Duration = Duration::from_secs(2);

fn main() {
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

    let get = fixtures::get_object().to_http_request();
    let timing = measure(BUDGET, || sign(black_box(&get), &SignableBody::Bytes(b""), &params, &mut cache));
    report("sigv4 header, S3 GetObject, signing key cached", timing);
    let timing = measure(BUDGET, || {
        sign(black_box(&get), &SignableBody::Bytes(b""), &params, &mut SigningKeyCache::new())
    });
    report("sigv4 header, S3 GetObject, signing key derived", timing);

    let presign_settings = SigningSettings::s3().presigned(Duration::from_secs(fixtures::PRESIGN_EXPIRES_SECS));
    let presign = SigningParams { settings: &presign_settings, ..params };
    let url_only = fixtures::presigned_get_object().to_http_request();
    let timing = measure(BUDGET, || {
        let output = sign(black_box(&url_only), &SignableBody::UnsignedPayload, &presign, &mut cache);
        output.map(|o| o.presigned_url(&url_only))
    });
    report("sigv4 presign, S3 GetObject URL built, signing key cached", timing);

    let put: RequestSpec = fixtures::put_object_1mib();
    let put_request = put.to_http_request();
    let timing = measure(BUDGET, || {
        sign(black_box(&put_request), &SignableBody::Bytes(black_box(&put.body)), &params, &mut cache)
    });
    report("sigv4 header, S3 PutObject 1 MiB (SHA-256 of the body included)", timing);
    let timing = measure(BUDGET, || SignableBody::Bytes(black_box(&put.body)).payload_hash());
    report("sha256 of 1 MiB alone (the payload hash)", timing);
}

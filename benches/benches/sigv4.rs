//! SigV4 with stratus-core: header signing and presigning of a typical S3 `GetObject`, and
//! header signing of a 1 MiB `PutObject` whose SHA-256 is signed (hashing included).
//!
//! Also the floor under header signing: SigV4 steps 2 to 4 alone (hashing the canonical
//! request into the string to sign, then the HMAC), which leaves step 1 (building the
//! canonical request) and assembling the output as the rest.
//!
//! `cargo bench -p stratus-benches --bench sigv4`. The same requests signed by aws-sigv4,
//! in the same process, are in `benches/compare` (`--bench sigv4` there).

use std::hint::black_box;
use std::time::Duration;

use stratus_benches::sigv4_requests::{self as fixtures, RequestSpec};
use stratus_benches::{measure, preamble, report};
use stratus_core::http::HttpRequest;
use stratus_core::sigv4::{
    calculate_signature, sign, string_to_sign, CredentialScope, SignableBody, SigningKeyCache, SigningParams,
    SigningSettings, SigningTime,
};

const BUDGET: Duration = Duration::from_secs(2);

fn main() {
    preamble("sigv4");
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
    let timing =
        measure(BUDGET, || sign(black_box(&get), &SignableBody::Bytes(b""), &params, &mut SigningKeyCache::new()));
    report("sigv4 header, S3 GetObject, signing key derived", timing);
    crypto_floor(&params, &get, &mut cache);

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

/// Times SigV4 steps 2 to 4 for `request`'s canonical request, signing key cached.
fn crypto_floor(params: &SigningParams<'_>, request: &HttpRequest, cache: &mut SigningKeyCache) {
    let output = sign(request, &SignableBody::Bytes(b""), params, cache).expect("the request signs");
    let time = SigningTime::new(params.time).expect("the signing time is valid");
    let scope = CredentialScope::new(&time, params.region, params.service).expect("the scope is valid");
    let key = cache.signing_key(&params.credentials.secret_access_key, &scope).expect("the key derives");
    let timing = measure(BUDGET, || {
        let string_to_sign = string_to_sign(&time, &scope, black_box(&output.canonical_request));
        calculate_signature(&key, &string_to_sign)
    });
    report("sigv4 steps 2-4 alone (SHA-256 of the canonical request, string to sign, HMAC)", timing);
}

//! SigV4 timings: header signing of one S3 `GetObject` (the figure to compare with the
//! aws-sigv4 crate), with the signing key cached and derived afresh, and presigning.
//!
//! `cargo bench -p stratus-core --bench sigv4` (plain `std::time` loops, no harness; the
//! best of several runs is reported).

use std::hint::black_box;
use std::time::{Duration, Instant};

use stratus_core::credentials::Credentials;
use stratus_core::http::HttpRequest;
use stratus_core::sigv4::{sign, SignableBody, SigningKeyCache, SigningParams, SigningSettings};

/// The best per-iteration time over `runs` runs of `iterations` calls.
fn best_per_iteration(runs: u32, iterations: u32, mut f: impl FnMut()) -> Duration {
    f();
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iterations {
                f();
            }
            start.elapsed() / iterations
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let credentials = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", None);
    let time = time::macros::datetime!(2013-05-24 00:00:00 UTC);
    let mut request = HttpRequest::new("GET", "https://examplebucket.s3.us-east-1.amazonaws.com/photos/2013/test.txt");
    request.headers.append("user-agent", "stratus/0.1.0 os/linux lang/rust");
    request.headers.append("amz-sdk-invocation-id", "2c2e8ee1-4fd5-4f17-a6a1-2a1a64ac6e8b");
    request.headers.append("amz-sdk-request", "attempt=1; max=3");
    let s3 = SigningSettings::s3();
    let params = SigningParams { credentials: &credentials, region: "us-east-1", service: "s3", time, settings: &s3 };

    let mut cache = SigningKeyCache::new();
    let cached = best_per_iteration(5, 100_000, || {
        black_box(sign(black_box(&request), &SignableBody::Bytes(b""), &params, &mut cache).ok());
    });
    eprintln!("S3 GetObject header signing, signing key cached: {cached:?}");

    let fresh = best_per_iteration(5, 100_000, || {
        let mut cache = SigningKeyCache::new();
        black_box(sign(black_box(&request), &SignableBody::Bytes(b""), &params, &mut cache).ok());
    });
    eprintln!("S3 GetObject header signing, signing key derived: {fresh:?}");

    let presign = s3.clone().presigned(Duration::from_secs(3600));
    let params = SigningParams { settings: &presign, ..params };
    let presigned = best_per_iteration(5, 100_000, || {
        let out = sign(black_box(&request), &SignableBody::UnsignedPayload, &params, &mut cache).ok();
        black_box(out.map(|o| o.presigned_url(&request)));
    });
    eprintln!("S3 GetObject presigned URL (key cached, URL built): {presigned:?}");
}

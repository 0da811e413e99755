//! Where the real peers started by `scripts/test` listen (moto, s3s-fs).

/// The moto server's URL (`MOTO_URL`). Panics with instructions when absent: integration
/// tests never pass silently without their peer.
pub fn moto_url() -> String {
    std::env::var("MOTO_URL").unwrap_or_else(|_| {
        panic!("MOTO_URL is not set: run the tests with scripts/test, which starts moto (scripts/peers/moto.sh)")
    })
}

/// The s3s-fs server's URL and its test key pair (`S3S_URL`, `S3S_ACCESS_KEY_ID`,
/// `S3S_SECRET_ACCESS_KEY`).
pub fn s3s() -> (String, String, String) {
    let get = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| {
            panic!("{name} is not set: run the tests with scripts/test, which starts s3s-fs (scripts/peers/s3s.sh)")
        })
    };
    (get("S3S_URL"), get("S3S_ACCESS_KEY_ID"), get("S3S_SECRET_ACCESS_KEY"))
}

/// A name unique to this process and call site, for buckets and keys shared with other tests.
pub fn unique(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    format!("{prefix}-{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

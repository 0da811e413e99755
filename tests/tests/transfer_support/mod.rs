//! Helpers shared by the transfer integration tests (`transfer_*.rs`): clients for the
//! moto server `scripts/test` starts (`MOTO_URL`), test data, readers and writers with
//! awkward shapes, scratch directories.
#![allow(dead_code)]

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::json;
use stratus::transfer::TransferConfig;
use stratus::{ClientOptions, Document, Session};
use stratus_core::checksum::ChecksumAlgorithm;

pub mod proxy;

pub const MIB: u64 = 1024 * 1024;

/// moto's URL; fails the test (never skips it) when `MOTO_URL` is not set.
pub fn moto_url() -> String {
    match std::env::var("MOTO_URL") {
        Ok(url) if !url.is_empty() => url,
        _ => panic!(
            "MOTO_URL is not set: these tests need a moto server. Run them with scripts/test, \
             which starts one (scripts/peers/moto.sh start) and exports MOTO_URL"
        ),
    }
}

/// The s3s-fs `scripts/test` starts (`S3S_URL` and its test key); fails the test (never
/// skips it) when they are not set.
pub fn s3s() -> (String, String, String) {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    match (var("S3S_URL"), var("S3S_ACCESS_KEY_ID"), var("S3S_SECRET_ACCESS_KEY")) {
        (Some(url), Some(key), Some(secret)) => (url, key, secret),
        _ => panic!(
            "S3S_URL, S3S_ACCESS_KEY_ID and S3S_SECRET_ACCESS_KEY are not set: these tests need s3s-fs. \
             Run them with scripts/test, which starts it (scripts/peers/s3s.sh start) and exports them"
        ),
    }
}

/// Blocking and async clients for s3s-fs, signing with `secret`.
pub fn s3s_clients(secret: &str) -> (stratus::blocking::Client, stratus::Client<stratus::ReqwestTransport>) {
    let (url, key, _) = s3s();
    let session = Session::builder()
        .region_name("us-east-1")
        .credentials(key, secret, None)
        .environment(std::collections::HashMap::new())
        .config_files(None, None)
        .build()
        .expect("session");
    let options = client_options(&url);
    (session.blocking_client("s3", &options).expect("blocking"), session.client("s3", &options).expect("async"))
}

/// A session that ignores the host's AWS environment variables and config files, so retry
/// counts and checksum settings are the defaults whatever the machine has configured.
fn session() -> Session {
    let key = std::env::var("MOTO_ACCESS_KEY_ID").unwrap_or_else(|_| "testing".into());
    let secret = std::env::var("MOTO_SECRET_ACCESS_KEY").unwrap_or_else(|_| "testing".into());
    Session::builder()
        .region_name("us-east-1")
        .credentials(key, secret, None)
        .environment(std::collections::HashMap::new())
        .config_files(None, None)
        .build()
        .expect("session")
}

/// Client options for `url`: standard retries, 3 attempts per call.
fn client_options(url: &str) -> ClientOptions {
    let mut options = ClientOptions::with_endpoint_url(url);
    options.config.retry_mode = Some(stratus_core::config::RetryMode::Standard);
    options.config.max_attempts = Some(3);
    options
}

/// A blocking (ureq) S3 client for moto.
pub fn blocking_s3() -> stratus::blocking::Client {
    blocking_s3_at(&moto_url())
}

/// A blocking (ureq) S3 client for the server at `url` (moto, or a proxy in front of it).
pub fn blocking_s3_at(url: &str) -> stratus::blocking::Client {
    session().blocking_client("s3", &client_options(url)).expect("blocking client")
}

/// An async (reqwest) S3 client for moto.
pub fn async_s3() -> stratus::Client<stratus::ReqwestTransport> {
    session().client("s3", &client_options(&moto_url())).expect("async client")
}

/// A bucket name no other test uses.
pub fn unique(name: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    format!("tr-{name}-{}-{n}-{nanos}", std::process::id())
}

/// Creates a fresh bucket with the blocking client.
pub fn new_bucket(s3: &stratus::blocking::Client, name: &str) -> String {
    let bucket = unique(name);
    s3.call("CreateBucket", json!({"Bucket": bucket})).expect("CreateBucket");
    bucket
}

/// `len` pseudo-random bytes (xorshift; the same for the same seed).
pub fn data(len: u64, seed: u64) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = Vec::with_capacity(len as usize);
    while (out.len() as u64) < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.extend_from_slice(&state.to_le_bytes());
    }
    out.truncate(len as usize);
    out
}

/// The SHA-256 of `bytes` (base64).
pub fn sha256(bytes: &[u8]) -> String {
    ChecksumAlgorithm::Sha256.checksum(bytes)
}

/// A transfer config with `threshold`/`chunksize` in bytes.
pub fn config(threshold: u64, chunksize: u64, use_threads: bool) -> TransferConfig {
    TransferConfig { multipart_threshold: threshold, multipart_chunksize: chunksize, use_threads, ..Default::default() }
}

/// The multipart uploads in progress in `bucket`.
pub fn uploads_in_progress(s3: &stratus::blocking::Client, bucket: &str) -> Vec<Document> {
    let out = s3.call("ListMultipartUploads", json!({"Bucket": bucket})).expect("ListMultipartUploads");
    out.get("Uploads").and_then(Document::as_array).cloned().unwrap_or_default()
}

/// A scratch directory, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(unique(name));
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        Self(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Every file below the directory, relative, sorted.
    pub fn files(&self) -> Vec<String> {
        fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, root, out);
                } else {
                    out.push(path.strip_prefix(root).unwrap_or(&path).display().to_string());
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.0, &self.0, &mut out);
        out.sort();
        out
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A pipe-like reader: no `Seek`, no length, short irregular reads; optionally fails
/// after `fail_after` bytes.
pub struct PipeReader {
    data: Vec<u8>,
    pos: usize,
    reads: usize,
    pub fail_after: Option<usize>,
}

impl PipeReader {
    pub fn new(data: Vec<u8>) -> Self {
        Self { data, pos: 0, reads: 0, fail_after: None }
    }
}

impl Read for PipeReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.fail_after.is_some_and(|at| self.pos >= at) {
            return Err(io::Error::new(io::ErrorKind::BrokenPipe, "the producer died"));
        }
        self.reads += 1;
        let chunk = 1000 + (self.reads * 7919) % 60_000;
        let n = chunk.min(buf.len()).min(self.data.len() - self.pos);
        buf[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// A writer that can only append (like a pipe or a socket): it has no `Seek`, so the
/// bytes it holds are exactly the order of the writes.
#[derive(Default)]
pub struct AppendOnly {
    pub bytes: Vec<u8>,
    pub writes: usize,
}

impl Write for AppendOnly {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writes += 1;
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A progress callback summing what it is told.
#[derive(Default)]
pub struct Tally(pub AtomicU64);

impl Tally {
    pub fn add(&self, bytes: u64) {
        self.0.fetch_add(bytes, Ordering::Relaxed);
    }

    pub fn total(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

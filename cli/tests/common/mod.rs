//! Helpers for the CLI tests: run the built `stratus` binary against the moto server
//! named by `MOTO_URL` (scripts/test starts one), with credentials and configuration
//! isolated from the developer's own.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

/// What one run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts success and returns stdout.
    pub fn ok(&self) -> &str {
        assert_eq!(self.code, 0, "stratus failed:\nstdout: {}\nstderr: {}", self.stdout, self.stderr);
        &self.stdout
    }

    /// Asserts success and parses stdout as JSON.
    pub fn json(&self) -> Value {
        let out = self.ok();
        serde_json::from_str(out).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{out}"))
    }
}

/// The moto server's URL, or a failure explaining how to get one.
pub fn moto_url() -> String {
    std::env::var("MOTO_URL").unwrap_or_else(|_| {
        panic!(
            "MOTO_URL is not set. These tests run the stratus binary against a local moto server: \
             run `scripts/test` (which starts one), or start one yourself with \
             `export $(scripts/peers/moto.sh start)` and run cargo test again."
        )
    })
}

/// A command for the binary with an isolated environment: no shared config files, no
/// profile, keys for moto (the ones moto.sh printed when SigV4 checking is on).
pub fn command() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_stratus"));
    for var in [
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_ENDPOINT_URL",
        "AWS_SESSION_TOKEN",
    ] {
        cmd.env_remove(var);
    }
    let key = std::env::var("MOTO_ACCESS_KEY_ID").unwrap_or_else(|_| "testing".into());
    let secret = secret_key();
    cmd.env("AWS_ACCESS_KEY_ID", key)
        .env("AWS_SECRET_ACCESS_KEY", secret)
        .env("AWS_CONFIG_FILE", "/nonexistent/stratus-cli-tests/config")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/stratus-cli-tests/credentials")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost");
    cmd
}

/// The secret key the binary gets (moto's, when SigV4 checking is on).
pub fn secret_key() -> String {
    std::env::var("MOTO_SECRET_ACCESS_KEY").unwrap_or_else(|_| "stratus-cli-test-secret".into())
}

/// Runs the binary with `args` and nothing else (no endpoint, no region).
pub fn run_bare(args: &[&str]) -> Run {
    let output = command().args(args).output().unwrap_or_else(|e| panic!("cannot run stratus: {e}"));
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs the binary against moto in us-east-1 with `input` on its stdin; returns the exit
/// code and the raw stdout.
pub fn stratus_piped(args: &[&str], input: &[u8]) -> (i32, Vec<u8>) {
    use std::io::Write;
    use std::process::Stdio;
    let url = moto_url();
    let mut child = command()
        .args(["--endpoint-url", url.as_str(), "--region", "us-east-1"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run stratus: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input).unwrap_or_else(|e| panic!("cannot feed stdin: {e}"));
    }
    let output = child.wait_with_output().unwrap_or_else(|e| panic!("stratus did not finish: {e}"));
    (output.status.code().unwrap_or(-1), output.stdout)
}

/// Runs the binary against moto in us-east-1.
pub fn stratus(args: &[&str]) -> Run {
    let url = moto_url();
    let mut all = vec!["--endpoint-url", url.as_str(), "--region", "us-east-1"];
    all.extend_from_slice(args);
    run_bare(&all)
}

/// A name no other test (or earlier run against the same moto) uses.
pub fn unique(prefix: &str) -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    format!("{prefix}-{}-{nanos}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// A fresh scratch directory under the system temp dir.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(unique(&format!("stratus-cli-{name}")));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// `len` pseudo-random bytes (xorshift), the same for the same seed.
pub fn pseudo_random(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.extend_from_slice(&state.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// The SHA-256 of a file, in hex.
pub fn sha256_file(path: &std::path::Path) -> String {
    use sha2::Digest;
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    hex::encode(sha2::Sha256::digest(bytes))
}

/// The path as a `&str` (tests use UTF-8 temp paths).
pub fn s(path: &std::path::Path) -> &str {
    path.to_str().unwrap_or_else(|| panic!("non-UTF-8 path {}", path.display()))
}

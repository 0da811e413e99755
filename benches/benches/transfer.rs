//! S3 transfer throughput: `upload_file` / `download_file` of one file (256 MiB by
//! default) with the default `TransferConfig`, against a local s3s-fs, for Stratus
//! (blocking ureq with threads, async reqwest) and boto3's s3transfer in the same run, plus
//! one signed curl PUT/GET of the same file as the server's single-stream limit.
//!
//! ```text
//! cargo bench -p stratus-benches --features transfer --bench transfer
//! ```
//! Uses the s3s-fs named by `S3S_URL`, `S3S_ACCESS_KEY_ID`, `S3S_SECRET_ACCESS_KEY`, or
//! starts one with `scripts/peers/s3s.sh start` (and stops it at the end). Settings:
//! `STRATUS_BENCH_MIB` (file size, default 256), `STRATUS_BENCH_RUNS` (default 3; the
//! median run is reported), `STRATUS_BENCH_ONLY` (a comma-separated subset of `ureq`,
//! `reqwest`, `boto3`, `curl`). Wall-clock figures: this measures the whole machine (client
//! and server share its cores), as a user would see it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::json;
use stratus::transfer::TransferOptions;
use stratus::{ClientOptions, Session};
use stratus_benches::{line, preamble};

const MIB: u64 = 1024 * 1024;

/// The s3s-fs to use, and whether this bench started it.
struct Server {
    url: String,
    key: String,
    secret: String,
    started: bool,
    root: PathBuf,
}

impl Server {
    fn find_or_start(root: &Path) -> Result<Self, String> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        if let (Some(url), Some(key), Some(secret)) =
            (var("S3S_URL"), var("S3S_ACCESS_KEY_ID"), var("S3S_SECRET_ACCESS_KEY"))
        {
            return Ok(Self { url, key, secret, started: false, root: root.to_owned() });
        }
        // A server someone else started (scripts/test) is used and left running.
        let script = root.join("scripts/peers/s3s.sh");
        let running = Command::new(&script).arg("status").output().is_ok_and(|o| o.status.success());
        let out =
            Command::new(&script).arg(if running { "env" } else { "start" }).output().map_err(|e| e.to_string())?;
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let get = |name: &str| text.lines().find_map(|l| l.strip_prefix(&format!("{name}="))).map(str::to_owned);
        match (get("S3S_URL"), get("S3S_ACCESS_KEY_ID"), get("S3S_SECRET_ACCESS_KEY")) {
            (Some(url), Some(key), Some(secret)) => {
                Ok(Self { url, key, secret, started: !running, root: root.to_owned() })
            }
            _ => Err(format!("scripts/peers/s3s.sh failed: {}", String::from_utf8_lossy(&out.stderr))),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.started {
            let _ = Command::new(self.root.join("scripts/peers/s3s.sh")).arg("stop").output();
        }
    }
}

/// Writes `size` bytes of pseudo-random data to `path`, 1 MiB at a time.
fn make_file(path: &Path, size: u64) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut state = 0x2545_F491_4F6C_DD1D_u64;
    let mut block = vec![0u8; MIB as usize];
    for _ in 0..size / MIB {
        for chunk in block.chunks_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            chunk.copy_from_slice(&state.to_le_bytes()[..chunk.len()]);
        }
        file.write_all(&block)?;
    }
    file.flush()
}

fn timed<T, E: std::fmt::Display>(f: impl FnOnce() -> Result<T, E>) -> Result<Duration, String> {
    let start = Instant::now();
    f().map_err(|e| e.to_string())?;
    Ok(start.elapsed())
}

/// Upload and download times of each run.
#[derive(Default)]
struct Runs {
    up: Vec<Duration>,
    down: Vec<Duration>,
}

fn median(samples: &[Duration]) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}

fn mib_per_s(size: u64, d: Duration) -> f64 {
    size as f64 / MIB as f64 / d.as_secs_f64().max(1e-9)
}

struct Setup<'a> {
    server: &'a Server,
    session: Session,
    bucket: &'a str,
    file: &'a Path,
    target: &'a Path,
    runs: usize,
}

fn stratus_blocking(s: &Setup<'_>) -> Result<Runs, String> {
    let s3 =
        s.session.blocking_client("s3", &ClientOptions::with_endpoint_url(&s.server.url)).map_err(|e| e.to_string())?;
    let options = TransferOptions::default();
    let mut runs = Runs::default();
    for _ in 0..s.runs {
        runs.up.push(timed(|| s3.upload_file(s.file, s.bucket, "stratus-ureq", &options))?);
        runs.down.push(timed(|| s3.download_file(s.bucket, "stratus-ureq", s.target, &options))?);
    }
    Ok(runs)
}

fn stratus_async(s: &Setup<'_>) -> Result<Runs, String> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
    let s3 = s.session.client("s3", &ClientOptions::with_endpoint_url(&s.server.url)).map_err(|e| e.to_string())?;
    let options = TransferOptions::default();
    let mut runs = Runs::default();
    for _ in 0..s.runs {
        runs.up.push(timed(|| runtime.block_on(s3.upload_file(s.file, s.bucket, "stratus-reqwest", &options)))?);
        runs.down.push(timed(|| runtime.block_on(s3.download_file(s.bucket, "stratus-reqwest", s.target, &options)))?);
    }
    Ok(runs)
}

fn boto3(s: &Setup<'_>) -> Result<(Runs, String), String> {
    let python = s.server.root.join("build/venv/bin/python");
    let script = s.server.root.join("benches/benches/transfer_boto3.py");
    let out = Command::new(python)
        .arg(script)
        .args([&s.server.url, s.bucket, "boto3"])
        .arg(s.file)
        .arg(s.target)
        .arg(s.runs.to_string())
        .env("AWS_ACCESS_KEY_ID", &s.server.key)
        .env("AWS_SECRET_ACCESS_KEY", &s.server.secret)
        .output()
        .map_err(|e| format!("build/venv/bin/python: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        return Err(format!("boto3 failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let mut runs = Runs::default();
    let secs = |v: &str| v.parse::<f64>().map(Duration::from_secs_f64).ok();
    for l in text.lines() {
        match l.split_once(' ') {
            Some(("upload", v)) => runs.up.extend(secs(v)),
            Some(("download", v)) => runs.down.extend(secs(v)),
            _ => {}
        }
    }
    let version = text.lines().find_map(|l| l.strip_prefix("version ")).unwrap_or("unknown").to_owned();
    Ok((runs, version))
}

/// One signed curl PUT and GET of the whole file per run (`--aws-sigv4`).
fn curl(s: &Setup<'_>) -> Result<Runs, String> {
    let url = format!("{}/{}/curl", s.server.url, s.bucket);
    let user = format!("{}:{}", s.server.key, s.server.secret);
    let run = |args: &[&str]| -> Result<(), String> {
        let base = [
            "-sf",
            "--aws-sigv4",
            "aws:amz:us-east-1:s3",
            "--user",
            &user,
            "-H",
            "x-amz-content-sha256: UNSIGNED-PAYLOAD",
        ];
        let status = Command::new("curl").args(base).args(args).status().map_err(|e| format!("curl: {e}"))?;
        status.success().then_some(()).ok_or_else(|| format!("curl {args:?} failed: {status}"))
    };
    let (file, target) = (s.file.display().to_string(), s.target.display().to_string());
    let mut runs = Runs::default();
    for _ in 0..s.runs {
        runs.up.push(timed(|| run(&["-T", &file, &url]))?);
        runs.down.push(timed(|| run(&["-o", &target, &url]))?);
    }
    Ok(runs)
}

fn report(size: u64, results: &[(&str, Runs)]) {
    let baseline =
        results.iter().find(|(name, _)| name.starts_with("boto3")).map(|(_, r)| (median(&r.up), median(&r.down)));
    for (direction, pick) in [("upload_file", 0), ("download_file", 1)] {
        line(&format!("## {direction}, {} MiB, default TransferConfig (median of runs)", size / MIB));
        for (name, runs) in results {
            let samples = if pick == 0 { &runs.up } else { &runs.down };
            let m = median(samples);
            let all: Vec<String> = samples.iter().map(|d| format!("{:.0}", mib_per_s(size, *d))).collect();
            let ratio = baseline
                .map(|(up, down)| if pick == 0 { up } else { down })
                .map_or(String::new(), |b| format!(", {:.2}x boto3", b.as_secs_f64() / m.as_secs_f64().max(1e-9)));
            line(&format!(
                "{name}: {:.1} MiB/s ({:.2} s{ratio}; runs: {} MiB/s)",
                mib_per_s(size, m),
                m.as_secs_f64(),
                all.join(", ")
            ));
        }
    }
}

fn run(root: &Path) -> Result<(), String> {
    let size = std::env::var("STRATUS_BENCH_MIB").ok().and_then(|v| v.parse().ok()).unwrap_or(256u64) * MIB;
    let runs = std::env::var("STRATUS_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(3usize);
    let server = Server::find_or_start(root)?;
    let dir = root.join("build/bench-transfer");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let (file, target) = (dir.join("source.bin"), dir.join("target.bin"));
    make_file(&file, size).map_err(|e| e.to_string())?;
    let session = Session::builder()
        .region_name("us-east-1")
        .credentials(&server.key, &server.secret, None)
        .build()
        .map_err(|e| e.to_string())?;
    let bucket = "stratus-bench-transfer";
    let s3 =
        session.blocking_client("s3", &ClientOptions::with_endpoint_url(&server.url)).map_err(|e| e.to_string())?;
    let _ = s3.call("CreateBucket", json!({"Bucket": bucket}));
    let setup = Setup { server: &server, session, bucket, file: &file, target: &target, runs };
    line(&format!("# s3s-fs at {}, {} MiB file, {runs} runs", server.url, size / MIB));
    let only = std::env::var("STRATUS_BENCH_ONLY").unwrap_or_default();
    let wanted = |name: &str| only.is_empty() || only.split(',').any(|o| o == name);
    let mut results = Vec::new();
    if wanted("ureq") {
        results.push(("stratus ureq (threads)", stratus_blocking(&setup)?));
        line(&format!("# peak RSS of this process after the ureq runs: {}", peak_rss()));
        same_bytes(&file, &target)?;
    }
    if wanted("reqwest") {
        results.push(("stratus reqwest (async)", stratus_async(&setup)?));
        line(&format!("# peak RSS of this process after the reqwest runs: {}", peak_rss()));
        same_bytes(&file, &target)?;
    }
    if wanted("boto3") {
        let (boto, version) = boto3(&setup)?;
        line(&format!("# {version}"));
        results.push(("boto3 s3transfer", boto));
    }
    if wanted("curl") {
        match curl(&setup) {
            Ok(raw) => results.push(("curl, one signed PUT/GET", raw)),
            Err(e) => line(&format!("# curl skipped: {e}")),
        }
    }
    report(size, &results);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// The process's peak resident memory so far (`VmHWM`), as `/proc` shows it.
fn peak_rss() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let hwm = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).map(str::trim);
    hwm.unwrap_or("unknown").to_owned()
}

/// Checks that the last download equals the source (not timed).
fn same_bytes(a: &Path, b: &Path) -> Result<(), String> {
    let digest =
        |p: &Path| std::fs::read(p).map(|bytes| stratus_core::checksum::ChecksumAlgorithm::Sha256.checksum(&bytes));
    match (digest(a), digest(b)) {
        (Ok(x), Ok(y)) if x == y => Ok(()),
        (x, y) => Err(format!("downloaded file differs from the source: {x:?} vs {y:?}")),
    }
}

fn main() {
    preamble("transfer");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    if let Err(e) = run(&root) {
        line(&format!("transfer bench failed: {e}"));
        std::process::exit(1);
    }
}

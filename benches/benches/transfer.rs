//! S3 transfer throughput, CPU and memory: `upload_file` / `download_file` with the default
//! `TransferConfig` against a local s3s-fs, for Stratus (blocking ureq with threads, async
//! reqwest on tokio) and boto3's s3transfer in the same run, plus one signed curl PUT/GET
//! per file as the server's single-stream limit.
//!
//! ```text
//! cargo bench -p stratus-benches --features transfer --bench transfer
//! ```
//! Scenarios, `STRATUS_BENCH_SCENARIOS` (comma-separated, default `1gib,20x50`):
//! - `1gib`: one file of 1024 MiB (`STRATUS_BENCH_MIB` replaces the size, for quick runs);
//! - `20x50`: 20 files of 50 MiB (`STRATUS_BENCH_FILES`, `STRATUS_BENCH_FILE_MIB`), uploaded
//!   one after another with `upload_file`, then downloaded one after another with
//!   `download_file`, as a boto3 user's loop does; each batch is timed as one (total bytes
//!   over total time).
//!
//! Other settings: `STRATUS_BENCH_RUNS` (default 3; the median run is reported),
//! `STRATUS_BENCH_ONLY` (a comma-separated subset of `ureq`, `reqwest`, `boto3`, `curl`).
//! Every file has its own content, and every client's downloads are compared with their
//! sources (SHA-256, not timed). Uses the s3s-fs named by `S3S_URL`, `S3S_ACCESS_KEY_ID`,
//! `S3S_SECRET_ACCESS_KEY`, or starts one with `scripts/peers/s3s.sh start` (and stops it at
//! the end). Files live in `build/bench-transfer`: each client's objects are deleted after
//! it ran, each scenario's files after the scenario, the folder at the end (failed or not).
//!
//! Each client runs in its own process, so peak RSS and CPU time are its own: the Stratus
//! clients in this binary re-executed with `STRATUS_BENCH_CHILD=ureq|reqwest` (see
//! [`child_main`]), boto3 in `transfer_boto3.py`, both given the same [`Job`] arguments and
//! printing the same lines. curl runs from this process (no RSS or CPU figures).
//!
//! Printed, per scenario and direction, one line per client: median MiB/s (seconds, and
//! every run), ratio to boto3 (`1.23x boto3`), share of curl's figure (`87% of curl`), and
//! the client's CPU seconds per GiB moved (user + system, all threads); then per client
//! process its peak RSS (`VmHWM` / `ru_maxrss`, all runs of the scenario) next to the bound
//! `max_concurrency × multipart_chunksize` (10 × 8 MiB = 80 MiB) plus a constant. Wall-clock
//! figures: client and server share the machine's cores, as a user would see it.

use std::ffi::{OsStr, OsString};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use cpu_time::ProcessTime;
use serde_json::json;
use stratus::transfer::TransferOptions;
use stratus::{ClientOptions, Session};
use stratus_benches::{line, preamble};
use stratus_core::checksum::{ChecksumAlgorithm, Checksummer};

const MIB: u64 = 1024 * 1024;
const GIB: f64 = (1024 * MIB) as f64;
const BUCKET: &str = "stratus-bench-transfer";
/// Set (to `ureq` or `reqwest`) in the environment of a client process.
const CHILD_VAR: &str = "STRATUS_BENCH_CHILD";

/// The s3s-fs to use, and whether this bench started it (then it is stopped when dropped).
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

/// The bench's folder of files, removed when dropped (so also when the bench fails).
struct Scratch(PathBuf);

impl Scratch {
    fn create(path: PathBuf) -> Result<Self, String> {
        std::fs::create_dir_all(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Self(path))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A positive integer from the environment variable `name`, or `default` when it is unset
/// or empty; anything else is an error naming the variable.
fn env_number(name: &str, default: u64) -> Result<u64, String> {
    match std::env::var(name) {
        Err(std::env::VarError::NotPresent) => Ok(default),
        Ok(v) if v.trim().is_empty() => Ok(default),
        Ok(v) => v.trim().parse().ok().filter(|n| *n > 0).ok_or(format!("{name}={v:?}: expected a positive integer")),
        Err(e) => Err(format!("{name}: {e}")),
    }
}

/// [`env_number`] in MiB, returned in bytes.
fn env_mib(name: &str, default: u64) -> Result<u64, String> {
    env_number(name, default)?.checked_mul(MIB).ok_or(format!("{name}: too large"))
}

/// The comma-separated words of the environment variable `name`, or `default`'s when it is
/// unset or empty.
fn env_list(name: &str, default: &str) -> Result<Vec<String>, String> {
    let value = match std::env::var(name) {
        Err(std::env::VarError::NotPresent) => String::new(),
        Ok(v) => v,
        Err(e) => return Err(format!("{name}: {e}")),
    };
    let value = if value.trim().is_empty() { default } else { &value };
    Ok(value.split(',').map(str::trim).filter(|w| !w.is_empty()).map(str::to_owned).collect())
}

/// One scenario: `files` files of `file_size` bytes, each moved by its own call.
struct Scenario {
    name: &'static str,
    files: u64,
    file_size: u64,
}

impl Scenario {
    /// The scenarios `STRATUS_BENCH_SCENARIOS` names, sized by their overrides.
    fn from_env() -> Result<Vec<Self>, String> {
        let names = env_list("STRATUS_BENCH_SCENARIOS", "1gib,20x50")?;
        names
            .iter()
            .map(|name| match name.as_str() {
                "1gib" => Ok(Self { name: "1gib", files: 1, file_size: env_mib("STRATUS_BENCH_MIB", 1024)? }),
                "20x50" => Ok(Self {
                    name: "20x50",
                    files: env_number("STRATUS_BENCH_FILES", 20)?,
                    file_size: env_mib("STRATUS_BENCH_FILE_MIB", 50)?,
                }),
                other => Err(format!("STRATUS_BENCH_SCENARIOS: unknown scenario {other:?} (expected 1gib, 20x50)")),
            })
            .collect()
    }

    /// Bytes moved per run and direction.
    fn bytes(&self) -> u64 {
        self.files.saturating_mul(self.file_size)
    }

    /// `1 × 1024 MiB`.
    fn describe(&self) -> String {
        format!("{} × {} MiB", self.files, self.file_size / MIB)
    }
}

/// The clients measured.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Client {
    Ureq,
    Reqwest,
    Boto3,
    Curl,
}

impl Client {
    const ALL: [Self; 4] = [Self::Ureq, Self::Reqwest, Self::Boto3, Self::Curl];

    /// The name `STRATUS_BENCH_ONLY` and `STRATUS_BENCH_CHILD` use.
    fn id(self) -> &'static str {
        match self {
            Self::Ureq => "ureq",
            Self::Reqwest => "reqwest",
            Self::Boto3 => "boto3",
            Self::Curl => "curl",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Ureq => "stratus ureq (threads)",
            Self::Reqwest => "stratus reqwest (async)",
            Self::Boto3 => "boto3 s3transfer",
            Self::Curl => "curl, one signed PUT/GET per file",
        }
    }

    /// The clients `STRATUS_BENCH_ONLY` names (all by default), in the order above.
    fn from_env() -> Result<Vec<Self>, String> {
        let names = env_list("STRATUS_BENCH_ONLY", "ureq,reqwest,boto3,curl")?;
        if let Some(bad) = names.iter().find(|n| !Self::ALL.iter().any(|c| c.id() == n.as_str())) {
            return Err(format!("STRATUS_BENCH_ONLY: unknown client {bad:?} (expected ureq, reqwest, boto3, curl)"));
        }
        Ok(Self::ALL.into_iter().filter(|c| names.iter().any(|n| n == c.id())).collect())
    }
}

/// One file of a [`Job`]: the local source, its object key, where its download goes.
struct Transfer {
    source: PathBuf,
    key: String,
    target: PathBuf,
}

/// What one client is asked to do: `runs` times, upload every file in order, then download
/// every file in order. Passed to client processes as the arguments
/// `ENDPOINT BUCKET RUNS` then `SOURCE KEY TARGET` per file (`transfer_boto3.py` takes the
/// same).
struct Job {
    endpoint: String,
    bucket: String,
    runs: u64,
    files: Vec<Transfer>,
}

impl Job {
    fn to_args(&self) -> Vec<OsString> {
        let mut args: Vec<OsString> =
            vec![(&self.endpoint).into(), (&self.bucket).into(), self.runs.to_string().into()];
        for t in &self.files {
            args.extend([t.source.clone().into(), (&t.key).into(), t.target.clone().into()]);
        }
        args
    }

    fn from_args(args: Vec<OsString>) -> Result<Self, String> {
        let text = |a: &OsString| a.to_str().map(str::to_owned).ok_or(format!("argument {a:?} is not UTF-8"));
        let (head, rest) = args.split_at(args.len().min(3));
        let [endpoint, bucket, runs] = head else {
            return Err("usage: ENDPOINT BUCKET RUNS (SOURCE KEY TARGET)...".to_owned());
        };
        if rest.is_empty() || rest.len() % 3 != 0 {
            return Err(format!("expected SOURCE KEY TARGET triples after RUNS, got {} arguments", rest.len()));
        }
        let runs = text(runs)?.parse().map_err(|_| format!("RUNS {runs:?}: expected an integer"))?;
        let files = rest
            .chunks(3)
            .map(|t| Ok(Transfer { source: t[0].clone().into(), key: text(&t[1])?, target: t[2].clone().into() }))
            .collect::<Result<_, String>>()?;
        Ok(Self { endpoint: text(endpoint)?, bucket: text(bucket)?, runs, files })
    }
}

/// What one client measured: the wall-clock and process CPU time of each run's upload and
/// download batch, and, for a client process, its peak RSS and total CPU time.
#[derive(Default)]
struct Measured {
    up: Vec<Duration>,
    down: Vec<Duration>,
    up_cpu: Vec<Duration>,
    down_cpu: Vec<Duration>,
    peak_rss_kib: Option<u64>,
    cpu_total: Option<Duration>,
    version: Option<String>,
}

impl Measured {
    /// Parses what a client process prints: `upload S`, `upload_cpu S`, `download S`,
    /// `download_cpu S` per run, `peak_rss_kib N`, `cpu_secs S`, `version TEXT`; other
    /// lines are ignored. An error unless there are `runs` timings of each kind.
    fn parse(text: &str, runs: u64) -> Result<Self, String> {
        let mut m = Self::default();
        for l in text.lines() {
            let Some((name, value)) = l.split_once(' ') else { continue };
            match name {
                "upload" => m.up.push(secs(value)?),
                "download" => m.down.push(secs(value)?),
                "upload_cpu" => m.up_cpu.push(secs(value)?),
                "download_cpu" => m.down_cpu.push(secs(value)?),
                "cpu_secs" => m.cpu_total = Some(secs(value)?),
                "peak_rss_kib" => m.peak_rss_kib = Some(value.trim().parse().map_err(|_| format!("bad line {l:?}"))?),
                "version" => m.version = Some(value.to_owned()),
                _ => {}
            }
        }
        let counts = [m.up.len(), m.down.len(), m.up_cpu.len(), m.down_cpu.len()];
        if counts.iter().any(|&n| n as u64 != runs) || m.peak_rss_kib.is_none() {
            return Err(format!("incomplete output (expected {runs} runs and peak_rss_kib):\n{text}"));
        }
        Ok(m)
    }
}

/// A duration in seconds as printed by a client process.
fn secs(value: &str) -> Result<Duration, String> {
    let parsed = value.trim().parse::<f64>().map_err(|e| e.to_string());
    parsed
        .and_then(|s| Duration::try_from_secs_f64(s).map_err(|e| e.to_string()))
        .map_err(|e| format!("{value:?}: {e}"))
}

/// Upload or download: which timings of a [`Measured`] to report.
#[derive(Clone, Copy)]
enum Direction {
    Upload,
    Download,
}

impl Direction {
    fn call(self) -> &'static str {
        match self {
            Self::Upload => "upload_file",
            Self::Download => "download_file",
        }
    }

    fn wall(self, m: &Measured) -> &[Duration] {
        match self {
            Self::Upload => &m.up,
            Self::Download => &m.down,
        }
    }

    fn cpu(self, m: &Measured) -> &[Duration] {
        match self {
            Self::Upload => &m.up_cpu,
            Self::Download => &m.down_cpu,
        }
    }
}

/// Runs `f`, returning its wall-clock time and this process's CPU time (user + system, all
/// threads) over it.
fn timed(f: impl FnOnce() -> Result<(), String>) -> Result<(Duration, Duration), String> {
    let cpu = ProcessTime::try_now().map_err(|e| format!("process CPU time: {e}"))?;
    let wall = Instant::now();
    f()?;
    let wall = wall.elapsed();
    Ok((wall, cpu.try_elapsed().map_err(|e| format!("process CPU time: {e}"))?))
}

/// A session for the server's key, in us-east-1.
fn session(key: &str, secret: &str) -> Result<Session, String> {
    Session::builder().region_name("us-east-1").credentials(key, secret, None).build().map_err(|e| e.to_string())
}

/// The child side (`STRATUS_BENCH_CHILD=ureq` or `reqwest`): runs the [`Job`] in this
/// binary's arguments with that Stratus client and the default `TransferOptions`, printing
/// per run `upload`, `upload_cpu`, `download`, `download_cpu` (seconds: wall clock, and
/// process CPU over the batch), then `peak_rss_kib` (`VmHWM`) and `cpu_secs` (the whole
/// process's user + system time). Credentials come from `AWS_ACCESS_KEY_ID` and
/// `AWS_SECRET_ACCESS_KEY`.
fn child_main(kind: &str) -> Result<(), String> {
    let client = match kind {
        "ureq" => Client::Ureq,
        "reqwest" => Client::Reqwest,
        other => return Err(format!("{CHILD_VAR}={other:?}: expected ureq or reqwest")),
    };
    let job = Job::from_args(std::env::args_os().skip(1).collect())?;
    let var = |name: &str| std::env::var(name).map_err(|e| format!("{name}: {e}"));
    let session = session(&var("AWS_ACCESS_KEY_ID")?, &var("AWS_SECRET_ACCESS_KEY")?)?;
    let endpoint = ClientOptions::with_endpoint_url(&job.endpoint);
    let options = TransferOptions::default();
    let bucket = job.bucket.as_str();
    if client == Client::Ureq {
        let s3 = session.blocking_client("s3", &endpoint).map_err(|e| e.to_string())?;
        run_job(
            &job,
            |t| s3.upload_file(&t.source, bucket, &t.key, &options).map(drop).map_err(|e| e.to_string()),
            |t| s3.download_file(bucket, &t.key, &t.target, &options).map(drop).map_err(|e| e.to_string()),
        )?;
    } else {
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
        let s3 = session.client("s3", &endpoint).map_err(|e| e.to_string())?;
        run_job(
            &job,
            |t| {
                let upload = s3.upload_file(&t.source, bucket, &t.key, &options);
                runtime.block_on(upload).map(drop).map_err(|e| e.to_string())
            },
            |t| {
                let download = s3.download_file(bucket, &t.key, &t.target, &options);
                runtime.block_on(download).map(drop).map_err(|e| e.to_string())
            },
        )?;
    }
    line(&format!("peak_rss_kib {}", peak_rss_kib()?));
    let cpu = ProcessTime::try_now().map_err(|e| format!("process CPU time: {e}"))?;
    line(&format!("cpu_secs {:.6}", cpu.as_duration().as_secs_f64()));
    Ok(())
}

/// Runs the job: `runs` times every upload in order, then every download in order, each
/// batch timed, printing the lines [`Measured::parse`] reads.
fn run_job(
    job: &Job,
    mut upload: impl FnMut(&Transfer) -> Result<(), String>,
    mut download: impl FnMut(&Transfer) -> Result<(), String>,
) -> Result<(), String> {
    for _ in 0..job.runs {
        let (wall, cpu) = timed(|| job.files.iter().try_for_each(&mut upload))?;
        line(&format!("upload {:.6}\nupload_cpu {:.6}", wall.as_secs_f64(), cpu.as_secs_f64()));
        let (wall, cpu) = timed(|| job.files.iter().try_for_each(&mut download))?;
        line(&format!("download {:.6}\ndownload_cpu {:.6}", wall.as_secs_f64(), cpu.as_secs_f64()));
    }
    Ok(())
}

/// This process's peak resident memory (`VmHWM` in `/proc/self/status`), in KiB.
fn peak_rss_kib() -> Result<u64, String> {
    let status = std::fs::read_to_string("/proc/self/status").map_err(|e| format!("/proc/self/status: {e}"))?;
    let hwm = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).ok_or("no VmHWM in /proc/self/status")?;
    hwm.trim().trim_end_matches("kB").trim().parse().map_err(|_| format!("VmHWM {hwm:?}"))
}

/// What the parent shares between scenarios.
struct Bench<'a> {
    root: &'a Path,
    server: &'a Server,
    /// The parent's own client, for bucket set-up and object clean-up.
    s3: stratus::blocking::Client,
    dir: &'a Path,
    clients: Vec<Client>,
    runs: u64,
}

impl Bench<'_> {
    /// Runs one client on `job`, in its own process but for curl.
    fn measure(&self, client: Client, job: &Job) -> Result<Measured, String> {
        match client {
            Client::Ureq | Client::Reqwest => {
                let exe = std::env::current_exe().map_err(|e| format!("current_exe: {e}"))?;
                let mut command = Command::new(exe);
                command.env(CHILD_VAR, client.id());
                self.run_process(command, job)
            }
            Client::Boto3 => {
                let mut command = Command::new(self.root.join("build/venv/bin/python"));
                command.arg(self.root.join("benches/benches/transfer_boto3.py"));
                self.run_process(command, job)
            }
            Client::Curl => curl(job, self.server),
        }
    }

    /// Runs a client process with the job's arguments and the server's key, and parses what
    /// it prints.
    fn run_process(&self, mut command: Command, job: &Job) -> Result<Measured, String> {
        let out = command
            .args(job.to_args())
            .env("AWS_ACCESS_KEY_ID", &self.server.key)
            .env("AWS_SECRET_ACCESS_KEY", &self.server.secret)
            .output()
            .map_err(|e| format!("{}: {e}", command.get_program().to_string_lossy()))?;
        let text = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            // This binary prints `error ...`; Python ends its traceback with the exception.
            let stderr = String::from_utf8_lossy(&out.stderr);
            let mut why: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("error ")).collect();
            why.extend(stderr.lines().rfind(|l| !l.trim().is_empty()));
            return Err(format!("client process {}: {}", out.status, why.join("; ")));
        }
        Measured::parse(&text, job.runs)
    }

    /// Deletes the job's objects; a failure is printed, not returned.
    fn delete_objects(&self, job: &Job) {
        for t in &job.files {
            if let Err(e) = self.s3.call("DeleteObject", json!({"Bucket": job.bucket, "Key": t.key})) {
                line(&format!("# could not delete s3://{}/{}: {e}", job.bucket, t.key));
            }
        }
    }

    /// Writes the scenario's files, runs every client on them (checking its downloads,
    /// then deleting its objects and downloads), prints the report and deletes the files.
    /// `seed` makes each file's content distinct. Returns how many clients failed.
    fn scenario(&self, scenario: &Scenario, seed: u64) -> Result<usize, String> {
        let dir = self.dir.join(scenario.name);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let result = self.scenario_in(scenario, seed, &dir);
        let _ = std::fs::remove_dir_all(&dir);
        result
    }

    fn scenario_in(&self, scenario: &Scenario, seed: u64, dir: &Path) -> Result<usize, String> {
        let mut sources = Vec::new();
        for i in 0..scenario.files {
            let path = dir.join(format!("source-{i}.bin"));
            let digest = make_file(&path, scenario.file_size, seed.wrapping_add(i))
                .map_err(|e| format!("{}: {e}", path.display()))?;
            sources.push((path, digest));
        }
        line(&format!("# {}: {} files written", scenario.name, scenario.describe()));
        let mut results = Vec::new();
        for &client in &self.clients {
            let job = Job {
                endpoint: self.server.url.clone(),
                bucket: BUCKET.to_owned(),
                runs: self.runs,
                files: sources
                    .iter()
                    .enumerate()
                    .map(|(i, (source, _))| Transfer {
                        source: source.clone(),
                        key: format!("{}/{}/{i}", client.id(), scenario.name),
                        target: dir.join(format!("target-{i}.bin")),
                    })
                    .collect(),
            };
            remove_targets(&job);
            let measured = self.measure(client, &job).and_then(|m| verify(&job, &sources).map(|()| m));
            self.delete_objects(&job);
            remove_targets(&job);
            if let Err(e) = &measured {
                line(&format!("# {}: {} failed: {e}", scenario.name, client.label()));
            }
            results.push((client, measured));
        }
        report(scenario, self.runs, &results);
        Ok(results.iter().filter(|(_, r)| r.is_err()).count())
    }
}

/// Deletes the job's downloads, if any.
fn remove_targets(job: &Job) {
    for t in &job.files {
        let _ = std::fs::remove_file(&t.target);
    }
}

/// Checks that every download equals its source (SHA-256, not timed).
fn verify(job: &Job, sources: &[(PathBuf, String)]) -> Result<(), String> {
    for (t, (_, digest)) in job.files.iter().zip(sources) {
        let got = file_digest(&t.target)?;
        if &got != digest {
            return Err(format!("{} differs from its source (SHA-256 {got} vs {digest})", t.target.display()));
        }
    }
    Ok(())
}

/// Writes `size` bytes (whole MiB) of pseudo-random data from `seed` to `path`, 1 MiB at a
/// time, and returns their SHA-256 (base64): distinct seeds give distinct files.
fn make_file(path: &Path, size: u64, seed: u64) -> std::io::Result<String> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut hash = Checksummer::new(ChecksumAlgorithm::Sha256);
    let mut state = (0x2545_F491_4F6C_DD1D ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)).max(1);
    let mut block = vec![0u8; MIB as usize];
    for _ in 0..size / MIB {
        for chunk in block.chunks_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            chunk.copy_from_slice(&state.to_le_bytes()[..chunk.len()]);
        }
        file.write_all(&block)?;
        hash.update(&block);
    }
    file.flush()?;
    Ok(hash.finalize())
}

/// The SHA-256 (base64) of a file, read 1 MiB at a time.
fn file_digest(path: &Path) -> Result<String, String> {
    let fail = |e: std::io::Error| format!("{}: {e}", path.display());
    let mut file = std::fs::File::open(path).map_err(fail)?;
    let mut hash = Checksummer::new(ChecksumAlgorithm::Sha256);
    let mut block = vec![0u8; MIB as usize];
    loop {
        match file.read(&mut block).map_err(fail)? {
            0 => return Ok(hash.finalize()),
            n => hash.update(&block[..n]),
        }
    }
}

/// One signed curl PUT and GET per file and run (`--aws-sigv4`, no multipart), the
/// server's single-stream figure. Wall-clock times only.
fn curl(job: &Job, server: &Server) -> Result<Measured, String> {
    let user = format!("{}:{}", server.key, server.secret);
    let run = |args: &[&OsStr], url: &str| -> Result<(), String> {
        let base = [
            "-sf",
            "--aws-sigv4",
            "aws:amz:us-east-1:s3",
            "--user",
            &user,
            "-H",
            "x-amz-content-sha256: UNSIGNED-PAYLOAD",
        ];
        let status = Command::new("curl").args(base).args(args).arg(url).status().map_err(|e| format!("curl: {e}"))?;
        status.success().then_some(()).ok_or_else(|| format!("curl {args:?} {url} failed: {status}"))
    };
    let url = |t: &Transfer| format!("{}/{}/{}", job.endpoint, job.bucket, t.key);
    let (put, get) = (OsStr::new("-T"), OsStr::new("-o"));
    let mut m = Measured::default();
    for _ in 0..job.runs {
        let (wall, _) = timed(|| job.files.iter().try_for_each(|t| run(&[put, t.source.as_os_str()], &url(t))))?;
        m.up.push(wall);
        let (wall, _) = timed(|| job.files.iter().try_for_each(|t| run(&[get, t.target.as_os_str()], &url(t))))?;
        m.down.push(wall);
    }
    Ok(m)
}

fn median(samples: &[Duration]) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}

fn mib_per_s(bytes: u64, d: Duration) -> f64 {
    bytes as f64 / MIB as f64 / d.as_secs_f64().max(1e-9)
}

/// Prints a scenario's figures: per direction one line per client (throughput, ratio to
/// boto3, share of curl, CPU per GiB), then per client process its peak RSS and the bound.
fn report(scenario: &Scenario, runs: u64, results: &[(Client, Result<Measured, String>)]) {
    let bytes = scenario.bytes();
    let find = |c: Client| results.iter().find(|(x, _)| *x == c).and_then(|(_, r)| r.as_ref().ok());
    for direction in [Direction::Upload, Direction::Download] {
        line(&format!(
            "## {}: {} of {}, default TransferConfig (median of {runs} runs)",
            scenario.name,
            direction.call(),
            scenario.describe()
        ));
        let figure = |c: Client| find(c).map(|m| mib_per_s(bytes, median(direction.wall(m))));
        let (boto3, curl) = (figure(Client::Boto3), figure(Client::Curl));
        for (client, result) in results {
            let text = match result {
                Ok(m) => throughput_line(bytes, direction, m, boto3, curl),
                Err(_) => "failed (see above)".to_owned(),
            };
            line(&format!("{}: {text}", client.label()));
        }
    }
    let config = TransferOptions::default().config;
    let bound = config.max_concurrency as u64 * config.multipart_chunksize;
    let formula = format!(
        "max_concurrency × multipart_chunksize = {} × {} MiB = {} MiB",
        config.max_concurrency,
        config.multipart_chunksize / MIB,
        bound / MIB
    );
    line(&format!("## {}: peak RSS per client process, all runs (bound: {formula}, plus a constant)", scenario.name));
    for (client, m) in results.iter().filter_map(|(c, r)| Some((c, r.as_ref().ok()?))) {
        let Some(kib) = m.peak_rss_kib else { continue };
        let cpu = m.cpu_total.map_or(String::new(), |d| format!(", process CPU {:.1} s", d.as_secs_f64()));
        let version = m.version.as_ref().map_or(String::new(), |v| format!(" ({v})"));
        line(&format!(
            "{}{version}: peak RSS {:.0} MiB (bound {} MiB + constant){cpu}",
            client.label(),
            kib as f64 / 1024.0,
            bound / MIB
        ));
    }
}

/// `210.3 MiB/s (4.87 s; runs 200, 210 MiB/s), 1.02x boto3, 43% of curl, CPU 1.23 s/GiB`.
fn throughput_line(bytes: u64, direction: Direction, m: &Measured, boto3: Option<f64>, curl: Option<f64>) -> String {
    let walls = direction.wall(m);
    let mid = median(walls);
    let speed = mib_per_s(bytes, mid);
    let all: Vec<String> = walls.iter().map(|d| format!("{:.0}", mib_per_s(bytes, *d))).collect();
    let mut text = format!("{speed:.1} MiB/s ({:.2} s; runs {} MiB/s)", mid.as_secs_f64(), all.join(", "));
    if let Some(b) = boto3 {
        text += &format!(", {:.2}x boto3", speed / b.max(1e-9));
    }
    if let Some(c) = curl {
        text += &format!(", {:.0}% of curl", 100.0 * speed / c.max(1e-9));
    }
    let cpu = direction.cpu(m);
    if !cpu.is_empty() {
        let moved = bytes as f64 * cpu.len() as f64 / GIB;
        text += &format!(", CPU {:.2} s/GiB", cpu.iter().sum::<Duration>().as_secs_f64() / moved.max(1e-9));
    }
    text
}

fn run(root: &Path) -> Result<(), String> {
    let scenarios = Scenario::from_env()?;
    let clients = Client::from_env()?;
    let runs = env_number("STRATUS_BENCH_RUNS", 3)?;
    let server = Server::find_or_start(root)?;
    let scratch = Scratch::create(root.join("build/bench-transfer"))?;
    let session = session(&server.key, &server.secret)?;
    let s3 =
        session.blocking_client("s3", &ClientOptions::with_endpoint_url(&server.url)).map_err(|e| e.to_string())?;
    let _ = s3.call("CreateBucket", json!({"Bucket": BUCKET}));
    let names: Vec<String> = scenarios.iter().map(|s| format!("{} ({})", s.name, s.describe())).collect();
    let ids: Vec<&str> = clients.iter().map(|c| c.id()).collect();
    line(&format!(
        "# s3s-fs at {}, {runs} runs, scenarios {}, clients {}",
        server.url,
        names.join(", "),
        ids.join(", ")
    ));
    let bench = Bench { root, server: &server, s3, dir: &scratch.0, clients, runs };
    let mut failed = 0;
    for (index, scenario) in (0u64..).zip(&scenarios) {
        failed += bench.scenario(scenario, index << 32)?;
    }
    let _ = bench.s3.call("DeleteBucket", json!({"Bucket": BUCKET}));
    if failed > 0 {
        return Err(format!("{failed} client run(s) failed"));
    }
    Ok(())
}

fn main() {
    if let Ok(kind) = std::env::var(CHILD_VAR) {
        if let Err(e) = child_main(&kind) {
            line(&format!("error {e}"));
            std::process::exit(1);
        }
        return;
    }
    preamble("transfer");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    if let Err(e) = run(&root) {
        line(&format!("transfer bench failed: {e}"));
        std::process::exit(1);
    }
}

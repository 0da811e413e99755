//! `stratus-fault-server`: the fault server as a process. See `--help`.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use stratus_fault_server::{FaultServer, Options, ParseOptions, Script, Step};

const HELP: &str = "\
stratus-fault-server: a scripted HTTP/1.1 server on 127.0.0.1 for retry and timeout tests

USAGE: stratus-fault-server [OPTIONS]

  --script LIST         steps for requests 1, 2, 3... (default: none, every request gets ok)
                        e.g. 500,503,slowdown,throttle,reset,ok  or  500*3,ok@1500
  --after STEP          step for every request past the script (default: ok)
  --ok-body TEXT        body of ok answers (default: empty)
  --ok-body-file PATH   body of ok answers, read from a file
  --ok-content-type T   Content-Type of ok answers (default: application/xml)
  --max-seconds N       stop after N seconds (default: 120)
  --max-requests N      stop after answering N scripted requests (default: 10000)
  --port-file PATH      also write the port number to PATH
  --quiet               no per-request line on stderr

Steps: ok | 500 (S3 InternalError) | 503, slowdown (S3 SlowDown) | throttle (400 JSON
ThrottlingException) | reset (close, no response) | NNN (bare status) | s3:STATUS:CODE |
json:STATUS:TYPE | query:STATUS:CODE | ec2:STATUS:CODE; suffix @MS delays, *N repeats.

Prints FAULT_URL=http://127.0.0.1:PORT on stdout once listening. Control endpoints:
GET /__log (JSON), POST /__script (body: LIST), POST /__reset, POST /__shutdown, GET /__health.
";

#[derive(Debug, Default)]
struct Args {
    script: String,
    after: Option<String>,
    parse: ParseOptions,
    max_seconds: Option<u64>,
    max_requests: Option<u64>,
    port_file: Option<String>,
    quiet: bool,
}

fn parse_args(mut argv: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut args = Args::default();
    while let Some(flag) = argv.next() {
        let mut value = |name: &str| argv.next().ok_or_else(|| format!("{name} needs a value"));
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--script" => args.script = value("--script")?,
            "--after" => args.after = Some(value("--after")?),
            "--ok-body" => args.parse.ok_body = value("--ok-body")?.into_bytes(),
            "--ok-body-file" => {
                let path = value("--ok-body-file")?;
                args.parse.ok_body = std::fs::read(&path).map_err(|e| format!("{path}: {e}"))?;
            }
            "--ok-content-type" => args.parse.ok_content_type = value("--ok-content-type")?,
            "--max-seconds" => {
                args.max_seconds = Some(value("--max-seconds")?.parse().map_err(|_| "--max-seconds: not a number")?);
            }
            "--max-requests" => {
                args.max_requests = Some(value("--max-requests")?.parse().map_err(|_| "--max-requests: not a number")?);
            }
            "--port-file" => args.port_file = Some(value("--port-file")?),
            "--quiet" => args.quiet = true,
            other => return Err(format!("unknown argument {other:?} (see --help)")),
        }
    }
    Ok(Some(args))
}

fn run(args: Args) -> Result<(), String> {
    let mut script = Script::parse_with(&args.script, &args.parse).map_err(|e| e.to_string())?;
    if let Some(after) = &args.after {
        let mut steps = Step::parse(after, &args.parse).map_err(|e| e.to_string())?;
        let step = steps.pop().ok_or("--after needs one step")?;
        script = script.then(step);
    }
    let defaults = Options::default();
    let options = Options {
        script,
        parse_options: args.parse,
        max_duration: args.max_seconds.map_or(defaults.max_duration, Duration::from_secs),
        max_requests: args.max_requests.unwrap_or(defaults.max_requests),
        verbose: !args.quiet,
    };
    let limits = (options.max_duration.as_secs(), options.max_requests);
    let server = FaultServer::start_with(options).map_err(|e| format!("cannot listen: {e}"))?;
    if let Some(path) = &args.port_file {
        std::fs::write(path, format!("{}\n", server.port())).map_err(|e| format!("{path}: {e}"))?;
    }
    let mut stdout = std::io::stdout();
    writeln!(stdout, "FAULT_URL={}", server.url()).and_then(|()| stdout.flush()).map_err(|e| e.to_string())?;
    eprintln!("fault-server: listening on {} (stops after {}s or {} requests)", server.addr(), limits.0, limits.1);
    server.wait();
    eprintln!("fault-server: stopped");
    Ok(())
}

fn main() -> ExitCode {
    match parse_args(std::env::args().skip(1)) {
        Ok(None) => {
            let _ = std::io::stdout().write_all(HELP.as_bytes());
            ExitCode::SUCCESS
        }
        Ok(Some(args)) => match run(args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("stratus-fault-server: {e}");
                ExitCode::from(2)
            }
        },
        Err(e) => {
            eprintln!("stratus-fault-server: {e}");
            ExitCode::from(2)
        }
    }
}

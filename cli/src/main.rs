//! `stratus`: the Stratus command line.
//!
//! ```text
//! stratus [global options] <service> <operation> [--<member> value ...]   any service in the models
//! stratus [global options] s3 <ls|mb|rb|rm|cp|presign> ...                 high-level S3 commands
//! stratus help | stratus <service> help | stratus <service> <operation> help
//! ```
//!
//! Module map: [`args`] global options and the command-line split; [`context`] the session
//! and client options; [`generic`] the model-driven command, with [`params`] (+
//! [`shorthand`], [`coerce`]) for its arguments, [`paginate`] for auto-pagination and
//! [`help`]; [`output`] JSON/text printing and `--query`; [`errors`] messages and exit
//! codes; [`s3`] the high-level S3 commands.

mod args;
mod coerce;
mod context;
mod errors;
mod generic;
mod help;
mod names;
mod output;
mod paginate;
mod params;
mod s3;
mod shorthand;

use std::process::ExitCode;

use crate::args::Invocation;
use crate::context::Context;
use crate::errors::CliError;
use crate::output::{write_stdout, Printer};

fn main() -> ExitCode {
    match run(std::env::args_os().skip(1)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => errors::report(&error),
    }
}

/// Runs one command line (without the program name).
fn run(args: impl IntoIterator<Item = std::ffi::OsString>) -> Result<(), CliError> {
    let Invocation { globals, words } = args::split(args::to_strings(args)?)?;
    if globals.version {
        write_stdout(&format!("stratus {}\n", env!("CARGO_PKG_VERSION")));
        return Ok(());
    }
    if globals.debug {
        init_debug_logging();
    }
    let Some(service) = words.first() else {
        write_stdout(&help::top());
        return Ok(());
    };
    if matches!(service.as_str(), "help" | "--help" | "-h") {
        write_stdout(&help::top());
        return Ok(());
    }
    let printer = Printer::new(&globals)?;
    let ctx = Context::new(globals)?;
    let rest = &words[1..];
    match rest.first() {
        Some(command) if service == "s3" && s3::is_command(command) => s3::run(&ctx, &rest[0], &rest[1..]),
        _ => generic::run(&ctx, &printer, service, rest),
    }
}

/// `--debug`: the SDK's tracing events (requests, statuses, request ids, retries,
/// timings; never credentials) at debug level on stderr.
fn init_debug_logging() {
    let _ = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
    tracing::debug!(version = env!("CARGO_PKG_VERSION"), "stratus");
}

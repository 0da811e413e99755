//! `stratus s3 presign s3://bucket/key [--expires-in SECONDS]`: a presigned GET URL.

use std::time::Duration;

use clap::Parser;
use serde_json::json;

use super::{parse_args, S3Uri};
use crate::context::Context;
use crate::errors::CliError;
use crate::output::write_stdout;

/// The longest validity SigV4 allows: seven days.
const MAX_EXPIRES_IN: u64 = 7 * 24 * 3600;

/// `s3 presign` options.
#[derive(Debug, Parser)]
#[command(name = "stratus s3 presign", no_binary_name = true, about = "Print a presigned URL to GET an object.")]
struct PresignArgs {
    /// s3://bucket/key
    path: String,
    /// Seconds the URL stays valid (1 to 604800).
    #[arg(long, default_value_t = 3600, value_parser = clap::value_parser!(u64).range(1..=MAX_EXPIRES_IN))]
    expires_in: u64,
}

/// Runs `s3 presign`.
pub fn run(ctx: &Context, words: &[String]) -> Result<(), CliError> {
    const OP: &str = "GetObject";
    let Some(args) = parse_args::<PresignArgs>(words)? else { return Ok(()) };
    let uri = S3Uri::parse_required(&args.path)?;
    if uri.key.is_empty() {
        return Err(CliError::usage("s3 presign needs an object: s3://bucket/key"));
    }
    let client = ctx.client("s3")?;
    let url = client
        .presign(OP, json!({"Bucket": uri.bucket, "Key": uri.key}), Duration::from_secs(args.expires_in))
        .map_err(|e| CliError::sdk(OP, e))?;
    write_stdout(&format!("{url}\n"));
    Ok(())
}

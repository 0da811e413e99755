//! `stratus s3 rm s3://bucket/key [--recursive] [--dryrun]`.

use clap::Parser;
use serde_json::{json, Value};

use super::{all_objects, parse_args, S3Uri};
use crate::context::Context;
use crate::errors::CliError;
use crate::output::write_stdout;

/// DeleteObjects takes at most this many keys per call.
const DELETE_BATCH: usize = 1000;

/// `s3 rm` options.
#[derive(Debug, Parser)]
#[command(name = "stratus s3 rm", no_binary_name = true, about = "Delete an object, or every object under a prefix.")]
struct RmArgs {
    /// s3://bucket/key (with --recursive: s3://bucket[/prefix])
    path: String,
    /// Delete every object under the prefix.
    #[arg(long)]
    recursive: bool,
    /// Print what would be deleted without deleting it.
    #[arg(long)]
    dryrun: bool,
}

/// Runs `s3 rm`.
pub fn run(ctx: &Context, words: &[String]) -> Result<(), CliError> {
    const OP: &str = "DeleteObject";
    let Some(args) = parse_args::<RmArgs>(words)? else { return Ok(()) };
    let uri = S3Uri::parse_required(&args.path)?;
    let client = ctx.client("s3")?;
    if args.recursive {
        return remove_prefix(&client, &uri, args.dryrun);
    }
    if uri.key.is_empty() {
        return Err(CliError::usage("s3 rm needs a key (s3://bucket/key), or --recursive for a whole bucket"));
    }
    if !args.dryrun {
        client.call(OP, json!({"Bucket": uri.bucket, "Key": uri.key})).map_err(|e| CliError::sdk(OP, e))?;
    }
    write_stdout(&format!("{}delete: {uri}\n", dry(args.dryrun)));
    Ok(())
}

fn dry(dryrun: bool) -> &'static str {
    if dryrun {
        "(dryrun) "
    } else {
        ""
    }
}

/// Deletes every object under `uri`'s key (a prefix), a thousand per DeleteObjects call;
/// prints one `delete:` line per object. Fails if the service refused any key.
pub fn remove_prefix(client: &stratus::blocking::Client, uri: &S3Uri, dryrun: bool) -> Result<(), CliError> {
    const OP: &str = "DeleteObjects";
    let objects = all_objects(client, &uri.bucket, &uri.key)?;
    for batch in objects.chunks(DELETE_BATCH) {
        if !dryrun {
            let keys: Vec<Value> = batch.iter().map(|o| json!({"Key": o.key})).collect();
            let input = json!({"Bucket": uri.bucket, "Delete": {"Objects": keys, "Quiet": true}});
            let output = client.call(OP, input).map_err(|e| CliError::sdk(OP, e))?;
            check_errors(&output)?;
        }
        let lines: String =
            batch.iter().map(|o| format!("{}delete: {}\n", dry(dryrun), uri.with_key(o.key.clone()))).collect();
        write_stdout(&lines);
    }
    Ok(())
}

/// The per-key failures of a DeleteObjects answer, as one error.
fn check_errors(output: &Value) -> Result<(), CliError> {
    let Some(errors) = output.get("Errors").and_then(Value::as_array).filter(|e| !e.is_empty()) else { return Ok(()) };
    let field = |e: &Value, name: &str| e.get(name).and_then(Value::as_str).unwrap_or_default().to_owned();
    let lines: Vec<String> = errors
        .iter()
        .map(|e| format!("delete failed: {} ({}: {})", field(e, "Key"), field(e, "Code"), field(e, "Message")))
        .collect();
    Err(CliError::local(lines.join("\n")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delete_objects_errors_are_reported_per_key() {
        assert!(check_errors(&json!({"Deleted": []})).is_ok());
        let err = check_errors(&json!({"Errors": [{"Key": "k", "Code": "AccessDenied", "Message": "no"}]}));
        assert!(matches!(err, Err(CliError::Local(m)) if m == "delete failed: k (AccessDenied: no)"));
    }
}

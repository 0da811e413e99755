//! `stratus s3 mb s3://bucket` and `stratus s3 rb s3://bucket [--force]`.

use clap::Parser;
use serde_json::json;

use super::{parse_args, rm, S3Uri};
use crate::context::Context;
use crate::errors::CliError;
use crate::output::write_stdout;

/// `s3 mb` options.
#[derive(Debug, Parser)]
#[command(name = "stratus s3 mb", no_binary_name = true, about = "Make a bucket (in --region, default us-east-1).")]
struct MbArgs {
    /// s3://bucket
    path: String,
}

/// `s3 rb` options.
#[derive(Debug, Parser)]
#[command(name = "stratus s3 rb", no_binary_name = true, about = "Remove an empty bucket.")]
struct RbArgs {
    /// s3://bucket
    path: String,
    /// Delete every object in the bucket first.
    #[arg(long)]
    force: bool,
}

/// The bucket of an `s3://bucket` path given to `mb`/`rb`, which take no key.
fn bucket_only(path: &str) -> Result<String, CliError> {
    let uri = S3Uri::parse_required(path)?;
    if !uri.key.is_empty() {
        return Err(CliError::usage(format!("'{path}' names an object: give a bucket only (s3://bucket)")));
    }
    Ok(uri.bucket)
}

/// Runs `s3 mb`: CreateBucket, with a location constraint outside us-east-1.
pub fn make_bucket(ctx: &Context, words: &[String]) -> Result<(), CliError> {
    const OP: &str = "CreateBucket";
    let Some(args) = parse_args::<MbArgs>(words)? else { return Ok(()) };
    let bucket = bucket_only(&args.path)?;
    let client = ctx.client("s3")?;
    let mut input = json!({"Bucket": bucket});
    if let Some(region) = ctx.region().filter(|r| r != "us-east-1") {
        input["CreateBucketConfiguration"] = json!({"LocationConstraint": region});
    }
    client.call(OP, input).map_err(|e| CliError::sdk(OP, e))?;
    write_stdout(&format!("make_bucket: {bucket}\n"));
    Ok(())
}

/// Runs `s3 rb`: DeleteBucket, after deleting the objects with `--force`.
pub fn remove_bucket(ctx: &Context, words: &[String]) -> Result<(), CliError> {
    const OP: &str = "DeleteBucket";
    let Some(args) = parse_args::<RbArgs>(words)? else { return Ok(()) };
    let bucket = bucket_only(&args.path)?;
    let client = ctx.client("s3")?;
    if args.force {
        let uri = S3Uri { bucket: bucket.clone(), key: String::new() };
        rm::remove_prefix(&client, &uri, false)?;
    }
    client.call(OP, json!({"Bucket": bucket})).map_err(|e| CliError::sdk(OP, e))?;
    write_stdout(&format!("remove_bucket: {bucket}\n"));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mb_and_rb_take_a_bucket_only() {
        assert_eq!(bucket_only("s3://b").ok().as_deref(), Some("b"));
        assert_eq!(bucket_only("s3://b/").ok().as_deref(), Some("b"));
        assert!(bucket_only("s3://b/key").is_err());
        assert!(bucket_only("b").is_err());
    }
}

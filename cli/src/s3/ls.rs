//! `stratus s3 ls [s3://bucket[/prefix]] [--recursive] [--human-readable] [--summarize]`:
//! buckets, or the objects and "folders" under a prefix, in aws-cli's layout.

use clap::Parser;
use serde_json::{json, Value};

use super::{human_size, list_objects, listing_date, parse_args, ObjectEntry, S3Uri};
use crate::context::Context;
use crate::errors::CliError;
use crate::output::write_stdout;

/// `s3 ls` options.
#[derive(Debug, Parser)]
#[command(name = "stratus s3 ls", no_binary_name = true, about = "List buckets, or objects under a prefix.")]
struct LsArgs {
    /// s3://bucket[/prefix]; without it, the buckets are listed.
    path: Option<String>,
    /// List every object under the prefix instead of one level.
    #[arg(long)]
    recursive: bool,
    /// Sizes in KiB, MiB, GiB...
    #[arg(long)]
    human_readable: bool,
    /// Print the number of objects and their total size at the end.
    #[arg(long)]
    summarize: bool,
}

/// Runs `s3 ls`.
pub fn run(ctx: &Context, words: &[String]) -> Result<(), CliError> {
    let Some(args) = parse_args::<LsArgs>(words)? else { return Ok(()) };
    let client = ctx.client("s3")?;
    let Some(path) = &args.path else { return list_buckets(&client) };
    let uri = S3Uri::parse_required(path)?;
    // One level: the listing is relative to the prefix's "folder" (the part up to its last `/`).
    let base_len = if args.recursive { 0 } else { uri.key.rfind('/').map_or(0, |i| i + 1) };
    let delimiter = (!args.recursive).then_some("/");
    let (mut count, mut total) = (0u64, 0u64);
    list_objects(&client, &uri.bucket, &uri.key, delimiter, |page| {
        let mut out = String::new();
        for prefix in &page.prefixes {
            out.push_str(&format!("{:>30} {}\n", "PRE", &prefix[base_len.min(prefix.len())..]));
        }
        for object in &page.objects {
            count += 1;
            total += object.size;
            out.push_str(&object_line(object, base_len, args.human_readable));
        }
        write_stdout(&out);
        Ok(())
    })?;
    if args.summarize {
        let size = if args.human_readable { human_size(total) } else { total.to_string() };
        write_stdout(&format!("\nTotal Objects: {count}\n   Total Size: {size}\n"));
    }
    Ok(())
}

/// `2024-05-01 10:20:30      12345 key`.
fn object_line(object: &ObjectEntry, base_len: usize, human: bool) -> String {
    let size = if human { human_size(object.size) } else { object.size.to_string() };
    let name = &object.key[base_len.min(object.key.len())..];
    format!("{} {size:>10} {name}\n", listing_date(&object.last_modified))
}

fn list_buckets(client: &stratus::blocking::Client) -> Result<(), CliError> {
    const OP: &str = "ListBuckets";
    let output = client.call(OP, json!({})).map_err(|e| CliError::sdk(OP, e))?;
    let buckets = output.get("Buckets").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    let mut out = String::new();
    for bucket in buckets {
        let name = bucket.get("Name").and_then(Value::as_str).unwrap_or_default();
        let date = bucket.get("CreationDate").and_then(Value::as_str).unwrap_or_default();
        out.push_str(&format!("{} {name}\n", listing_date(date)));
    }
    write_stdout(&out);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_lines_are_relative_to_the_listed_folder() {
        let object =
            ObjectEntry { key: "photos/2024/a.jpg".into(), size: 2048, last_modified: "2024-05-01T10:20:30Z".into() };
        assert_eq!(object_line(&object, 7, false), "2024-05-01 10:20:30       2048 2024/a.jpg\n");
        assert_eq!(object_line(&object, 0, true), "2024-05-01 10:20:30    2.0 KiB photos/2024/a.jpg\n");
    }
}

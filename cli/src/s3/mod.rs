//! High-level S3 commands, as aws-cli's `aws s3`: `ls`, `mb`, `rb`, `rm`, `cp`, `presign`.
//! Each command's options are a small clap parser; the calls go through the same blocking
//! client as the generic commands (`stratus s3 list-objects-v2 ...`).

mod cp;
mod location;
mod ls;
mod mb_rb;
mod presign;
mod progress;
mod rm;
mod transfer;

use clap::Parser;
use serde_json::{json, Value};
use stratus::blocking::Client;
use stratus::PaginationConfig;

use crate::context::Context;
use crate::errors::CliError;
use crate::output::write_stdout;

pub use location::S3Uri;

/// The high-level command names.
const COMMANDS: &[&str] = &["ls", "mb", "rb", "rm", "cp", "presign"];

/// True when `word` names a high-level command (rather than an S3 operation).
pub fn is_command(word: &str) -> bool {
    COMMANDS.contains(&word)
}

/// Runs `stratus s3 <command> <words...>`.
pub fn run(ctx: &Context, command: &str, words: &[String]) -> Result<(), CliError> {
    match command {
        "ls" => ls::run(ctx, words),
        "mb" => mb_rb::make_bucket(ctx, words),
        "rb" => mb_rb::remove_bucket(ctx, words),
        "rm" => rm::run(ctx, words),
        "cp" => cp::run(ctx, words),
        "presign" => presign::run(ctx, words),
        other => Err(CliError::usage(format!("unknown s3 command '{other}'"))),
    }
}

/// Parses a command's words with clap; `None` when help was asked for (and printed).
pub(crate) fn parse_args<T: Parser>(words: &[String]) -> Result<Option<T>, CliError> {
    match T::try_parse_from(words) {
        Ok(args) => Ok(Some(args)),
        Err(e) if matches!(e.kind(), clap::error::ErrorKind::DisplayHelp) => {
            write_stdout(&e.to_string());
            Ok(None)
        }
        Err(e) => Err(CliError::usage(e.to_string().trim_end())),
    }
}

/// One object from a listing.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectEntry {
    pub key: String,
    pub size: u64,
    /// `LastModified` as the SDK gives it (RFC 3339).
    pub last_modified: String,
}

impl ObjectEntry {
    fn from_document(item: &Value) -> Option<Self> {
        Some(Self {
            key: item.get("Key")?.as_str()?.to_owned(),
            size: item.get("Size").and_then(Value::as_u64).unwrap_or(0),
            last_modified: item.get("LastModified").and_then(Value::as_str).unwrap_or_default().to_owned(),
        })
    }
}

/// One page of a listing: objects and (with a delimiter) common prefixes.
#[derive(Debug, Clone, Default)]
pub struct ListingPage {
    pub objects: Vec<ObjectEntry>,
    pub prefixes: Vec<String>,
}

/// Lists `bucket` under `prefix` with ListObjectsV2, every page, handing each to
/// `on_page` as it arrives.
pub fn list_objects(
    client: &Client,
    bucket: &str,
    prefix: &str,
    delimiter: Option<&str>,
    mut on_page: impl FnMut(ListingPage) -> Result<(), CliError>,
) -> Result<(), CliError> {
    const OP: &str = "ListObjectsV2";
    let mut input = json!({"Bucket": bucket, "Prefix": prefix});
    if let (Some(d), Value::Object(map)) = (delimiter, &mut input) {
        map.insert("Delimiter".into(), Value::String(d.to_owned()));
    }
    let pages = client.paginate(OP, input, PaginationConfig::default()).map_err(|e| CliError::sdk(OP, e))?;
    for page in pages {
        let page = page.map_err(|e| CliError::sdk(OP, e))?;
        let objects = page.get("Contents").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
        let prefixes = page.get("CommonPrefixes").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
        on_page(ListingPage {
            objects: objects.iter().filter_map(ObjectEntry::from_document).collect(),
            prefixes: prefixes.iter().filter_map(|p| p.get("Prefix")?.as_str().map(str::to_owned)).collect(),
        })?;
    }
    Ok(())
}

/// Every object under `prefix` (no delimiter).
pub fn all_objects(client: &Client, bucket: &str, prefix: &str) -> Result<Vec<ObjectEntry>, CliError> {
    let mut all = Vec::new();
    list_objects(client, bucket, prefix, None, |page| {
        all.extend(page.objects);
        Ok(())
    })?;
    Ok(all)
}

/// A byte count for people: `512 Bytes`, `1.5 KiB`, `12.0 MiB`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
    if bytes < 1024 {
        return format!("{bytes} Bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// `2024-05-01T10:20:30.000Z` as `2024-05-01 10:20:30` (UTC); other text unchanged.
pub fn listing_date(rfc3339: &str) -> String {
    use time::format_description::well_known::Rfc3339;
    let Ok(at) = time::OffsetDateTime::parse(rfc3339, &Rfc3339) else { return rfc3339.to_owned() };
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_dates_for_people() {
        assert_eq!(human_size(512), "512 Bytes");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(12 * 1024 * 1024), "12.0 MiB");
        assert_eq!(listing_date("2024-05-01T10:20:30.000Z"), "2024-05-01 10:20:30");
        assert_eq!(listing_date("not a date"), "not a date");
    }

    #[test]
    fn listing_entries_from_documents() {
        let item = json!({"Key": "a/b.txt", "Size": 3, "LastModified": "2024-05-01T10:20:30Z"});
        let entry = ObjectEntry::from_document(&item);
        assert_eq!(entry.map(|e| (e.key, e.size)), Some(("a/b.txt".to_owned(), 3)));
    }
}

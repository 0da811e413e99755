//! `s3://bucket/key` paths and local paths, as the high-level commands take them.

use std::fmt;
use std::path::PathBuf;

use crate::errors::CliError;

/// A bucket and a key (or key prefix; empty for the whole bucket).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Uri {
    pub bucket: String,
    pub key: String,
}

impl S3Uri {
    /// Parses `s3://bucket[/key]`; `None` when `text` is not an `s3://` path.
    pub fn parse(text: &str) -> Option<Self> {
        let rest = text.strip_prefix("s3://")?;
        let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
        Some(Self { bucket: bucket.to_owned(), key: key.to_owned() })
    }

    /// Parses an `s3://` path that must name a bucket.
    pub fn parse_required(text: &str) -> Result<Self, CliError> {
        match Self::parse(text) {
            Some(uri) if !uri.bucket.is_empty() => Ok(uri),
            _ => Err(CliError::usage(format!("'{text}' is not an S3 path: expected s3://bucket[/key]"))),
        }
    }

    /// The same bucket with another key.
    pub fn with_key(&self, key: impl Into<String>) -> Self {
        Self { bucket: self.bucket.clone(), key: key.into() }
    }

    /// True when the key designates a "folder": empty or ending in `/`.
    pub fn is_prefix(&self) -> bool {
        self.key.is_empty() || self.key.ends_with('/')
    }

    /// The last path segment of the key.
    pub fn file_name(&self) -> &str {
        self.key.rsplit('/').next().unwrap_or(&self.key)
    }
}

impl fmt::Display for S3Uri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "s3://{}/{}", self.bucket, self.key)
    }
}

/// Either end of a copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Local(PathBuf),
    S3(S3Uri),
    /// `-`: standard input as a source, standard output as a destination.
    Stdio,
}

impl Location {
    /// `s3://...` is S3, `-` the standard streams, anything else a local path.
    pub fn parse(text: &str) -> Result<Self, CliError> {
        if text == "-" {
            return Ok(Self::Stdio);
        }
        if text.starts_with("s3://") {
            return S3Uri::parse_required(text).map(Self::S3);
        }
        Ok(Self::Local(PathBuf::from(text)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_buckets_keys_and_prefixes() {
        let uri = S3Uri::parse("s3://b/dir/file.txt");
        assert_eq!(
            uri.as_ref().map(|u| (u.bucket.as_str(), u.key.as_str(), u.file_name())),
            Some(("b", "dir/file.txt", "file.txt"))
        );
        let bucket = S3Uri::parse("s3://b");
        assert_eq!(bucket.as_ref().map(S3Uri::is_prefix), Some(true));
        assert!(S3Uri::parse("/tmp/x").is_none());
        assert!(S3Uri::parse_required("s3://").is_err());
        assert_eq!(Location::parse("./f").ok(), Some(Location::Local(PathBuf::from("./f"))));
        assert_eq!(Location::parse("-").ok(), Some(Location::Stdio));
    }
}

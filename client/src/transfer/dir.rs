//! Downloading a prefix into a directory: listing the keys and mapping each to a path that
//! stays inside the directory.

use std::path::{Component, Path, PathBuf};

use serde_json::json;
use stratus_core::transfer::{relative_key_path, ObjectRef, TransferError};
use stratus_core::transport::Transport;
use stratus_core::Document;

use crate::Client;

/// The local path for `key` (listed under `prefix`) inside `dir`, or
/// [`TransferError::UnsafeKey`] when the key would leave it: `..` segments, backslashes,
/// NUL bytes, a key naming the directory itself, and on Windows `:` (drives, streams).
/// The prefix is removed from the key first, as `aws s3 cp --recursive` does; empty and
/// `.` segments are dropped.
///
/// ```
/// use std::path::Path;
/// let path = stratus::transfer::safe_join(Path::new("out"), "logs/2024/a.txt", "logs/").unwrap();
/// assert_eq!(path, Path::new("out/2024/a.txt"));
/// assert!(stratus::transfer::safe_join(Path::new("out"), "logs/../../etc/passwd", "logs/").is_err());
/// ```
pub fn safe_join(dir: &Path, key: &str, prefix: &str) -> Result<PathBuf, TransferError> {
    let segments = relative_key_path(key, prefix)?;
    let unsafe_key = |reason| TransferError::UnsafeKey { key: key.to_owned(), reason };
    if cfg!(windows) && segments.iter().any(|s| s.contains(':')) {
        return Err(unsafe_key("it contains ':', a drive or stream separator on Windows"));
    }
    let mut path = dir.to_owned();
    for segment in segments {
        let mut parts = Path::new(segment).components();
        match (parts.next(), parts.next()) {
            (Some(Component::Normal(_)), None) => path.push(segment),
            _ => return Err(unsafe_key("a segment is not a plain file name on this system")),
        }
    }
    if !path.starts_with(dir) {
        return Err(unsafe_key("it would leave the target directory"));
    }
    Ok(path)
}

/// Every key under `prefix` in `bucket` (all pages of `ListObjectsV2`).
pub(crate) async fn list_keys<T: Transport>(
    client: &Client<T>,
    bucket: &str,
    prefix: &str,
) -> Result<Vec<String>, TransferError> {
    let mut keys = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut input = json!({"Bucket": bucket, "Prefix": prefix});
        if let (Some(token), Some(map)) = (&token, input.as_object_mut()) {
            map.insert("ContinuationToken".into(), Document::String(token.clone()));
        }
        let page = client.call("ListObjectsV2", input).await.map_err(|source| TransferError::DownloadFailed {
            object: ObjectRef::new(bucket, prefix),
            operation: "ListObjectsV2",
            source,
        })?;
        let contents = page.get("Contents").and_then(Document::as_array).map(Vec::as_slice).unwrap_or_default();
        keys.extend(contents.iter().filter_map(|o| o.get("Key").and_then(Document::as_str)).map(str::to_owned));
        token = page.get("NextContinuationToken").and_then(Document::as_str).map(str::to_owned);
        let truncated = page.get("IsTruncated").and_then(Document::as_bool).unwrap_or(false);
        if !truncated || token.is_none() {
            return Ok(keys);
        }
    }
}

/// The files to write for `keys`: keys ending in `/` (folder markers) are skipped; any
/// unsafe key fails the whole download before anything is written.
pub(crate) fn targets(dir: &Path, keys: Vec<String>, prefix: &str) -> Result<Vec<(String, PathBuf)>, TransferError> {
    keys.into_iter()
        .filter(|key| !key.ends_with('/'))
        .map(|key| safe_join(dir, &key, prefix).map(|path| (key, path)))
        .collect()
}

/// Creates the parent folders of `path`.
pub(crate) fn create_parent(path: &Path, object: &ObjectRef) -> Result<(), TransferError> {
    match path.parent() {
        Some(parent) => std::fs::create_dir_all(parent).map_err(|e| super::flows::io_error(object, Some(parent), e)),
        None => Ok(()),
    }
}

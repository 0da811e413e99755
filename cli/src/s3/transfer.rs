//! The seam between `s3 cp` and the code that moves the bytes: upload a file, download
//! an object, copy an object, each reporting progress as bytes done.

use std::path::Path;

use serde_json::{json, Value};
use stratus::blocking::Client;
use stratus::CallOptions;

use super::progress::ProgressBar;
use super::S3Uri;
use crate::errors::CliError;

/// Moves bytes between files and S3 for `s3 cp`.
pub trait Transfers {
    /// Uploads `file` to `to`.
    fn upload(&self, file: &Path, to: &S3Uri, progress: &mut ProgressBar) -> Result<(), CliError>;
    /// Downloads `from` into `file` (created or replaced).
    fn download(&self, from: &S3Uri, file: &Path, progress: &mut ProgressBar) -> Result<(), CliError>;
    /// Copies `from` to `to` inside S3.
    fn copy(&self, from: &S3Uri, to: &S3Uri, progress: &mut ProgressBar) -> Result<(), CliError>;
}

/// Single-request transfers: PutObject, GetObject and CopyObject with the whole body in
/// memory.
#[derive(Debug)]
pub struct SimpleTransfers<'c> {
    pub client: &'c Client,
}

impl Transfers for SimpleTransfers<'_> {
    fn upload(&self, file: &Path, to: &S3Uri, progress: &mut ProgressBar) -> Result<(), CliError> {
        const OP: &str = "PutObject";
        let body = std::fs::read(file).map_err(|e| CliError::local(format!("cannot read {}: {e}", file.display())))?;
        progress.set_total(body.len() as u64);
        progress.set(0);
        let options = CallOptions { payload: Some(&body), raw_output: false };
        self.client
            .call_with(OP, json!({"Bucket": to.bucket, "Key": to.key}), options)
            .map_err(|e| CliError::sdk(OP, e))?;
        progress.set(body.len() as u64);
        Ok(())
    }

    fn download(&self, from: &S3Uri, file: &Path, progress: &mut ProgressBar) -> Result<(), CliError> {
        const OP: &str = "GetObject";
        progress.set(0);
        let options = CallOptions { payload: None, raw_output: true };
        let output = self
            .client
            .call_with(OP, json!({"Bucket": from.bucket, "Key": from.key}), options)
            .map_err(|e| CliError::sdk(OP, e))?;
        let body = output.payload.unwrap_or_default();
        progress.set_total(body.len() as u64);
        std::fs::write(file, &body).map_err(|e| CliError::local(format!("cannot write {}: {e}", file.display())))?;
        progress.set(body.len() as u64);
        Ok(())
    }

    fn copy(&self, from: &S3Uri, to: &S3Uri, progress: &mut ProgressBar) -> Result<(), CliError> {
        const OP: &str = "CopyObject";
        let source = format!("{}/{}", from.bucket, encode_key(&from.key));
        let output = self
            .client
            .call(OP, json!({"Bucket": to.bucket, "Key": to.key, "CopySource": source}))
            .map_err(|e| CliError::sdk(OP, e))?;
        let size = output.pointer("/CopyObjectResult/Size").and_then(Value::as_u64).unwrap_or(0);
        progress.set(size);
        Ok(())
    }
}

/// Percent-encodes a key for `CopySource`, keeping `/` and RFC 3986's unreserved
/// characters.
pub fn encode_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for byte in key.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(byte as char),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_source_keys_are_percent_encoded() {
        assert_eq!(encode_key("dir/a b+c~ü.txt"), "dir/a%20b%2Bc~%C3%BC.txt");
    }
}

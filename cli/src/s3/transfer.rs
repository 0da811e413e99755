//! Moving the bytes of `s3 cp`: the client's managed transfers (`upload_file` and
//! `download_file`: multipart at and above the 8 MiB threshold, parts on a thread pool,
//! failed multipart uploads aborted, downloads written to a temporary file and renamed
//! once complete), with their progress callback driving the progress bar.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use serde_json::json;
use stratus::blocking::Client;
use stratus::transfer::{CopySource, TransferConfig, TransferError, TransferOptions};
use stratus::Error;

use super::progress::ProgressBar;
use super::S3Uri;
use crate::errors::CliError;

/// Runs `s3 cp` transfers over one client.
#[derive(Debug)]
pub struct Transfers<'c> {
    pub client: &'c Client,
    pub config: TransferConfig,
}

impl Transfers<'_> {
    /// Uploads `file` to `to`.
    pub fn upload(&self, file: &Path, to: &S3Uri, bar: &mut ProgressBar) -> Result<(), TransferError> {
        with_progress(bar, |options| {
            let options = self.options(options);
            self.client.upload_file(file, &to.bucket, &to.key, &options).map(drop)
        })
    }

    /// Downloads `from` into `file` (replaced only once every byte arrived).
    pub fn download(&self, from: &S3Uri, file: &Path, bar: &mut ProgressBar) -> Result<(), TransferError> {
        with_progress(bar, |options| {
            let options = self.options(options);
            self.client.download_file(&from.bucket, &from.key, file, &options).map(drop)
        })
    }

    /// Uploads standard input to `to`, read in order one part at a time.
    pub fn upload_stdin(&self, to: &S3Uri, bar: &mut ProgressBar) -> Result<(), TransferError> {
        with_progress(bar, |options| {
            let options = self.options(options);
            self.client.upload_fileobj(std::io::stdin(), &to.bucket, &to.key, &options).map(drop)
        })
    }

    /// Writes `from` to standard output, strictly in order.
    pub fn download_stdout(&self, from: &S3Uri, bar: &mut ProgressBar) -> Result<(), TransferError> {
        with_progress(bar, |options| {
            let options = self.options(options);
            self.client.download_fileobj(&from.bucket, &from.key, std::io::stdout(), &options).map(drop)
        })
    }

    /// Copies `from` to `to` inside S3 with the transfer manager: one CopyObject below the
    /// multipart threshold, UploadPartCopy ranges above it (so objects over 5 GiB copy too).
    ///
    /// `ChecksumAlgorithm` gives the copy a CRC32 computed by S3: moto otherwise copies a
    /// multipart source's composite checksum as if it covered the whole object, and
    /// verifying downloads of the copy then fail.
    pub fn copy(&self, from: &S3Uri, to: &S3Uri, bar: &mut ProgressBar) -> Result<(), TransferError> {
        with_progress(bar, |progress| {
            let mut options = self.options(progress);
            options.extra_args = json!({"ChecksumAlgorithm": "CRC32"});
            let source = CopySource::new(from.bucket.clone(), from.key.clone());
            self.client.copy(&source, &to.bucket, &to.key, &options).map(drop)
        })
    }

    /// The size of an object (HeadObject), for the progress bar; `None` when it cannot
    /// be read (the transfer itself then reports why).
    pub fn object_size(&self, object: &S3Uri) -> Option<u64> {
        let head = self.client.call("HeadObject", json!({"Bucket": object.bucket, "Key": object.key})).ok()?;
        head.get("ContentLength")?.as_u64()
    }

    fn options<'p>(&self, progress: &'p (dyn Fn(u64) + Sync)) -> TransferOptions<'p> {
        TransferOptions { config: self.config, extra_args: serde_json::Value::Null, progress: Some(progress) }
    }
}

/// Runs `transfer` with a progress callback that adds up the bytes reported (from any
/// thread) and updates `bar`.
fn with_progress<T>(bar: &mut ProgressBar, transfer: impl FnOnce(&(dyn Fn(u64) + Sync)) -> T) -> T {
    let done = AtomicU64::new(0);
    let bar = Mutex::new(bar);
    let callback = |bytes: u64| {
        let total = done.fetch_add(bytes, Ordering::Relaxed) + bytes;
        if let Ok(mut bar) = bar.lock() {
            bar.set(total);
        }
    };
    transfer(&callback)
}

/// A failed transfer as aws-cli reports it: `upload failed: SRC to DST` followed by the
/// service's `An error occurred (Code) when calling the Op operation: message`, or the
/// local cause. Exit code 1, as aws-cli's `s3 cp`.
pub fn transfer_failure(description: &str, error: &TransferError) -> CliError {
    let (verb, rest) = description.split_once(": ").unwrap_or(("transfer", description));
    let service = match error {
        TransferError::UploadFailed { operation, source: Error::Service(e), abort, .. }
        | TransferError::CopyFailed { operation, source: Error::Service(e), abort, .. }
        | TransferError::RetriesExceeded { operation, source: Error::Service(e), abort, .. } => {
            Some((operation, e, abort.to_string()))
        }
        TransferError::DownloadFailed { operation, source: Error::Service(e), .. } => {
            Some((operation, e, String::new()))
        }
        _ => None,
    };
    let message = match service {
        Some((operation, e, abort)) => {
            let text = if e.message.is_empty() { "Unknown" } else { e.message.as_str() };
            format!(
                "{verb} failed: {rest} An error occurred ({}) when calling the {operation} operation: {text}{abort}",
                e.code
            )
        }
        None => format!("{verb} failed: {rest}: {error}"),
    };
    CliError::local(message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use stratus::transfer::{AbortOutcome, ObjectRef};
    use stratus::ServiceError;

    #[test]
    fn failures_are_reported_as_aws_cli_does() {
        let error = TransferError::UploadFailed {
            object: ObjectRef::new("b", "k"),
            operation: "CreateMultipartUpload",
            source: Error::Service(ServiceError {
                code: "NoSuchBucket".into(),
                message: "gone".into(),
                ..Default::default()
            }),
            abort: AbortOutcome::NotNeeded,
        };
        let cli = transfer_failure("upload: f to s3://b/k", &error);
        assert_eq!(cli.exit_code(), 1);
        assert_eq!(
            cli.message(),
            "upload failed: f to s3://b/k An error occurred (NoSuchBucket) when calling the CreateMultipartUpload operation: gone"
        );
    }
}

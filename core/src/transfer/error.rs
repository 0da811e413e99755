//! Transfer errors: s3transfer's `S3UploadFailedError`, `RetriesExceededError`... as one
//! documented enum, each variant naming the object and carrying the underlying error.

use std::fmt;

use crate::checksum::ChecksumAlgorithm;
use crate::Error;

use super::config::TransferConfigError;

/// The S3 object a transfer writes or reads (`s3://bucket/key` in messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectRef {
    pub bucket: String,
    pub key: String,
}

impl ObjectRef {
    /// The object `key` in `bucket`.
    pub fn new(bucket: impl Into<String>, key: impl Into<String>) -> Self {
        Self { bucket: bucket.into(), key: key.into() }
    }
}

impl fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "s3://{}/{}", self.bucket, self.key)
    }
}

/// What happened to the multipart upload of a failed upload or copy.
#[derive(Debug, Clone, PartialEq)]
pub enum AbortOutcome {
    /// No multipart upload was started: nothing to clean up.
    NotNeeded,
    /// The multipart upload was aborted: S3 keeps none of its parts.
    Aborted { upload_id: String },
    /// Aborting failed: the upload may remain (list it with `ListMultipartUploads`).
    Failed { upload_id: String, error: Box<Error> },
}

impl fmt::Display for AbortOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotNeeded => Ok(()),
            Self::Aborted { upload_id } => write!(f, "; multipart upload {upload_id} was aborted"),
            Self::Failed { upload_id, error } => {
                write!(f, "; aborting multipart upload {upload_id} also failed ({error}): it may remain")
            }
        }
    }
}

/// Why a transfer failed. Every variant about an object names it; `Display` gives the
/// object, the failed operation and the cause.
#[derive(Debug)]
#[non_exhaustive]
pub enum TransferError {
    /// boto3's `S3UploadFailedError`: a call of an upload failed.
    UploadFailed { object: ObjectRef, operation: &'static str, source: Error, abort: AbortOutcome },
    /// A call of a download failed (a missing key: `HeadObject` with code `404`).
    DownloadFailed { object: ObjectRef, operation: &'static str, source: Error },
    /// boto3's `S3CopyFailedError`: a call of a copy failed.
    CopyFailed { object: ObjectRef, operation: &'static str, source: Error, abort: AbortOutcome },
    /// boto3's `RetriesExceededError`: part `part` failed `attempts` times; `source` is the
    /// last failure.
    RetriesExceeded {
        object: ObjectRef,
        operation: &'static str,
        part: u32,
        attempts: u32,
        source: Error,
        abort: AbortOutcome,
    },
    /// The object changed while it was read in parts (its ETag no longer matches:
    /// `PreconditionFailed`), so the parts would not belong together.
    ObjectChanged { object: ObjectRef, operation: &'static str, etag: Option<String>, abort: AbortOutcome },
    /// The bytes received do not match the object's checksum.
    ChecksumMismatch { object: ObjectRef, algorithm: ChecksumAlgorithm, expected: String, actual: String },
    /// Reading the source or writing the target failed locally.
    Io { object: ObjectRef, path: Option<String>, source: std::io::Error, abort: AbortOutcome },
    /// The object cannot be cut into at most 10,000 parts of at most 5 GiB.
    TooLarge { object: ObjectRef, size: Option<u64>, part_size: u64 },
    /// An invalid [`TransferConfig`](super::TransferConfig) value.
    Config(TransferConfigError),
    /// An `ExtraArgs` member the operation does not allow, or a value it cannot take.
    InvalidExtraArgs { name: String, problem: String },
    /// An S3 key that would leave the target directory (`..`, absolute paths...).
    UnsafeKey { key: String, reason: &'static str },
}

impl TransferError {
    /// The object the transfer concerned, when there is one.
    pub fn object(&self) -> Option<&ObjectRef> {
        match self {
            Self::UploadFailed { object, .. }
            | Self::DownloadFailed { object, .. }
            | Self::CopyFailed { object, .. }
            | Self::RetriesExceeded { object, .. }
            | Self::ObjectChanged { object, .. }
            | Self::ChecksumMismatch { object, .. }
            | Self::Io { object, .. }
            | Self::TooLarge { object, .. } => Some(object),
            Self::Config(_) | Self::InvalidExtraArgs { .. } | Self::UnsafeKey { .. } => None,
        }
    }

    /// What happened to the multipart upload, for failures that may leave one.
    pub fn abort_outcome(&self) -> Option<&AbortOutcome> {
        match self {
            Self::UploadFailed { abort, .. }
            | Self::CopyFailed { abort, .. }
            | Self::RetriesExceeded { abort, .. }
            | Self::ObjectChanged { abort, .. }
            | Self::Io { abort, .. } => Some(abort),
            _ => None,
        }
    }

    /// The service or transport error underneath, if any.
    pub fn call_error(&self) -> Option<&Error> {
        match self {
            Self::UploadFailed { source, .. }
            | Self::DownloadFailed { source, .. }
            | Self::CopyFailed { source, .. }
            | Self::RetriesExceeded { source, .. } => Some(source),
            _ => None,
        }
    }

    /// Sets the abort outcome of a failure that may leave a multipart upload.
    pub(crate) fn with_abort(mut self, outcome: AbortOutcome) -> Self {
        match &mut self {
            Self::UploadFailed { abort, .. }
            | Self::CopyFailed { abort, .. }
            | Self::RetriesExceeded { abort, .. }
            | Self::ObjectChanged { abort, .. }
            | Self::Io { abort, .. } => *abort = outcome,
            _ => {}
        }
        self
    }
}

impl fmt::Display for TransferError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UploadFailed { object, operation, source, abort } => {
                write!(f, "upload to {object} failed: {operation}: {source}{abort}")
            }
            Self::DownloadFailed { object, operation, source } => {
                write!(f, "download of {object} failed: {operation}: {source}")
            }
            Self::CopyFailed { object, operation, source, abort } => {
                write!(f, "copy to {object} failed: {operation}: {source}{abort}")
            }
            Self::RetriesExceeded { object, operation, part, attempts, source, abort } => write!(
                f,
                "transfer of {object} failed: {operation} of part {part} failed {attempts} times, last: {source}{abort}"
            ),
            Self::ObjectChanged { object, operation, etag, abort } => write!(
                f,
                "{object} changed during the transfer ({operation}: the ETag no longer matches {}){abort}",
                etag.as_deref().unwrap_or("the one first seen")
            ),
            Self::ChecksumMismatch { object, algorithm, expected, actual } => write!(
                f,
                "download of {object} failed: {} checksum mismatch: the object has {expected}, the bytes received give {actual}",
                algorithm.name()
            ),
            Self::Io { object, path, source, abort } => match path {
                Some(path) => write!(f, "transfer of {object} failed: {path}: {source}{abort}"),
                None => write!(f, "transfer of {object} failed: {source}{abort}"),
            },
            Self::TooLarge { object, size, part_size } => match size {
                Some(size) => write!(f, "{object}: {size} bytes do not fit in 10,000 parts of {part_size} bytes"),
                None => write!(f, "{object}: the stream is longer than 10,000 parts of {part_size} bytes"),
            },
            Self::Config(e) => e.fmt(f),
            Self::InvalidExtraArgs { name, problem } => write!(f, "invalid ExtraArgs key '{name}': {problem}"),
            Self::UnsafeKey { key, reason } => write!(f, "refusing key '{key}': {reason}"),
        }
    }
}

impl std::error::Error for TransferError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
            Self::Config(e) => Some(e),
            other => other.call_error().map(|e| e as &(dyn std::error::Error + 'static)),
        }
    }
}

impl From<TransferConfigError> for TransferError {
    fn from(e: TransferConfigError) -> Self {
        Self::Config(e)
    }
}

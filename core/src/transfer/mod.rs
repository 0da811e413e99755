//! S3 transfers as sans-IO planners: s3transfer's `upload_file`, `download_file` and
//! `copy` logic (which call next, which part, what to retry, when to complete or abort),
//! with no file, socket or clock in sight. The `stratus` crate executes them (a worker pool
//! for the blocking client, concurrent futures for the async one).
//!
//! - [`UploadPlanner`]: `PutObject` below `multipart_threshold`, else
//!   `CreateMultipartUpload` → `UploadPart` × N → `CompleteMultipartUpload`; any failure
//!   ends with `AbortMultipartUpload` once the parts in flight are back, so no upload is
//!   left behind. Sources of unknown length are uploaded part by part as they are read.
//! - [`DownloadPlanner`]: `HeadObject` → `GetObject` (whole, or ranges with `If-Match`),
//!   parts retried up to `num_download_attempts`, written strictly in order, verified
//!   against a full-object checksum when there is one (see [`verify`]).
//! - [`CopyPlanner`]: `HeadObject` on the source → `CopyObject`, or `UploadPartCopy`
//!   ranges with `CopySourceIfMatch`.
//!
//! Checksums: as boto3 ≥ 1.36 with `request_checksum_calculation = when_supported`,
//! uploads send a CRC32 per part (or the caller's `ChecksumAlgorithm`), and
//! `CompleteMultipartUpload` lists each part's checksum; the executor computes them over
//! the bytes it sends. A full-object checksum given in `ExtraArgs` (`ChecksumCRC32`...)
//! makes the multipart upload `ChecksumType=FULL_OBJECT`.
//!
//! Every planner implements [`TransferPlan`]; its docs give the call order.

mod args;
mod bandwidth;
mod config;
mod copy;
mod download;
mod error;
mod keypath;
mod limits;
mod multipart;
mod plan;
mod upload;
pub mod verify;

#[cfg(test)]
mod tests;

pub use args::{
    allowed_args, is_allowed, validate_extra_args, TransferKind, ALLOWED_DOWNLOAD_ARGS, FULL_OBJECT_CHECKSUM_ARGS,
};
pub use bandwidth::TokenBucket;
pub use config::{TransferConfig, TransferConfigError, MIB};
pub use copy::{CopyPlanner, CopyRequest, CopySource};
pub use download::{DownloadPlanner, DownloadRequest, DownloadSummary};
pub use error::{AbortOutcome, ObjectRef, TransferError};
pub use keypath::relative_key_path;
pub use limits::{adjust_part_size, PartLayout, MAX_PARTS, MAX_PART_SIZE, MIN_PART_SIZE};
pub use plan::{OpCall, PartDecision, PartJob, PartOutcome, Step, TransferPlan, VerifyJob};
pub use upload::{UploadPlanner, UploadRequest};
pub use verify::{ExpectedChecksum, ObjectVerifier};

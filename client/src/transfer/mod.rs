//! S3 transfers, as boto3's `upload_file`, `download_file`, `upload_fileobj`,
//! `download_fileobj` and `copy` (s3transfer), run over core's sans-IO planners
//! ([`stratus_core::transfer`]).
//!
//! ```no_run
//! use stratus::transfer::{TransferConfig, TransferOptions};
//! use stratus::{ClientOptions, Session};
//!
//! let s3 = Session::builder().region_name("eu-west-1").build()?.blocking_client("s3", &ClientOptions::default())?;
//! let progress = |bytes: u64| eprintln!("+{bytes} bytes");
//! let options = TransferOptions {
//!     config: TransferConfig { multipart_chunksize: 16 * 1024 * 1024, ..Default::default() },
//!     extra_args: serde_json::json!({"ContentType": "application/gzip"}),
//!     progress: Some(&progress),
//! };
//! s3.upload_file("backup.tar.gz", "my-bucket", "backups/backup.tar.gz", &options)?;
//! s3.download_file("my-bucket", "backups/backup.tar.gz", "restored.tar.gz", &TransferOptions::default())?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! How they run:
//! - blocking client (ureq): `use_threads = true` runs parts on a scoped pool of
//!   `max_concurrency` threads; `use_threads = false` runs everything in order on the
//!   caller's thread.
//! - async client (reqwest, fetch): up to `max_concurrency` calls in flight on the
//!   caller's task (no spawning, so any transport works, including `!Send` ones). Reads
//!   of files and readers are blocking calls made on that task.
//!
//! Guarantees:
//! - a failed multipart upload or copy is aborted once its parts in flight are back
//!   ([`TransferError::abort_outcome`] says whether the abort worked);
//! - `download_file` writes `<target>.<random>.stratus-tmp` beside the target and renames
//!   it only once every byte arrived and the object's checksum matched: a full-object one,
//!   or a multipart upload's composite one checked over the original parts (one extra
//!   `HeadObject` per check, every part's on unequal parts); any failure removes it;
//! - `download_file` streams each part's body to its offset in the temporary file as it
//!   arrives: no part is held in memory (the transports hand over what they read: 256 KiB
//!   for ureq, a frame or stream chunk for reqwest and fetch), and one slow part does not
//!   hold back the others;
//! - `download_fileobj` writes strictly in order (non-seekable writers work), with at
//!   most `max_concurrency` + `max_io_queue × io_chunksize` bytes' worth of parts in
//!   memory;
//! - uploads hold at most `max_concurrency` parts in memory, in buffers reused from part
//!   to part and shared with the requests (never copied); `upload_fileobj` reads the
//!   reader in order, one part at a time, so streams of unknown length work too;
//! - [`safe_join`] (used by `download_to_dir`) never maps a key outside the directory.
//!
//! Progress is reported in bytes: per part sent for uploads and copies (the transports
//! send a part's body in one piece); for downloads, as bytes arrive (`download_file`; a
//! retried part is not counted twice) or per `io_chunksize` written (`download_fileobj`).
//! `max_bandwidth` throttles the average rate, a part at a time.

#[cfg(feature = "ureq")]
mod blocking_api;
mod bucket;
mod buffers;
mod client_api;
mod dir;
mod engine;
mod exec;
mod file_sink;
mod flows;
mod sink;
mod source;
mod target;
#[cfg(feature = "ureq")]
mod threads;

#[cfg(feature = "ureq")]
pub use bucket::{BlockingBucket, BlockingObject};
pub use bucket::{Bucket, Object};
pub use dir::safe_join;
pub use stratus_core::transfer::{
    AbortOutcome, CopySource, ObjectRef, TransferConfig, TransferConfigError, TransferError, ALLOWED_DOWNLOAD_ARGS,
};

use stratus_core::checksum::ChecksumAlgorithm;
use stratus_core::Document;

/// A progress callback: called with the number of bytes just transferred (boto3's
/// `Callback`). It may be called from several threads at once.
pub type Progress<'a> = &'a (dyn Fn(u64) + Sync);

/// Options of every transfer method (boto3's `Config=`, `ExtraArgs=`, `Callback=`).
#[derive(Clone, Default)]
pub struct TransferOptions<'a> {
    /// How the transfer is split and run.
    pub config: TransferConfig,
    /// Extra members for the S3 calls (a JSON object, or `null`): `ContentType`,
    /// `Metadata`, `ServerSideEncryption`, `ACL`, `ChecksumAlgorithm`... (checked against
    /// s3transfer's `ALLOWED_UPLOAD_ARGS`, `ALLOWED_DOWNLOAD_ARGS`, `ALLOWED_COPY_ARGS`).
    pub extra_args: Document,
    /// Called as bytes move.
    pub progress: Option<Progress<'a>>,
}

impl std::fmt::Debug for TransferOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TransferOptions")
            .field("config", &self.config)
            .field("extra_args", &self.extra_args)
            .field("progress", &self.progress.map(|_| "callback"))
            .finish()
    }
}

/// What a finished download was.
#[derive(Debug, Clone, PartialEq)]
pub struct DownloadOutput {
    /// Bytes written.
    pub size: u64,
    /// The object's ETag.
    pub etag: Option<String>,
    /// The checksum the bytes were verified against: the object's full-object checksum,
    /// or for `download_file` its composite (multipart) checksum, checked over the
    /// original parts (see [`stratus_core::transfer::verify`]); `None` when the object has
    /// neither or the server cannot say its part sizes.
    pub verified_checksum: Option<ChecksumAlgorithm>,
    /// The `HeadObject` output (content type, metadata...).
    pub head: Document,
}

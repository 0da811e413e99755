//! Where a download's parts go: the contract between the download executor and its two
//! targets, [`super::sink::Sink`] (any writer, strictly in order, parts held in memory
//! until their turn) and [`super::file_sink::FileSink`] (`download_file`'s temporary file,
//! each part written at its offset as it arrives).

use std::io;
use std::sync::Mutex;

use stratus_core::checksum::ChecksumAlgorithm;
use stratus_core::transfer::{DownloadPlanner, PartJob, TransferError};
use stratus_core::transport::BodySink;

/// A download's destination.
pub(crate) trait DownloadTarget: Sync {
    /// Receives one part's body as the transport reads it.
    type Part<'s>: BodySink + Send
    where
        Self: 's;

    /// What [`Self::finish`] hands back (the writer or the file).
    type Output;

    /// A sink for the body of `job`'s `GetObject`.
    fn part(&self, job: &PartJob) -> Self::Part<'_>;

    /// The call of `job` succeeded: keep its body. Returns the bytes received (the plan
    /// compares them with the part's length).
    fn received(&self, job: &PartJob, part: Self::Part<'_>) -> u64;

    /// The local failure (a full disk) that made the part's sink refuse bytes, if any.
    fn failure(part: &mut Self::Part<'_>) -> Option<io::Error>;

    /// The local path, for error messages.
    fn path(&self) -> Option<String>;

    /// After the plan accepted a part: handles every part the plan hands out with
    /// [`DownloadPlanner::take_writable`], in order (write it, or feed the checksum).
    fn drain(&self, plan: &Mutex<DownloadPlanner>);

    /// Flushes and checks the whole-object checksum; returns the output and the algorithm
    /// verified.
    fn finish(self) -> Result<(Self::Output, Option<ChecksumAlgorithm>), TransferError>;
}

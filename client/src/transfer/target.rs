//! Where a download's parts go: the contract between the download executor and its two
//! targets, [`super::sink::Sink`] (any writer, strictly in order, parts held in memory
//! until their turn) and [`super::file_sink::FileSink`] (`download_file`'s temporary file,
//! each part written at its offset as it arrives).

use std::io;
use std::sync::Mutex;

use stratus_core::checksum::ChecksumAlgorithm;
use stratus_core::transfer::{DownloadPlanner, PartJob, TransferError, VerifyJob};
use stratus_core::transport::BodySink;

/// A download's destination. Each part's body arrives through a [`PartSink`] holding the
/// target's per-part state.
pub(crate) trait DownloadTarget: Sync {
    /// What a part keeps between chunks (its bytes, or how many were written).
    type PartState: Send;

    /// What [`Self::finish`] hands back (the writer or the file).
    type Output;

    /// The state of `job`'s part before its first byte.
    fn start_part(&self, job: &PartJob) -> Self::PartState;

    /// Takes the next bytes of `job`'s body.
    fn write(&self, job: &PartJob, state: &mut Self::PartState, bytes: &[u8]) -> io::Result<()>;

    /// A retry sends the request again: forget the bytes written so far.
    fn restart(&self, state: &mut Self::PartState);

    /// The checksum (`algorithm`, base64) of the bytes `state` received.
    fn part_checksum(&self, job: &PartJob, state: &Self::PartState, algorithm: ChecksumAlgorithm)
        -> io::Result<String>;

    /// The checksums (`job.algorithm`, base64) of `job.ranges` of what was written, read
    /// back (a composite checksum check). Targets that cannot read back return an error;
    /// the plan asks only targets that write in place.
    fn range_checksums(&self, job: &VerifyJob) -> io::Result<Vec<String>>;

    /// The call of `job` succeeded: keep its body. Returns the bytes received (the plan
    /// compares them with the part's length).
    fn received(&self, job: &PartJob, state: Self::PartState) -> u64;

    /// The local failure (a full disk) that made the part refuse bytes, if any.
    fn failure(state: &mut Self::PartState) -> Option<io::Error>;

    /// The local path, for error messages.
    fn path(&self) -> Option<String>;

    /// After the plan accepted a part: handles every part the plan hands out with
    /// [`DownloadPlanner::take_writable`], in order (write it, or feed the checksum).
    fn drain(&self, plan: &Mutex<DownloadPlanner>);

    /// Flushes and checks the whole-object checksum; returns the output and the algorithm
    /// verified.
    fn finish(self) -> Result<(Self::Output, Option<ChecksumAlgorithm>), TransferError>;
}

/// The body sink of one part's `GetObject`: hands every chunk to the target.
pub(crate) struct PartSink<'s, D: DownloadTarget> {
    pub target: &'s D,
    pub job: &'s PartJob,
    pub state: D::PartState,
}

impl<'s, D: DownloadTarget> PartSink<'s, D> {
    pub fn new(target: &'s D, job: &'s PartJob) -> Self {
        Self { target, job, state: target.start_part(job) }
    }
}

impl<D: DownloadTarget> BodySink for PartSink<'_, D> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.target.write(self.job, &mut self.state, bytes)
    }

    fn restart(&mut self) -> io::Result<()> {
        self.target.restart(&mut self.state);
        Ok(())
    }
}

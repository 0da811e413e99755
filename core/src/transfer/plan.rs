//! The contract between a transfer planner (upload, download, copy) and the executor that
//! runs it: the planner says which call to make next, the executor makes it and reports
//! the outcome. Planners never touch files, sockets, threads or clocks.
//!
//! ```text
//! loop {
//!     match plan.poll() {
//!         Step::Call(call) => plan.handle_call(client.call(call.operation, call.input)),
//!         Step::Part(job) => loop {                       // may run concurrently
//!             let outcome = /* read job's bytes, call job.operation, report */;
//!             if plan.handle_part(job.number, outcome) != PartDecision::Retry { break }
//!         },
//!         Step::Verify(job) => plan.handle_verify(/* checksums of job's ranges of the target */),
//!         Step::Wait => /* wait until an outstanding call or part is reported */,
//!         Step::Done => break plan.into_result(),
//!     }
//! }
//! ```
//! Call order: after `Call`, exactly one `handle_call`; after `Part`, `handle_part` for that
//! part number until it returns something other than [`PartDecision::Retry`]. `Wait` is
//! returned only while something is outstanding; `Done` means nothing more will be asked
//! (other workers polling then also get `Done`).

use crate::checksum::ChecksumAlgorithm;
use crate::Document;
use crate::Error;

/// A call without a payload: `HeadObject`, `CreateMultipartUpload`,
/// `CompleteMultipartUpload`, `AbortMultipartUpload`, `CopyObject`.
#[derive(Debug, Clone, PartialEq)]
pub struct OpCall {
    /// The S3 operation (model name).
    pub operation: &'static str,
    /// Its input document.
    pub input: Document,
}

/// A call that moves a range of the object: `PutObject`/`UploadPart` (the executor reads
/// `len` bytes at `offset` of the source and sends them as `Body`), `GetObject` (the
/// executor receives them), `UploadPartCopy` (S3 moves them; `len` is for progress).
#[derive(Debug, Clone, PartialEq)]
pub struct PartJob {
    /// The S3 operation (model name).
    pub operation: &'static str,
    /// The part number (1-based; `PutObject` and a whole-object `GetObject` are part 1).
    pub number: u32,
    /// Where the part starts in the object.
    pub offset: u64,
    /// Its length; for an unknown-length stream, the most bytes to read (fewer means the
    /// stream ended).
    pub len: u64,
    /// The operation's input document.
    pub input: Document,
    /// The checksum to compute over the part's bytes: uploads add it with
    /// [`PartJob::set_checksum`] before sending; downloads compute it over the bytes
    /// received and report it in [`PartOutcome::Done`] (the plan checks it).
    pub checksum: Option<ChecksumAlgorithm>,
}

impl PartJob {
    /// Adds the base64 checksum of the part's bytes as `Checksum<ALGORITHM>` to the input.
    pub fn set_checksum(&mut self, value: String) {
        let Some(algorithm) = self.checksum else { return };
        if let Some(map) = self.input.as_object_mut() {
            map.insert(format!("Checksum{}", algorithm.name()), Document::String(value));
        }
    }
}

/// How a part's call went, as the executor reports it.
#[derive(Debug)]
pub enum PartOutcome {
    /// The call succeeded: its output, the bytes it moved, and the checksum of those bytes
    /// when the job asked for one ([`PartJob::checksum`]).
    Done { output: Document, bytes: u64, checksum: Option<String> },
    /// The call failed (after the client's own retries).
    Failed(Error),
    /// Reading the source or writing the target failed; `path` names the local file.
    Io { source: std::io::Error, path: Option<String> },
    /// An unknown-length source has no bytes for this part: the stream ended before it.
    NoData,
}

/// What the executor does after [`TransferPlan::handle_part`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartDecision {
    /// The outcome was recorded; the part is finished.
    Accepted,
    /// Send the same part again (same job, same bytes).
    Retry,
    /// The transfer is failing; drop the part.
    Stop,
}

/// Checksums a download needs of what it wrote: one per range, in order (a composite
/// checksum is checked over the object's original parts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyJob {
    pub algorithm: ChecksumAlgorithm,
    /// `(offset, len)` of each range of the target.
    pub ranges: Vec<(u64, u64)>,
}

/// What the executor does next.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Make this call, then report it with [`TransferPlan::handle_call`].
    Call(OpCall),
    /// Run this part, then report it with [`TransferPlan::handle_part`].
    Part(PartJob),
    /// Compute these checksums of the target (base64, one per range), then report them with
    /// [`TransferPlan::handle_verify`]. Only downloads into a target that can be read
    /// back ask for it.
    Verify(VerifyJob),
    /// Nothing to start now: wait for an outstanding call or part to be reported.
    Wait,
    /// The transfer is over: take the result.
    Done,
}

/// A transfer as a state machine (see the module docs for the call order).
pub trait TransferPlan {
    /// What the plan produces when it succeeds.
    type Output;

    /// The next thing to do.
    fn poll(&mut self) -> Step;

    /// Reports the result of the last [`Step::Call`].
    fn handle_call(&mut self, result: Result<Document, Error>);

    /// Reports the outcome of part `number` and says whether to send it again.
    fn handle_part(&mut self, number: u32, outcome: PartOutcome) -> PartDecision;

    /// Reports the checksums asked for by the last [`Step::Verify`] (planners that never
    /// ask ignore it).
    fn handle_verify(&mut self, _result: Result<Vec<String>, std::io::Error>) {}

    /// Fails the transfer for a reason outside any call (cancelled, a local error), so the
    /// plan cleans up (aborts a multipart upload) and ends.
    fn fail(&mut self, error: super::TransferError);

    /// The result, once [`Step::Done`] was returned.
    fn into_result(self) -> Result<Self::Output, super::TransferError>;
}

/// Whether a failed call is worth repeating at the transfer level: transport failures and
/// unreadable or corrupt responses (checksum mismatches), which the client's retry policy
/// has already retried or does not retry.
pub(crate) fn is_retryable(error: &Error) -> bool {
    matches!(error, Error::Transport(_) | Error::Parse(_))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn set_checksum_adds_the_member() {
        let mut job = PartJob {
            operation: "UploadPart",
            number: 1,
            offset: 0,
            len: 1,
            input: json!({"Bucket": "b"}),
            checksum: Some(ChecksumAlgorithm::Crc32c),
        };
        job.set_checksum("abc=".into());
        assert_eq!(job.input["ChecksumCRC32C"], "abc=");
    }
}

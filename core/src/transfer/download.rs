//! The download planner: `HeadObject` (size, ETag, checksum) → one `GetObject` below the
//! threshold, else ranged `GetObject`s with `If-Match: <ETag>` (a changed object fails
//! with [`TransferError::ObjectChanged`] instead of mixing versions), each part retried up
//! to `num_download_attempts` times on transport failures, truncated or corrupt bodies.
//!
//! Parts may arrive in any order; [`DownloadPlanner::take_writable`] hands them out in
//! order. An executor that holds parts in memory (a writer, maybe non-seekable) writes
//! them then, strictly in order; one that writes each part at its offset as it arrives (a
//! file, [`DownloadRequest::buffers_parts`] false) only feeds the whole-object checksum
//! then. Either way the checksum sees the bytes in order. When parts are held in memory, at
//! most `window` of them are fetched or waiting at once (`max_concurrency` plus the parts
//! `max_io_queue × io_chunksize` can hold), which bounds memory.
//!
//! A composite checksum (a multipart upload's checksum of its parts' checksums) is checked
//! after the last part when the target can be read back (a file): `HeadObject` with
//! `PartNumber=1` gives the original part size and count; the executor checksums the file
//! at those (equal) boundaries ([`Step::Verify`]). If that does not match, the parts may
//! have had unequal sizes: every part's size is asked (`HeadObject` per part) and the check
//! is made again at the exact boundaries before the download fails. A server that cannot
//! say the part sizes leaves the checksum unchecked.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Map;

use crate::checksum::{ChecksumAlgorithm, ResponseChecksumValidation};
use crate::{Document, Error};

use super::args::{self, TransferKind};
use super::config::TransferConfig;
use super::error::{AbortOutcome, ObjectRef, TransferError};
use super::limits::PartLayout;
use super::plan::{is_retryable, OpCall, PartDecision, PartJob, PartOutcome, Step, TransferPlan, VerifyJob};
use super::verify::{
    combine_composite, composite_checksum, equal_parts, full_object_checksum, CompositeChecksum, ExpectedChecksum,
    ObjectVerifier,
};

/// What to download (an options struct for [`DownloadPlanner::new`]).
#[derive(Debug, Clone)]
pub struct DownloadRequest<'a> {
    pub object: ObjectRef,
    /// Extra `HeadObject`/`GetObject` members (`ALLOWED_DOWNLOAD_ARGS`).
    pub extra_args: &'a Document,
    pub config: &'a TransferConfig,
    /// The client's `response_checksum_validation`: `WhenSupported` asks for checksums
    /// (`ChecksumMode=ENABLED`) and verifies the whole object when it has one.
    pub checksum_validation: ResponseChecksumValidation,
    /// Whether the executor holds parts in memory until their turn (a writer): then the
    /// plan's window limits them. `false` when each part is written at its place as it
    /// arrives (a file): no window, one slow part does not hold back the others.
    pub buffers_parts: bool,
}

/// What a finished download was.
#[derive(Debug, Clone, PartialEq)]
pub struct DownloadSummary {
    pub object: ObjectRef,
    /// Bytes written.
    pub size: u64,
    /// The object's ETag, as `HeadObject` gave it.
    pub etag: Option<String>,
    /// The full-object checksum the bytes must match, if the object has one.
    pub expected_checksum: Option<ExpectedChecksum>,
    /// The `HeadObject` output (content type, metadata...).
    pub head: Document,
    /// The checksum the plan itself checked, if any: a single `GetObject`'s, or a composite
    /// one over the original parts (a ranged full-object checksum is the executor's, with
    /// [`DownloadPlanner::verifier`]).
    pub verified: Option<ChecksumAlgorithm>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Head,
    Heading,
    Parts,
    /// Ask the size of original part `part` (`HeadObject` with `PartNumber`).
    Probe {
        part: u32,
    },
    Probing {
        part: u32,
    },
    /// Check the composite checksum over `ranges` (`exact`: sizes asked part by part).
    Verify {
        exact: bool,
    },
    Verifying {
        exact: bool,
    },
    Finished,
}

/// Plans a download (see [`TransferPlan`] for the call order, and the module docs for the
/// write contract: after each accepted part, write every part `take_writable` hands out).
#[derive(Debug)]
pub struct DownloadPlanner {
    object: ObjectRef,
    extra: Map<String, Document>,
    config: TransferConfig,
    validate: bool,
    buffers_parts: bool,
    stage: Stage,
    head: Document,
    layout: PartLayout,
    ranged: bool,
    etag: Option<String>,
    expected: Option<ExpectedChecksum>,
    next_part: u32,
    next_to_write: u32,
    received: BTreeSet<u32>,
    in_flight: usize,
    /// The composite checksum to check once every part is written (file targets).
    composite: Option<CompositeChecksum>,
    /// The original parts' sizes learned so far, then their ranges.
    original_sizes: Vec<u64>,
    original_ranges: Vec<(u64, u64)>,
    /// The checksum the plan checked itself (see [`DownloadSummary::verified`]).
    verified: Option<ChecksumAlgorithm>,
    attempts: BTreeMap<u32, u32>,
    failure: Option<TransferError>,
}

impl DownloadPlanner {
    /// Validates the config and extra args and plans the download.
    pub fn new(request: DownloadRequest<'_>) -> Result<Self, TransferError> {
        request.config.validate()?;
        let extra = args::validate_extra_args(TransferKind::Download, request.extra_args)?;
        let validate = request.checksum_validation == ResponseChecksumValidation::WhenSupported
            || extra.contains_key("ChecksumMode");
        Ok(Self {
            object: request.object,
            extra,
            config: *request.config,
            validate,
            buffers_parts: request.buffers_parts,
            stage: Stage::Head,
            head: Document::Null,
            layout: PartLayout::new(0, 1),
            ranged: false,
            etag: None,
            expected: None,
            next_part: 1,
            next_to_write: 1,
            received: BTreeSet::new(),
            in_flight: 0,
            composite: None,
            original_sizes: Vec::new(),
            original_ranges: Vec::new(),
            verified: None,
            attempts: BTreeMap::new(),
            failure: None,
        })
    }

    /// The parts fetched or waiting to be written at once, at most (unlimited when parts
    /// are not held in memory).
    pub fn window(&self) -> u32 {
        if !self.buffers_parts {
            return u32::MAX;
        }
        let queue = (self.config.max_io_queue as u64).saturating_mul(self.config.io_chunksize as u64);
        let queued = queue.div_ceil(self.layout.part_size.max(1));
        u32::try_from((self.config.concurrency() as u64).saturating_add(queued)).unwrap_or(u32::MAX)
    }

    /// The object's size, once `HeadObject` answered.
    pub fn size(&self) -> Option<u64> {
        (!matches!(self.stage, Stage::Head | Stage::Heading)).then_some(self.layout.size)
    }

    /// A verifier for the bytes, when the object has a full-object checksum and checksums
    /// are validated (available once `HeadObject` answered). A single `GetObject` is also
    /// checked on arrival: its job asks for the checksum ([`PartJob::checksum`]) and a
    /// mismatch fetches it again instead of failing the download at the end.
    pub fn verifier(&self) -> Option<ObjectVerifier> {
        self.expected.clone().map(|expected| ObjectVerifier::new(self.object.clone(), expected))
    }

    /// The next part to write, in order, if it has arrived. The executor writes the part's
    /// bytes before asking for the next one; a part handed out leaves the window.
    pub fn take_writable(&mut self) -> Option<u32> {
        if self.failure.is_some() || !self.received.remove(&self.next_to_write) {
            return None;
        }
        self.next_to_write += 1;
        Some(self.next_to_write - 1)
    }

    fn head_input(&self) -> Document {
        let mut rest = self.extra.clone();
        if self.validate && !rest.contains_key("ChecksumMode") {
            rest.insert("ChecksumMode".into(), Document::String("ENABLED".into()));
        }
        args::input(&self.object.bucket, &self.object.key, rest)
    }

    fn part_job(&self, number: u32) -> PartJob {
        let mut rest = self.extra.clone();
        if let Some(etag) = &self.etag {
            rest.insert("IfMatch".into(), Document::String(etag.clone()));
        }
        if self.ranged {
            rest.insert("Range".into(), Document::String(self.layout.http_range(number)));
        }
        let (offset, len) = self.layout.range(number);
        let input = args::input(&self.object.bucket, &self.object.key, rest);
        let checksum = self.expected.as_ref().filter(|_| !self.ranged).map(|expected| expected.algorithm);
        PartJob { operation: "GetObject", number, offset, len, input, checksum }
    }

    /// Checks a single `GetObject`'s bytes against the object's checksum (`actual`, as the
    /// executor computed it when asked). `Err` describes a mismatch (retryable).
    fn check_single(&mut self, actual: Option<String>) -> Result<(), Error> {
        let Some(expected) = self.expected.as_ref().filter(|_| !self.ranged) else { return Ok(()) };
        match actual {
            Some(actual) if actual == expected.value => {
                self.verified = Some(expected.algorithm);
                Ok(())
            }
            Some(actual) => Err(Error::Parse(format!(
                "GetObject: {} checksum mismatch: the object has {}, the bytes received give {actual}",
                expected.algorithm.name(),
                expected.value
            ))),
            None => Ok(()),
        }
    }

    fn call_failed(&self, operation: &'static str, source: Error) -> TransferError {
        let object = self.object.clone();
        match &source {
            Error::Service(e) if e.code == "PreconditionFailed" => TransferError::ObjectChanged {
                object,
                operation,
                etag: self.etag.clone(),
                abort: AbortOutcome::NotNeeded,
            },
            _ => TransferError::DownloadFailed { object, operation, source },
        }
    }

    fn on_head(&mut self, head: Document) -> Result<(), TransferError> {
        let size = head.get("ContentLength").and_then(Document::as_u64).ok_or_else(|| {
            self.call_failed("HeadObject", Error::Parse("HeadObject returned no ContentLength".into()))
        })?;
        self.etag = head.get("ETag").and_then(Document::as_str).map(str::to_owned);
        self.expected = if self.validate { full_object_checksum(&head) } else { None };
        self.composite = if self.validate && !self.buffers_parts { composite_checksum(&head) } else { None };
        self.ranged = size >= self.config.multipart_threshold.max(1);
        let part_size = if self.ranged { self.config.multipart_chunksize } else { size };
        self.layout = PartLayout::new(size, part_size.max(1));
        self.head = head;
        Ok(())
    }

    /// `HeadObject` of original part `part`. No `If-Match`: some servers (moto) compare it
    /// with the part's own ETag. (An object overwritten between the last part and these
    /// calls could make a good download fail the check; the window is a few requests.)
    fn part_head_input(&self, part: u32) -> Document {
        let mut rest = self.extra.clone();
        rest.insert("PartNumber".into(), Document::from(part));
        args::input(&self.object.bucket, &self.object.key, rest)
    }

    /// Records original part `part`'s size from its `HeadObject` (`None`: failed) and says
    /// what comes next: more sizes, the check, or the end (the server cannot tell the part
    /// sizes, so the composite checksum stays unchecked).
    fn on_part_size(&mut self, part: u32, head: Option<Document>) -> Stage {
        let size = self.layout.size;
        let Some(head) = head else { return Stage::Finished };
        let len = head.get("ContentLength").and_then(Document::as_u64);
        let count = head.get("PartsCount").and_then(Document::as_u64).and_then(|n| u32::try_from(n).ok());
        let count = count.or(self.composite.as_ref().and_then(|c| c.parts));
        let (Some(len), Some(count)) = (len, count) else { return Stage::Finished };
        if part == 1 {
            if count > 1 && len >= size {
                return Stage::Finished; // `PartNumber` was ignored: the whole object came back.
            }
            if let Some(composite) = &mut self.composite {
                composite.parts = Some(count);
            }
            self.original_sizes = vec![len];
            return match equal_parts(size, len, count) {
                Some(ranges) => {
                    self.original_ranges = ranges;
                    Stage::Verify { exact: false }
                }
                None if count > 1 => Stage::Probe { part: 2 },
                None => Stage::Finished,
            };
        }
        self.original_sizes.push(len);
        if part < count {
            return Stage::Probe { part: part + 1 };
        }
        let mut offset = 0;
        self.original_ranges = self
            .original_sizes
            .iter()
            .map(|&len| {
                offset += len;
                (offset - len, len)
            })
            .collect();
        if offset == size {
            Stage::Verify { exact: true }
        } else {
            Stage::Finished
        }
    }

    fn part_failed(&mut self, number: u32, error: Error) -> PartDecision {
        let attempts = self.attempts.entry(number).or_insert(0);
        *attempts += 1;
        let attempts = *attempts;
        if is_retryable(&error) && attempts < self.config.num_download_attempts && self.failure.is_none() {
            return PartDecision::Retry;
        }
        self.in_flight = self.in_flight.saturating_sub(1);
        let failure = if is_retryable(&error) {
            let (object, abort) = (self.object.clone(), AbortOutcome::NotNeeded);
            TransferError::RetriesExceeded {
                object,
                operation: "GetObject",
                part: number,
                attempts,
                source: error,
                abort,
            }
        } else {
            self.call_failed("GetObject", error)
        };
        self.fail(failure);
        PartDecision::Stop
    }
}

impl TransferPlan for DownloadPlanner {
    type Output = DownloadSummary;

    fn poll(&mut self) -> Step {
        match self.stage {
            Stage::Head if self.failure.is_some() => {
                self.stage = Stage::Finished;
                Step::Done
            }
            Stage::Head => {
                self.stage = Stage::Heading;
                Step::Call(OpCall { operation: "HeadObject", input: self.head_input() })
            }
            Stage::Heading | Stage::Probing { .. } | Stage::Verifying { .. } => Step::Wait,
            Stage::Finished => Step::Done,
            Stage::Probe { part } => {
                self.stage = Stage::Probing { part };
                Step::Call(OpCall { operation: "HeadObject", input: self.part_head_input(part) })
            }
            Stage::Verify { exact } => {
                self.stage = Stage::Verifying { exact };
                let algorithm = self.composite.as_ref().map_or(ChecksumAlgorithm::Crc32, |c| c.algorithm);
                Step::Verify(VerifyJob { algorithm, ranges: self.original_ranges.clone() })
            }
            Stage::Parts => {
                let all_written = self.next_to_write > self.layout.count;
                let done = self.in_flight == 0 && (self.failure.is_some() || all_written);
                if done {
                    let check = self.failure.is_none() && self.composite.is_some();
                    self.stage = if check { Stage::Probe { part: 1 } } else { Stage::Finished };
                    return self.poll();
                }
                let open = self.next_part <= self.layout.count
                    && self.in_flight < self.config.concurrency()
                    && self.next_part < self.next_to_write.saturating_add(self.window());
                if self.failure.is_some() || !open {
                    return Step::Wait;
                }
                self.next_part += 1;
                self.in_flight += 1;
                Step::Part(self.part_job(self.next_part - 1))
            }
        }
    }

    fn handle_call(&mut self, result: Result<Document, Error>) {
        if let Stage::Probing { part } = self.stage {
            self.stage = self.on_part_size(part, result.ok());
            return;
        }
        if self.stage != Stage::Heading {
            return;
        }
        let outcome = result.map_err(|e| self.call_failed("HeadObject", e)).and_then(|head| self.on_head(head));
        match outcome {
            Ok(()) => self.stage = Stage::Parts,
            Err(error) => {
                self.fail(error);
                self.stage = Stage::Finished;
            }
        }
    }

    fn handle_part(&mut self, number: u32, outcome: PartOutcome) -> PartDecision {
        let expected = self.layout.range(number).1;
        match outcome {
            PartOutcome::Done { bytes, checksum, .. } if bytes == expected => {
                if let Err(mismatch) = self.check_single(checksum) {
                    return self.part_failed(number, mismatch);
                }
                self.in_flight = self.in_flight.saturating_sub(1);
                self.received.insert(number);
                PartDecision::Accepted
            }
            PartOutcome::Done { bytes, .. } => {
                let error = format!("GetObject part {number}: expected {expected} bytes, received {bytes}");
                self.part_failed(number, Error::Parse(error))
            }
            PartOutcome::NoData => self.part_failed(number, Error::Parse(format!("GetObject part {number}: no body"))),
            PartOutcome::Failed(error) => self.part_failed(number, error),
            PartOutcome::Io { source, path } => {
                self.in_flight = self.in_flight.saturating_sub(1);
                let (object, abort) = (self.object.clone(), AbortOutcome::NotNeeded);
                self.fail(TransferError::Io { object, path, source, abort });
                PartDecision::Stop
            }
        }
    }

    fn handle_verify(&mut self, result: Result<Vec<String>, std::io::Error>) {
        let Stage::Verifying { exact } = self.stage else { return };
        self.stage = Stage::Finished;
        let Some(expected) = self.composite.clone() else { return };
        let checksums = match result {
            Ok(checksums) => checksums,
            Err(source) => {
                let (object, abort) = (self.object.clone(), AbortOutcome::NotNeeded);
                return self.fail(TransferError::Io { object, path: None, source, abort });
            }
        };
        let actual = combine_composite(expected.algorithm, &checksums).unwrap_or_default();
        if actual == expected.value {
            self.verified = Some(expected.algorithm);
        } else if !exact && self.original_ranges.len() > 1 {
            // The parts may have had unequal sizes: ask each one's before failing.
            self.original_sizes.truncate(1);
            self.stage = Stage::Probe { part: 2 };
        } else {
            let object = self.object.clone();
            let (algorithm, expected) = (expected.algorithm, format!("{}-{}", expected.value, checksums.len()));
            self.fail(TransferError::ChecksumMismatch { object, algorithm, expected, actual });
        }
    }

    fn fail(&mut self, error: TransferError) {
        if self.failure.is_none() {
            self.failure = Some(error);
        }
    }

    fn into_result(self) -> Result<DownloadSummary, TransferError> {
        if let Some(error) = self.failure {
            return Err(error);
        }
        if self.stage != Stage::Finished || self.next_to_write <= self.layout.count {
            let source = std::io::Error::other("the transfer was stopped before it finished");
            return Err(TransferError::Io { object: self.object, path: None, source, abort: AbortOutcome::NotNeeded });
        }
        Ok(DownloadSummary {
            object: self.object,
            size: self.layout.size,
            etag: self.etag,
            expected_checksum: self.expected,
            head: self.head,
            verified: self.verified,
        })
    }
}

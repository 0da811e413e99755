//! The multipart machinery shared by uploads and copies:
//! `CreateMultipartUpload` → parts (at most `max_in_flight` at once, each retried up to
//! `max_attempts`) → `CompleteMultipartUpload`; on any failure, wait for the parts in
//! flight, then `AbortMultipartUpload`, so no upload is left behind.

use std::collections::BTreeMap;

use serde_json::Map;

use crate::checksum::ChecksumAlgorithm;
use crate::{Document, Error};

use super::error::{AbortOutcome, ObjectRef, TransferError};
use super::limits::{PartLayout, MAX_PARTS};
use super::plan::{is_retryable, OpCall, PartDecision, PartJob, PartOutcome, Step};

/// Upload (`UploadPart` with bytes) or copy (`UploadPartCopy` of a source range).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PartKind {
    Upload,
    Copy,
}

/// Everything a multipart transfer needs, decided by the upload or copy planner.
#[derive(Debug, Clone)]
pub(crate) struct MultipartSpec {
    pub object: ObjectRef,
    pub kind: PartKind,
    /// `CreateMultipartUpload` input.
    pub create_input: Document,
    /// Members of every part's input (besides `UploadId` and `PartNumber`).
    pub part_args: Map<String, Document>,
    /// Members of the `CompleteMultipartUpload` input besides the parts.
    pub complete_args: Map<String, Document>,
    /// Members of the `AbortMultipartUpload` input besides the upload id.
    pub abort_args: Map<String, Document>,
    pub part_size: u64,
    /// Total size, `None` for an unknown-length stream.
    pub size: Option<u64>,
    /// The per-part checksum (uploads compute it, copies read it from `CopyPartResult`).
    pub checksum: Option<ChecksumAlgorithm>,
    pub max_in_flight: usize,
    pub max_attempts: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Create,
    Creating,
    Parts,
    Completing,
    Aborting,
    Finished,
}

/// The state of one multipart upload or copy.
#[derive(Debug)]
pub(crate) struct Multipart {
    spec: MultipartSpec,
    stage: Stage,
    upload_id: Option<String>,
    next_part: u32,
    /// The last part number, once known (from the size, or when a stream ends).
    last_part: Option<u32>,
    in_flight: usize,
    attempts: BTreeMap<u32, u32>,
    parts: BTreeMap<u32, Document>,
    failure: Option<TransferError>,
    result: Option<Result<Document, TransferError>>,
}

impl Multipart {
    /// How many full-size parts can be in flight at once, and their size: the part
    /// buffers an executor may set aside before the upload starts.
    pub(crate) fn full_parts_at_once(&self) -> (u64, usize) {
        let full =
            self.spec.size.map_or(usize::MAX, |size| usize::try_from(size / self.spec.part_size).unwrap_or(usize::MAX));
        (self.spec.part_size, self.spec.max_in_flight.min(full))
    }

    pub fn new(spec: MultipartSpec) -> Self {
        let last_part = spec.size.map(|size| PartLayout::new(size, spec.part_size).count);
        Self {
            spec,
            stage: Stage::Create,
            upload_id: None,
            next_part: 1,
            last_part,
            in_flight: 0,
            attempts: BTreeMap::new(),
            parts: BTreeMap::new(),
            failure: None,
            result: None,
        }
    }

    fn object(&self) -> ObjectRef {
        self.spec.object.clone()
    }

    fn part_operation(&self) -> &'static str {
        match self.spec.kind {
            PartKind::Upload => "UploadPart",
            PartKind::Copy => "UploadPartCopy",
        }
    }

    /// The error for a failed call of this transfer.
    fn call_failed(&self, operation: &'static str, source: Error) -> TransferError {
        let object = self.object();
        let abort = AbortOutcome::NotNeeded;
        let changed = matches!(&source, Error::Service(e) if e.code == "PreconditionFailed");
        match self.spec.kind {
            PartKind::Copy if changed => TransferError::ObjectChanged { object, operation, etag: None, abort },
            PartKind::Upload => TransferError::UploadFailed { object, operation, source, abort },
            PartKind::Copy => TransferError::CopyFailed { object, operation, source, abort },
        }
    }

    /// Records the first failure; later ones are consequences.
    pub fn fail(&mut self, error: TransferError) {
        if self.failure.is_none() && self.result.is_none() {
            self.failure = Some(error);
        }
    }

    pub fn poll(&mut self) -> Step {
        match self.stage {
            Stage::Create if self.failure.is_some() => self.finish_failed(AbortOutcome::NotNeeded),
            Stage::Create => {
                self.stage = Stage::Creating;
                Step::Call(OpCall { operation: "CreateMultipartUpload", input: self.spec.create_input.clone() })
            }
            Stage::Parts => self.poll_parts(),
            Stage::Creating | Stage::Completing | Stage::Aborting => Step::Wait,
            Stage::Finished => Step::Done,
        }
    }

    fn poll_parts(&mut self) -> Step {
        if self.failure.is_some() {
            return if self.in_flight > 0 { Step::Wait } else { self.abort() };
        }
        let all_sent = self.last_part.is_some_and(|last| self.next_part > last);
        if all_sent && self.in_flight == 0 {
            return self.complete();
        }
        if all_sent || self.in_flight >= self.spec.max_in_flight {
            return Step::Wait;
        }
        if self.spec.size.is_none() && u64::from(self.next_part) > MAX_PARTS {
            let error = TransferError::TooLarge { object: self.object(), size: None, part_size: self.spec.part_size };
            self.fail(error);
            return self.poll_parts();
        }
        let number = self.next_part;
        self.next_part += 1;
        self.in_flight += 1;
        Step::Part(self.part_job(number))
    }

    fn part_job(&self, number: u32) -> PartJob {
        let (offset, len) = match self.spec.size {
            Some(size) => PartLayout::new(size, self.spec.part_size).range(number),
            None => (u64::from(number - 1) * self.spec.part_size, self.spec.part_size),
        };
        let mut input = self.spec.part_args.clone();
        input.insert("UploadId".into(), Document::String(self.upload_id.clone().unwrap_or_default()));
        input.insert("PartNumber".into(), Document::from(number));
        if self.spec.kind == PartKind::Copy {
            let range = format!("bytes={}-{}", offset, offset + len.saturating_sub(1));
            input.insert("CopySourceRange".into(), Document::String(range));
        }
        let input = super::args::input(&self.spec.object.bucket, &self.spec.object.key, input);
        let checksum = self.spec.checksum.filter(|_| self.spec.kind == PartKind::Upload);
        PartJob { operation: self.part_operation(), number, offset, len, input, checksum }
    }

    fn upload_id_input(&self, mut rest: Map<String, Document>) -> Document {
        rest.insert("UploadId".into(), Document::String(self.upload_id.clone().unwrap_or_default()));
        super::args::input(&self.spec.object.bucket, &self.spec.object.key, rest)
    }

    fn complete(&mut self) -> Step {
        self.stage = Stage::Completing;
        let parts: Vec<Document> = self.parts.values().cloned().collect();
        let mut rest = self.spec.complete_args.clone();
        rest.insert("MultipartUpload".into(), serde_json::json!({ "Parts": parts }));
        Step::Call(OpCall { operation: "CompleteMultipartUpload", input: self.upload_id_input(rest) })
    }

    fn abort(&mut self) -> Step {
        if self.upload_id.is_none() {
            return self.finish_failed(AbortOutcome::NotNeeded);
        }
        self.stage = Stage::Aborting;
        Step::Call(OpCall {
            operation: "AbortMultipartUpload",
            input: self.upload_id_input(self.spec.abort_args.clone()),
        })
    }

    fn finish_failed(&mut self, outcome: AbortOutcome) -> Step {
        let error = self.failure.take().map(|e| e.with_abort(outcome));
        let error = error.unwrap_or_else(|| {
            self.call_failed("AbortMultipartUpload", Error::Config("aborted without a recorded failure".into()))
        });
        self.result = Some(Err(error));
        self.stage = Stage::Finished;
        Step::Done
    }

    pub fn handle_call(&mut self, result: Result<Document, Error>) {
        match (self.stage, result) {
            (Stage::Creating, Ok(output)) => match output.get("UploadId").and_then(Document::as_str) {
                Some(id) => {
                    self.upload_id = Some(id.to_owned());
                    self.stage = Stage::Parts;
                }
                None => {
                    let error = Error::Parse("CreateMultipartUpload returned no UploadId".into());
                    self.fail(self.call_failed("CreateMultipartUpload", error));
                    self.finish_failed(AbortOutcome::NotNeeded);
                }
            },
            (Stage::Creating, Err(error)) => {
                self.fail(self.call_failed("CreateMultipartUpload", error));
                self.finish_failed(AbortOutcome::NotNeeded);
            }
            (Stage::Completing, Ok(output)) => {
                self.result = Some(Ok(output));
                self.stage = Stage::Finished;
            }
            (Stage::Completing, Err(error)) => {
                self.fail(self.call_failed("CompleteMultipartUpload", error));
                self.stage = Stage::Parts;
            }
            (Stage::Aborting, result) => {
                let upload_id = self.upload_id.clone().unwrap_or_default();
                let outcome = match result {
                    Ok(_) => AbortOutcome::Aborted { upload_id },
                    Err(error) => AbortOutcome::Failed { upload_id, error: Box::new(error) },
                };
                self.finish_failed(outcome);
            }
            _ => {}
        }
    }

    pub fn handle_part(&mut self, number: u32, outcome: PartOutcome) -> PartDecision {
        match outcome {
            PartOutcome::Done { output, bytes, checksum } => {
                self.in_flight = self.in_flight.saturating_sub(1);
                self.record_part(number, &output, checksum);
                if self.spec.size.is_none() && bytes < self.spec.part_size {
                    self.end_at(number);
                }
                PartDecision::Accepted
            }
            PartOutcome::NoData => {
                self.in_flight = self.in_flight.saturating_sub(1);
                self.end_at(number.saturating_sub(1));
                PartDecision::Accepted
            }
            PartOutcome::Io { source, path } => {
                self.in_flight = self.in_flight.saturating_sub(1);
                let abort = AbortOutcome::NotNeeded;
                self.fail(TransferError::Io { object: self.object(), path, source, abort });
                PartDecision::Stop
            }
            PartOutcome::Failed(error) => self.part_failed(number, error),
        }
    }

    fn part_failed(&mut self, number: u32, error: Error) -> PartDecision {
        let attempts = self.attempts.entry(number).or_insert(0);
        *attempts += 1;
        let attempts = *attempts;
        if is_retryable(&error) && attempts < self.spec.max_attempts && self.failure.is_none() {
            return PartDecision::Retry;
        }
        self.in_flight = self.in_flight.saturating_sub(1);
        let operation = self.part_operation();
        let failure = if is_retryable(&error) && attempts >= self.spec.max_attempts {
            let object = self.object();
            TransferError::RetriesExceeded {
                object,
                operation,
                part: number,
                attempts,
                source: error,
                abort: AbortOutcome::NotNeeded,
            }
        } else {
            self.call_failed(operation, error)
        };
        self.fail(failure);
        PartDecision::Stop
    }

    /// A stream ended after part `last` (0: before any part).
    fn end_at(&mut self, last: u32) {
        let last = self.last_part.map_or(last, |known| known.min(last));
        self.last_part = Some(last);
        if last == 0 {
            let source =
                std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "the stream ended before the first part");
            self.fail(TransferError::Io { object: self.object(), path: None, source, abort: AbortOutcome::NotNeeded });
        }
    }

    fn record_part(&mut self, number: u32, output: &Document, sent_checksum: Option<String>) {
        let result = match self.spec.kind {
            PartKind::Upload => output,
            PartKind::Copy => output.get("CopyPartResult").unwrap_or(output),
        };
        let mut part = Map::new();
        part.insert("ETag".into(), result.get("ETag").cloned().unwrap_or(Document::Null));
        part.insert("PartNumber".into(), Document::from(number));
        if let Some(algorithm) = self.spec.checksum {
            let member = format!("Checksum{}", algorithm.name());
            let value = result.get(&member).cloned().or(sent_checksum.map(Document::String));
            if let Some(value) = value {
                part.insert(member, value);
            }
        }
        self.parts.insert(number, Document::Object(part));
    }

    pub fn into_result(self) -> Result<Document, TransferError> {
        match (self.result, self.failure) {
            (Some(result), _) => result,
            (None, failure) => {
                let source = std::io::Error::other("the transfer was stopped before it finished");
                let failure = failure.unwrap_or(TransferError::Io {
                    object: self.spec.object,
                    path: None,
                    source,
                    abort: AbortOutcome::NotNeeded,
                });
                Err(match self.upload_id {
                    Some(upload_id) => failure.with_abort(AbortOutcome::Failed {
                        upload_id,
                        error: Box::new(Error::Config("the transfer was stopped before the upload was aborted".into())),
                    }),
                    None => failure,
                })
            }
        }
    }
}

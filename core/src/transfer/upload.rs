//! The upload planner: one `PutObject` below the threshold, else a multipart upload
//! (s3transfer's `UploadSubmissionTask`), for sources of known or unknown length.

use serde_json::Map;

use crate::checksum::RequestChecksumCalculation;
use crate::{Document, Error};

use super::args::{self, TransferKind, FULL_OBJECT_CHECKSUM_ARGS};
use super::config::TransferConfig;
use super::error::{AbortOutcome, ObjectRef, TransferError};
use super::limits::{adjust_part_size, MAX_PARTS, MAX_PART_SIZE};
use super::multipart::{Multipart, MultipartSpec, PartKind};
use super::plan::{is_retryable, PartDecision, PartJob, PartOutcome, Step, TransferPlan};

/// `PutObject` takes neither (s3transfer's `PUT_OBJECT_BLOCKLIST`).
const PUT_OBJECT_BLOCKLIST: &[&str] = &["ChecksumType", "MpuObjectSize"];
/// Members `UploadPart` takes from the extra args (s3transfer's `UPLOAD_PART_ARGS`).
const UPLOAD_PART_ARGS: &[&str] = &[
    "ChecksumAlgorithm",
    "SSECustomerKey",
    "SSECustomerAlgorithm",
    "SSECustomerKeyMD5",
    "RequestPayer",
    "ExpectedBucketOwner",
];
/// Members `CompleteMultipartUpload` takes besides the full-object checksums.
const COMPLETE_ARGS: &[&str] = &[
    "SSECustomerKey",
    "SSECustomerAlgorithm",
    "SSECustomerKeyMD5",
    "RequestPayer",
    "ExpectedBucketOwner",
    "ChecksumType",
    "MpuObjectSize",
];
/// Members `AbortMultipartUpload` takes.
pub(crate) const ABORT_ARGS: &[&str] = &["RequestPayer", "ExpectedBucketOwner"];

/// What to upload (an options struct for [`UploadPlanner::new`]).
#[derive(Debug, Clone)]
pub struct UploadRequest<'a> {
    /// The destination object.
    pub object: ObjectRef,
    /// The source's size; `None` for a stream of unknown length, which is then always
    /// uploaded in parts of `multipart_chunksize` (the executor decides by reading up to
    /// the threshold first, as s3transfer does for non-seekable streams).
    pub size: Option<u64>,
    /// Extra `PutObject`/`CreateMultipartUpload` members (`ALLOWED_UPLOAD_ARGS`).
    pub extra_args: &'a Document,
    pub config: &'a TransferConfig,
    /// The client's `request_checksum_calculation`: `WhenSupported` adds CRC32 per part
    /// unless the caller chose an algorithm or gave a full-object checksum (boto3 ≥ 1.36).
    pub checksum_calculation: RequestChecksumCalculation,
}

#[derive(Debug)]
enum State {
    Single(Box<Single>),
    Multipart(Box<Multipart>),
}

/// One `PutObject`, retried up to `max_attempts` times on transport failures.
#[derive(Debug)]
struct Single {
    object: ObjectRef,
    /// The job, until it is handed out.
    job: Option<PartJob>,
    in_flight: bool,
    attempts: u32,
    max_attempts: u32,
    failure: Option<TransferError>,
    result: Option<Result<Document, TransferError>>,
}

impl Single {
    fn poll(&mut self) -> Step {
        if self.result.is_some() {
            return Step::Done;
        }
        if self.in_flight {
            return Step::Wait;
        }
        if let Some(error) = self.failure.take() {
            self.result = Some(Err(error));
            return Step::Done;
        }
        match self.job.take() {
            Some(job) => {
                self.in_flight = true;
                Step::Part(job)
            }
            None => Step::Done,
        }
    }

    fn handle_part(&mut self, outcome: PartOutcome) -> PartDecision {
        let object = self.object.clone();
        let abort = AbortOutcome::NotNeeded;
        let result = match outcome {
            PartOutcome::Done { output, .. } => Ok(output),
            PartOutcome::NoData => Ok(Document::Object(Map::new())),
            PartOutcome::Io { source, path } => Err(TransferError::Io { object, path, source, abort }),
            PartOutcome::Failed(error) => {
                self.attempts += 1;
                if is_retryable(&error) && self.attempts < self.max_attempts && self.failure.is_none() {
                    return PartDecision::Retry;
                }
                let (operation, attempts) = ("PutObject", self.attempts);
                Err(if is_retryable(&error) {
                    TransferError::RetriesExceeded { object, operation, part: 1, attempts, source: error, abort }
                } else {
                    TransferError::UploadFailed { object, operation, source: error, abort }
                })
            }
        };
        self.in_flight = false;
        let decision = if result.is_ok() { PartDecision::Accepted } else { PartDecision::Stop };
        self.result = Some(match self.failure.take() {
            Some(error) => Err(error),
            None => result,
        });
        decision
    }

    fn into_result(self) -> Result<Document, TransferError> {
        match (self.result, self.failure) {
            (Some(result), _) => result,
            (None, Some(error)) => Err(error),
            (None, None) => Err(TransferError::Io {
                object: self.object,
                path: None,
                source: std::io::Error::other("the transfer was stopped before it finished"),
                abort: AbortOutcome::NotNeeded,
            }),
        }
    }
}

/// Plans an upload (see [`TransferPlan`] for the call order). Output: the
/// `PutObject`/`CompleteMultipartUpload` output document.
#[derive(Debug)]
pub struct UploadPlanner {
    state: State,
}

impl UploadPlanner {
    /// Validates the config and extra args and plans the upload.
    pub fn new(request: UploadRequest<'_>) -> Result<Self, TransferError> {
        let config = request.config;
        config.validate()?;
        let mut extra = args::validate_extra_args(TransferKind::Upload, request.extra_args)?;
        let object = request.object;
        let single = matches!(request.size, Some(size) if size < config.multipart_threshold.max(1));
        let state = if single {
            if !FULL_OBJECT_CHECKSUM_ARGS.iter().any(|name| extra.contains_key(*name)) {
                args::upload_defaults(&mut extra, request.checksum_calculation);
            }
            let job = put_object_job(&object, request.size.unwrap_or(0), &extra);
            let max_attempts = config.num_download_attempts;
            let single = Single {
                object,
                job: Some(job),
                in_flight: false,
                attempts: 0,
                max_attempts,
                failure: None,
                result: None,
            };
            State::Single(Box::new(single))
        } else {
            args::upload_defaults(&mut extra, request.checksum_calculation);
            State::Multipart(Box::new(Multipart::new(multipart_spec(&object, request.size, &extra, config)?)))
        };
        Ok(Self { state })
    }

    /// True when the upload is one `PutObject`.
    pub fn is_single(&self) -> bool {
        matches!(self.state, State::Single { .. })
    }

    /// The buffers worth setting aside before the upload starts, as `(size, count)`: one
    /// of the object's size for a `PutObject`, else one per full-size part that can be in
    /// flight at once. Allocating them up front, on one thread, keeps a threaded executor's
    /// memory at that figure (a short last part needs one more, smaller buffer).
    pub fn part_buffers(&self) -> (u64, usize) {
        match &self.state {
            State::Single(single) => (single.job.as_ref().map_or(0, |job| job.len), 1),
            State::Multipart(multipart) => multipart.full_parts_at_once(),
        }
    }
}

fn put_object_job(object: &ObjectRef, size: u64, extra: &Map<String, Document>) -> PartJob {
    let checksum =
        args::part_checksum(extra).filter(|_| !FULL_OBJECT_CHECKSUM_ARGS.iter().any(|n| extra.contains_key(*n)));
    let input = args::input(&object.bucket, &object.key, args::without(extra, PUT_OBJECT_BLOCKLIST));
    PartJob { operation: "PutObject", number: 1, offset: 0, len: size, input, checksum }
}

fn multipart_spec(
    object: &ObjectRef,
    size: Option<u64>,
    extra: &Map<String, Document>,
    config: &TransferConfig,
) -> Result<MultipartSpec, TransferError> {
    let part_size = adjust_part_size(config.multipart_chunksize, size);
    if let Some(size) = size {
        if size.div_ceil(part_size) > MAX_PARTS && part_size >= MAX_PART_SIZE {
            return Err(TransferError::TooLarge { object: object.clone(), size: Some(size), part_size });
        }
    }
    let create_blocklist = [FULL_OBJECT_CHECKSUM_ARGS, &["MpuObjectSize"]].concat();
    let complete_list = [COMPLETE_ARGS, FULL_OBJECT_CHECKSUM_ARGS].concat();
    Ok(MultipartSpec {
        object: object.clone(),
        kind: PartKind::Upload,
        create_input: args::input(&object.bucket, &object.key, args::without(extra, &create_blocklist)),
        part_args: args::only(extra, UPLOAD_PART_ARGS),
        complete_args: args::only(extra, &complete_list),
        abort_args: args::only(extra, ABORT_ARGS),
        part_size,
        size,
        checksum: args::part_checksum(extra),
        max_in_flight: config.concurrency(),
        max_attempts: config.num_download_attempts,
    })
}

impl TransferPlan for UploadPlanner {
    type Output = Document;

    fn poll(&mut self) -> Step {
        match &mut self.state {
            State::Single(single) => single.poll(),
            State::Multipart(m) => m.poll(),
        }
    }

    fn handle_call(&mut self, result: Result<Document, Error>) {
        if let State::Multipart(m) = &mut self.state {
            m.handle_call(result);
        }
    }

    fn handle_part(&mut self, number: u32, outcome: PartOutcome) -> PartDecision {
        match &mut self.state {
            State::Single(single) => single.handle_part(outcome),
            State::Multipart(m) => m.handle_part(number, outcome),
        }
    }

    fn fail(&mut self, error: TransferError) {
        match &mut self.state {
            State::Single(single) if single.result.is_none() && single.failure.is_none() => {
                single.failure = Some(error)
            }
            State::Single(_) => {}
            State::Multipart(m) => m.fail(error),
        }
    }

    fn into_result(self) -> Result<Document, TransferError> {
        match self.state {
            State::Single(single) => single.into_result(),
            State::Multipart(m) => m.into_result(),
        }
    }
}

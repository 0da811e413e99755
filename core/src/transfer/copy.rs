//! The copy planner (s3transfer's `CopySubmissionTask`): `HeadObject` on the source (size,
//! ETag, metadata) → one `CopyObject` below the threshold, else a multipart copy of
//! `UploadPartCopy` ranges with `CopySourceIfMatch: <ETag>`, aborted on any failure.
//!
//! `CreateMultipartUpload` does not copy the source's metadata as `CopyObject` does, so
//! `CacheControl`, `ContentDisposition`, `ContentEncoding`, `ContentLanguage`,
//! `ContentType`, `Expires` and `Metadata` are taken from the source's `HeadObject`
//! unless `MetadataDirective` is `REPLACE` (then the caller's values are used). Tags are
//! not copied by a multipart copy (s3transfer ≥ 0.14 copies them with extra calls).

use serde_json::Map;

use crate::{Document, Error};

use super::args::{self, TransferKind};
use super::config::TransferConfig;
use super::error::{AbortOutcome, ObjectRef, TransferError};
use super::limits::{adjust_part_size, MAX_PARTS, MAX_PART_SIZE};
use super::multipart::{Multipart, MultipartSpec, PartKind};
use super::plan::{OpCall, PartDecision, PartOutcome, Step, TransferPlan};
use super::upload::ABORT_ARGS;

/// Copy extra args and the `HeadObject` member each one becomes on the source.
const HEAD_ARGS: &[(&str, &str)] = &[
    ("CopySourceIfMatch", "IfMatch"),
    ("CopySourceIfModifiedSince", "IfModifiedSince"),
    ("CopySourceIfNoneMatch", "IfNoneMatch"),
    ("CopySourceIfUnmodifiedSince", "IfUnmodifiedSince"),
    ("CopySourceSSECustomerKey", "SSECustomerKey"),
    ("CopySourceSSECustomerAlgorithm", "SSECustomerAlgorithm"),
    ("CopySourceSSECustomerKeyMD5", "SSECustomerKeyMD5"),
    ("RequestPayer", "RequestPayer"),
    ("ExpectedBucketOwner", "ExpectedBucketOwner"),
];

/// Members `UploadPartCopy` takes from the extra args.
const UPLOAD_PART_COPY_ARGS: &[&str] = &[
    "CopySourceIfMatch",
    "CopySourceIfModifiedSince",
    "CopySourceIfNoneMatch",
    "CopySourceIfUnmodifiedSince",
    "CopySourceSSECustomerKey",
    "CopySourceSSECustomerAlgorithm",
    "CopySourceSSECustomerKeyMD5",
    "SSECustomerKey",
    "SSECustomerAlgorithm",
    "SSECustomerKeyMD5",
    "RequestPayer",
    "ExpectedBucketOwner",
];

/// Members `CreateMultipartUpload` must not get.
const CREATE_BLOCKLIST: &[&str] = &[
    "CopySourceIfMatch",
    "CopySourceIfModifiedSince",
    "CopySourceIfNoneMatch",
    "CopySourceIfUnmodifiedSince",
    "CopySourceSSECustomerKey",
    "CopySourceSSECustomerAlgorithm",
    "CopySourceSSECustomerKeyMD5",
    "MetadataDirective",
    "TaggingDirective",
    "AnnotationDirective",
    "Tagging",
];

/// Source metadata a multipart copy carries over.
const PRESERVED_METADATA: &[&str] =
    &["CacheControl", "ContentDisposition", "ContentEncoding", "ContentLanguage", "ContentType", "Expires", "Metadata"];

const COMPLETE_ARGS: &[&str] =
    &["SSECustomerKey", "SSECustomerAlgorithm", "SSECustomerKeyMD5", "RequestPayer", "ExpectedBucketOwner"];

/// The object to copy from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopySource {
    pub bucket: String,
    pub key: String,
    pub version_id: Option<String>,
}

impl CopySource {
    /// The latest version of `key` in `bucket`.
    pub fn new(bucket: impl Into<String>, key: impl Into<String>) -> Self {
        Self { bucket: bucket.into(), key: key.into(), version_id: None }
    }

    /// The `CopySource` member: `bucket/key[?versionId=v]`, which the S3 customization
    /// URL-encodes (the string form: the model types the member as a string, so input
    /// validation refuses boto3's dict form).
    fn document(&self) -> Document {
        let mut source = format!("{}/{}", self.bucket, self.key);
        if let Some(version) = &self.version_id {
            source.push_str("?versionId=");
            source.push_str(version);
        }
        Document::String(source)
    }
}

/// What to copy (an options struct for [`CopyPlanner::new`]).
#[derive(Debug, Clone)]
pub struct CopyRequest<'a> {
    pub source: CopySource,
    /// The destination.
    pub object: ObjectRef,
    /// Extra `CopyObject`/`CreateMultipartUpload` members (`ALLOWED_COPY_ARGS`).
    pub extra_args: &'a Document,
    pub config: &'a TransferConfig,
}

#[derive(Debug)]
enum Stage {
    Head,
    Heading,
    /// The source is below the threshold: one `CopyObject`.
    Copy,
    CopySent,
    Multipart(Box<Multipart>),
    Finished(Option<Box<Result<Document, TransferError>>>),
}

/// Plans a copy (see [`TransferPlan`] for the call order). Output: the `CopyObject` or
/// `CompleteMultipartUpload` output document.
#[derive(Debug)]
pub struct CopyPlanner {
    source: CopySource,
    object: ObjectRef,
    extra: Map<String, Document>,
    config: TransferConfig,
    stage: Stage,
    size: Option<u64>,
}

impl CopyPlanner {
    /// Validates the config and extra args and plans the copy.
    pub fn new(request: CopyRequest<'_>) -> Result<Self, TransferError> {
        request.config.validate()?;
        let extra = args::validate_extra_args(TransferKind::Copy, request.extra_args)?;
        let (source, object, config) = (request.source, request.object, *request.config);
        Ok(Self { source, object, extra, config, stage: Stage::Head, size: None })
    }

    /// The source's size, once `HeadObject` answered.
    pub fn size(&self) -> Option<u64> {
        self.size
    }

    fn head_input(&self) -> Document {
        let mut rest = Map::new();
        if let Some(version) = &self.source.version_id {
            rest.insert("VersionId".into(), Document::String(version.clone()));
        }
        for (arg, head) in HEAD_ARGS {
            if let Some(value) = self.extra.get(*arg) {
                rest.insert((*head).into(), value.clone());
            }
        }
        args::input(&self.source.bucket, &self.source.key, rest)
    }

    fn failed(&self, operation: &'static str, source: Error) -> TransferError {
        let object = self.object.clone();
        let abort = AbortOutcome::NotNeeded;
        match &source {
            Error::Service(e) if e.code == "PreconditionFailed" => {
                TransferError::ObjectChanged { object, operation, etag: None, abort }
            }
            _ => TransferError::CopyFailed { object, operation, source, abort },
        }
    }

    fn copy_object(&self) -> OpCall {
        let mut rest = self.extra.clone();
        rest.insert("CopySource".into(), self.source.document());
        OpCall { operation: "CopyObject", input: args::input(&self.object.bucket, &self.object.key, rest) }
    }

    fn multipart(&self, head: &Document, size: u64) -> Result<Multipart, TransferError> {
        let part_size = adjust_part_size(self.config.multipart_chunksize, Some(size));
        if size.div_ceil(part_size) > MAX_PARTS && part_size >= MAX_PART_SIZE {
            return Err(TransferError::TooLarge { object: self.object.clone(), size: Some(size), part_size });
        }
        let mut merged = self.extra.clone();
        if merged.get("MetadataDirective").and_then(Document::as_str) != Some("REPLACE") {
            merged = args::without(&merged, PRESERVED_METADATA);
            merged.extend(args::only(head.as_object().unwrap_or(&Map::new()), PRESERVED_METADATA));
        }
        let mut part_args = args::only(&self.extra, UPLOAD_PART_COPY_ARGS);
        part_args.insert("CopySource".into(), self.source.document());
        if let Some(etag) = head.get("ETag") {
            part_args.insert("CopySourceIfMatch".into(), etag.clone());
        }
        Ok(Multipart::new(MultipartSpec {
            object: self.object.clone(),
            kind: PartKind::Copy,
            create_input: args::input(&self.object.bucket, &self.object.key, args::without(&merged, CREATE_BLOCKLIST)),
            part_args,
            complete_args: args::only(&self.extra, COMPLETE_ARGS),
            abort_args: args::only(&self.extra, ABORT_ARGS),
            part_size,
            size: Some(size),
            checksum: args::part_checksum(&self.extra),
            max_in_flight: self.config.concurrency(),
            max_attempts: self.config.num_download_attempts,
        }))
    }

    fn on_head(&mut self, head: Document) -> Stage {
        let Some(size) = head.get("ContentLength").and_then(Document::as_u64) else {
            let error = Error::Parse("HeadObject returned no ContentLength".into());
            return Stage::Finished(Some(Box::new(Err(self.failed("HeadObject", error)))));
        };
        self.size = Some(size);
        if size < self.config.multipart_threshold.max(1) {
            return Stage::Copy;
        }
        match self.multipart(&head, size) {
            Ok(multipart) => Stage::Multipart(Box::new(multipart)),
            Err(error) => Stage::Finished(Some(Box::new(Err(error)))),
        }
    }
}

impl TransferPlan for CopyPlanner {
    type Output = Document;

    fn poll(&mut self) -> Step {
        match &mut self.stage {
            Stage::Head => {
                self.stage = Stage::Heading;
                Step::Call(OpCall { operation: "HeadObject", input: self.head_input() })
            }
            Stage::Heading | Stage::CopySent => Step::Wait,
            Stage::Copy => {
                let call = self.copy_object();
                self.stage = Stage::CopySent;
                Step::Call(call)
            }
            Stage::Multipart(m) => m.poll(),
            Stage::Finished(_) => Step::Done,
        }
    }

    fn handle_call(&mut self, result: Result<Document, Error>) {
        let next = match (&mut self.stage, result) {
            (Stage::Multipart(m), result) => return m.handle_call(result),
            (Stage::Heading, Ok(head)) => self.on_head(head),
            (Stage::Heading, Err(error)) => Stage::Finished(Some(Box::new(Err(self.failed("HeadObject", error))))),
            (Stage::CopySent, Ok(output)) => Stage::Finished(Some(Box::new(Ok(output)))),
            (Stage::CopySent, Err(error)) => Stage::Finished(Some(Box::new(Err(self.failed("CopyObject", error))))),
            _ => return,
        };
        self.stage = next;
    }

    fn handle_part(&mut self, number: u32, outcome: PartOutcome) -> PartDecision {
        match &mut self.stage {
            Stage::Multipart(m) => m.handle_part(number, outcome),
            _ => PartDecision::Stop,
        }
    }

    fn fail(&mut self, error: TransferError) {
        match &mut self.stage {
            Stage::Multipart(m) => m.fail(error),
            Stage::Finished(_) => {}
            _ => self.stage = Stage::Finished(Some(Box::new(Err(error)))),
        }
    }

    fn into_result(self) -> Result<Document, TransferError> {
        match self.stage {
            Stage::Multipart(m) => m.into_result(),
            Stage::Finished(Some(result)) => *result,
            _ => {
                let source = std::io::Error::other("the transfer was stopped before it finished");
                Err(TransferError::Io { object: self.object, path: None, source, abort: AbortOutcome::NotNeeded })
            }
        }
    }
}

//! `ExtraArgs`: which members a transfer accepts (s3transfer's `ALLOWED_*_ARGS` lists) and
//! which of them go to each operation of the transfer.

use serde_json::Map;

use crate::checksum::{ChecksumAlgorithm, RequestChecksumCalculation};
use crate::Document;

use super::error::TransferError;

/// The members upload, download and copy share (s3transfer's `_ALLOWED_SHARED_ARGS`).
const SHARED_ARGS: &[&str] = &[
    "ACL",
    "CacheControl",
    "ChecksumAlgorithm",
    "ContentDisposition",
    "ContentEncoding",
    "ContentLanguage",
    "ContentType",
    "ExpectedBucketOwner",
    "Expires",
    "GrantFullControl",
    "GrantRead",
    "GrantReadACP",
    "GrantWriteACP",
    "Metadata",
    "ObjectLockLegalHoldStatus",
    "ObjectLockMode",
    "ObjectLockRetainUntilDate",
    "RequestPayer",
    "ServerSideEncryption",
    "StorageClass",
    "SSECustomerAlgorithm",
    "SSECustomerKey",
    "SSECustomerKeyMD5",
    "SSEKMSKeyId",
    "SSEKMSEncryptionContext",
    "Tagging",
    "WebsiteRedirectLocation",
];

/// Full-object checksum values a caller may supply (s3transfer's `FULL_OBJECT_CHECKSUM_ARGS`).
pub const FULL_OBJECT_CHECKSUM_ARGS: &[&str] = &[
    "ChecksumCRC32",
    "ChecksumCRC32C",
    "ChecksumCRC64NVME",
    "ChecksumMD5",
    "ChecksumSHA1",
    "ChecksumSHA256",
    "ChecksumSHA512",
    "ChecksumXXHASH3",
    "ChecksumXXHASH64",
    "ChecksumXXHASH128",
];

/// Upload-only members besides the shared ones and the full-object checksums.
const UPLOAD_ONLY_ARGS: &[&str] = &["ChecksumType", "MpuObjectSize"];

/// Download members (s3transfer's `ALLOWED_DOWNLOAD_ARGS`).
pub const ALLOWED_DOWNLOAD_ARGS: &[&str] = &[
    "ChecksumMode",
    "VersionId",
    "SSECustomerAlgorithm",
    "SSECustomerKey",
    "SSECustomerKeyMD5",
    "RequestPayer",
    "ExpectedBucketOwner",
];

/// Copy-only members besides the shared ones.
const COPY_ONLY_ARGS: &[&str] = &[
    "CopySourceIfMatch",
    "CopySourceIfModifiedSince",
    "CopySourceIfNoneMatch",
    "CopySourceIfUnmodifiedSince",
    "CopySourceSSECustomerAlgorithm",
    "CopySourceSSECustomerKey",
    "CopySourceSSECustomerKeyMD5",
    "MetadataDirective",
    "TaggingDirective",
    "AnnotationDirective",
];

/// Which transfer the `ExtraArgs` are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferKind {
    Upload,
    Download,
    Copy,
}

/// Whether `name` is an allowed `ExtraArgs` member for `kind` (s3transfer's
/// `ALLOWED_UPLOAD_ARGS`, `ALLOWED_DOWNLOAD_ARGS`, `ALLOWED_COPY_ARGS`).
pub fn is_allowed(kind: TransferKind, name: &str) -> bool {
    match kind {
        TransferKind::Upload => {
            SHARED_ARGS.contains(&name) || UPLOAD_ONLY_ARGS.contains(&name) || FULL_OBJECT_CHECKSUM_ARGS.contains(&name)
        }
        TransferKind::Download => ALLOWED_DOWNLOAD_ARGS.contains(&name),
        TransferKind::Copy => SHARED_ARGS.contains(&name) || COPY_ONLY_ARGS.contains(&name),
    }
}

/// Every allowed member for `kind`, in s3transfer's order.
pub fn allowed_args(kind: TransferKind) -> Vec<&'static str> {
    match kind {
        TransferKind::Upload => [SHARED_ARGS, UPLOAD_ONLY_ARGS, FULL_OBJECT_CHECKSUM_ARGS].concat(),
        TransferKind::Download => ALLOWED_DOWNLOAD_ARGS.to_vec(),
        TransferKind::Copy => [SHARED_ARGS, COPY_ONLY_ARGS].concat(),
    }
}

/// Checks `extra_args` (an object, or `null` for none) and returns it as a map. Errors
/// name the first disallowed member and list the allowed ones, as s3transfer's
/// `Invalid extra_args key '...', must be one of: ...`; a `ChecksumAlgorithm` must be one
/// Stratus can compute (CRC32, CRC32C, CRC64NVME, SHA1, SHA256).
pub fn validate_extra_args(kind: TransferKind, extra_args: &Document) -> Result<Map<String, Document>, TransferError> {
    let map = match extra_args {
        Document::Null => return Ok(Map::new()),
        Document::Object(map) => map,
        other => {
            return Err(TransferError::InvalidExtraArgs {
                name: other.to_string(),
                problem: "ExtraArgs must be a JSON object of operation members".into(),
            })
        }
    };
    if let Some(name) = map.keys().find(|name| !is_allowed(kind, name)) {
        return Err(TransferError::InvalidExtraArgs {
            name: name.clone(),
            problem: format!("must be one of: {}", allowed_args(kind).join(", ")),
        });
    }
    if let Some(value) = map.get("ChecksumAlgorithm") {
        checksum_algorithm(value)?;
    }
    Ok(map.clone())
}

fn checksum_algorithm(value: &Document) -> Result<ChecksumAlgorithm, TransferError> {
    value.as_str().and_then(ChecksumAlgorithm::from_name).ok_or_else(|| TransferError::InvalidExtraArgs {
        name: "ChecksumAlgorithm".into(),
        problem: format!("{value} is not one of CRC32, CRC32C, CRC64NVME, SHA1, SHA256"),
    })
}

/// The per-part checksum algorithm `args` ask for (`ChecksumAlgorithm`), if any.
pub(crate) fn part_checksum(args: &Map<String, Document>) -> Option<ChecksumAlgorithm> {
    args.get("ChecksumAlgorithm").and_then(Document::as_str).and_then(ChecksumAlgorithm::from_name)
}

/// Upload defaults, as s3transfer's `_add_operation_defaults`: with
/// `request_checksum_calculation = when_supported` and no full-object checksum given,
/// `ChecksumAlgorithm` defaults to CRC32. A full-object checksum value given by the
/// caller sets `ChecksumType = FULL_OBJECT` and the matching `ChecksumAlgorithm` for
/// multipart uploads (s3transfer's `_submit_multipart_request`).
pub(crate) fn upload_defaults(args: &mut Map<String, Document>, policy: RequestChecksumCalculation) {
    let full_object = FULL_OBJECT_CHECKSUM_ARGS.iter().find(|name| args.contains_key(**name));
    match full_object {
        Some(name) => {
            let algorithm = name.trim_start_matches("Checksum").to_owned();
            args.insert("ChecksumType".into(), Document::String("FULL_OBJECT".into()));
            args.insert("ChecksumAlgorithm".into(), Document::String(algorithm));
        }
        None if policy == RequestChecksumCalculation::WhenSupported && !args.contains_key("ChecksumAlgorithm") => {
            args.insert("ChecksumAlgorithm".into(), Document::String("CRC32".into()));
        }
        None => {}
    }
}

/// `args` with only the members named in `keep`.
pub(crate) fn only(args: &Map<String, Document>, keep: &[&str]) -> Map<String, Document> {
    args.iter().filter(|(k, _)| keep.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// `args` without the members named in `drop`.
pub(crate) fn without(args: &Map<String, Document>, drop: &[&str]) -> Map<String, Document> {
    args.iter().filter(|(k, _)| !drop.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// `{"Bucket": bucket, "Key": key}` followed by `rest`.
pub(crate) fn input(bucket: &str, key: &str, rest: Map<String, Document>) -> Document {
    let mut map = Map::new();
    map.insert("Bucket".into(), Document::String(bucket.to_owned()));
    map.insert("Key".into(), Document::String(key.to_owned()));
    map.extend(rest);
    Document::Object(map)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn disallowed_key_is_named_with_the_allowed_list() {
        let e =
            validate_extra_args(TransferKind::Upload, &json!({"ContentType": "a", "Bogus": 1})).expect_err("an error");
        let text = e.to_string();
        assert!(text.starts_with("invalid ExtraArgs key 'Bogus': must be one of: ACL, CacheControl"), "{text}");
        assert!(text.contains("MpuObjectSize"), "{text}");
        let e = validate_extra_args(TransferKind::Download, &json!({"ContentType": "a"})).expect_err("an error");
        assert!(e.to_string().contains("'ContentType'"));
        assert!(validate_extra_args(TransferKind::Copy, &json!({"MetadataDirective": "REPLACE"})).is_ok());
        assert!(validate_extra_args(TransferKind::Upload, &json!({"MetadataDirective": "REPLACE"})).is_err());
        assert!(validate_extra_args(TransferKind::Upload, &json!([1])).is_err());
        assert!(validate_extra_args(TransferKind::Upload, &Document::Null).is_ok_and(|m| m.is_empty()));
    }

    #[test]
    fn unknown_checksum_algorithm_is_refused() {
        let e = validate_extra_args(TransferKind::Upload, &json!({"ChecksumAlgorithm": "MD4"})).expect_err("an error");
        assert!(e.to_string().contains("not one of CRC32"), "{e}");
        assert!(validate_extra_args(TransferKind::Upload, &json!({"ChecksumAlgorithm": "crc32c"})).is_ok());
    }

    #[test]
    fn defaults_follow_s3transfer() {
        let mut args = Map::new();
        upload_defaults(&mut args, RequestChecksumCalculation::WhenSupported);
        assert_eq!(args.get("ChecksumAlgorithm"), Some(&json!("CRC32")));
        let mut args = Map::new();
        upload_defaults(&mut args, RequestChecksumCalculation::WhenRequired);
        assert!(args.is_empty());
        let mut args = validate_extra_args(TransferKind::Upload, &json!({"ChecksumSHA256": "x"})).expect("a value");
        upload_defaults(&mut args, RequestChecksumCalculation::WhenSupported);
        assert_eq!(args.get("ChecksumType"), Some(&json!("FULL_OBJECT")));
        assert_eq!(args.get("ChecksumAlgorithm"), Some(&json!("SHA256")));
    }
}

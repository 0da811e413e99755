//! Whole-object checksum verification of downloads.
//!
//! A download is verified when the object carries a *full-object* checksum (objects
//! written by one `PutObject`, or multipart uploads with `ChecksumType=FULL_OBJECT`): the
//! executor feeds every byte, in order, to an [`ObjectVerifier`] and checks it before the
//! target is renamed into place. *Composite* checksums of multipart uploads (S3 shows them
//! as `value-N`) are the checksum of the parts' checksums, which depends on the original
//! part boundaries: [`composite_checksum`] finds them, and a download into a file checks
//! them once every byte is there, reading the file back at those boundaries
//! ([`combine_composite`]; s3transfer and the AWS SDKs skip them). Single-request
//! downloads are also checked against the `GetObject` response's checksum as soon as the
//! body arrived, so a corrupt body is fetched again instead of failing the download.
//!
//! moto's `HeadObject` omits the `-N` suffix and `ChecksumType` of composite checksums, so
//! a checksum of an object whose ETag has a `-N` suffix (a multipart upload) is treated as
//! composite unless `ChecksumType` says `FULL_OBJECT`.

use crate::checksum::{ChecksumAlgorithm, Checksummer};
use crate::Document;

use super::error::{ObjectRef, TransferError};

/// A full-object checksum to verify a download against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedChecksum {
    pub algorithm: ChecksumAlgorithm,
    /// Base64, as S3 returns it.
    pub value: String,
}

fn is_multipart_etag(etag: &str) -> bool {
    etag.trim_matches('"').rsplit_once('-').is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The full-object checksum in a `HeadObject` (or `GetObject`) output, if it has one.
pub fn full_object_checksum(head: &Document) -> Option<ExpectedChecksum> {
    let checksum_type = head.get("ChecksumType").and_then(Document::as_str);
    if checksum_type == Some("COMPOSITE") {
        return None;
    }
    let multipart = head.get("ETag").and_then(Document::as_str).is_some_and(is_multipart_etag);
    if multipart && checksum_type != Some("FULL_OBJECT") {
        return None;
    }
    ChecksumAlgorithm::ALL.iter().find_map(|algorithm| {
        let value = head.get(format!("Checksum{}", algorithm.name()))?.as_str()?;
        (!value.contains('-')).then(|| ExpectedChecksum { algorithm: *algorithm, value: value.to_owned() })
    })
}

/// A composite checksum of a multipart upload: the checksum of its parts' checksums.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompositeChecksum {
    pub algorithm: ChecksumAlgorithm,
    /// Base64, without the `-N` suffix.
    pub value: String,
    /// The number of parts, when the value or the ETag says it.
    pub parts: Option<u32>,
}

fn suffix_count(value: &str) -> Option<u32> {
    value.trim_matches('"').rsplit_once('-').and_then(|(_, n)| n.parse().ok())
}

/// The composite checksum in a `HeadObject` output, if it has one (CRC64NVME is always a
/// full-object checksum, so never composite).
pub fn composite_checksum(head: &Document) -> Option<CompositeChecksum> {
    let checksum_type = head.get("ChecksumType").and_then(Document::as_str);
    if checksum_type == Some("FULL_OBJECT") {
        return None;
    }
    let etag_parts =
        head.get("ETag").and_then(Document::as_str).filter(|e| is_multipart_etag(e)).and_then(suffix_count);
    let algorithms =
        [ChecksumAlgorithm::Crc32, ChecksumAlgorithm::Crc32c, ChecksumAlgorithm::Sha1, ChecksumAlgorithm::Sha256];
    algorithms.iter().find_map(|algorithm| {
        let raw = head.get(format!("Checksum{}", algorithm.name()))?.as_str()?;
        let (value, parts) = match raw.split_once('-') {
            Some((value, _)) => (value, suffix_count(raw)),
            None => (raw, None),
        };
        let composite = parts.is_some() || checksum_type == Some("COMPOSITE") || etag_parts.is_some();
        composite.then(|| CompositeChecksum {
            algorithm: *algorithm,
            value: value.to_owned(),
            parts: parts.or(etag_parts),
        })
    })
}

/// The composite of the parts' checksums (each base64, in part order), as S3 computes it:
/// the checksum of their concatenated raw digests. `None` if one is not valid base64.
pub fn combine_composite(algorithm: ChecksumAlgorithm, part_checksums: &[String]) -> Option<String> {
    use base64::Engine as _;
    let mut digests = Vec::new();
    for checksum in part_checksums {
        digests.extend(base64::engine::general_purpose::STANDARD.decode(checksum).ok()?);
    }
    Some(algorithm.checksum(&digests))
}

/// The part ranges `(offset, len)` of an object of `size` bytes in `count` parts of
/// `first` bytes but the last, if such a layout is possible.
pub fn equal_parts(size: u64, first: u64, count: u32) -> Option<Vec<(u64, u64)>> {
    let before_last = first.checked_mul(u64::from(count.checked_sub(1)?))?;
    if first == 0 || before_last >= size.max(1) || size - before_last > first {
        return None;
    }
    Some((0..u64::from(count)).map(|i| (i * first, first.min(size - i * first))).collect())
}

/// Hashes a download's bytes in order and compares the result with the object's checksum.
#[derive(Debug)]
pub struct ObjectVerifier {
    object: ObjectRef,
    expected: ExpectedChecksum,
    hasher: Checksummer,
}

impl ObjectVerifier {
    /// A verifier of `object` against `expected`.
    pub fn new(object: ObjectRef, expected: ExpectedChecksum) -> Self {
        let hasher = expected.algorithm.checksummer();
        Self { object, expected, hasher }
    }

    /// Feeds the next bytes of the object.
    pub fn update(&mut self, bytes: &[u8]) {
        self.hasher.update(bytes);
    }

    /// Checks the bytes fed against the expected checksum; returns the algorithm checked.
    pub fn finish(self) -> Result<ChecksumAlgorithm, TransferError> {
        let actual = self.hasher.finalize();
        if actual == self.expected.value {
            Ok(self.expected.algorithm)
        } else {
            Err(TransferError::ChecksumMismatch {
                object: self.object,
                algorithm: self.expected.algorithm,
                expected: self.expected.value,
                actual,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn single_part_object_checksum_is_used() {
        let head = json!({"ETag": "\"abc\"", "ChecksumCRC32": "i9aeUg=="});
        let expected = full_object_checksum(&head).expect("a value");
        assert_eq!(expected.algorithm, ChecksumAlgorithm::Crc32);
        let mut v = ObjectVerifier::new(ObjectRef::new("b", "k"), expected);
        v.update(b"Hello ");
        v.update(b"world");
        assert_eq!(v.finish().expect("a value"), ChecksumAlgorithm::Crc32);
    }

    #[test]
    fn composite_checksums_are_skipped() {
        assert_eq!(full_object_checksum(&json!({"ChecksumCRC32": "AAAAAA==-3"})), None);
        assert_eq!(full_object_checksum(&json!({"ChecksumCRC32": "AAAAAA==", "ChecksumType": "COMPOSITE"})), None);
        // moto: no suffix and no type, but a multipart ETag.
        assert_eq!(full_object_checksum(&json!({"ETag": "\"0a1b-3\"", "ChecksumCRC32": "AAAAAA=="})), None);
        let full = json!({"ETag": "\"0a1b-3\"", "ChecksumCRC64NVME": "AAAAAAAAAAA=", "ChecksumType": "FULL_OBJECT"});
        assert_eq!(full_object_checksum(&full).map(|c| c.algorithm), Some(ChecksumAlgorithm::Crc64Nvme));
        assert_eq!(full_object_checksum(&json!({"ETag": "\"x\""})), None);
    }

    #[test]
    fn composite_checksums_are_found_and_combined_as_s3_does() {
        let head = json!({"ETag": "\"b402-3\"", "ChecksumCRC32": "AMawNg=="});
        let composite = composite_checksum(&head).expect("a composite");
        assert_eq!(
            (composite.algorithm, composite.value.as_str(), composite.parts),
            (ChecksumAlgorithm::Crc32, "AMawNg==", Some(3))
        );
        let suffixed = composite_checksum(&json!({"ChecksumSHA256": "abc=-12"})).expect("a composite");
        assert_eq!((suffixed.value.as_str(), suffixed.parts), ("abc=", Some(12)));
        assert_eq!(composite_checksum(&json!({"ETag": "\"x\"", "ChecksumCRC32": "AAAAAA=="})), None, "single part");
        assert_eq!(
            composite_checksum(&json!({"ETag": "\"x-2\"", "ChecksumCRC32": "AAAAAA==", "ChecksumType": "FULL_OBJECT"})),
            None
        );
        // moto's value for 12 MiB + 5 bytes of "x" in 5 MiB parts (checked with Python).
        let data = vec![b'x'; 12 * 1024 * 1024 + 5];
        let parts: Vec<String> = data.chunks(5 * 1024 * 1024).map(|p| ChecksumAlgorithm::Crc32.checksum(p)).collect();
        assert_eq!(combine_composite(ChecksumAlgorithm::Crc32, &parts).as_deref(), Some("AMawNg=="));
    }

    #[test]
    fn equal_parts_fit_the_size_or_are_refused() {
        assert_eq!(equal_parts(12, 5, 3), Some(vec![(0, 5), (5, 5), (10, 2)]));
        assert_eq!(equal_parts(15, 5, 3), Some(vec![(0, 5), (5, 5), (10, 5)]));
        assert_eq!(equal_parts(16, 5, 3), None, "the last part would be larger");
        assert_eq!(equal_parts(10, 5, 3), None, "the last part would be empty");
        assert_eq!(equal_parts(10, 0, 3), None);
        assert_eq!(equal_parts(10, 5, 0), None);
    }

    #[test]
    fn mismatch_names_object_and_values() {
        let expected = ExpectedChecksum { algorithm: ChecksumAlgorithm::Crc32, value: "AAAAAA==".into() };
        let mut v = ObjectVerifier::new(ObjectRef::new("b", "k"), expected);
        v.update(b"Hello world");
        let e = v.finish().expect_err("an error").to_string();
        assert_eq!(
            e,
            "download of s3://b/k failed: CRC32 checksum mismatch: the object has AAAAAA==, the bytes received give i9aeUg=="
        );
    }
}

//! Whole-object checksum verification of downloads.
//!
//! A download is verified when the object carries a *full-object* checksum (objects
//! written by one `PutObject`, or multipart uploads with `ChecksumType=FULL_OBJECT`): the
//! executor feeds every byte, in order, to an [`ObjectVerifier`] and checks it before the
//! target is renamed into place. *Composite* checksums of multipart uploads (S3 shows them
//! as `value-N`) are the checksum of the parts' checksums, which depends on the original
//! part boundaries; they are skipped (s3transfer verifies neither). Single-request
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

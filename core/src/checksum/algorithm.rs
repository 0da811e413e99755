//! The checksum algorithms S3 supports, computed incrementally.

use base64::Engine as _;
use crc::{Crc, Digest, Table, CRC_32_ISCSI, CRC_32_ISO_HDLC, CRC_64_NVME};
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest as _, Sha256};

static CRC32: Crc<u32, Table<16>> = Crc::<u32, Table<16>>::new(&CRC_32_ISO_HDLC);
static CRC32C: Crc<u32, Table<16>> = Crc::<u32, Table<16>>::new(&CRC_32_ISCSI);
static CRC64NVME: Crc<u64, Table<16>> = Crc::<u64, Table<16>>::new(&CRC_64_NVME);

/// A flexible checksum algorithm (`ChecksumAlgorithm` in the S3 model).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChecksumAlgorithm {
    Crc32,
    Crc32c,
    Crc64Nvme,
    Sha1,
    Sha256,
}

impl ChecksumAlgorithm {
    /// Every algorithm, in the order botocore prefers them when validating responses.
    pub const ALL: [Self; 5] = [Self::Crc64Nvme, Self::Crc32c, Self::Crc32, Self::Sha1, Self::Sha256];

    /// Parses the model's name (`CRC32`, `crc32c`, `CRC64NVME`, `SHA1`, `SHA256`).
    pub fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_uppercase().as_str() {
            "CRC32" => Some(Self::Crc32),
            "CRC32C" => Some(Self::Crc32c),
            "CRC64NVME" => Some(Self::Crc64Nvme),
            "SHA1" => Some(Self::Sha1),
            "SHA256" => Some(Self::Sha256),
            _ => None,
        }
    }

    /// The model's name (`CRC32`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Crc32 => "CRC32",
            Self::Crc32c => "CRC32C",
            Self::Crc64Nvme => "CRC64NVME",
            Self::Sha1 => "SHA1",
            Self::Sha256 => "SHA256",
        }
    }

    /// The header carrying this checksum (`x-amz-checksum-crc32`).
    pub fn header_name(self) -> &'static str {
        match self {
            Self::Crc32 => "x-amz-checksum-crc32",
            Self::Crc32c => "x-amz-checksum-crc32c",
            Self::Crc64Nvme => "x-amz-checksum-crc64nvme",
            Self::Sha1 => "x-amz-checksum-sha1",
            Self::Sha256 => "x-amz-checksum-sha256",
        }
    }

    /// A fresh incremental hasher.
    pub fn checksummer(self) -> Checksummer {
        Checksummer::new(self)
    }

    /// The base64 checksum of `data`.
    pub fn checksum(self, data: &[u8]) -> String {
        let mut c = self.checksummer();
        c.update(data);
        c.finalize()
    }
}

enum State {
    Crc32(Digest<'static, u32, Table<16>>),
    Crc32c(Digest<'static, u32, Table<16>>),
    Crc64(Digest<'static, u64, Table<16>>),
    Sha1(Sha1),
    Sha256(Sha256),
}

/// An incremental checksum: feed bytes with [`Checksummer::update`], read the base64 value
/// (as S3 sends it) with [`Checksummer::finalize`].
pub struct Checksummer {
    algorithm: ChecksumAlgorithm,
    state: State,
}

impl std::fmt::Debug for Checksummer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checksummer").field("algorithm", &self.algorithm).finish()
    }
}

impl Checksummer {
    /// A hasher for `algorithm`.
    pub fn new(algorithm: ChecksumAlgorithm) -> Self {
        let state = match algorithm {
            ChecksumAlgorithm::Crc32 => State::Crc32(CRC32.digest()),
            ChecksumAlgorithm::Crc32c => State::Crc32c(CRC32C.digest()),
            ChecksumAlgorithm::Crc64Nvme => State::Crc64(CRC64NVME.digest()),
            ChecksumAlgorithm::Sha1 => State::Sha1(Sha1::new()),
            ChecksumAlgorithm::Sha256 => State::Sha256(Sha256::new()),
        };
        Self { algorithm, state }
    }

    /// The algorithm.
    pub fn algorithm(&self) -> ChecksumAlgorithm {
        self.algorithm
    }

    /// Feeds more bytes.
    pub fn update(&mut self, data: &[u8]) {
        match &mut self.state {
            State::Crc32(d) | State::Crc32c(d) => d.update(data),
            State::Crc64(d) => d.update(data),
            State::Sha1(d) => d.update(data),
            State::Sha256(d) => d.update(data),
        }
    }

    /// The raw checksum bytes (big-endian for CRCs, as S3 encodes them).
    pub fn finalize_bytes(self) -> Vec<u8> {
        match self.state {
            State::Crc32(d) | State::Crc32c(d) => d.finalize().to_be_bytes().to_vec(),
            State::Crc64(d) => d.finalize().to_be_bytes().to_vec(),
            State::Sha1(d) => d.finalize().to_vec(),
            State::Sha256(d) => d.finalize().to_vec(),
        }
    }

    /// The base64 checksum, as in `x-amz-checksum-*` headers.
    pub fn finalize(self) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.finalize_bytes())
    }
}

/// The `Content-MD5` header value of `body`: base64 of the MD5 digest.
pub fn content_md5(body: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(Md5::digest(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        // Independent values: CRC32/SHA from Python's zlib/hashlib, CRC32C/CRC64NVME from a
        // bitwise reference (CRC-64/NVME check value 0xae8b14860a799888 for "123456789").
        assert_eq!(ChecksumAlgorithm::Crc32.checksum(b"Hello world"), "i9aeUg==");
        assert_eq!(ChecksumAlgorithm::Crc32c.checksum(b"Hello world"), "crUfeA==");
        assert_eq!(ChecksumAlgorithm::Sha1.checksum(b"Hello world"), "e1AsOh9IyGCa4hLN+2Od7jlnP14=");
        assert_eq!(ChecksumAlgorithm::Sha256.checksum(b"Hello world"), "ZOyIygCyaOW6GjVnihtTFtIS9PNmskdyMlNKiuyjfzw=");
        assert_eq!(ChecksumAlgorithm::Crc64Nvme.checksum(b"Hello world"), "OOJZ0D8xKts=");
        assert_eq!(content_md5(b""), "1B2M2Y8AsgTpgAmY7PhCfg==");
    }

    #[test]
    fn crc64nvme_catalog_check_value() {
        let bytes = ChecksumAlgorithm::Crc64Nvme.checksummer();
        let mut c = bytes;
        c.update(b"123456789");
        assert_eq!(c.finalize_bytes(), 0xae8b_1486_0a79_9888_u64.to_be_bytes().to_vec());
    }

    #[test]
    fn incremental_equals_one_shot() {
        for alg in ChecksumAlgorithm::ALL {
            let mut c = alg.checksummer();
            c.update(b"Hello ");
            c.update(b"world");
            assert_eq!(c.finalize(), alg.checksum(b"Hello world"), "{alg:?}");
        }
    }
}

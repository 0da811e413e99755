//! Request and response checksums: `Content-MD5` and S3's flexible checksums
//! (CRC32, CRC32C, CRC64NVME, SHA-1, SHA-256), and the one policy point that decides when
//! they are computed and validated (`request_checksum_calculation`,
//! `response_checksum_validation`, as in boto3's configuration).

mod algorithm;
mod policy;

pub use algorithm::{content_md5, ChecksumAlgorithm, Checksummer};
pub use policy::{
    apply_request_checksum, response_checksum_to_validate, validate_response_checksum, RequestChecksumCalculation,
    ResponseChecksumValidation,
};

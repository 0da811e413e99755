//! The payload hash: the last line of the canonical request, chosen by the caller.

use std::borrow::Cow;

use sha2::{Digest, Sha256};

use super::encoding::to_hex;
use super::SigningError;

/// `UNSIGNED-PAYLOAD`: the body is not covered by the signature (S3 over HTTPS, presigned
/// URLs).
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// `aws-chunked` body with a signature per chunk.
pub const STREAMING_SIGNED_PAYLOAD: &str = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
/// `aws-chunked` body with a signature per chunk and a signed trailer.
pub const STREAMING_SIGNED_PAYLOAD_TRAILER: &str = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
/// `aws-chunked` body, chunks unsigned, with an (unsigned) checksum trailer.
pub const STREAMING_UNSIGNED_PAYLOAD_TRAILER: &str = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
/// The SHA-256 of the empty string.
pub const EMPTY_PAYLOAD_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// What the signature says about the body.
#[derive(Clone, PartialEq, Eq)]
pub enum SignableBody<'a> {
    /// The whole body: its SHA-256 is signed (an empty slice for no body).
    Bytes(&'a [u8]),
    /// `UNSIGNED-PAYLOAD`.
    UnsignedPayload,
    /// A hash (or literal) the caller computed: lower-case hex SHA-256 for a body streamed
    /// from elsewhere. Must be printable ASCII without spaces.
    Precomputed(String),
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`: chunks signed with a
    /// [`ChunkSigner`](super::ChunkSigner).
    StreamingSignedPayload,
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER`: signed chunks plus a signed trailer.
    StreamingSignedPayloadTrailer,
    /// `STREAMING-UNSIGNED-PAYLOAD-TRAILER`: unsigned chunks plus a checksum trailer.
    StreamingUnsignedPayloadTrailer,
}

impl SignableBody<'_> {
    /// The payload hash line of the canonical request.
    pub fn payload_hash(&self) -> Result<String, SigningError> {
        self.payload_hash_cow().map(Cow::into_owned)
    }

    /// [`payload_hash`](Self::payload_hash), borrowed when it is a constant or precomputed.
    pub(crate) fn payload_hash_cow(&self) -> Result<Cow<'_, str>, SigningError> {
        Ok(match self {
            Self::Bytes([]) => Cow::Borrowed(EMPTY_PAYLOAD_SHA256),
            Self::Bytes(b) => Cow::Owned(to_hex(&Sha256::digest(b))),
            Self::UnsignedPayload => Cow::Borrowed(UNSIGNED_PAYLOAD),
            Self::Precomputed(h) => {
                if h.is_empty() || !h.bytes().all(|b| b.is_ascii_graphic()) {
                    return Err(SigningError::InvalidRequest(
                        "a precomputed payload hash must be non-empty printable ASCII without spaces".into(),
                    ));
                }
                Cow::Borrowed(h.as_str())
            }
            Self::StreamingSignedPayload => Cow::Borrowed(STREAMING_SIGNED_PAYLOAD),
            Self::StreamingSignedPayloadTrailer => Cow::Borrowed(STREAMING_SIGNED_PAYLOAD_TRAILER),
            Self::StreamingUnsignedPayloadTrailer => Cow::Borrowed(STREAMING_UNSIGNED_PAYLOAD_TRAILER),
        })
    }
}

impl std::fmt::Debug for SignableBody<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Bytes(b) => write!(f, "Bytes({} bytes)", b.len()),
            Self::UnsignedPayload => f.write_str("UnsignedPayload"),
            Self::Precomputed(h) => write!(f, "Precomputed({h:?})"),
            Self::StreamingSignedPayload => f.write_str("StreamingSignedPayload"),
            Self::StreamingSignedPayloadTrailer => f.write_str("StreamingSignedPayloadTrailer"),
            Self::StreamingUnsignedPayloadTrailer => f.write_str("StreamingUnsignedPayloadTrailer"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes() {
        assert_eq!(SignableBody::Bytes(b"").payload_hash().as_deref(), Ok(EMPTY_PAYLOAD_SHA256));
        assert_eq!(
            SignableBody::Bytes(b"Param1=value1").payload_hash().as_deref(),
            Ok("9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e")
        );
        assert_eq!(SignableBody::UnsignedPayload.payload_hash().as_deref(), Ok(UNSIGNED_PAYLOAD));
        assert!(SignableBody::Precomputed("a\nb".into()).payload_hash().is_err());
    }
}

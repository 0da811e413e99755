//! The error type of SigV4 signing.
//!
//! Messages name the offending setting or input but never a secret: no secret access key,
//! session token or derived key is ever formatted into a [`SigningError`].

use std::fmt;

/// Why a request, chunk or POST policy could not be signed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigningError {
    /// A presigned URL or POST policy expiry outside 1 second ..= 7 days, or not whole seconds.
    InvalidExpiry(String),
    /// A signing parameter (region, service name, access key id, time) is unusable.
    InvalidParams(String),
    /// The request itself cannot be signed (no host, malformed header, bad payload hash).
    InvalidRequest(String),
    /// A [`ChunkSigner`](super::ChunkSigner) was fed out of order (after `finish`, an
    /// empty data chunk, trailers for a format without trailers).
    InvalidChunk(String),
    /// A presigned POST input is unusable (a condition that is not an object or array).
    InvalidPolicy(String),
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidExpiry(m) => write!(f, "invalid expiry: {m}"),
            Self::InvalidParams(m) => write!(f, "invalid signing parameters: {m}"),
            Self::InvalidRequest(m) => write!(f, "request cannot be signed: {m}"),
            Self::InvalidChunk(m) => write!(f, "invalid aws-chunked use: {m}"),
            Self::InvalidPolicy(m) => write!(f, "invalid POST policy: {m}"),
        }
    }
}

impl std::error::Error for SigningError {}

impl From<SigningError> for crate::error::Error {
    fn from(e: SigningError) -> Self {
        Self::Signing(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_into_crate_error() {
        let e: crate::error::Error = SigningError::InvalidExpiry("0 s".into()).into();
        assert_eq!(e.to_string(), "signing failed: invalid expiry: 0 s");
    }
}

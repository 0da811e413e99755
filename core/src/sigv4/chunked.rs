//! `aws-chunked` bodies: per-chunk signatures chained from the request's seed signature,
//! and checksum trailers, as a sans-IO state the caller feeds chunk by chunk.
//!
//! Call order: sign the request with [`ChunkedFormat::signable_body`] (and the headers of
//! [`aws_chunked_headers`](super::aws_chunked_headers)), build a [`ChunkSigner`] from the
//! resulting signature, call [`ChunkSigner::sign_chunk`] for each non-empty chunk in order,
//! then [`ChunkSigner::finish`] once. Send every returned byte string, in order, as the
//! body.

use std::fmt;

use super::params::{OwnedSigningContext, SigningParams};
use super::payload::SignableBody;
use super::signature::calculate_signature;
use super::signing_key::SigningKeyCache;
use super::string_to_sign::{chunk_string_to_sign, trailer_string_to_sign};
use super::SigningError;

/// The `aws-chunked` body formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChunkedFormat {
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`: `hex(len);chunk-signature=<sig>\r\n<data>\r\n`
    /// per chunk, then `0;chunk-signature=<sig>\r\n\r\n`.
    Signed,
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER`: signed chunks, then
    /// `0;chunk-signature=<sig>\r\n`, the trailers, `x-amz-trailer-signature:<sig>\r\n\r\n`.
    SignedWithTrailer,
    /// `STREAMING-UNSIGNED-PAYLOAD-TRAILER`: `hex(len)\r\n<data>\r\n` per chunk, then
    /// `0\r\n`, the trailers, `\r\n`.
    UnsignedWithTrailer,
}

impl ChunkedFormat {
    /// The payload hash to sign the request with.
    pub fn signable_body(self) -> SignableBody<'static> {
        match self {
            Self::Signed => SignableBody::StreamingSignedPayload,
            Self::SignedWithTrailer => SignableBody::StreamingSignedPayloadTrailer,
            Self::UnsignedWithTrailer => SignableBody::StreamingUnsignedPayloadTrailer,
        }
    }

    /// True for the formats that sign each chunk.
    pub fn is_signed(self) -> bool {
        !matches!(self, Self::UnsignedWithTrailer)
    }

    /// True for the formats that end with trailers.
    pub fn has_trailer(self) -> bool {
        !matches!(self, Self::Signed)
    }
}

/// Frames (and for signed formats, signs) the chunks of an `aws-chunked` body.
pub struct ChunkSigner {
    format: ChunkedFormat,
    /// `None` for [`ChunkedFormat::UnsignedWithTrailer`].
    signing: Option<OwnedSigningContext>,
    previous_signature: String,
    finished: bool,
}

impl ChunkSigner {
    /// A signer continuing from `seed_signature`: the signature of the request (its
    /// [`SigningOutput::signature`](super::SigningOutput::signature)), made with the same
    /// `params` and `format.signable_body()`. For [`ChunkedFormat::UnsignedWithTrailer`]
    /// the seed and keys are not used.
    pub fn new(
        format: ChunkedFormat,
        seed_signature: &str,
        params: &SigningParams<'_>,
        cache: &mut SigningKeyCache,
    ) -> Result<Self, SigningError> {
        if !format.is_signed() {
            return Ok(Self::unsigned_with_trailer());
        }
        let is_hex = |s: &str| s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !is_hex(seed_signature) {
            return Err(SigningError::InvalidChunk("the seed signature must be 64 lower-case hex digits".into()));
        }
        let signing = Some(params.context(cache)?.into_owned());
        Ok(Self { format, signing, previous_signature: seed_signature.to_owned(), finished: false })
    }

    /// A signer for [`ChunkedFormat::UnsignedWithTrailer`] (no keys involved).
    pub fn unsigned_with_trailer() -> Self {
        Self {
            format: ChunkedFormat::UnsignedWithTrailer,
            signing: None,
            previous_signature: String::new(),
            finished: false,
        }
    }

    /// The format being produced.
    pub fn format(&self) -> ChunkedFormat {
        self.format
    }

    /// The last signature produced (the seed before any chunk); empty when unsigned.
    pub fn previous_signature(&self) -> &str {
        &self.previous_signature
    }

    /// Frames the next chunk of data (which must not be empty: the end is [`Self::finish`]).
    pub fn sign_chunk(&mut self, data: &[u8]) -> Result<Vec<u8>, SigningError> {
        if self.finished {
            return Err(SigningError::InvalidChunk("sign_chunk called after finish".into()));
        }
        if data.is_empty() {
            return Err(SigningError::InvalidChunk("an empty chunk ends the body: call finish instead".into()));
        }
        let mut out = self.chunk_header(data)?;
        out.reserve(data.len() + 2);
        out.extend_from_slice(data);
        out.extend_from_slice(b"\r\n");
        Ok(out)
    }

    /// Ends the body: the zero-length chunk, then (for trailer formats) `trailers` as
    /// `name:value` lines and, when signed, `x-amz-trailer-signature`. `trailers` must be
    /// empty for [`ChunkedFormat::Signed`]. Names are sent lower-case.
    pub fn finish(&mut self, trailers: &[(&str, &str)]) -> Result<Vec<u8>, SigningError> {
        if self.finished {
            return Err(SigningError::InvalidChunk("finish called twice".into()));
        }
        if !self.format.has_trailer() && !trailers.is_empty() {
            return Err(SigningError::InvalidChunk(
                "STREAMING-AWS4-HMAC-SHA256-PAYLOAD has no trailers; use a trailer format".into(),
            ));
        }
        let canonical_trailer = canonical_trailer(trailers)?;
        let mut out = self.chunk_header(&[])?;
        self.finished = true;
        out.extend_from_slice(canonical_trailer.replace('\n', "\r\n").as_bytes());
        if self.format == ChunkedFormat::SignedWithTrailer {
            let signature = self.trailer_signature(&canonical_trailer)?;
            out.extend_from_slice(format!("x-amz-trailer-signature:{signature}\r\n").as_bytes());
        }
        out.extend_from_slice(b"\r\n");
        Ok(out)
    }

    /// `hex(len)[;chunk-signature=<sig>]\r\n`, advancing the signature chain.
    fn chunk_header(&mut self, data: &[u8]) -> Result<Vec<u8>, SigningError> {
        let Some(ctx) = &self.signing else {
            return Ok(format!("{:x}\r\n", data.len()).into_bytes());
        };
        let sts = chunk_string_to_sign(&ctx.time, &ctx.scope, &self.previous_signature, data);
        self.previous_signature = calculate_signature(&ctx.key, &sts)?;
        Ok(format!("{:x};chunk-signature={}\r\n", data.len(), self.previous_signature).into_bytes())
    }

    fn trailer_signature(&mut self, canonical_trailer: &str) -> Result<String, SigningError> {
        let Some(ctx) = &self.signing else {
            return Err(SigningError::InvalidChunk("unsigned bodies have no trailer signature".into()));
        };
        let sts = trailer_string_to_sign(&ctx.time, &ctx.scope, &self.previous_signature, canonical_trailer);
        self.previous_signature = calculate_signature(&ctx.key, &sts)?;
        Ok(self.previous_signature.clone())
    }
}

impl fmt::Debug for ChunkSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChunkSigner")
            .field("format", &self.format)
            .field("previous_signature", &self.previous_signature)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

/// `name:value\n` per trailer, names lower-cased, values trimmed. Names must be HTTP tokens
/// and values free of control characters.
fn canonical_trailer(trailers: &[(&str, &str)]) -> Result<String, SigningError> {
    let is_tchar = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    let mut out = String::new();
    for (name, value) in trailers {
        if name.is_empty() || !name.bytes().all(is_tchar) || value.bytes().any(|b| b.is_ascii_control()) {
            return Err(SigningError::InvalidChunk(format!("invalid trailer {name:?}")));
        }
        out.push_str(&name.to_ascii_lowercase());
        out.push(':');
        out.push_str(value.trim());
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsigned_framing() {
        let mut s = ChunkSigner::unsigned_with_trailer();
        assert_eq!(s.sign_chunk(b"hello world").expect("chunk"), b"b\r\nhello world\r\n");
        assert!(s.sign_chunk(b"").is_err());
        let end = s.finish(&[("X-Amz-Checksum-CRC32", "DUoRhQ==")]).expect("finish");
        assert_eq!(end, b"0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n");
        assert!(s.finish(&[]).is_err());
        assert!(s.sign_chunk(b"x").is_err());
    }

    #[test]
    fn rejects_bad_trailers() {
        let mut s = ChunkSigner::unsigned_with_trailer();
        assert!(s.finish(&[("x-amz-checksum-crc32", "a\r\nb")]).is_err());
        assert!(s.finish(&[("bad name", "v")]).is_err());
    }
}

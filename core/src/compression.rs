//! Request compression: the `requestcompression` trait (`{"encodings": ["gzip"]}`), as
//! botocore's `RequestCompressor` applies it after serialization and before checksums and
//! signing.

use std::io::Write;

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::http::{Body, HttpRequest};
use crate::model::Operation;
use crate::Error;

/// boto3's `disable_request_compression` and `request_min_compression_size_bytes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestCompressionConfig {
    /// Never compress.
    pub disabled: bool,
    /// Bodies smaller than this are sent as they are (botocore's default: 10,240 bytes).
    pub min_size_bytes: usize,
}

impl Default for RequestCompressionConfig {
    fn default() -> Self {
        Self { disabled: false, min_size_bytes: 10_240 }
    }
}

/// Gzips the body of a request whose operation asks for it and whose body is at least
/// `min_size_bytes`, appending `gzip` to `Content-Encoding` (after any encoding already
/// there). Returns whether it compressed. Streaming bodies are left alone.
pub fn compress_request(
    operation: &Operation,
    request: &mut HttpRequest,
    config: &RequestCompressionConfig,
) -> Result<bool, Error> {
    let wants_gzip = operation
        .requestcompression
        .as_ref()
        .is_some_and(|c| c.encodings.iter().any(|e| e.eq_ignore_ascii_case("gzip")));
    let Body::Bytes(body) = &request.body else { return Ok(false) };
    if config.disabled || !wants_gzip || body.len() < config.min_size_bytes {
        return Ok(false);
    }
    let mut encoder = GzEncoder::new(Vec::with_capacity(body.len() / 2), Compression::default());
    encoder.write_all(body).map_err(|e| Error::Serialization(format!("gzip: {e}")))?;
    let compressed = encoder.finish().map_err(|e| Error::Serialization(format!("gzip: {e}")))?;
    let encoding = match request.headers.get("Content-Encoding") {
        Some(existing) if !existing.is_empty() => format!("{existing}, gzip"),
        _ => "gzip".to_owned(),
    };
    request.headers.insert("Content-Encoding", encoding);
    request.body = Body::Bytes(compressed);
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op() -> Operation {
        serde_json::from_value(serde_json::json!({"name": "Put", "requestcompression": {"encodings": ["gzip"]}}))
            .expect("operation")
    }

    #[test]
    fn compresses_large_bodies_only() {
        let mut small = HttpRequest::new("POST", "https://h/");
        small.body = Body::Bytes(vec![b'a'; 100]);
        assert!(!compress_request(&op(), &mut small, &RequestCompressionConfig::default()).expect("ok"));
        let mut large = HttpRequest::new("POST", "https://h/");
        large.body = Body::Bytes(vec![b'a'; 20_000]);
        large.headers.insert("Content-Encoding", "custom");
        assert!(compress_request(&op(), &mut large, &RequestCompressionConfig::default()).expect("ok"));
        assert_eq!(large.headers.get("content-encoding"), Some("custom, gzip"));
        assert_eq!(&large.body.bytes()[..2], &[0x1f, 0x8b], "gzip magic");
    }
}

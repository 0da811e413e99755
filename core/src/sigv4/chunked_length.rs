//! The length of an `aws-chunked` body, and the request headers that announce it, known
//! before the first chunk is framed (S3 needs `Content-Length` up front unless the body is
//! sent with `Transfer-Encoding: chunked`).

use super::chunked::ChunkedFormat;
use super::SigningError;

/// `;chunk-signature=` plus a hex signature.
const SIGNATURE_EXTENSION_LEN: u64 = ";chunk-signature=".len() as u64 + 64;
/// `x-amz-trailer-signature:` plus a hex signature plus CRLF.
const TRAILER_SIGNATURE_LINE_LEN: u64 = "x-amz-trailer-signature:".len() as u64 + 64 + 2;
const CRLF: u64 = 2;

/// The encoded length of a `decoded_length`-byte body framed in `chunk_size`-byte chunks
/// (the last one shorter) with [`ChunkSigner`](super::ChunkSigner) in `format`. `trailers`
/// are the trailing headers' `(name, value length)`, e.g. `("x-amz-checksum-crc32c", 8)`;
/// they must be empty for [`ChunkedFormat::Signed`].
pub fn aws_chunked_length(
    decoded_length: u64,
    chunk_size: u64,
    format: ChunkedFormat,
    trailers: &[(&str, usize)],
) -> Result<u64, SigningError> {
    if chunk_size == 0 {
        return Err(SigningError::InvalidChunk("the chunk size must be at least 1 byte".into()));
    }
    if !format.has_trailer() && !trailers.is_empty() {
        return Err(SigningError::InvalidChunk("STREAMING-AWS4-HMAC-SHA256-PAYLOAD has no trailers".into()));
    }
    let overflow = || SigningError::InvalidChunk("the encoded length overflows u64".into());
    let extension = if format.is_signed() { SIGNATURE_EXTENSION_LEN } else { 0 };
    let framed = |size: u64| hex_digits(size) + extension + CRLF + size + CRLF;

    let full_chunks = decoded_length / chunk_size;
    let rest = decoded_length % chunk_size;
    let mut total = full_chunks.checked_mul(framed(chunk_size)).ok_or_else(overflow)?;
    if rest > 0 {
        total = total.checked_add(framed(rest)).ok_or_else(overflow)?;
    }
    // The zero-length chunk: `0[;chunk-signature=...]\r\n`.
    total = total.checked_add(1 + extension + CRLF).ok_or_else(overflow)?;
    for (name, value_len) in trailers {
        let line = (name.len() as u64).saturating_add(1).saturating_add(*value_len as u64).saturating_add(CRLF);
        total = total.checked_add(line).ok_or_else(overflow)?;
    }
    if format == ChunkedFormat::SignedWithTrailer {
        total = total.checked_add(TRAILER_SIGNATURE_LINE_LEN).ok_or_else(overflow)?;
    }
    total.checked_add(CRLF).ok_or_else(overflow)
}

/// The headers to set on the request before signing it for an `aws-chunked` body:
/// `content-encoding: aws-chunked`, `content-length` (see [`aws_chunked_length`]),
/// `x-amz-decoded-content-length` and, with trailers, `x-amz-trailer` (names joined with
/// `,`). A request that already has a `Content-Encoding` must list `aws-chunked` first.
pub fn aws_chunked_headers(
    decoded_length: u64,
    chunk_size: u64,
    format: ChunkedFormat,
    trailers: &[(&str, usize)],
) -> Result<Vec<(&'static str, String)>, SigningError> {
    let length = aws_chunked_length(decoded_length, chunk_size, format, trailers)?;
    let mut headers = vec![
        ("content-encoding", "aws-chunked".to_owned()),
        ("content-length", length.to_string()),
        ("x-amz-decoded-content-length", decoded_length.to_string()),
    ];
    if !trailers.is_empty() {
        let names: Vec<String> = trailers.iter().map(|(n, _)| n.to_ascii_lowercase()).collect();
        headers.push(("x-amz-trailer", names.join(",")));
    }
    Ok(headers)
}

/// Number of lower-case hex digits of `n` (1 for 0).
fn hex_digits(n: u64) -> u64 {
    u64::from((64 - n.leading_zeros()).div_ceil(4).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_chunked_upload_length() {
        // AWS S3 "Example: PUT Object" (sigv4-streaming): 65 KiB in 64 KiB chunks is sent as
        // Content-Length 66824.
        assert_eq!(aws_chunked_length(66_560, 65_536, ChunkedFormat::Signed, &[]), Ok(66_824));
    }

    #[test]
    fn trailer_lengths() {
        let crc = [("x-amz-checksum-crc32", 8)];
        // 5 + 2 + 11 + 2, then "0\r\n", "x-amz-checksum-crc32:XXXXXXXX\r\n", "\r\n".
        assert_eq!(
            aws_chunked_length(11, 64, ChunkedFormat::UnsignedWithTrailer, &crc),
            Ok(1 + 2 + 11 + 2 + 3 + 31 + 2)
        );
        assert_eq!(aws_chunked_length(0, 64, ChunkedFormat::UnsignedWithTrailer, &crc), Ok(3 + 31 + 2));
        let h = aws_chunked_headers(11, 64, ChunkedFormat::UnsignedWithTrailer, &crc).expect("headers");
        assert_eq!(h.last(), Some(&("x-amz-trailer", "x-amz-checksum-crc32".to_owned())));
        assert!(aws_chunked_length(1, 0, ChunkedFormat::Signed, &[]).is_err());
        assert!(aws_chunked_length(1, 1, ChunkedFormat::Signed, &crc).is_err());
        assert!(aws_chunked_length(u64::MAX, 1, ChunkedFormat::Signed, &[]).is_err());
    }

    #[test]
    fn hex_digit_counts() {
        assert_eq!([0, 1, 15, 16, 0x400, 0x10000].map(hex_digits), [1, 1, 1, 2, 3, 5]);
    }
}

//! The `Content-MD5` that the legacy `httpChecksumRequired` trait asks for.
//!
//! Flexible checksums (`httpChecksum`: `x-amz-checksum-*`, CRC32 by default) and the
//! `request_checksum_calculation` policy belong to [`crate::checksum`], which the caller
//! runs after serialization; it leaves a `Content-MD5` set here in place.

use crate::checksum::content_md5;
use crate::http::{Body, HttpRequest};
use crate::model::Operation;

/// Adds `Content-MD5` for `httpChecksumRequired` operations whose body is in memory, unless
/// the input already set `Content-MD5` or an `x-amz-checksum-*` header.
pub(crate) fn add_content_md5(operation: &Operation, request: &mut HttpRequest) {
    if !operation.http_checksum_required {
        return;
    }
    let has_checksum = request.headers.iter().any(|(name, _)| {
        name.eq_ignore_ascii_case("Content-MD5")
            || name.get(..15).is_some_and(|p| p.eq_ignore_ascii_case("x-amz-checksum-"))
    });
    if let (false, Body::Bytes(bytes)) = (has_checksum, &request.body) {
        request.headers.insert("Content-MD5", content_md5(bytes));
    }
}

//! Service customizations botocore applies by hand, each in one named function. Everything
//! else is driven by the models.
//!
//! Implemented:
//! - S3 `remove_bucket_from_uri`: the endpoint rules put the bucket in the host or path, so
//!   `{Bucket}` leaves the request URI (botocore's `remove_bucket_from_url_paths_from_model`).
//! - S3 `copy_source`: `CopySource` given as `{Bucket, Key, VersionId}` or as a string is
//!   URL-encoded (botocore's `handle_copy_source_param`).
//! - S3 `sse_customer_key`: SSE-C keys are base64-encoded and their MD5 added
//!   (botocore's `sse_md5` / `copy_source_sse_md5`).
//! - Glacier `account_id`: `accountId` defaults to `-`, and `x-amz-glacier-version` is sent.
//! - S3 `expect_continue`: large `PUT`/`POST` bodies ask `Expect: 100-continue` (botocore's
//!   `add_expect_header`).
//!
//! Not implemented yet (botocore has them): Route 53 id prefix stripping, EC2
//! `CopySnapshot` presigned URLs, RDS presigned URLs, Glacier tree hashes.

use std::borrow::Cow;

use base64::Engine as _;
use md5::{Digest, Md5};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::http::HttpRequest;
use crate::model::{Operation, ServiceModel};
use crate::Document;

/// The operation as it is serialized for `service` (S3: without `{Bucket}` in the URI).
pub(crate) fn operation_for<'a>(service: &str, op: &'a Operation) -> Cow<'a, Operation> {
    if service == "s3" && op.http.request_uri.contains("{Bucket}") {
        let mut op = op.clone();
        op.http.request_uri = remove_bucket_from_uri(&op.http.request_uri);
        return Cow::Owned(op);
    }
    Cow::Borrowed(op)
}

/// `/{Bucket}/{Key+}?x` → `/{Key+}?x`; `/{Bucket}?cors` → `/?cors`.
fn remove_bucket_from_uri(uri: &str) -> String {
    let stripped = uri.replacen("/{Bucket}", "", 1);
    if stripped.starts_with('/') {
        stripped
    } else {
        format!("/{stripped}")
    }
}

/// Rewrites input members the way botocore's handlers do before serialization.
pub(crate) fn before_serialize(service: &str, op: &Operation, input: &Document) -> Document {
    let mut input = input.clone();
    let Some(map) = input.as_object_mut() else { return input };
    match service {
        "s3" => {
            if let Some(source) = map.get("CopySource").map(copy_source) {
                map.insert("CopySource".into(), Document::String(source));
            }
            sse_customer_key(map, "SSECustomerKey", "SSECustomerKeyMD5");
            sse_customer_key(map, "CopySourceSSECustomerKey", "CopySourceSSECustomerKeyMD5");
        }
        "glacier" => {
            let takes_account = op.input.is_some() && !map.contains_key("accountId");
            if takes_account {
                map.insert("accountId".into(), Document::String("-".into()));
            }
        }
        _ => {}
    }
    input
}

/// Adds headers botocore adds by hand after serialization.
pub(crate) fn after_serialize(service: &str, model: &ServiceModel, request: &mut HttpRequest) {
    if service == "glacier" {
        request.headers.insert("x-amz-glacier-version", model.metadata.api_version.clone());
    }
}

/// S3 bodies at least this large are announced with `Expect: 100-continue`.
pub(crate) const EXPECT_CONTINUE_MIN: usize = 1024 * 1024;

/// S3 `PUT`/`POST` requests with a body of [`EXPECT_CONTINUE_MIN`] or more ask `Expect:
/// 100-continue` (botocore's `add_expect_header` does so for file-like bodies): a server
/// refusing the request (bad signature, missing bucket) answers before the body is sent
/// instead of closing the connection under it, so the caller sees the service's error, not
/// a reset. Not signed (`expect` is on the signer's skip list); transports whose platform
/// cannot honour it drop it.
pub(crate) fn expect_continue(service: &str, op: &Operation, request: &mut HttpRequest) {
    let method = op.http.method.as_str();
    if service == "s3" && (method == "PUT" || method == "POST") && request.body.bytes().len() >= EXPECT_CONTINUE_MIN {
        request.headers.insert("Expect", "100-continue");
    }
}

/// Characters kept unencoded in a copy source key: RFC 3986 unreserved plus `/`.
const COPY_SOURCE_KEY: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'/');

/// `CopySource` as S3 expects it: `bucket/url-encoded-key[?versionId=v]`.
fn copy_source(value: &Document) -> String {
    match value {
        Document::Object(obj) => {
            let bucket = obj.get("Bucket").and_then(Document::as_str).unwrap_or_default();
            let key = obj.get("Key").and_then(Document::as_str).unwrap_or_default();
            let mut out = format!("{bucket}/{}", utf8_percent_encode(key, COPY_SOURCE_KEY));
            if let Some(version) = obj.get("VersionId").and_then(Document::as_str) {
                out.push_str("?versionId=");
                out.push_str(version);
            }
            out
        }
        Document::String(s) => match s.split_once("?versionId=") {
            Some((path, version)) => format!("{}?versionId={version}", utf8_percent_encode(path, COPY_SOURCE_KEY)),
            None => utf8_percent_encode(s, COPY_SOURCE_KEY).to_string(),
        },
        other => other.to_string(),
    }
}

/// SSE-C: the caller gives the raw key; S3 wants it base64-encoded with its MD5.
fn sse_customer_key(map: &mut serde_json::Map<String, Document>, key_member: &str, md5_member: &str) {
    let Some(raw) = map.get(key_member).and_then(Document::as_str).map(str::to_owned) else { return };
    let b64 = base64::engine::general_purpose::STANDARD;
    if !map.contains_key(md5_member) {
        map.insert(md5_member.into(), Document::String(b64.encode(Md5::digest(raw.as_bytes()))));
    }
    map.insert(key_member.into(), Document::String(b64.encode(raw.as_bytes())));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_leaves_the_uri() {
        assert_eq!(remove_bucket_from_uri("/{Bucket}/{Key+}?uploads"), "/{Key+}?uploads");
        assert_eq!(remove_bucket_from_uri("/{Bucket}?cors"), "/?cors");
        assert_eq!(remove_bucket_from_uri("/{Bucket}"), "/");
    }

    #[test]
    fn copy_source_is_encoded() {
        let v = serde_json::json!({"Bucket": "b", "Key": "a b/ü+%", "VersionId": "3"});
        assert_eq!(copy_source(&v), "b/a%20b/%C3%BC%2B%25?versionId=3");
        assert_eq!(copy_source(&Document::String("b/k y".into())), "b/k%20y");
    }
}

//! A ListObjectsV2 response of `n` keys, built here (as S3 writes it, with `fetch-owner`),
//! for the parsing and end-to-end benchmarks.

use std::fmt::Write as _;

use stratus_core::http::{Headers, HttpResponse};
use stratus_core::transport::fill_from_seed;

/// The bucket the response lists.
pub const BUCKET: &str = "bench-bucket";
/// The prefix the response lists.
pub const PREFIX: &str = "logs/";
/// Keys in the benchmarked response.
pub const KEYS: usize = 1000;
/// The request id the response carries.
pub const REQUEST_ID: &str = "4442587FB7D0A2F9";

const OWNER_ID: &str = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a";

/// The body of a ListObjectsV2 response listing `keys` objects under [`PREFIX`]: every
/// `Contents` with `Key`, `LastModified`, `ETag` (quoted, as S3 escapes it), `Size`,
/// `Owner` (`ID`, `DisplayName`) and `StorageClass`; `IsTruncated` with a continuation
/// token, `KeyCount`, `MaxKeys`, `Name`, `Prefix`. Deterministic.
pub fn list_objects_v2_xml(keys: usize) -> String {
    let mut xml = String::with_capacity(400 * keys + 600);
    xml.push_str(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    xml.push('\n');
    xml.push_str(r#"<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#);
    let _ = write!(
        xml,
        "<Name>{BUCKET}</Name><Prefix>{PREFIX}</Prefix><NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>\
         <KeyCount>{keys}</KeyCount><MaxKeys>{keys}</MaxKeys><IsTruncated>true</IsTruncated>"
    );
    for i in 0..keys {
        push_contents(&mut xml, i);
    }
    xml.push_str("</ListBucketResult>");
    xml
}

/// One `<Contents>` element: object `i`.
fn push_contents(xml: &mut String, i: usize) {
    let mut digest = [0u8; 16];
    fill_from_seed(i as u64, &mut digest);
    let etag: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let size = u64::from(digest[0]) * 4096 + u64::from(digest[1]) * 16 + 1;
    let (day, second) = (1 + i % 28, i % 86_400);
    let _ = write!(
        xml,
        "<Contents><Key>{PREFIX}2024/03/{day:02}/app-server-{i:05}.log.gz</Key>\
         <LastModified>2024-03-{day:02}T{:02}:{:02}:{:02}.000Z</LastModified>\
         <ETag>&quot;{etag}&quot;</ETag><Size>{size}</Size>\
         <Owner><ID>{OWNER_ID}</ID><DisplayName>bench-owner</DisplayName></Owner>\
         <StorageClass>STANDARD</StorageClass></Contents>",
        second / 3600,
        second / 60 % 60,
        second % 60
    );
}

/// The response headers S3 sends with a listing of `body_len` bytes.
pub fn response_headers(body_len: usize) -> Headers {
    [
        ("x-amz-id-2", "ef8yU9AS1ed4OpIszj7UDNEHGran"),
        ("x-amz-request-id", REQUEST_ID),
        ("Date", "Fri, 24 May 2024 12:34:56 GMT"),
        ("x-amz-bucket-region", "us-east-1"),
        ("Content-Type", "application/xml"),
        ("Server", "AmazonS3"),
    ]
    .into_iter()
    .map(|(n, v)| (n.to_owned(), v.to_owned()))
    .chain([("Content-Length".to_owned(), body_len.to_string())])
    .collect()
}

/// The whole `200 OK` response: [`response_headers`] and [`list_objects_v2_xml`].
pub fn list_objects_v2_response(keys: usize) -> HttpResponse {
    let body = list_objects_v2_xml(keys).into_bytes();
    HttpResponse { status: 200, headers: response_headers(body.len()), body }
}

//! The requests the SigV4 benchmarks sign, described once so that Stratus and the
//! incumbent (in `benches/compare`) sign exactly the same method, URL, headers and body.

use stratus_core::credentials::Credentials;
use stratus_core::http::{Body, HttpRequest};
use time::OffsetDateTime;

/// The access key id of AWS's documentation examples.
pub const ACCESS_KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
/// The secret key of AWS's documentation examples.
pub const SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
/// The signing region.
pub const REGION: &str = "us-east-1";
/// The signing name.
pub const SERVICE: &str = "s3";
/// Validity of the presigned URL, in seconds.
pub const PRESIGN_EXPIRES_SECS: u64 = 3600;
/// Size of the payload signed by the `PutObject` benchmark: 1 MiB.
pub const PAYLOAD_LEN: usize = 1 << 20;

/// A request as plain data: every signer under test builds its own request type from it.
#[derive(Debug, Clone)]
pub struct RequestSpec {
    /// HTTP method.
    pub method: &'static str,
    /// Absolute URL, percent-encoded as on the wire.
    pub url: String,
    /// Headers as the SDK sends them before signing (no `Host`: it comes from the URL).
    pub headers: Vec<(&'static str, String)>,
    /// The body (empty for `GET`).
    pub body: Vec<u8>,
}

impl RequestSpec {
    /// The same request as a Stratus [`HttpRequest`].
    pub fn to_http_request(&self) -> HttpRequest {
        let mut request = HttpRequest::new(self.method, self.url.clone());
        for (name, value) in &self.headers {
            request.headers.append(*name, value.clone());
        }
        if !self.body.is_empty() {
            request.body = Body::Bytes(self.body.clone());
        }
        request
    }
}

/// The credentials every signer uses (no session token, as with long-term keys).
pub fn credentials() -> Credentials {
    Credentials::new(ACCESS_KEY_ID, SECRET_ACCESS_KEY, None)
}

/// The fixed signing time, so signatures can be compared byte for byte.
pub fn signing_time() -> OffsetDateTime {
    time::macros::datetime!(2024-05-24 12:34:56 UTC)
}

const URL: &str = "https://examplebucket.s3.us-east-1.amazonaws.com/photos/2024/summer%20trip/IMG_0001.jpg";

/// The headers an SDK puts on every call (`user-agent` is not signed).
fn sdk_headers() -> Vec<(&'static str, String)> {
    vec![
        ("user-agent", "stratus/0.1.0 md/rust api/s3".to_owned()),
        ("amz-sdk-invocation-id", "2c2e8ee1-4fd5-4f17-a6a1-2a1a64ac6e8b".to_owned()),
        ("amz-sdk-request", "attempt=1; max=3".to_owned()),
    ]
}

/// A typical S3 `GetObject`, virtual-hosted, with response checksum validation asked for.
pub fn get_object() -> RequestSpec {
    let mut headers = sdk_headers();
    headers.push(("x-amz-checksum-mode", "ENABLED".to_owned()));
    RequestSpec { method: "GET", url: URL.to_owned(), headers, body: Vec::new() }
}

/// The same object as a presigned `GetObject` URL: no headers but `Host`.
pub fn presigned_get_object() -> RequestSpec {
    RequestSpec { method: "GET", url: URL.to_owned(), headers: Vec::new(), body: Vec::new() }
}

/// An S3 `PutObject` of a 1 MiB body whose SHA-256 is signed (`x-amz-content-sha256`).
pub fn put_object_1mib() -> RequestSpec {
    let mut headers = sdk_headers();
    headers.push(("content-type", "application/octet-stream".to_owned()));
    headers.push(("content-length", PAYLOAD_LEN.to_string()));
    let body = (0..PAYLOAD_LEN).map(|i| (i.wrapping_mul(31) >> 3) as u8).collect();
    RequestSpec { method: "PUT", url: URL.to_owned(), headers, body }
}

//! # stratus-reqwest
//!
//! The async native [`Transport`]: reqwest over rustls, sleeping with tokio's timer. It
//! only moves bytes; `stratus-core` makes every protocol, signing and retry decision.
//!
//! Limitation: reqwest parses URLs with the WHATWG rules, which remove `.` and `..` path
//! segments. A request whose path has such segments (an S3 key like `a/../b`) is refused
//! with a clear error instead of silently addressing another key; the ureq transport sends
//! such paths unchanged.
//!
//! Limitation: hyper's client does not wait for `100 Continue` (core asks for it on large
//! S3 uploads), it sends the body at once. A server refusing a large upload before reading
//! it (a wrong signature) may close the connection under the body, and the call then fails
//! with a reset connection instead of the service's error; the ureq transport waits and
//! reports the error.

use std::time::Duration;

use stratus_core::http::{Body, HttpRequest, HttpResponse};
use stratus_core::transport::{sink_failed, streams_body, BodySink, Transport, TransportError, TransportErrorKind};
use time::OffsetDateTime;

/// Timeouts of the transport (boto3's `connect_timeout` and `read_timeout`).
pub type ReqwestOptions = stratus_core::transport::Timeouts;

/// The async transport. Cloning shares the connection pool.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl Default for ReqwestTransport {
    fn default() -> Self {
        Self::new(ReqwestOptions::default())
    }
}

impl ReqwestTransport {
    /// A transport with the given timeouts. Falls back to reqwest's defaults if the TLS
    /// backend cannot be initialised with them.
    pub fn new(options: ReqwestOptions) -> Self {
        let client = reqwest::Client::builder()
            .connect_timeout(options.connect_timeout)
            .read_timeout(options.read_timeout)
            .build()
            .unwrap_or_default();
        Self { client }
    }

    /// Wraps an existing reqwest client (custom TLS roots, proxies...).
    pub fn from_client(client: reqwest::Client) -> Self {
        Self { client }
    }
}

fn classify(error: &reqwest::Error) -> TransportErrorKind {
    if error.is_timeout() {
        if error.is_connect() {
            TransportErrorKind::ConnectTimeout
        } else {
            TransportErrorKind::ReadTimeout
        }
    } else if error.is_connect() {
        TransportErrorKind::Connect
    } else if error.is_request() || error.is_body() || error.is_decode() {
        TransportErrorKind::ConnectionReset
    } else {
        TransportErrorKind::Other
    }
}

fn to_error(error: reqwest::Error) -> TransportError {
    // reqwest's Display includes the URL, never headers: no secrets.
    TransportError::new(classify(&error), error.to_string())
}

impl ReqwestTransport {
    /// Sends `request` and returns the response with its body unread.
    async fn exchange(&self, request: HttpRequest) -> Result<reqwest::Response, TransportError> {
        if request.has_dot_segments() {
            return Err(TransportError::new(
                TransportErrorKind::Other,
                "the URL path has '.' or '..' segments, which reqwest would remove; use the ureq transport for such keys",
            ));
        }
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e.to_string()))?;
        let mut builder = self.client.request(method, &request.url);
        for (name, value) in request.headers.iter() {
            builder = builder.header(name, value.as_bytes());
        }
        builder = match request.body {
            Body::Empty => builder,
            Body::Bytes(bytes) => builder.body(bytes),
            Body::Shared(bytes) => builder.body(reqwest::Body::from(bytes::Bytes::from_owner(bytes))),
            Body::External { .. } => {
                return Err(TransportError::new(
                    TransportErrorKind::Other,
                    "a streaming body must be sent through the transfer API",
                ))
            }
        };
        builder.send().await.map_err(to_error)
    }
}

/// The status and headers of `response`, with an empty body.
fn head(response: &reqwest::Response) -> HttpResponse {
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    HttpResponse { status, headers, body: Vec::new() }
}

/// Reads the rest of `response` into `sink`, a chunk at a time as it arrives.
async fn stream(mut response: reqwest::Response, sink: &mut (dyn BodySink + Send)) -> Result<(), TransportError> {
    while let Some(chunk) = response.chunk().await.map_err(to_error)? {
        sink.write(&chunk).map_err(|e| sink_failed(&e))?;
    }
    Ok(())
}

/// Reads the rest of `response` into a buffer of the announced size (capped): no
/// regrowth, no second copy.
async fn collect(response: reqwest::Response) -> Result<Vec<u8>, TransportError> {
    let capacity = response.content_length().unwrap_or(0).min(64 << 20) as usize;
    let mut body = Vec::with_capacity(capacity);
    stream(response, &mut body).await?;
    Ok(body)
}

impl Transport for ReqwestTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let response = self.exchange(request).await?;
        let mut result = head(&response);
        result.body = collect(response).await?;
        Ok(result)
    }

    async fn send_streaming(
        &self,
        request: HttpRequest,
        sink: &mut (dyn BodySink + Send),
    ) -> Result<HttpResponse, TransportError> {
        let response = self.exchange(request).await?;
        let mut result = head(&response);
        if streams_body(result.status) {
            stream(response, sink).await?;
        } else {
            result.body = collect(response).await?;
        }
        Ok(result)
    }

    async fn sleep(&self, duration: Duration) {
        tokio::time::sleep(duration).await;
    }

    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }

    fn fill_random(&self, buf: &mut [u8]) {
        if getrandom::fill(buf).is_err() {
            let seed = OffsetDateTime::now_utc().unix_timestamp_nanos() as u64;
            stratus_core::transport::fill_from_seed(seed, buf);
        }
    }
}

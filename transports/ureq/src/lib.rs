//! # stratus-ureq
//!
//! A blocking [`Transport`] over [`ureq`]: no async runtime. Its futures finish on their
//! first poll (the work happens inside), so the client's blocking facade drives them with
//! a trivial executor.
//!
//! Like every Stratus transport it only moves bytes: signing, retries and parsing are
//! decided by `stratus-core`.

use std::io::Read;
use std::time::Duration;

use stratus_core::http::{Body, HttpRequest, HttpResponse};
use stratus_core::transport::{Transport, TransportError, TransportErrorKind};
use time::OffsetDateTime;

/// Timeouts of the transport (boto3's `connect_timeout` and `read_timeout`).
pub type UreqOptions = stratus_core::transport::Timeouts;

/// The blocking transport.
#[derive(Debug, Clone)]
pub struct UreqTransport {
    agent: ureq::Agent,
}

impl Default for UreqTransport {
    fn default() -> Self {
        Self::new(UreqOptions::default())
    }
}

impl UreqTransport {
    /// A transport with the given timeouts. HTTP error statuses are returned as responses
    /// (core parses them), never as transport errors.
    pub fn new(options: UreqOptions) -> Self {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(options.connect_timeout))
            .timeout_recv_body(Some(options.read_timeout))
            .timeout_recv_response(Some(options.read_timeout))
            .build();
        Self { agent: config.into() }
    }

    fn send_blocking(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut builder = ureq::http::Request::builder().method(request.method.as_str()).uri(&request.url);
        for (name, value) in request.headers.iter() {
            builder = builder.header(name, value.as_bytes());
        }
        let body: &[u8] = match &request.body {
            Body::Empty => &[],
            Body::Bytes(bytes) => bytes,
            Body::Shared(bytes) => bytes,
            Body::External { .. } => {
                return Err(TransportError::new(
                    TransportErrorKind::Other,
                    "a streaming body must be sent through the transfer API",
                ))
            }
        };
        let http_request = builder
            .body(body)
            .map_err(|e| TransportError::new(TransportErrorKind::Other, format!("invalid request: {e}")))?;
        let response = self.agent.run(http_request).map_err(classify)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        // Reserve what the server announced (capped) so large parts are not regrown.
        let announced = response.headers().get("content-length").and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
        let mut body = Vec::with_capacity(announced.unwrap_or(0).min(64 << 20));
        response
            .into_body()
            .into_reader()
            .read_to_end(&mut body)
            .map_err(|e| TransportError::new(TransportErrorKind::ConnectionReset, e.to_string()))?;
        Ok(HttpResponse { status, headers, body })
    }
}

fn classify(error: ureq::Error) -> TransportError {
    let kind = match &error {
        ureq::Error::Timeout(ureq::Timeout::Connect) => TransportErrorKind::ConnectTimeout,
        ureq::Error::Timeout(_) => TransportErrorKind::ReadTimeout,
        ureq::Error::ConnectionFailed | ureq::Error::HostNotFound => TransportErrorKind::Connect,
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => TransportErrorKind::Connect,
        ureq::Error::Io(_) | ureq::Error::Protocol(_) => TransportErrorKind::ConnectionReset,
        _ => TransportErrorKind::Other,
    };
    TransportError::new(kind, error.to_string())
}

impl Transport for UreqTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.send_blocking(request)
    }

    async fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
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

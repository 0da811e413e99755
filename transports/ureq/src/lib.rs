//! # stratus-ureq
//!
//! A blocking [`Transport`] over [`ureq`]: no async runtime. Its futures finish on their
//! first poll (the work happens inside), so the client's blocking facade drives them with
//! a trivial executor.
//!
//! Like every Stratus transport it only moves bytes: signing, retries and parsing are
//! decided by `stratus-core`.
//!
//! Limitation: ureq 3 has no per-read timeout, so `read_timeout` bounds the wait for the
//! response head and, separately, the whole body. A body that takes longer than
//! `read_timeout` to arrive (a very large single `GetObject` streamed with
//! `call_streaming` on a slow link) fails with a read timeout: raise `read_timeout` for
//! such calls. Transfers are not affected in practice (each part is one
//! `multipart_chunksize` range).

use std::io::Read;
use std::time::Duration;

use stratus_core::http::{Body, HttpRequest, HttpResponse};
use stratus_core::transport::{sink_failed, streams_body, BodySink, Transport, TransportError, TransportErrorKind};
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

    /// Sends `request`; a 2xx body goes to `sink` (when given) in reads of at most
    /// [`READ_CHUNK`] bytes, any other body is collected.
    fn send_blocking(
        &self,
        request: HttpRequest,
        sink: Option<&mut (dyn BodySink + Send)>,
    ) -> Result<HttpResponse, TransportError> {
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
        let announced = response.headers().get("content-length").and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
        let mut reader = response.into_body().into_reader();
        let body = match sink {
            Some(sink) if streams_body(status) => {
                stream(&mut reader, sink)?;
                Vec::new()
            }
            _ => {
                // Reserve what the server announced (capped) so the buffer is not regrown.
                let mut body = Vec::with_capacity(announced.unwrap_or(0).min(64 << 20));
                reader.read_to_end(&mut body).map_err(read_failed)?;
                body
            }
        };
        Ok(HttpResponse { status, headers, body })
    }
}

/// The largest read handed to a sink at once.
pub const READ_CHUNK: usize = 256 * 1024;

/// Copies `reader` into `sink`, a read at a time.
fn stream(reader: &mut impl Read, sink: &mut (dyn BodySink + Send)) -> Result<(), TransportError> {
    let mut buffer = vec![0u8; READ_CHUNK];
    loop {
        let n = match reader.read(&mut buffer) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(read_failed(e)),
        };
        sink.write(&buffer[..n]).map_err(|e| sink_failed(&e))?;
    }
}

fn read_failed(error: std::io::Error) -> TransportError {
    TransportError::new(TransportErrorKind::ConnectionReset, error.to_string())
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
        self.send_blocking(request, None)
    }

    async fn send_streaming(
        &self,
        request: HttpRequest,
        sink: &mut (dyn BodySink + Send),
    ) -> Result<HttpResponse, TransportError> {
        self.send_blocking(request, Some(sink))
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

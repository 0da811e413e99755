//! The contract a transport fulfils. Core never calls it: the client's driver loop does,
//! feeding what the transport returns into core's state machines.
//!
//! A transport moves bytes and supplies the three things core refuses to touch: the wall
//! clock, randomness and sleeping. It makes no protocol, signing or retry decision.

use std::future::Future;
use std::time::Duration;

use time::OffsetDateTime;

use crate::http::{HttpRequest, HttpResponse};

/// Connect and read timeouts, as boto3's `connect_timeout` and `read_timeout` (60 s each
/// by default). Every native transport takes these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Time allowed to establish the connection.
    pub connect_timeout: Duration,
    /// Time allowed for the response to arrive.
    pub read_timeout: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self { connect_timeout: Duration::from_secs(60), read_timeout: Duration::from_secs(60) }
    }
}

/// How sending failed, as far as the retry policy needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be established (refused, DNS, TLS handshake).
    Connect,
    /// Connecting took longer than the connect timeout.
    ConnectTimeout,
    /// No (complete) response within the read timeout.
    ReadTimeout,
    /// The connection was reset or closed before a full response arrived.
    ConnectionReset,
    /// The request was cancelled by the caller.
    Cancelled,
    /// Anything else (an invalid URL, a body that could not be read...).
    Other,
}

/// A failure to exchange a request and a response. The message never contains secrets:
/// transports must not echo request headers into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError {
    pub kind: TransportErrorKind,
    pub message: String,
}

impl TransportError {
    /// A transport error of `kind`.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into() }
    }
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {}", self.kind, self.message)
    }
}

impl std::error::Error for TransportError {}

/// Where [`Transport::send_streaming`] delivers a successful response's body, in order, as
/// it arrives (S3 `GetObject` parts written straight to their place in a file).
pub trait BodySink {
    /// Takes the next bytes of the body. An error stops the exchange: the transport
    /// returns a [`TransportErrorKind::Cancelled`] error (not retried), and the sink keeps
    /// the cause for its owner.
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<()>;

    /// A retry is about to send the request again after some bytes were written: forget
    /// them. A sink that cannot (a pipe) returns an error and the call fails instead of
    /// retrying.
    fn restart(&mut self) -> std::io::Result<()>;
}

/// A body collected in memory (what [`Transport::send`] does, as a sink).
impl BodySink for Vec<u8> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.extend_from_slice(bytes);
        Ok(())
    }

    fn restart(&mut self) -> std::io::Result<()> {
        self.clear();
        Ok(())
    }
}

/// Whether a response with `status` has its body streamed to the sink by
/// [`Transport::send_streaming`] (2xx), rather than returned whole for core to parse as an
/// error. Every transport asks this one function.
pub fn streams_body(status: u16) -> bool {
    (200..300).contains(&status)
}

/// The transport error for a sink that refused bytes.
pub fn sink_failed(error: &std::io::Error) -> TransportError {
    TransportError::new(TransportErrorKind::Cancelled, format!("the response body could not be stored: {error}"))
}

/// What every transport (the `transports/` crates, a canned test transport) provides.
///
/// Futures need not be `Send` (browser `fetch` futures are not); a native transport's
/// futures are, and callers holding a concrete transport type keep that.
pub trait Transport {
    /// Sends one request and returns the whole response.
    fn send(&self, request: HttpRequest) -> impl Future<Output = Result<HttpResponse, TransportError>>;

    /// Sends one request; the body of a successful (2xx) response goes to `sink` as it
    /// arrives and the returned response's body is empty. Any other response comes back
    /// whole, as from [`Self::send`] (core parses the error in it). Memory stays bounded
    /// by the transport's read buffer whatever the body's size.
    ///
    /// The default collects the body with [`Self::send`] and hands it over in one piece;
    /// native transports override it to stream.
    fn send_streaming(
        &self,
        request: HttpRequest,
        sink: &mut (dyn BodySink + Send),
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        async move {
            let mut response = self.send(request).await?;
            if streams_body(response.status) {
                let body = std::mem::take(&mut response.body);
                sink.write(&body).map_err(|e| sink_failed(&e))?;
            }
            Ok(response)
        }
    }

    /// Waits for `duration` (backoff, waiter delays, rate limiting).
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()>;

    /// The current wall-clock time (UTC).
    fn now(&self) -> OffsetDateTime;

    /// Fills `buf` with random bytes (retry jitter, idempotency tokens, multipart ids).
    fn fill_random(&self, buf: &mut [u8]);
}

/// Fills `buf` with bytes derived from `seed` (splitmix64). For transports whose platform
/// entropy source failed: retry jitter and idempotency tokens need variety, not secrecy.
pub fn fill_from_seed(seed: u64, buf: &mut [u8]) {
    let mut state = seed;
    for chunk in buf.chunks_mut(8) {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        chunk.copy_from_slice(&z.to_le_bytes()[..chunk.len()]);
    }
}

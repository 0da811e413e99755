//! A canned in-process [`Transport`]: every request gets the same response, with no
//! socket, no sleeping, a fixed clock and counter-based randomness. What is left to
//! measure is the client itself (validate, endpoint, serialize, sign, parse, retry
//! bookkeeping, `ResponseMetadata`).

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use stratus_core::http::{HttpRequest, HttpResponse};
use stratus_core::transport::{fill_from_seed, Transport, TransportError};
use time::OffsetDateTime;

/// Answers every request with a copy of one response.
#[derive(Debug)]
pub struct CannedTransport {
    response: HttpResponse,
    now: OffsetDateTime,
    counter: AtomicU64,
    sent: AtomicU64,
}

impl CannedTransport {
    /// A transport answering `response`, whose clock always reads `now`.
    pub fn new(response: HttpResponse, now: OffsetDateTime) -> Self {
        Self { response, now, counter: AtomicU64::new(0), sent: AtomicU64::new(0) }
    }

    /// Requests sent so far.
    pub fn sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }
}

impl Transport for CannedTransport {
    /// Returns a copy of the canned response (the copy of the body is part of the cost,
    /// as a real transport hands over a body it owns).
    fn send(&self, request: HttpRequest) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        drop(request);
        self.sent.fetch_add(1, Ordering::Relaxed);
        std::future::ready(Ok(self.response.clone()))
    }

    /// Returns at once: the canned response never asks for a retry.
    fn sleep(&self, _duration: Duration) -> impl Future<Output = ()> {
        std::future::ready(())
    }

    fn now(&self) -> OffsetDateTime {
        self.now
    }

    /// Bytes from a counter (variety, not secrecy: tokens and jitter only).
    fn fill_random(&self, buf: &mut [u8]) {
        fill_from_seed(self.counter.fetch_add(1, Ordering::Relaxed), buf);
    }
}

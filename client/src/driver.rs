//! The driver loop: runs core's [`Call`] state machine over a [`Transport`]. This is the
//! only place a call touches the clock, randomness, sleeping and the network, and it makes
//! no decision of its own.

use std::sync::Mutex;

use stratus_core::client::{Call, CallStep};
use stratus_core::retry::ClientRetryState;
use stratus_core::sigv4::SigningKeyCache;
use stratus_core::transport::{BodySink, Transport};
use stratus_core::{Document, Error};

/// Client-wide mutable state shared by concurrent calls. Locks are held only while core's
/// state machine runs, never across a send or a sleep.
#[derive(Debug)]
pub(crate) struct Shared {
    pub retry: Mutex<ClientRetryState>,
    pub keys: Mutex<SigningKeyCache>,
}

/// A uniform random value in `[0, 1)` from the transport's randomness.
pub(crate) fn jitter<T: Transport>(transport: &T) -> f64 {
    let mut bytes = [0u8; 8];
    transport.fill_random(&mut bytes);
    (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64
}

/// A random UUID v4 (idempotency tokens, invocation ids).
pub(crate) fn uuid4<T: Transport>(transport: &T) -> String {
    let mut b = [0u8; 16];
    transport.fill_random(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A sink that counts what it was given, so a retry restarts it only when needed.
struct Counted<'s> {
    sink: &'s mut (dyn BodySink + Send),
    written: u64,
}

impl BodySink for Counted<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.sink.write(bytes)?;
        self.written += bytes.len() as u64;
        Ok(())
    }

    fn restart(&mut self) -> std::io::Result<()> {
        if self.written > 0 {
            self.sink.restart()?;
            self.written = 0;
        }
        Ok(())
    }
}

/// Runs `call` to completion; returns the output and the raw payload, if kept. With a
/// `sink` (the call was told [`Call::stream_payload`]), each attempt streams a successful
/// response's body into it, restarted before a retry.
pub(crate) async fn drive<T: Transport>(
    mut call: Call<'_>,
    transport: &T,
    shared: &Shared,
    sink: Option<&mut (dyn BodySink + Send)>,
) -> Result<(Document, Option<Vec<u8>>), Error> {
    let mut sink = sink.map(|sink| Counted { sink, written: 0 });
    let operation = call.operation().name.clone();
    loop {
        let step = {
            let mut retry = lock(&shared.retry);
            let mut keys = lock(&shared.keys);
            call.poll(transport.now(), &mut retry, &mut keys)
        };
        match step {
            CallStep::Done(result) => return result.map(|document| (document, call.take_payload())),
            CallStep::Sleep(duration) => {
                tracing::debug!(operation = %operation, delay_ms = duration.as_millis() as u64, "retry backoff");
                transport.sleep(duration).await;
            }
            CallStep::Send(request) => {
                let started = transport.now();
                let attempt = call.attempts() + 1;
                let outcome = match sink.as_mut() {
                    None => transport.send(request).await,
                    Some(sink) => {
                        sink.restart().map_err(|e| {
                            Error::Transport(format!(
                                "{operation} cannot be retried: the body sink cannot restart: {e}"
                            ))
                        })?;
                        transport.send_streaming(request, sink).await
                    }
                };
                let elapsed_ms = (transport.now() - started).whole_milliseconds().max(0) as u64;
                let jitter = jitter(transport);
                let mut retry = lock(&shared.retry);
                match outcome {
                    Ok(response) => {
                        let request_id = response
                            .headers
                            .get("x-amzn-requestid")
                            .or_else(|| response.headers.get("x-amz-request-id"))
                            .unwrap_or("-")
                            .to_owned();
                        tracing::debug!(operation = %operation, attempt, status = response.status, request_id = %request_id, elapsed_ms, "response");
                        call.handle_response(response, transport.now(), jitter, &mut retry);
                    }
                    Err(error) => {
                        tracing::debug!(operation = %operation, attempt, error = %error, elapsed_ms, "transport error");
                        call.handle_transport_error(error, transport.now(), jitter, &mut retry);
                    }
                }
            }
        }
    }
}

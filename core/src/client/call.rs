//! One call as a sans-IO state machine.
//!
//! ```text
//! let mut call = core.start_call("ListBuckets", &input, opts, credentials)?;
//! loop {
//!     match call.poll(now, &mut shared, &mut key_cache) {
//!         CallStep::Send(request) => match transport.send(request) {
//!             Ok(response) => call.handle_response(response, now, jitter, &mut shared),
//!             Err(error) => call.handle_transport_error(error, now, jitter, &mut shared),
//!         },
//!         CallStep::Sleep(duration) => sleep(duration),
//!         CallStep::Done(result) => break result,
//!     }
//! }
//! ```
//! Call order: `poll` until it returns `Send`, `Sleep` or `Done`; after `Send`, exactly one
//! `handle_response` or `handle_transport_error`; after `Sleep`, `poll` again once slept.
//! `now` is the wall clock at each call, `jitter` a uniform random value in `[0, 1)`.
//! The `shared` retry state and the signing-key cache belong to the client; a driver that
//! runs calls concurrently keeps them behind a lock held only during these method calls.

use std::time::Duration;

use time::OffsetDateTime;

use crate::credentials::Credentials;
use crate::http::{HttpRequest, HttpResponse};
use crate::model::Operation;
use crate::retry::{AttemptOutcome, AttemptResult, CallRetryOptions, ClientRetryState, RetryDecision, RetryState};
use crate::sigv4::SigningKeyCache;
use crate::transport::TransportError;
use crate::{Document, Error};

use super::prepare::PreparedRequest;
use super::signing::AuthDecision;
use super::{ClientCore, PrepareOptions};

/// What the driver must do next.
#[derive(Debug)]
pub enum CallStep {
    /// Send this request, then report the outcome.
    Send(HttpRequest),
    /// Sleep this long, then poll again.
    Sleep(Duration),
    /// The call is over.
    Done(Result<Document, Error>),
}

/// Where a successful response's streaming blob payload (S3 `GetObject` `Body`) goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PayloadMode {
    /// Into the output document (base64 for JSON output, as botocore's parser).
    Document,
    /// Handed out raw by [`Call::take_payload`].
    Raw,
    /// Delivered by the transport to a sink; the response's body is empty.
    Streamed,
}

#[derive(Debug)]
enum Phase {
    /// Ask the rate limiter, then send.
    BeforeAttempt,
    /// The rate limiter's delay was handed out: send on the next poll.
    ReadyToSend,
    /// A request is out; waiting for `handle_*`.
    AwaitingOutcome,
    /// Sleep this long before the next attempt.
    Backoff(Duration),
    /// Finished; the result is handed out once.
    Finished(Option<Result<Document, Error>>),
}

/// The state machine of one call (see the module docs for the call order).
#[derive(Debug)]
pub struct Call<'c> {
    core: &'c ClientCore,
    operation: &'c Operation,
    prepared: PreparedRequest,
    credentials: Option<Credentials>,
    retry: RetryState,
    phase: Phase,
    payload_mode: PayloadMode,
    payload: Option<Vec<u8>>,
}

impl ClientCore {
    /// Starts a call: validates the input, resolves the endpoint and serializes the request
    /// now, so bad input fails before anything is sent. `credentials` may be `None` only
    /// for operations that are sent unsigned.
    pub fn start_call<'c>(
        &'c self,
        operation: &str,
        input: &Document,
        options: &PrepareOptions<'_>,
        credentials: Option<Credentials>,
    ) -> Result<Call<'c>, Error> {
        let operation = self.operation(operation)?;
        let prepared = self.prepare(operation, input, options)?;
        if matches!(prepared.auth, AuthDecision::SigV4(_)) && credentials.is_none() {
            return Err(Error::NoCredentials(format!(
                "{} {} must be signed and no credentials were provided",
                self.spec().service,
                operation.name
            )));
        }
        let options = CallRetryOptions {
            service: self.spec().service.clone(),
            idempotent: crate::retry::is_idempotent(self.model(), operation),
        };
        let retry = RetryState::new(&self.spec().retry, options);
        Ok(Call {
            core: self,
            operation,
            prepared,
            credentials,
            retry,
            phase: Phase::BeforeAttempt,
            payload_mode: PayloadMode::Document,
            payload: None,
        })
    }
}

impl<'c> Call<'c> {
    /// The operation being called.
    pub fn operation(&self) -> &'c Operation {
        self.operation
    }

    /// Attempts finished so far.
    pub fn attempts(&self) -> u32 {
        self.retry.attempts()
    }

    /// Keeps a successful response's streaming blob payload (S3 `GetObject` `Body`) out of
    /// the output document: it is handed out raw by [`Self::take_payload`] instead of
    /// base64-encoded (the member is left out of the document). Checksums are still checked.
    pub fn keep_payload_raw(&mut self) {
        self.payload_mode = PayloadMode::Raw;
    }

    /// Says a successful response's streaming blob payload is delivered to a sink by the
    /// transport ([`crate::transport::Transport::send_streaming`]): the response handed to
    /// [`Self::handle_response`] has an empty body, the member is left out of the document,
    /// and verifying the payload's checksum is the sink owner's job (the transfer
    /// manager's [`crate::transfer::ObjectVerifier`]).
    pub fn stream_payload(&mut self) {
        self.payload_mode = PayloadMode::Streamed;
    }

    /// The raw streaming payload of the final response, after `Done` (see
    /// [`Self::keep_payload_raw`]).
    pub fn take_payload(&mut self) -> Option<Vec<u8>> {
        self.payload.take()
    }

    /// The next thing to do.
    pub fn poll(
        &mut self,
        now: OffsetDateTime,
        shared: &mut ClientRetryState,
        cache: &mut SigningKeyCache,
    ) -> CallStep {
        match std::mem::replace(&mut self.phase, Phase::AwaitingOutcome) {
            Phase::BeforeAttempt => match self.retry.before_attempt(shared, now) {
                crate::retry::Acquire::Delay(delay) => {
                    self.phase = Phase::ReadyToSend;
                    CallStep::Sleep(delay)
                }
                crate::retry::Acquire::Ok => self.send(now, shared, cache),
            },
            Phase::ReadyToSend => self.send(now, shared, cache),
            Phase::Backoff(after) => {
                self.phase = Phase::BeforeAttempt;
                CallStep::Sleep(after)
            }
            Phase::Finished(result) => {
                let result = result.unwrap_or_else(|| Err(Error::Config("the call already finished".into())));
                self.phase = Phase::Finished(None);
                CallStep::Done(result)
            }
            Phase::AwaitingOutcome => {
                self.phase = Phase::Finished(None);
                CallStep::Done(Err(Error::Config("poll called while a request is outstanding".into())))
            }
        }
    }

    fn send(&mut self, now: OffsetDateTime, shared: &ClientRetryState, cache: &mut SigningKeyCache) -> CallStep {
        let mut request = self.prepared.request.clone();
        request.headers.insert("amz-sdk-request", self.retry.amz_sdk_request());
        if let (AuthDecision::SigV4(plan), Some(credentials)) = (&self.prepared.auth, &self.credentials) {
            let signing_time = shared.clock_skew.corrected_now(now);
            if let Err(error) = plan.sign(&mut request, credentials, signing_time, cache) {
                self.phase = Phase::Finished(None);
                return CallStep::Done(Err(error));
            }
        }
        self.phase = Phase::AwaitingOutcome;
        CallStep::Send(request)
    }

    /// Reports the response to the request of the last `Send`.
    pub fn handle_response(
        &mut self,
        mut response: HttpResponse,
        now: OffsetDateTime,
        jitter: f64,
        shared: &mut ClientRetryState,
    ) {
        let kept_apart = self.payload_mode != PayloadMode::Document;
        let member = self.core.streaming_output_member(self.operation).filter(|_| kept_apart);
        let result = match member {
            Some(member) if response.status < 300 => self.parse_raw(&mut response, member),
            _ => self.core.parse(self.operation, &response),
        };
        let error = match &result {
            Err(Error::Service(e)) => Some(e),
            _ => None,
        };
        let mut outcome = AttemptOutcome::response(&response, error);
        if let (AttemptOutcome::Response(r), Some(e)) = (&mut outcome, error) {
            r.modeled = crate::retry::modeled_error(self.core.model(), self.operation, &e.code);
        }
        let decision = self.retry.on_attempt_result(shared, AttemptResult { outcome, now, jitter });
        self.phase = match decision {
            RetryDecision::Retry { after } => Phase::Backoff(after),
            RetryDecision::Stop => {
                let attempts = self.retry.attempts();
                Phase::Finished(Some(result.map(|output| with_response_metadata(output, &response, attempts))))
            }
        };
    }

    /// Parses a successful response whose streaming payload is kept raw.
    fn parse_raw(&mut self, response: &mut HttpResponse, member: &str) -> Result<Document, Error> {
        let streamed = self.payload_mode == PayloadMode::Streamed;
        if !streamed {
            crate::checksum::validate_response_checksum(self.operation, response)?;
        }
        let body = std::mem::take(&mut response.body);
        let mut output = crate::protocol::de::parse_response(self.core.model(), self.operation, response);
        if let Ok(Document::Object(map)) = &mut output {
            map.shift_remove(member);
        }
        response.body = body;
        if !streamed {
            self.payload = output.is_ok().then(|| std::mem::take(&mut response.body));
        }
        output
    }

    /// Reports that the request of the last `Send` failed in the transport.
    pub fn handle_transport_error(
        &mut self,
        error: TransportError,
        now: OffsetDateTime,
        jitter: f64,
        shared: &mut ClientRetryState,
    ) {
        let outcome = AttemptOutcome::Transport(error.kind);
        let decision = self.retry.on_attempt_result(shared, AttemptResult { outcome, now, jitter });
        self.phase = match decision {
            RetryDecision::Retry { after } => Phase::Backoff(after),
            RetryDecision::Stop => Phase::Finished(Some(Err(Error::Transport(format!(
                "{error} (after {} attempt{})",
                self.retry.attempts(),
                if self.retry.attempts() == 1 { "" } else { "s" }
            ))))),
        };
    }
}

/// Adds boto3's `ResponseMetadata` (request id, host id, status, headers, retry attempts).
fn with_response_metadata(mut output: Document, response: &HttpResponse, attempts: u32) -> Document {
    let Some(map) = output.as_object_mut() else { return output };
    let mut meta = serde_json::Map::new();
    let request_id = response.headers.get("x-amzn-requestid").or_else(|| response.headers.get("x-amz-request-id"));
    if let Some(id) = request_id {
        meta.insert("RequestId".into(), Document::String(id.to_owned()));
    }
    if let Some(id) = response.headers.get("x-amz-id-2") {
        meta.insert("HostId".into(), Document::String(id.to_owned()));
    }
    meta.insert("HTTPStatusCode".into(), Document::from(response.status));
    let headers: serde_json::Map<String, Document> =
        response.headers.iter().map(|(k, v)| (k.to_ascii_lowercase(), Document::String(v.to_owned()))).collect();
    meta.insert("HTTPHeaders".into(), Document::Object(headers));
    meta.insert("RetryAttempts".into(), Document::from(attempts.saturating_sub(1)));
    map.insert("ResponseMetadata".into(), Document::Object(meta));
    output
}

//! The waiter state machine, following botocore's `Waiter.wait` (`waiter.py`).

use std::time::Duration;

use serde_json::json;

use crate::{Document, ServiceError};

use super::config::{AcceptorState, WaiterConfig};
use super::error::{WaiterError, WaiterErrorKind};
use super::matcher::WaiterResponse;

/// Per-call changes to a waiter's schedule (botocore's `WaiterConfig` argument).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WaiterOverrides {
    pub delay: Option<Duration>,
    pub max_attempts: Option<u32>,
}

/// What the driver does next.
#[derive(Debug, Clone, PartialEq)]
pub enum WaiterStep {
    /// Call the waiter's operation with this input, then [`Waiter::handle_output`].
    Call(Document),
    /// Sleep this long, then poll again.
    Sleep(Duration),
    /// The wait is over: the output that satisfied the waiter (for a success matched on an
    /// error, botocore's error shape `{"Error": {"Code", "Message"}, "ResponseMetadata":
    /// {"HTTPStatusCode"}}`), or why it failed.
    Done(Result<Document, WaiterError>),
}

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Call,
    AwaitingOutput,
    Sleep,
    Done(Result<Document, WaiterError>),
}

/// Waits for a resource to reach a state by polling an operation.
///
/// Call order: [`Self::poll`] → [`WaiterStep::Call`]: call the operation, hand the result
/// to [`Self::handle_output`] → [`Self::poll`] → [`WaiterStep::Sleep`]: sleep → [`Self::poll`]
/// → `Call` ... until [`WaiterStep::Done`]. Polling while a call's output is awaited
/// repeats the `Call`; outputs handed in at any other time are ignored; once done, `poll`
/// keeps returning the same `Done`.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiter {
    config: WaiterConfig,
    input: Document,
    delay: Duration,
    max_attempts: u32,
    attempts: u32,
    last_matched: Option<usize>,
    phase: Phase,
}

/// botocore's dictionary form of an error response.
fn error_document(error: &ServiceError) -> Document {
    json!({
        "Error": {"Code": error.code, "Message": error.message},
        "ResponseMetadata": {"HTTPStatusCode": error.status},
    })
}

impl Waiter {
    /// A waiter for `config`, calling its operation with `input`.
    pub fn new(config: &WaiterConfig, input: Document, overrides: WaiterOverrides) -> Self {
        Self {
            delay: overrides.delay.unwrap_or(config.delay),
            max_attempts: overrides.max_attempts.unwrap_or(config.max_attempts),
            config: config.clone(),
            input,
            attempts: 0,
            last_matched: None,
            phase: Phase::Call,
        }
    }

    /// The waiter's configuration.
    pub fn config(&self) -> &WaiterConfig {
        &self.config
    }

    /// Calls of the operation handled so far.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The next thing to do.
    pub fn poll(&mut self) -> WaiterStep {
        match &self.phase {
            Phase::Call | Phase::AwaitingOutput => {
                self.phase = Phase::AwaitingOutput;
                WaiterStep::Call(self.input.clone())
            }
            Phase::Sleep => {
                self.phase = Phase::Call;
                WaiterStep::Sleep(self.delay)
            }
            Phase::Done(result) => WaiterStep::Done(result.clone()),
        }
    }

    /// Handles the result of the call [`Self::poll`] asked for (see
    /// [`WaiterResponse::from_result`] for the status a successful output gets).
    pub fn handle_output(&mut self, result: Result<Document, ServiceError>) {
        self.handle_response(WaiterResponse::from_result(result));
    }

    /// Like [`Self::handle_output`], with the HTTP status given explicitly.
    pub fn handle_response(&mut self, response: WaiterResponse) {
        if self.phase != Phase::AwaitingOutput {
            return;
        }
        self.attempts += 1;
        let matched = self.config.acceptors.iter().position(|a| a.matcher.matches(&response));
        self.phase = match matched {
            Some(index) => {
                self.last_matched = Some(index);
                self.after_match(index, response)
            }
            None => match &response.result {
                Err(e) => {
                    let reason = format!("An error occurred ({}): {}", e.code, e.message);
                    self.fail(WaiterErrorKind::UnexpectedError, reason, response)
                }
                Ok(_) => self.retry_or_give_up(response),
            },
        };
    }

    fn after_match(&self, index: usize, response: WaiterResponse) -> Phase {
        let Some(acceptor) = self.config.acceptors.get(index) else {
            return self.retry_or_give_up(response);
        };
        match acceptor.state {
            AcceptorState::Success => Phase::Done(Ok(match response.result {
                Ok(output) => output,
                Err(error) => error_document(&error),
            })),
            AcceptorState::Failure => {
                let reason = format!("Waiter encountered a terminal failure state: {}", acceptor.explanation());
                self.fail(WaiterErrorKind::FailureState, reason, response)
            }
            AcceptorState::Retry => self.retry_or_give_up(response),
        }
    }

    fn retry_or_give_up(&self, response: WaiterResponse) -> Phase {
        if self.attempts < self.max_attempts {
            return Phase::Sleep;
        }
        let reason = match self.last_matched.and_then(|i| self.config.acceptors.get(i)) {
            None => "Max attempts exceeded".to_owned(),
            Some(acceptor) => format!("Max attempts exceeded. Previously accepted state: {}", acceptor.explanation()),
        };
        self.fail(WaiterErrorKind::MaxAttemptsExceeded, reason, response)
    }

    fn fail(&self, kind: WaiterErrorKind, reason: String, response: WaiterResponse) -> Phase {
        Phase::Done(Err(WaiterError {
            name: self.config.name.clone(),
            kind,
            reason,
            last_response: Some(Box::new(response)),
        }))
    }
}

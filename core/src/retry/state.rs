//! The per-call retry state machine and the client-wide state it shares with other calls.

use std::time::Duration;

use time::OffsetDateTime;

use super::adaptive::{Acquire, ClientRateLimiter};
use super::backoff::{backoff_delay, retry_after, BackoffInput, THROTTLING_BASE};
use super::classify::{classify, may_have_been_received, AttemptOutcome, RetryKind};
use super::clock_skew::ClockSkew;
use super::config::{AfterSendRetry, RetryConfig, RetryMode, ServiceRetryDefaults};
use super::quota::RetryQuota;

/// Retry state a client shares across all its calls: the retry quota, adaptive mode's
/// rate limiter, and the clock-skew offset. The client owns one; drivers that run calls
/// concurrently keep it behind a lock and hold the lock only for the `RetryState`
/// method calls, never across a send or a sleep.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientRetryState {
    pub quota: RetryQuota,
    /// Present in adaptive mode.
    pub rate_limiter: Option<ClientRateLimiter>,
    pub clock_skew: ClockSkew,
}

impl ClientRetryState {
    /// Fresh shared state for a client configured with `config`.
    pub fn new(config: &RetryConfig) -> Self {
        let rate_limiter = (config.mode == RetryMode::Adaptive).then(ClientRateLimiter::new);
        Self { quota: RetryQuota::new(), rate_limiter, clock_skew: ClockSkew::new() }
    }
}

/// What the retry policy needs to know about the call.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CallRetryOptions {
    /// botocore's service name (`s3`, `dynamodb`, `sts`): selects service defaults and
    /// special cases.
    pub service: String,
    /// Repeating the operation is safe (see [`super::is_idempotent`]). Only consulted
    /// with [`AfterSendRetry::IdempotentOnly`].
    pub idempotent: bool,
}

/// One finished attempt, as handed to [`RetryState::on_attempt_result`].
#[derive(Debug, Clone, Copy)]
pub struct AttemptResult<'a> {
    pub outcome: AttemptOutcome<'a>,
    /// When the outcome arrived (local clock).
    pub now: OffsetDateTime,
    /// A uniformly random value in `[0, 1)` for the backoff jitter.
    pub jitter: f64,
}

/// What to do after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryDecision {
    /// Wait `after`, then send another attempt (re-signed with the corrected clock).
    Retry { after: Duration },
    /// Return this attempt's outcome to the caller.
    Stop,
}

/// The retry state machine of one call.
///
/// Call order, for each attempt:
/// 1. [`Self::before_attempt`]: on [`Acquire::Delay`], sleep that long (then send; do not
///    ask again);
/// 2. sign with [`ClientRetryState::clock_skew`]`.corrected_now(now)`, set the
///    `amz-sdk-request` header to [`Self::amz_sdk_request`], send;
/// 3. [`Self::on_attempt_result`]: on [`RetryDecision::Retry`], sleep `after` and go to 1;
///    on [`RetryDecision::Stop`], the call ends with this attempt's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryState {
    options: CallRetryOptions,
    max_attempts: u32,
    after_send: AfterSendRetry,
    non_throttling_base: Duration,
    attempts: u32,
    last_retry_cost: Option<u32>,
    skew_retry_used: bool,
    last_kind: Option<RetryKind>,
}

impl RetryState {
    /// The state of a new call under `config`.
    pub fn new(config: &RetryConfig, options: CallRetryOptions) -> Self {
        let defaults = ServiceRetryDefaults::for_service(&options.service);
        Self {
            max_attempts: config.max_attempts_for(&options.service),
            after_send: config.after_send,
            non_throttling_base: defaults.non_throttling_base,
            options,
            attempts: 0,
            last_retry_cost: None,
            skew_retry_used: false,
            last_kind: None,
        }
    }

    /// Attempts finished so far.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The attempt budget of this call, the first attempt included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// How the last attempt was classified.
    pub fn last_kind(&self) -> Option<RetryKind> {
        self.last_kind
    }

    /// The `amz-sdk-request` header value for the next attempt (`attempt=1; max=3`).
    pub fn amz_sdk_request(&self) -> String {
        format!("attempt={}; max={}", self.attempts + 1, self.max_attempts)
    }

    /// Asks the adaptive rate limiter (if any) to send the next attempt at `now`.
    pub fn before_attempt(&self, shared: &mut ClientRetryState, now: OffsetDateTime) -> Acquire {
        shared.rate_limiter.as_mut().map_or(Acquire::Ok, |limiter| limiter.acquire(now))
    }

    /// Records how an attempt ended and decides whether to retry.
    ///
    /// Rules (botocore's standard mode): a retryable outcome (throttling or transient) is
    /// retried while attempts remain and the retry quota can pay for it (5 tokens after a
    /// throttle, 14 otherwise), after `jitter * min(base * 2^(attempt-1), 20 s)` with
    /// `base` 1 s for throttling and 50 ms (DynamoDB 25 ms) otherwise, raised towards a
    /// server's `x-amz-retry-after`. A clock-skew error is retried once, at once, when the
    /// response's `Date` corrected the clock. Success refunds the quota.
    pub fn on_attempt_result(&mut self, shared: &mut ClientRetryState, result: AttemptResult<'_>) -> RetryDecision {
        self.attempts += 1;
        let kind = classify(&result.outcome, &self.options.service);
        self.last_kind = Some(kind);
        if let Some(limiter) = shared.rate_limiter.as_mut() {
            limiter.on_response(result.now, kind == RetryKind::Throttling);
        }
        match kind {
            RetryKind::Success => {
                let refund = self.last_retry_cost.unwrap_or(RetryQuota::NO_RETRY_INCREMENT);
                shared.quota.release(refund);
                RetryDecision::Stop
            }
            RetryKind::NotRetryable => RetryDecision::Stop,
            RetryKind::ClockSkew => self.clock_skew_retry(shared, &result),
            RetryKind::Throttling | RetryKind::Transient => self.standard_retry(shared, &result, kind),
        }
    }

    fn standard_retry(
        &mut self,
        shared: &mut ClientRetryState,
        result: &AttemptResult<'_>,
        kind: RetryKind,
    ) -> RetryDecision {
        if self.attempts >= self.max_attempts || !self.after_send_allowed(&result.outcome) {
            return RetryDecision::Stop;
        }
        let throttling = kind == RetryKind::Throttling;
        let cost = if throttling { RetryQuota::THROTTLING_RETRY_COST } else { RetryQuota::RETRY_COST };
        if !shared.quota.acquire(cost) {
            return RetryDecision::Stop;
        }
        self.last_retry_cost = Some(cost);
        let suggested = match &result.outcome {
            AttemptOutcome::Response(response) => retry_after(response.headers),
            AttemptOutcome::Transport(_) => None,
        };
        let after = backoff_delay(BackoffInput {
            attempt: self.attempts,
            jitter: result.jitter,
            base: if throttling { THROTTLING_BASE } else { self.non_throttling_base },
            retry_after: suggested,
        });
        RetryDecision::Retry { after }
    }

    /// The [`AfterSendRetry`] rule for transport failures that may follow delivery.
    fn after_send_allowed(&self, outcome: &AttemptOutcome<'_>) -> bool {
        match outcome {
            AttemptOutcome::Transport(kind) if may_have_been_received(*kind) => {
                self.after_send == AfterSendRetry::Always || self.options.idempotent
            }
            _ => true,
        }
    }

    fn clock_skew_retry(&mut self, shared: &mut ClientRetryState, result: &AttemptResult<'_>) -> RetryDecision {
        let AttemptOutcome::Response(response) = &result.outcome else {
            return RetryDecision::Stop;
        };
        let Some(error) = response.error else {
            return RetryDecision::Stop;
        };
        let corrected = shared.clock_skew.on_error(&error.code, response.headers, result.now);
        if corrected && !self.skew_retry_used && self.attempts < self.max_attempts {
            self.skew_retry_used = true;
            return RetryDecision::Retry { after: Duration::ZERO };
        }
        RetryDecision::Stop
    }
}

//! Retries, as botocore 1.44.5 and the AWS SDKs define them ("standard" and "adaptive"
//! retry modes), plus clock-skew correction. Sans-IO: the caller passes the time (`now`)
//! and random values (`jitter`), and sleeps itself.
//!
//! Pieces:
//! - [`classify`] sorts an attempt's outcome into a [`RetryKind`];
//! - [`RetryState`] is one call's state machine ([`RetryState::on_attempt_result`] →
//!   [`RetryDecision`]); its doc gives the call order a driver follows;
//! - [`ClientRetryState`] is what a client's calls share: the [`RetryQuota`], adaptive
//!   mode's [`ClientRateLimiter`] and the [`ClockSkew`] offset.
//!
//! Transport failures: every [`crate::transport::TransportErrorKind`] except `Cancelled`
//! and `Other` is retryable, whether or not the operation is idempotent, as in boto3 and
//! aws-sdk-rust ([`AfterSendRetry::Always`], the default). [`AfterSendRetry::IdempotentOnly`]
//! stops retrying a `ReadTimeout` or `ConnectionReset` of a non-idempotent operation.
//!
//! Not implemented from botocore: the extra pause before giving up on a long-polling
//! operation (SQS `ReceiveMessage`...) when the quota is empty, and legacy mode's own
//! rules ([`RetryMode::Legacy`] behaves as standard).

mod adaptive;
mod backoff;
mod classify;
mod clock_skew;
mod config;
mod modeled;
mod quota;
mod state;

pub use adaptive::{Acquire, ClientRateLimiter, BETA, MIN_FILL_RATE, SCALE_CONSTANT};
pub use backoff::{
    backoff_delay, retry_after, BackoffInput, MAX_BACKOFF, RETRY_AFTER_HEADER, RETRY_AFTER_MAX_ADDITIONAL,
    THROTTLING_BASE,
};
pub use classify::{
    classify, may_have_been_received, AttemptOutcome, ResponseOutcome, RetryKind, CLOCK_SKEW_ERROR_CODES,
    THROTTLING_ERROR_CODES, THROTTLING_STATUS_CODES, TRANSIENT_ERROR_CODES, TRANSIENT_STATUS_CODES,
};
pub use clock_skew::{parse_http_date, ClockSkew, SKEW_EVIDENCE_THRESHOLD};
pub use config::{AfterSendRetry, RetryConfig, RetryMode, ServiceRetryDefaults};
pub use modeled::{is_idempotent, modeled_error, ModeledError, RetryableTrait};
pub use quota::RetryQuota;
pub use state::{AttemptResult, CallRetryOptions, ClientRetryState, RetryDecision, RetryState};

/// Re-exported for building [`AttemptOutcome::Transport`].
pub use crate::transport::TransportErrorKind;

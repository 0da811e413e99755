//! Truncated binary exponential backoff with full jitter, as botocore's standard mode
//! (`ExponentialBackoff` in `retries/standard.py`).

use std::time::Duration;

use crate::http::Headers;

/// Delay cap of every backoff.
pub const MAX_BACKOFF: Duration = Duration::from_secs(20);

/// Backoff base for throttling errors.
pub const THROTTLING_BASE: Duration = Duration::from_secs(1);

/// How far past the computed delay a server's `x-amz-retry-after` may push it.
pub const RETRY_AFTER_MAX_ADDITIONAL: Duration = Duration::from_secs(5);

/// The header in which a service suggests a retry delay, in milliseconds.
pub const RETRY_AFTER_HEADER: &str = "x-amz-retry-after";

/// Inputs of one backoff computation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BackoffInput {
    /// 1-based number of the attempt that just failed.
    pub attempt: u32,
    /// A uniformly random value in `[0, 1)` from the caller (clamped into range).
    pub jitter: f64,
    /// [`THROTTLING_BASE`] for throttling errors, the service's non-throttling base
    /// (50 ms, 25 ms for DynamoDB) otherwise.
    pub base: Duration,
    /// The server's `x-amz-retry-after`, if any (see [`retry_after`]).
    pub retry_after: Option<Duration>,
}

/// `t = jitter * min(base * 2^(attempt-1), 20 s)`; a server-suggested delay raises it,
/// to at most `t + 5 s`.
pub fn backoff_delay(input: BackoffInput) -> Duration {
    let exponent = i32::try_from(input.attempt.saturating_sub(1)).unwrap_or(i32::MAX).min(64);
    let ceiling = (input.base.as_secs_f64() * 2f64.powi(exponent)).min(MAX_BACKOFF.as_secs_f64());
    let jitter = if input.jitter.is_finite() { input.jitter.clamp(0.0, 1.0) } else { 0.0 };
    let delay = Duration::from_secs_f64(jitter * ceiling);
    match input.retry_after {
        Some(suggested) => delay.max(suggested.min(delay + RETRY_AFTER_MAX_ADDITIONAL)),
        None => delay,
    }
}

/// The `x-amz-retry-after` header as a delay; absent, negative or malformed values are
/// ignored.
pub fn retry_after(headers: &Headers) -> Option<Duration> {
    let millis: u64 = headers.get(RETRY_AFTER_HEADER)?.trim().parse().ok()?;
    Some(Duration::from_millis(millis))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(attempt: u32, jitter: f64, base: Duration) -> BackoffInput {
        BackoffInput { attempt, jitter, base, retry_after: None }
    }

    #[test]
    fn exponential_with_cap() {
        assert_eq!(backoff_delay(input(1, 1.0, THROTTLING_BASE)), Duration::from_secs(1));
        assert_eq!(backoff_delay(input(3, 0.5, THROTTLING_BASE)), Duration::from_secs(2));
        assert_eq!(backoff_delay(input(10, 1.0, THROTTLING_BASE)), MAX_BACKOFF);
        assert_eq!(backoff_delay(input(200, 0.5, THROTTLING_BASE)), Duration::from_secs(10));
        assert_eq!(backoff_delay(input(2, 1.0, Duration::from_millis(50))), Duration::from_millis(100));
        assert_eq!(backoff_delay(input(2, 0.0, Duration::from_millis(50))), Duration::ZERO);
    }

    #[test]
    fn retry_after_raises_the_delay_within_bounds() {
        let mut headers = Headers::new();
        headers.insert(RETRY_AFTER_HEADER, "1500");
        let suggested = retry_after(&headers);
        assert_eq!(suggested, Some(Duration::from_millis(1500)));
        let at = |s| BackoffInput { retry_after: s, ..input(1, 0.0, THROTTLING_BASE) };
        assert_eq!(backoff_delay(at(suggested)), Duration::from_millis(1500));
        assert_eq!(backoff_delay(at(Some(Duration::from_secs(60)))), Duration::from_secs(5));
        headers.insert(RETRY_AFTER_HEADER, "-1");
        assert_eq!(retry_after(&headers), None);
    }
}

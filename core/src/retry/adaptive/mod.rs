//! Adaptive mode's client-side rate limiter (botocore's `retries/adaptive.py`), sans-IO.
//!
//! Until the first throttling error the limiter only measures; from then on every
//! attempt takes a token from a bucket whose fill rate follows a CUBIC curve: cut by
//! [`cubic::BETA`] on each throttle, grown back on successes, and never above twice the
//! measured send rate.

mod cubic;
mod rate_clocker;
mod token_bucket;

use std::time::Duration;

use time::OffsetDateTime;

pub use cubic::{BETA, SCALE_CONSTANT};
pub use token_bucket::MIN_FILL_RATE;

use cubic::CubicCalculator;
use rate_clocker::RateClocker;
use token_bucket::TokenBucket;

/// The new rate is capped at this multiple of the measured send rate.
const MAX_RATE_ADJUST_SCALE: f64 = 2.0;

/// Whether an attempt may be sent now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Acquire {
    /// Send now.
    Ok,
    /// A token was taken on credit: wait this long, then send (without asking again).
    Delay(Duration),
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct LimiterState {
    cubic: CubicCalculator,
    clocker: RateClocker,
    bucket: TokenBucket,
    enabled: bool,
}

/// The client-side rate limiter of adaptive mode. One per client, shared by its calls.
///
/// Call order: [`Self::acquire`] before sending each attempt, [`Self::on_response`] when
/// its outcome is known. Its clock starts at the first call of either.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ClientRateLimiter {
    state: Option<LimiterState>,
}

/// Seconds since the Unix epoch, as the limiter's clock.
fn seconds(now: OffsetDateTime) -> f64 {
    now.unix_timestamp_nanos() as f64 / 1e9
}

impl ClientRateLimiter {
    /// A limiter that has seen nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    fn state(&mut self, now: f64) -> &mut LimiterState {
        self.state.get_or_insert_with(|| LimiterState {
            cubic: CubicCalculator::new(now),
            clocker: RateClocker::new(now),
            bucket: TokenBucket::new(1.0),
            enabled: false,
        })
    }

    /// Asks to send one attempt at `now`. Always [`Acquire::Ok`] before the first
    /// throttling error.
    pub fn acquire(&mut self, now: OffsetDateTime) -> Acquire {
        let now = seconds(now);
        let state = self.state(now);
        if !state.enabled {
            return Acquire::Ok;
        }
        state.bucket.acquire(now).map_or(Acquire::Ok, Acquire::Delay)
    }

    /// Records the outcome of an attempt (any outcome: success, error or transport
    /// failure) at `now`; `throttled` when it was a throttling error.
    pub fn on_response(&mut self, now: OffsetDateTime, throttled: bool) {
        let now = seconds(now);
        let state = self.state(now);
        let measured = state.clocker.record(now);
        let new_rate = if throttled {
            let rate = if state.enabled { measured.min(state.bucket.max_rate()) } else { measured };
            state.enabled = true;
            state.cubic.error_received(rate, now)
        } else {
            state.cubic.success_received(now)
        };
        state.bucket.set_max_rate(new_rate.min(MAX_RATE_ADJUST_SCALE * measured), now);
    }

    /// True once a throttling error has switched rate limiting on.
    pub fn is_enabled(&self) -> bool {
        self.state.is_some_and(|s| s.enabled)
    }

    /// The current send rate allowed, requests per second (when enabled).
    pub fn send_rate(&self) -> Option<f64> {
        self.state.filter(|s| s.enabled).map(|s| s.bucket.max_rate())
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn limits_only_after_throttling() {
        let t0 = datetime!(2024-01-01 00:00:00 UTC);
        let mut limiter = ClientRateLimiter::new();
        for i in 0..20 {
            let now = t0 + time::Duration::milliseconds(100 * i);
            assert_eq!(limiter.acquire(now), Acquire::Ok);
            limiter.on_response(now, false);
        }
        assert!(!limiter.is_enabled());
        let now = t0 + time::Duration::seconds(2);
        limiter.on_response(now, true);
        assert!(limiter.is_enabled());
        let rate = limiter.send_rate().unwrap_or_default();
        assert!((MIN_FILL_RATE..10.0).contains(&rate), "rate {rate}");
        // Requests in a burst now get delayed.
        let delays = (0..5).filter(|_| limiter.acquire(now) != Acquire::Ok).count();
        assert!(delays >= 4, "{delays}");
    }
}

//! `max_bandwidth`: a token bucket the executor asks before moving bytes. The caller passes
//! the time (any monotonic clock, as a `Duration` since an origin of its choice) and
//! sleeps for the delay returned.

use std::time::Duration;

/// A token bucket of `rate` bytes per second holding at most one second of tokens. It
/// starts empty, so over any span `T` at most `rate × T` bytes are let through after the
/// first wait. A request bigger than the tokens available goes into debt: its caller
/// waits for the deficit, and later callers wait behind it.
#[derive(Debug, Clone)]
pub struct TokenBucket {
    rate: f64,
    capacity: f64,
    tokens: f64,
    last: Option<Duration>,
}

impl TokenBucket {
    /// A bucket letting `rate` bytes per second through (`rate` of 0 is treated as 1).
    pub fn new(rate: u64) -> Self {
        let rate = rate.max(1) as f64;
        Self { rate, capacity: rate, tokens: 0.0, last: None }
    }

    /// Takes `bytes` tokens at time `now`; returns how long to wait before moving them
    /// (zero when enough tokens were there).
    pub fn acquire(&mut self, bytes: u64, now: Duration) -> Duration {
        if let Some(last) = self.last {
            let elapsed = now.saturating_sub(last).as_secs_f64();
            self.tokens = (self.tokens + elapsed * self.rate).min(self.capacity);
        }
        self.last = Some(self.last.map_or(now, |last| last.max(now)));
        self.tokens -= bytes as f64;
        if self.tokens >= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(-self.tokens / self.rate)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_for_the_deficit() {
        let mut bucket = TokenBucket::new(1000);
        assert_eq!(bucket.acquire(500, Duration::ZERO), Duration::from_millis(500));
        // Another 500 bytes at the same instant: behind the first, 1 s in all.
        assert_eq!(bucket.acquire(500, Duration::ZERO), Duration::from_secs(1));
        // After 1 s the debt is paid: 1000 more bytes wait another second.
        assert_eq!(bucket.acquire(1000, Duration::from_secs(1)), Duration::from_secs(1));
    }

    #[test]
    fn idle_time_fills_at_most_one_second() {
        let mut bucket = TokenBucket::new(1000);
        assert_eq!(bucket.acquire(0, Duration::ZERO), Duration::ZERO);
        assert_eq!(bucket.acquire(1000, Duration::from_secs(60)), Duration::ZERO);
        assert_eq!(bucket.acquire(1000, Duration::from_secs(60)), Duration::from_secs(1));
    }

    #[test]
    fn average_rate_is_held() {
        // 100 parts of 100 bytes at 1000 B/s, each sent as soon as allowed: ~10 s.
        let mut bucket = TokenBucket::new(1000);
        let mut now = Duration::ZERO;
        for _ in 0..100 {
            now += bucket.acquire(100, now);
        }
        assert!((now.as_secs_f64() - 10.0).abs() < 1e-6, "{now:?}");
    }
}

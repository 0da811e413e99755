//! The token bucket that paces requests in adaptive mode (botocore's
//! `retries/bucket.py`), made sans-IO: time is passed in, and a request that finds the
//! bucket empty takes its token on credit and is told how long to wait.

use std::time::Duration;

/// The lowest fill rate, in tokens per second.
pub const MIN_FILL_RATE: f64 = 0.5;

/// Tokens refill at `fill_rate` per second up to `max_capacity`; capacity goes negative
/// while requests wait for tokens they already took.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct TokenBucket {
    fill_rate: f64,
    max_capacity: f64,
    capacity: f64,
    last_timestamp: Option<f64>,
}

impl TokenBucket {
    /// An empty bucket filling at `max_rate`.
    pub(super) fn new(max_rate: f64) -> Self {
        let mut bucket = Self { fill_rate: MIN_FILL_RATE, max_capacity: 1.0, capacity: 0.0, last_timestamp: None };
        bucket.apply_rate(max_rate);
        bucket
    }

    /// The fill rate, tokens per second.
    pub(super) fn max_rate(&self) -> f64 {
        self.fill_rate
    }

    /// Changes the rate at `now`, first crediting what the old rate filled.
    pub(super) fn set_max_rate(&mut self, max_rate: f64, now: f64) {
        self.refill(now);
        self.apply_rate(max_rate);
    }

    fn apply_rate(&mut self, max_rate: f64) {
        self.fill_rate = max_rate.max(MIN_FILL_RATE);
        self.max_capacity = max_rate.max(1.0);
        self.capacity = self.capacity.min(self.max_capacity);
    }

    /// Takes one token at `now`: `None` when one was available, else the time until the
    /// token taken on credit will have been refilled.
    pub(super) fn acquire(&mut self, now: f64) -> Option<Duration> {
        self.refill(now);
        self.capacity -= 1.0;
        if self.capacity >= 0.0 {
            return None;
        }
        Some(Duration::from_secs_f64(-self.capacity / self.fill_rate))
    }

    fn refill(&mut self, now: f64) {
        if let Some(last) = self.last_timestamp {
            let filled = (now - last).max(0.0) * self.fill_rate;
            self.capacity = (self.capacity + filled).min(self.max_capacity);
        }
        self.last_timestamp = Some(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paces_at_the_fill_rate() {
        let mut bucket = TokenBucket::new(2.0);
        assert_eq!(bucket.acquire(0.0), Some(Duration::from_millis(500)));
        // Credit taken: the next request waits for its own token too.
        assert_eq!(bucket.acquire(0.0), Some(Duration::from_secs(1)));
        // 10 s later the bucket is full again (capacity 2).
        assert_eq!(bucket.acquire(10.0), None);
        assert_eq!(bucket.acquire(10.0), None);
        assert!(bucket.acquire(10.0).is_some());
    }

    #[test]
    fn rate_floor_and_capacity_shrink() {
        let mut bucket = TokenBucket::new(0.1);
        assert_eq!(bucket.max_rate(), MIN_FILL_RATE);
        bucket.set_max_rate(10.0, 0.0);
        bucket.set_max_rate(10.0, 5.0);
        bucket.set_max_rate(1.0, 5.0);
        assert_eq!(bucket.acquire(5.0), None);
        assert!(bucket.acquire(5.0).is_some());
    }
}

//! Measures the rate at which a client sends requests, smoothed over half-second buckets
//! (botocore's `RateClocker` in `retries/adaptive.py`).

const SMOOTHING: f64 = 0.8;
/// Buckets per second (each bucket lasts 0.5 s).
const BUCKETS_PER_SECOND: f64 = 2.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct RateClocker {
    measured_rate: f64,
    last_bucket: f64,
    count: u64,
}

impl RateClocker {
    /// Starts measuring at `start` (seconds).
    pub(super) fn new(start: f64) -> Self {
        Self { measured_rate: 0.0, last_bucket: start.floor(), count: 0 }
    }

    /// Records one request at `now`; returns the measured rate (requests per second).
    pub(super) fn record(&mut self, now: f64) -> f64 {
        let bucket = (now * BUCKETS_PER_SECOND).floor() / BUCKETS_PER_SECOND;
        self.count += 1;
        if bucket > self.last_bucket {
            let current_rate = self.count as f64 / (bucket - self.last_bucket);
            self.measured_rate = current_rate * SMOOTHING + self.measured_rate * (1.0 - SMOOTHING);
            self.count = 0;
            self.last_bucket = bucket;
        }
        self.measured_rate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smooths_per_bucket() {
        let mut clocker = RateClocker::new(0.0);
        assert_eq!(clocker.record(0.1), 0.0);
        assert_eq!(clocker.record(0.2), 0.0);
        // Third request lands in bucket 0.5: 3 requests / 0.5 s = 6/s, smoothed 0.8.
        assert!((clocker.record(0.6) - 4.8).abs() < 1e-9);
    }
}

//! The CUBIC congestion-control curve that sets the adaptive send rate (botocore's
//! `retries/throttling.py`).

/// Multiplicative decrease applied to the send rate on a throttling error.
pub const BETA: f64 = 0.7;

/// Scales how fast the rate grows back after a throttling error.
pub const SCALE_CONSTANT: f64 = 0.4;

/// The CUBIC state: the rate at the last throttle (`w_max`), the time it took the curve
/// to climb back to it (`k`), and when the last throttle happened (seconds).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct CubicCalculator {
    w_max: f64,
    k: f64,
    last_fail: f64,
}

impl CubicCalculator {
    /// Starts at rate 0 with the curve's origin at `start_time`.
    pub(super) fn new(start_time: f64) -> Self {
        let mut calculator = Self { w_max: 0.0, k: 0.0, last_fail: start_time };
        calculator.k = calculator.zero_point();
        calculator
    }

    fn zero_point(&self) -> f64 {
        (self.w_max * (1.0 - BETA) / SCALE_CONSTANT).cbrt()
    }

    /// The rate the curve allows at `timestamp` after a success.
    pub(super) fn success_received(&self, timestamp: f64) -> f64 {
        let dt = timestamp - self.last_fail;
        SCALE_CONSTANT * (dt - self.k).powi(3) + self.w_max
    }

    /// Records a throttle at `timestamp` while sending at `current_rate`; returns the
    /// reduced rate.
    pub(super) fn error_received(&mut self, current_rate: f64, timestamp: f64) -> f64 {
        self.w_max = current_rate;
        self.k = self.zero_point();
        self.last_fail = timestamp;
        current_rate * BETA
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_botocore_values() {
        // Throttled while sending 10/s at t=0: the rate drops to 7, then the curve climbs
        // back to 10 at t=k.
        let mut cubic = CubicCalculator::new(0.0);
        assert!((cubic.error_received(10.0, 0.0) - 7.0).abs() < 1e-9);
        let k = (10.0f64 * 0.3 / 0.4).cbrt();
        assert!((cubic.success_received(k) - 10.0).abs() < 1e-9);
        let expected = 0.4 * (1.0 - k).powi(3) + 10.0;
        assert!((cubic.success_received(1.0) - expected).abs() < 1e-9);
    }
}

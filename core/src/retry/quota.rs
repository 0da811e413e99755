//! The retry quota: a client-wide token bucket that retries draw from and successes
//! refill, so that a client stops retrying during an outage (botocore's
//! `retries/quota.py` and `RetryQuotaChecker`).

/// The retry quota. One per client, shared by all its calls (drivers keep it behind a
/// lock). Never refills above its initial capacity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryQuota {
    max_capacity: u32,
    available: u32,
}

impl Default for RetryQuota {
    fn default() -> Self {
        Self::with_capacity(Self::INITIAL_CAPACITY)
    }
}

impl RetryQuota {
    /// Tokens a new quota holds.
    pub const INITIAL_CAPACITY: u32 = 500;
    /// Cost of retrying after a transient error (5xx, timeout, connection error).
    pub const RETRY_COST: u32 = 14;
    /// Cost of retrying after a throttling error.
    pub const THROTTLING_RETRY_COST: u32 = 5;
    /// Refund for a call that succeeded on its first attempt.
    pub const NO_RETRY_INCREMENT: u32 = 1;

    /// A full quota of [`Self::INITIAL_CAPACITY`] tokens.
    pub fn new() -> Self {
        Self::default()
    }

    /// A full quota of `capacity` tokens.
    pub fn with_capacity(capacity: u32) -> Self {
        Self { max_capacity: capacity, available: capacity }
    }

    /// Takes `amount` tokens; `false` (and nothing taken) when fewer are available.
    pub fn acquire(&mut self, amount: u32) -> bool {
        if amount > self.available {
            return false;
        }
        self.available -= amount;
        true
    }

    /// Gives back `amount` tokens, up to the capacity.
    pub fn release(&mut self, amount: u32) {
        self.available = self.available.saturating_add(amount).min(self.max_capacity);
    }

    /// Tokens available now.
    pub fn available(&self) -> u32 {
        self.available
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drains_and_refills_within_capacity() {
        let mut quota = RetryQuota::new();
        let mut retries = 0;
        while quota.acquire(RetryQuota::RETRY_COST) {
            retries += 1;
        }
        assert_eq!(retries, 500 / 14);
        assert_eq!(quota.available(), 500 % 14);
        assert!(quota.acquire(RetryQuota::THROTTLING_RETRY_COST));
        quota.release(1000);
        assert_eq!(quota.available(), 500);
    }
}

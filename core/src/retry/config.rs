//! Retry configuration: the mode and attempt budget a client is configured with
//! (`retry_mode` / `max_attempts` in the shared config file, `AWS_RETRY_MODE` /
//! `AWS_MAX_ATTEMPTS` in the environment), and per-service defaults.

use std::time::Duration;

/// How a client retries, as the AWS SDKs' `retry_mode` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RetryMode {
    /// botocore's pre-standard mode. Accepted so that config files naming it load;
    /// Stratus applies the standard rules to it.
    Legacy,
    /// The standard rules shared by the AWS SDKs (the default).
    #[default]
    Standard,
    /// Standard, plus a client-side rate limiter that slows the client down after
    /// throttling errors (and may delay first attempts).
    Adaptive,
}

impl RetryMode {
    /// Parses a `retry_mode` value (`legacy`, `standard`, `adaptive`, any case).
    pub fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "legacy" => Some(Self::Legacy),
            "standard" => Some(Self::Standard),
            "adaptive" => Some(Self::Adaptive),
            _ => None,
        }
    }
}

/// Which transport failures are retried for operations that are not idempotent.
///
/// A connect failure (`Connect`, `ConnectTimeout`) is always retryable: the request
/// never reached the service. A `ReadTimeout` or `ConnectionReset` may come after the
/// service received, and acted on, the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AfterSendRetry {
    /// Retry them for every operation, as boto3, aws-sdk-rust and the other AWS SDKs do
    /// (the default). AWS operations with side effects mostly carry an idempotency
    /// token, which Stratus fills once per call so every attempt repeats the same token
    /// and the service de-duplicates; the rest (e.g. SQS `SendMessage`) are documented
    /// as at-least-once.
    #[default]
    Always,
    /// Retry them only when the operation is idempotent (modeled `idempotent`, or it has
    /// an idempotency token member); fail fast otherwise.
    IdempotentOnly,
}

/// Retry settings of a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RetryConfig {
    pub mode: RetryMode,
    /// Attempts per call, the first one included (`1` disables retries). `None` uses the
    /// default: 3, or 4 for DynamoDB and DynamoDB Streams, as botocore.
    pub max_attempts: Option<u32>,
    pub after_send: AfterSendRetry,
}

impl RetryConfig {
    /// The default number of attempts, the first one included.
    pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

    /// The number of attempts calls to `service` get (at least 1).
    pub fn max_attempts_for(&self, service: &str) -> u32 {
        self.max_attempts.unwrap_or_else(|| ServiceRetryDefaults::for_service(service).max_attempts).max(1)
    }
}

/// Service-specific retry defaults (botocore's `_SERVICE_MAX_ATTEMPTS` and
/// `_SERVICE_BACKOFF_CONFIG`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceRetryDefaults {
    pub max_attempts: u32,
    /// Backoff base for errors other than throttling.
    pub non_throttling_base: Duration,
}

impl ServiceRetryDefaults {
    /// The defaults for a service, named by its botocore name (`dynamodb`,
    /// `dynamodbstreams`) or hyphenated service id (`dynamodb-streams`).
    pub fn for_service(service: &str) -> Self {
        match service {
            "dynamodb" | "dynamodbstreams" | "dynamodb-streams" => {
                Self { max_attempts: 4, non_throttling_base: Duration::from_millis(25) }
            }
            _ => {
                Self { max_attempts: RetryConfig::DEFAULT_MAX_ATTEMPTS, non_throttling_base: Duration::from_millis(50) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_botocore() {
        let config = RetryConfig::default();
        assert_eq!(config.mode, RetryMode::Standard);
        assert_eq!(config.max_attempts_for("s3"), 3);
        assert_eq!(config.max_attempts_for("dynamodb"), 4);
        let explicit = RetryConfig { max_attempts: Some(0), ..config };
        assert_eq!(explicit.max_attempts_for("dynamodb"), 1);
        assert_eq!(RetryMode::from_name("Adaptive"), Some(RetryMode::Adaptive));
        assert_eq!(RetryMode::from_name("fast"), None);
    }
}

//! Classification of one attempt's outcome: success, throttling, transient, clock skew
//! or not retryable. The error code tables are botocore's (`retries/standard.py`,
//! `retries/special.py`) and the AWS SDKs' clock-skew codes.

use crate::http::{Headers, HttpResponse};
use crate::transport::TransportErrorKind;
use crate::ServiceError;

use super::modeled::ModeledError;

/// Error codes of throttling errors (retried with the long throttling backoff and the
/// cheaper retry cost).
pub const THROTTLING_ERROR_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes of transient errors. botocore's three, plus `InternalError`, which S3 sends
/// in the body of a `200 OK` (`CompleteMultipartUpload`, `CopyObject`) where the status
/// alone would not mark it transient.
pub const TRANSIENT_ERROR_CODES: &[&str] =
    &["RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete", "InternalError"];

/// HTTP statuses of transient errors.
pub const TRANSIENT_STATUS_CODES: &[u16] = &[500, 502, 503, 504];

/// HTTP status of throttling when the error code is not one the operation models.
pub const THROTTLING_STATUS_CODES: &[u16] = &[429];

/// Error codes that can mean the request was signed with a wrong clock. The response's
/// `Date` header decides whether it was (see [`super::ClockSkew`]).
pub const CLOCK_SKEW_ERROR_CODES: &[&str] = &[
    "RequestTimeTooSkewed",
    "RequestExpired",
    "RequestInTheFuture",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "AuthFailure",
];

/// What kind of outcome an attempt had, for the retry policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryKind {
    /// A 2xx response without an error.
    Success,
    /// Throttled: retry after the throttling backoff; adaptive mode slows down.
    Throttling,
    /// A transient failure (5xx, timeout, connection error): retry.
    Transient,
    /// A signature or time error that a corrected clock may fix: retry once when the
    /// response's `Date` shows the local clock is off.
    ClockSkew,
    /// Retrying would not help.
    NotRetryable,
}

/// An HTTP response received for an attempt.
#[derive(Debug, Clone, Copy)]
pub struct ResponseOutcome<'a> {
    pub status: u16,
    pub headers: &'a Headers,
    /// The raw body, when the caller still has it: only DynamoDB's `x-amz-crc32`
    /// check reads it. `None` skips that check.
    pub body: Option<&'a [u8]>,
    /// The parsed error, `None` for a successful response.
    pub error: Option<&'a ServiceError>,
    /// What the operation's model says about the error code.
    pub modeled: ModeledError,
}

/// How an attempt ended.
#[derive(Debug, Clone, Copy)]
pub enum AttemptOutcome<'a> {
    /// A response arrived (successful or an error).
    Response(ResponseOutcome<'a>),
    /// No response: the transport failed.
    Transport(TransportErrorKind),
}

impl<'a> AttemptOutcome<'a> {
    /// The outcome for `response`, with its parsed `error` if it is one (body included,
    /// error not modeled: set [`ResponseOutcome::modeled`] when the model was checked).
    pub fn response(response: &'a HttpResponse, error: Option<&'a ServiceError>) -> Self {
        Self::Response(ResponseOutcome {
            status: response.status,
            headers: &response.headers,
            body: Some(&response.body),
            error,
            modeled: ModeledError::Unmodeled,
        })
    }

    /// The error code, if the outcome is a parsed service error.
    pub fn error_code(&self) -> Option<&'a str> {
        match self {
            Self::Response(r) => r.error.map(|e| e.code.as_str()),
            Self::Transport(_) => None,
        }
    }
}

/// True for a transport failure after which the service may have received the request.
pub fn may_have_been_received(kind: TransportErrorKind) -> bool {
    matches!(kind, TransportErrorKind::ReadTimeout | TransportErrorKind::ConnectionReset)
}

/// Classifies an attempt's outcome for calls to `service` (botocore's service name;
/// `sts` and `dynamodb` have special cases).
pub fn classify(outcome: &AttemptOutcome<'_>, service: &str) -> RetryKind {
    match outcome {
        AttemptOutcome::Transport(kind) => classify_transport(*kind),
        AttemptOutcome::Response(response) => classify_response(response, service),
    }
}

/// Connect errors, timeouts and resets are transient; a cancelled request or another
/// failure (an invalid URL, an unreadable body) is not.
fn classify_transport(kind: TransportErrorKind) -> RetryKind {
    match kind {
        TransportErrorKind::Connect
        | TransportErrorKind::ConnectTimeout
        | TransportErrorKind::ReadTimeout
        | TransportErrorKind::ConnectionReset => RetryKind::Transient,
        TransportErrorKind::Cancelled | TransportErrorKind::Other => RetryKind::NotRetryable,
    }
}

fn classify_response(response: &ResponseOutcome<'_>, service: &str) -> RetryKind {
    let code = response.error.map(|e| e.code.as_str());
    if service == "dynamodb" && dynamodb_crc32_mismatch(response) {
        return RetryKind::Transient;
    }
    if code.is_none() && (200..300).contains(&response.status) {
        return RetryKind::Success;
    }
    if is_throttling(response, code) {
        return RetryKind::Throttling;
    }
    let transient_code = code.is_some_and(|c| TRANSIENT_ERROR_CODES.contains(&c));
    if transient_code
        || TRANSIENT_STATUS_CODES.contains(&response.status)
        || response.modeled == ModeledError::Transient
        || is_special_transient(code, service)
    {
        return RetryKind::Transient;
    }
    if code.is_some_and(|c| CLOCK_SKEW_ERROR_CODES.contains(&c)) {
        return RetryKind::ClockSkew;
    }
    RetryKind::NotRetryable
}

/// botocore's `ThrottlingErrorDetector`: a known throttling code, else the model's
/// `retryable.throttling`, else a 429 whose code the operation does not model.
fn is_throttling(response: &ResponseOutcome<'_>, code: Option<&str>) -> bool {
    if code.is_some_and(|c| THROTTLING_ERROR_CODES.contains(&c)) {
        return true;
    }
    match response.modeled {
        ModeledError::Throttling => true,
        ModeledError::Transient | ModeledError::NotRetryable => false,
        ModeledError::Unmodeled => THROTTLING_STATUS_CODES.contains(&response.status),
    }
}

/// botocore's `special.py`: STS `IDPCommunicationError`.
fn is_special_transient(code: Option<&str>, service: &str) -> bool {
    service == "sts" && code == Some("IDPCommunicationError")
}

/// botocore's `special.py`: a DynamoDB response (even a 2xx) whose body does not match
/// its `x-amz-crc32` header was corrupted on the way.
fn dynamodb_crc32_mismatch(response: &ResponseOutcome<'_>) -> bool {
    let (Some(expected), Some(body)) = (response.headers.get("x-amz-crc32"), response.body) else {
        return false;
    };
    let actual = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC).checksum(body);
    expected.trim().parse::<u32>().is_ok_and(|expected| expected != actual)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(code: &str, status: u16) -> ServiceError {
        ServiceError { code: code.into(), status, ..Default::default() }
    }

    fn kind_of(err: &ServiceError, modeled: ModeledError) -> RetryKind {
        let headers = Headers::new();
        let outcome = AttemptOutcome::Response(ResponseOutcome {
            status: err.status,
            headers: &headers,
            body: None,
            error: Some(err),
            modeled,
        });
        classify(&outcome, "s3")
    }

    #[test]
    fn codes_and_statuses() {
        let unmodeled = ModeledError::Unmodeled;
        assert_eq!(kind_of(&error("ThrottlingException", 400), unmodeled), RetryKind::Throttling);
        assert_eq!(kind_of(&error("SlowDown", 503), unmodeled), RetryKind::Throttling);
        assert_eq!(kind_of(&error("RequestTimeout", 400), unmodeled), RetryKind::Transient);
        assert_eq!(kind_of(&error("Whatever", 502), unmodeled), RetryKind::Transient);
        assert_eq!(kind_of(&error("InternalError", 200), unmodeled), RetryKind::Transient);
        assert_eq!(kind_of(&error("Unknown", 429), unmodeled), RetryKind::Throttling);
        assert_eq!(kind_of(&error("Modeled", 429), ModeledError::NotRetryable), RetryKind::NotRetryable);
        assert_eq!(kind_of(&error("Busy", 400), ModeledError::Throttling), RetryKind::Throttling);
        assert_eq!(kind_of(&error("Busy", 400), ModeledError::Transient), RetryKind::Transient);
        assert_eq!(kind_of(&error("RequestTimeTooSkewed", 403), unmodeled), RetryKind::ClockSkew);
        assert_eq!(kind_of(&error("AccessDenied", 403), unmodeled), RetryKind::NotRetryable);
    }

    #[test]
    fn transport_errors() {
        assert_eq!(classify(&AttemptOutcome::Transport(TransportErrorKind::ReadTimeout), "s3"), RetryKind::Transient);
        assert_eq!(classify(&AttemptOutcome::Transport(TransportErrorKind::Connect), "s3"), RetryKind::Transient);
        assert_eq!(classify(&AttemptOutcome::Transport(TransportErrorKind::Cancelled), "s3"), RetryKind::NotRetryable);
        assert!(may_have_been_received(TransportErrorKind::ConnectionReset));
        assert!(!may_have_been_received(TransportErrorKind::ConnectTimeout));
    }

    #[test]
    fn success_and_special_cases() {
        let ok = HttpResponse { status: 200, ..Default::default() };
        assert_eq!(classify(&AttemptOutcome::response(&ok, None), "s3"), RetryKind::Success);
        let idp = error("IDPCommunicationError", 400);
        let outcome = AttemptOutcome::response(&ok, Some(&idp));
        assert_eq!(classify(&outcome, "sts"), RetryKind::Transient);
        assert_eq!(classify(&outcome, "iam"), RetryKind::NotRetryable);
        let mut ddb = HttpResponse { status: 200, body: b"{}".to_vec(), ..Default::default() };
        ddb.headers.insert("x-amz-crc32", "1");
        assert_eq!(classify(&AttemptOutcome::response(&ddb, None), "dynamodb"), RetryKind::Transient);
        let good = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC).checksum(b"{}");
        ddb.headers.insert("x-amz-crc32", good.to_string());
        assert_eq!(classify(&AttemptOutcome::response(&ddb, None), "dynamodb"), RetryKind::Success);
    }
}

//! Standard-mode retry scenarios driven through `RetryState` as a transport's driver loop
//! would: the values are botocore 1.44.5's (`retries/standard.py`, `retries/quota.py`).

use std::time::Duration;

use stratus_core::http::{Headers, HttpResponse};
use stratus_core::retry::{
    AfterSendRetry, AttemptOutcome, AttemptResult, CallRetryOptions, ClientRetryState, RetryConfig, RetryDecision,
    RetryKind, RetryQuota, RetryState, TransportErrorKind,
};
use stratus_core::ServiceError;
use time::macros::datetime;
use time::OffsetDateTime;

const NOW: OffsetDateTime = datetime!(2024-05-01 12:00:00 UTC);

fn call(service: &str, config: &RetryConfig) -> RetryState {
    RetryState::new(config, CallRetryOptions { service: service.into(), idempotent: false })
}

fn error(code: &str, status: u16) -> (HttpResponse, ServiceError) {
    let response = HttpResponse { status, ..Default::default() };
    (response, ServiceError { code: code.into(), status, ..Default::default() })
}

fn on_error(
    state: &mut RetryState,
    shared: &mut ClientRetryState,
    code: &str,
    status: u16,
    jitter: f64,
) -> RetryDecision {
    let (response, err) = error(code, status);
    let outcome = AttemptOutcome::response(&response, Some(&err));
    state.on_attempt_result(shared, AttemptResult { outcome, now: NOW, jitter })
}

fn on_success(state: &mut RetryState, shared: &mut ClientRetryState) -> RetryDecision {
    let ok = HttpResponse { status: 200, ..Default::default() };
    state.on_attempt_result(
        shared,
        AttemptResult { outcome: AttemptOutcome::response(&ok, None), now: NOW, jitter: 0.5 },
    )
}

fn on_transport(state: &mut RetryState, shared: &mut ClientRetryState, kind: TransportErrorKind) -> RetryDecision {
    state.on_attempt_result(shared, AttemptResult { outcome: AttemptOutcome::Transport(kind), now: NOW, jitter: 1.0 })
}

#[test]
fn transient_error_then_success_refunds_the_retry_cost() {
    let config = RetryConfig::default();
    let mut shared = ClientRetryState::new(&config);
    let mut state = call("s3", &config);
    assert_eq!(state.amz_sdk_request(), "attempt=1; max=3");
    let decision = on_error(&mut state, &mut shared, "InternalError", 500, 1.0);
    assert_eq!(decision, RetryDecision::Retry { after: Duration::from_millis(50) });
    assert_eq!(shared.quota.available(), 500 - RetryQuota::RETRY_COST);
    assert_eq!(state.amz_sdk_request(), "attempt=2; max=3");
    assert_eq!(on_success(&mut state, &mut shared), RetryDecision::Stop);
    assert_eq!(shared.quota.available(), 500);
    assert_eq!(state.attempts(), 2);
}

#[test]
fn throttling_uses_the_long_base_and_stops_at_max_attempts() {
    let config = RetryConfig::default();
    let mut shared = ClientRetryState::new(&config);
    let mut state = call("ec2", &config);
    let first = on_error(&mut state, &mut shared, "RequestLimitExceeded", 503, 1.0);
    assert_eq!(first, RetryDecision::Retry { after: Duration::from_secs(1) });
    let second = on_error(&mut state, &mut shared, "RequestLimitExceeded", 503, 0.75);
    assert_eq!(second, RetryDecision::Retry { after: Duration::from_millis(1500) });
    assert_eq!(on_error(&mut state, &mut shared, "RequestLimitExceeded", 503, 0.75), RetryDecision::Stop);
    assert_eq!(state.last_kind(), Some(RetryKind::Throttling));
    assert_eq!(shared.quota.available(), 500 - 2 * RetryQuota::THROTTLING_RETRY_COST);
}

#[test]
fn non_retryable_errors_stop_at_once() {
    let config = RetryConfig::default();
    let mut shared = ClientRetryState::new(&config);
    let mut state = call("s3", &config);
    assert_eq!(on_error(&mut state, &mut shared, "AccessDenied", 403, 0.5), RetryDecision::Stop);
    assert_eq!(shared.quota.available(), 500);
}

#[test]
fn an_empty_quota_stops_retries() {
    let config = RetryConfig { max_attempts: Some(10), ..RetryConfig::default() };
    let mut shared = ClientRetryState::new(&config);
    let mut retried = 0;
    loop {
        let mut state = call("s3", &config);
        match on_error(&mut state, &mut shared, "ServiceUnavailable", 503, 0.0) {
            RetryDecision::Retry { .. } => retried += 1,
            RetryDecision::Stop => break,
        }
    }
    assert_eq!(retried, 500 / 14);
    // Successful first attempts refill one token each.
    for _ in 0..14 {
        let mut state = call("s3", &config);
        on_success(&mut state, &mut shared);
    }
    let mut state = call("s3", &config);
    assert!(matches!(on_error(&mut state, &mut shared, "ServiceUnavailable", 503, 0.0), RetryDecision::Retry { .. }));
}

#[test]
fn dynamodb_gets_four_attempts_and_a_shorter_base() {
    let config = RetryConfig::default();
    let mut shared = ClientRetryState::new(&config);
    let mut state = call("dynamodb", &config);
    let delays: Vec<_> = (0..4).map(|_| on_error(&mut state, &mut shared, "InternalServerError", 500, 1.0)).collect();
    assert_eq!(
        delays,
        vec![
            RetryDecision::Retry { after: Duration::from_millis(25) },
            RetryDecision::Retry { after: Duration::from_millis(50) },
            RetryDecision::Retry { after: Duration::from_millis(100) },
            RetryDecision::Stop,
        ]
    );
}

#[test]
fn retry_after_header_raises_the_delay() {
    let config = RetryConfig::default();
    let mut shared = ClientRetryState::new(&config);
    let mut state = call("s3", &config);
    let mut headers = Headers::new();
    headers.insert("x-amz-retry-after", "3000");
    let response = HttpResponse { status: 503, headers, body: Vec::new() };
    let err = ServiceError { code: "SlowDown".into(), status: 503, ..Default::default() };
    let outcome = AttemptOutcome::response(&response, Some(&err));
    let decision = state.on_attempt_result(&mut shared, AttemptResult { outcome, now: NOW, jitter: 0.0 });
    assert_eq!(decision, RetryDecision::Retry { after: Duration::from_secs(3) });
}

#[test]
fn transport_errors_follow_the_after_send_rule() {
    let config = RetryConfig::default();
    let mut shared = ClientRetryState::new(&config);
    let mut state = call("sqs", &config);
    assert!(matches!(
        on_transport(&mut state, &mut shared, TransportErrorKind::ReadTimeout),
        RetryDecision::Retry { .. }
    ));
    assert_eq!(
        on_transport(&mut call("sqs", &config), &mut shared, TransportErrorKind::Cancelled),
        RetryDecision::Stop
    );

    let strict = RetryConfig { after_send: AfterSendRetry::IdempotentOnly, ..config };
    let mut state = call("sqs", &strict);
    assert_eq!(on_transport(&mut state, &mut shared, TransportErrorKind::ConnectionReset), RetryDecision::Stop);
    let mut state = call("sqs", &strict);
    assert!(matches!(
        on_transport(&mut state, &mut shared, TransportErrorKind::ConnectTimeout),
        RetryDecision::Retry { .. }
    ));
    let mut state = RetryState::new(&strict, CallRetryOptions { service: "sqs".into(), idempotent: true });
    assert!(matches!(
        on_transport(&mut state, &mut shared, TransportErrorKind::ReadTimeout),
        RetryDecision::Retry { .. }
    ));
}

#[test]
fn max_attempts_one_disables_retries() {
    let config = RetryConfig { max_attempts: Some(1), ..RetryConfig::default() };
    let mut shared = ClientRetryState::new(&config);
    let mut state = call("s3", &config);
    assert_eq!(on_error(&mut state, &mut shared, "InternalError", 500, 0.5), RetryDecision::Stop);
}

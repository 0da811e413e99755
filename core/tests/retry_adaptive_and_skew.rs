//! Adaptive mode's rate limiter and clock-skew correction, through `RetryState`.

use std::time::Duration;

use stratus_core::http::HttpResponse;
use stratus_core::retry::{
    Acquire, AttemptOutcome, AttemptResult, CallRetryOptions, ClientRetryState, RetryConfig, RetryDecision, RetryMode,
    RetryState,
};
use stratus_core::ServiceError;
use time::macros::datetime;
use time::OffsetDateTime;

const NOW: OffsetDateTime = datetime!(2024-05-01 12:00:00 UTC);

fn call(config: &RetryConfig) -> RetryState {
    RetryState::new(config, CallRetryOptions { service: "dynamodb".into(), idempotent: false })
}

fn respond(
    state: &mut RetryState,
    shared: &mut ClientRetryState,
    response: &HttpResponse,
    code: Option<&str>,
    now: OffsetDateTime,
) -> RetryDecision {
    let err = code.map(|c| ServiceError { code: c.into(), status: response.status, ..Default::default() });
    let outcome = AttemptOutcome::response(response, err.as_ref());
    state.on_attempt_result(shared, AttemptResult { outcome, now, jitter: 0.5 })
}

#[test]
fn standard_mode_never_delays_first_attempts() {
    let config = RetryConfig::default();
    let mut shared = ClientRetryState::new(&config);
    assert!(shared.rate_limiter.is_none());
    assert_eq!(call(&config).before_attempt(&mut shared, NOW), Acquire::Ok);
}

#[test]
fn adaptive_mode_slows_down_after_throttling() {
    let config = RetryConfig { mode: RetryMode::Adaptive, ..RetryConfig::default() };
    let mut shared = ClientRetryState::new(&config);
    let ok = HttpResponse { status: 200, ..Default::default() };
    let throttled = HttpResponse { status: 400, ..Default::default() };
    // 50 quick successes: measured, not limited.
    for i in 0..50 {
        let now = NOW + time::Duration::milliseconds(20 * i);
        let mut state = call(&config);
        assert_eq!(state.before_attempt(&mut shared, now), Acquire::Ok);
        assert_eq!(respond(&mut state, &mut shared, &ok, None, now), RetryDecision::Stop);
    }
    let now = NOW + time::Duration::seconds(1);
    let mut state = call(&config);
    let decision = respond(&mut state, &mut shared, &throttled, Some("ProvisionedThroughputExceededException"), now);
    assert!(matches!(decision, RetryDecision::Retry { .. }));
    let limiter = shared.rate_limiter.as_ref().map(|l| (l.is_enabled(), l.send_rate()));
    let Some((true, Some(rate))) = limiter else { panic!("limiter not enabled: {limiter:?}") };
    assert!(rate < 50.0, "rate {rate} should be below the measured ~50/s");
    // A burst of attempts at the same instant is spread out.
    let delays: Vec<_> = (0..10).map(|_| call(&config).before_attempt(&mut shared, now)).collect();
    let waits: Vec<Duration> =
        delays.iter().filter_map(|a| if let Acquire::Delay(d) = a { Some(*d) } else { None }).collect();
    assert!(waits.len() >= 5, "{delays:?}");
    assert!(waits.windows(2).all(|w| w[0] <= w[1]), "later requests wait longer: {waits:?}");
}

#[test]
fn clock_skew_is_corrected_and_retried_once() {
    let config = RetryConfig::default();
    let mut shared = ClientRetryState::new(&config);
    let mut skewed = HttpResponse { status: 403, ..Default::default() };
    skewed.headers.insert("Date", "Wed, 01 May 2024 12:30:00 GMT");
    let mut state = RetryState::new(&config, CallRetryOptions { service: "s3".into(), idempotent: false });
    let first = respond(&mut state, &mut shared, &skewed, Some("RequestTimeTooSkewed"), NOW);
    assert_eq!(first, RetryDecision::Retry { after: Duration::ZERO });
    assert_eq!(shared.clock_skew.corrected_now(NOW), datetime!(2024-05-01 12:30:00 UTC));
    // The server's clock moved on again (or the error is something else): no second retry.
    skewed.headers.insert("Date", "Wed, 01 May 2024 13:30:00 GMT");
    let second = respond(&mut state, &mut shared, &skewed, Some("RequestTimeTooSkewed"), NOW);
    assert_eq!(second, RetryDecision::Stop);
    // The offset was still learned for the next call.
    assert_eq!(shared.clock_skew.corrected_now(NOW), datetime!(2024-05-01 13:30:00 UTC));
}

#[test]
fn signature_errors_without_skew_evidence_are_not_retried() {
    let config = RetryConfig::default();
    let mut shared = ClientRetryState::new(&config);
    let mut response = HttpResponse { status: 403, ..Default::default() };
    response.headers.insert("Date", "Wed, 01 May 2024 12:00:05 GMT");
    let mut state = RetryState::new(&config, CallRetryOptions { service: "s3".into(), idempotent: false });
    assert_eq!(respond(&mut state, &mut shared, &response, Some("SignatureDoesNotMatch"), NOW), RetryDecision::Stop);
    assert_eq!(shared.clock_skew.offset(), time::Duration::ZERO);
}

//! Retry behaviour against a real (local, scripted) HTTP server that answers with 500,
//! 503 SlowDown, ThrottlingException and dropped connections: attempts, the
//! `amz-sdk-request` header, backoff bounds and the final error are asserted on what the
//! server actually received.

use std::time::Duration;

use serde_json::json;
use stratus::{ClientOptions, Config, Error, Session};
use stratus_fault_server::{FaultServer, RequestRecord, Script};

fn session() -> Session {
    Session::builder()
        .region_name("us-east-1")
        .credentials("AKIDFAULT", "fault-secret", None)
        .environment(Default::default())
        .config_files(None, None)
        .build()
        .expect("session")
}

fn client(service: &str, server: &FaultServer, max_attempts: Option<u32>) -> stratus::blocking::Client {
    let mut options = ClientOptions::with_endpoint_url(server.url());
    options.config = Config { max_attempts, ..options.config };
    session().blocking_client(service, &options).expect("client")
}

fn header<'a>(record: &'a RequestRecord, name: &str) -> &'a str {
    record.header(name).unwrap_or_else(|| panic!("request {} has no {name} header", record.seq))
}

fn gaps(log: &[RequestRecord]) -> Vec<Duration> {
    log.windows(2).map(|w| w[1].at.saturating_sub(w[0].at)).collect()
}

#[test]
fn transient_errors_are_retried_then_succeed() {
    let server = FaultServer::start(Script::parse("500,slowdown,ok").expect("script")).expect("server");
    let s3 = client("s3", &server, None);
    let out = s3.call("ListBuckets", json!({})).expect("third attempt succeeds");
    assert_eq!(out["ResponseMetadata"]["RetryAttempts"], 2);
    let log = server.log();
    assert_eq!(log.len(), 3, "three attempts reached the server");
    let attempts: Vec<&str> = log.iter().map(|r| header(r, "amz-sdk-request")).collect();
    assert_eq!(attempts, ["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"]);
    let ids: Vec<&str> = log.iter().map(|r| header(r, "amz-sdk-invocation-id")).collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "one invocation id for all attempts");
    // SlowDown is throttling: the second backoff is at most 1 s * 2^1 = 2 s (full jitter).
    for gap in gaps(&log) {
        assert!(gap <= Duration::from_millis(2_500), "backoff within bounds: {gap:?}");
    }
    server.stop();
}

#[test]
fn throttling_exhausts_attempts_with_the_service_error() {
    let server = FaultServer::start(Script::parse("throttle*5").expect("script")).expect("server");
    let ddb = client("dynamodb", &server, Some(2));
    let err = ddb.call("ListTables", json!({})).expect_err("throttled to the end");
    match err {
        Error::Service(e) => {
            assert_eq!(e.code, "ThrottlingException");
            assert_eq!(e.status, 400);
        }
        other => panic!("expected ThrottlingException, got {other:?}"),
    }
    let log = server.log();
    assert_eq!(log.len(), 2, "max_attempts=2 sends exactly two requests");
    let gap = gaps(&log)[0];
    assert!(gap <= Duration::from_millis(1_500), "throttling backoff ≤ 1 s (+ slack): {gap:?}");
    server.stop();
}

#[test]
fn dropped_connections_are_retried() {
    let server = FaultServer::start(Script::parse("reset,reset,ok").expect("script")).expect("server");
    let s3 = client("s3", &server, None);
    s3.call("ListBuckets", json!({})).expect("succeeds after two dropped connections");
    assert_eq!(server.log().len(), 3);
    server.stop();
}

#[test]
fn dropped_connections_until_the_end_give_a_transport_error() {
    let server = FaultServer::start(Script::parse("reset*10").expect("script")).expect("server");
    let s3 = client("s3", &server, None);
    let err = s3.call("ListBuckets", json!({})).expect_err("never answered");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(err.to_string().contains("after 3 attempts"), "{err}");
    assert_eq!(server.log().len(), 3);
    server.stop();
}

#[test]
fn client_errors_are_not_retried() {
    let server = FaultServer::start(Script::parse("s3:403:AccessDenied").expect("script")).expect("server");
    let s3 = client("s3", &server, None);
    let err = s3.call("ListBuckets", json!({})).expect_err("403");
    match err {
        Error::Service(e) => assert_eq!((e.code.as_str(), e.status), ("AccessDenied", 403)),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.log().len(), 1, "no retry for AccessDenied");
    server.stop();
}

#[test]
fn connection_refused_is_retried_then_reported() {
    // A port nothing listens on: take one from a server, then stop it.
    let server = FaultServer::start(Script::default()).expect("server");
    let url = server.url();
    server.stop();
    let options = ClientOptions::with_endpoint_url(url);
    let s3 = session().blocking_client("s3", &options).expect("client");
    let err = s3.call("ListBuckets", json!({})).expect_err("refused");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
}

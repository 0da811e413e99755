//! Every waiter of every embedded service loads and compiles, and the waiter state
//! machine behaves as botocore's `Waiter.wait` on fake EC2 and S3 responses.

use std::time::Duration;

use serde_json::{json, Value};
use stratus_core::model::{embedded, embedded_services, ServiceModel};
use stratus_core::waiter::{
    Matcher, Waiter, WaiterConfig, WaiterError, WaiterErrorKind, WaiterModel, WaiterOverrides, WaiterResponse,
    WaiterStep,
};
use stratus_core::{Document, ServiceError};

#[test]
fn every_embedded_waiter_loads_and_compiles() {
    let (mut services, mut waiters, mut path_arguments) = (0, 0, 0);
    let mut problems = Vec::new();
    for name in embedded_services() {
        let Some(svc) = embedded(name) else { continue };
        let Some(text) = svc.waiters else { continue };
        let on_disk = serde_json::from_str::<Value>(text).expect("waiters-2.json is JSON")["waiters"]
            .as_object()
            .map_or(0, |m| m.len());
        let model = WaiterModel::from_json(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(model.waiters.len(), on_disk, "{name}: every waiter loads");
        let service = ServiceModel::from_json(svc.service).unwrap_or_else(|e| panic!("{name}: {e}"));
        for (waiter, config) in &model.waiters {
            if service.operation(&config.operation).is_none() {
                problems.push(format!("{name}.{waiter}: no operation {}", config.operation));
            }
            if config.acceptors.is_empty() || config.max_attempts == 0 {
                problems.push(format!("{name}.{waiter}: no acceptors or no attempts"));
            }
            path_arguments += config
                .acceptors
                .iter()
                .filter(|a| {
                    matches!(a.matcher, Matcher::Path { .. } | Matcher::PathAll { .. } | Matcher::PathAny { .. })
                })
                .count();
        }
        services += 1;
        waiters += on_disk;
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(services >= 5 && waiters >= 20, "{services} services, {waiters} waiters");
    eprintln!("{waiters} waiters ({path_arguments} JMESPath arguments) of {services} services compiled");
}

fn waiter(service: &str, name: &str) -> WaiterConfig {
    let text = embedded(service).and_then(|s| s.waiters).expect("service with waiters is embedded");
    WaiterModel::from_json(text).expect("waiters load").waiter(name).cloned().expect("waiter exists")
}

fn not_found(code: &str, status: u16) -> ServiceError {
    ServiceError { code: code.into(), message: "not here".into(), status, ..Default::default() }
}

/// Drives `waiter` over `responses`; returns the result, the calls made and the sleeps.
fn drive(
    mut waiter: Waiter,
    responses: Vec<Result<Document, ServiceError>>,
) -> (Result<Document, WaiterError>, usize, Vec<Duration>) {
    let mut responses = responses.into_iter();
    let (mut calls, mut sleeps) = (0, Vec::new());
    loop {
        match waiter.poll() {
            WaiterStep::Call(_) => {
                calls += 1;
                waiter.handle_output(responses.next().expect("the waiter asked for more responses than scripted"));
            }
            WaiterStep::Sleep(d) => sleeps.push(d),
            WaiterStep::Done(result) => return (result, calls, sleeps),
        }
    }
}

fn instances(states: &[&str]) -> Document {
    let instances: Vec<Value> = states.iter().map(|s| json!({"InstanceId": "i-1", "State": {"Name": s}})).collect();
    json!({"Reservations": [{"Instances": instances}]})
}

#[test]
fn ec2_instance_running_waits_for_every_instance() {
    let config = waiter("ec2", "InstanceRunning");
    let input = json!({"InstanceIds": ["i-1", "i-2"]});
    let responses = vec![
        Err(not_found("InvalidInstanceID.NotFound", 400)),
        Ok(instances(&["pending", "pending"])),
        Ok(instances(&["running", "pending"])),
        Ok(instances(&["running", "running"])),
    ];
    let (result, calls, sleeps) = drive(Waiter::new(&config, input, WaiterOverrides::default()), responses);
    assert_eq!(result.expect("success"), instances(&["running", "running"]));
    assert_eq!(calls, 4);
    assert_eq!(sleeps, vec![Duration::from_secs(15); 3]);
}

#[test]
fn ec2_instance_running_fails_on_a_terminated_instance() {
    let config = waiter("ec2", "InstanceRunning");
    let responses = vec![Ok(instances(&["pending"])), Ok(instances(&["running", "terminated"]))];
    let (result, calls, _) = drive(Waiter::new(&config, json!({}), WaiterOverrides::default()), responses);
    let err = result.expect_err("failure acceptor");
    assert_eq!(err.kind, WaiterErrorKind::FailureState);
    assert_eq!(calls, 2);
    assert_eq!(
        err.to_string(),
        "Waiter InstanceRunning failed: Waiter encountered a terminal failure state: For expression \
         \"Reservations[].Instances[].State.Name\" we matched expected path: \"terminated\" at least once"
    );
}

#[test]
fn unmatched_errors_end_the_wait() {
    let config = waiter("ec2", "InstanceRunning");
    let responses = vec![Err(not_found("UnauthorizedOperation", 403))];
    let (result, calls, _) = drive(Waiter::new(&config, json!({}), WaiterOverrides::default()), responses);
    let err = result.expect_err("unexpected error");
    assert_eq!(err.kind, WaiterErrorKind::UnexpectedError);
    assert_eq!(err.reason, "An error occurred (UnauthorizedOperation): not here");
    assert_eq!(calls, 1);
}

#[test]
fn s3_bucket_exists_retries_on_404_until_max_attempts() {
    let config = waiter("s3", "BucketExists");
    let overrides = WaiterOverrides { delay: Some(Duration::from_millis(10)), max_attempts: Some(3) };
    let responses = vec![Err(not_found("404", 404)), Err(not_found("404", 404)), Err(not_found("NoSuchBucket", 404))];
    let (result, calls, sleeps) = drive(Waiter::new(&config, json!({"Bucket": "b"}), overrides), responses);
    let err = result.expect_err("max attempts");
    assert_eq!(err.kind, WaiterErrorKind::MaxAttemptsExceeded);
    assert_eq!(err.to_string(), "Waiter BucketExists failed: Max attempts exceeded. Previously accepted state: Matched expected HTTP status code: 404");
    assert_eq!((calls, sleeps.len()), (3, 2));
    assert!(matches!(err.last_response.as_deref(), Some(WaiterResponse { status: 404, result: Err(_) })));
}

#[test]
fn s3_bucket_exists_succeeds_on_200_and_403() {
    let config = waiter("s3", "BucketExists");
    let (result, calls, _) = drive(
        Waiter::new(&config, json!({}), WaiterOverrides::default()),
        vec![Err(not_found("404", 404)), Ok(json!({}))],
    );
    assert_eq!((result.expect("exists"), calls), (json!({}), 2));
    let (result, _, _) =
        drive(Waiter::new(&config, json!({}), WaiterOverrides::default()), vec![Err(not_found("403", 403))]);
    assert_eq!(result.expect("forbidden counts as existing")["Error"]["Code"], json!("403"));
}

#[test]
fn s3_object_not_exists_succeeds_on_404() {
    let config = waiter("s3", "ObjectNotExists");
    let responses = vec![Ok(json!({"ContentLength": 3})), Err(not_found("404", 404))];
    let (result, calls, _) =
        drive(Waiter::new(&config, json!({"Bucket": "b", "Key": "k"}), WaiterOverrides::default()), responses);
    let done = result.expect("gone");
    assert_eq!(
        done,
        json!({"Error": {"Code": "404", "Message": "not here"}, "ResponseMetadata": {"HTTPStatusCode": 404}})
    );
    assert_eq!(calls, 2);
}

#[test]
fn poll_contract_repeats_calls_and_done() {
    let config = waiter("s3", "ObjectNotExists");
    let mut waiter =
        Waiter::new(&config, json!({"Key": "k"}), WaiterOverrides { max_attempts: Some(1), ..Default::default() });
    assert_eq!(waiter.poll(), WaiterStep::Call(json!({"Key": "k"})));
    assert_eq!(waiter.poll(), WaiterStep::Call(json!({"Key": "k"})), "awaiting output: same call");
    waiter.handle_output(Ok(json!({})));
    let done = waiter.poll();
    assert!(matches!(&done, WaiterStep::Done(Err(e)) if e.reason == "Max attempts exceeded"), "{done:?}");
    waiter.handle_output(Err(not_found("404", 404)));
    assert_eq!(waiter.poll(), done, "outputs after the end are ignored");
    assert_eq!(waiter.attempts(), 1);
}

//! Helpers shared by the `credentials_*` tests: a fixed clock, environment maps, canned
//! responses, and step matchers.
#![allow(dead_code)]

use std::collections::HashMap;
use std::time::Duration;

use stratus_core::config::ProfileSet;
use stratus_core::credentials::{ChainInputs, CredentialChain, Credentials, SignWith, Step};
use stratus_core::http::{HttpRequest, HttpResponse};
use stratus_core::Error;
use time::OffsetDateTime;

/// The tests' "now": 2024-05-01T00:00:00Z.
pub fn now() -> OffsetDateTime {
    time::macros::datetime!(2024-05-01 00:00:00 UTC)
}

pub fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

/// A chain over `env` and the two files, with a home directory and IMDS left as configured.
pub fn chain(vars: &HashMap<String, String>, profiles: &ProfileSet) -> CredentialChain {
    CredentialChain::new(inputs(vars, profiles))
}

pub fn inputs<'a>(vars: &'a HashMap<String, String>, profiles: &'a ProfileSet) -> ChainInputs<'a> {
    let mut inputs = ChainInputs::new(vars, profiles, now());
    inputs.home_dir = Some("/home/me");
    inputs
}

/// An environment with IMDS disabled plus `pairs`.
pub fn no_imds(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    let mut e = env(pairs);
    e.insert("AWS_EC2_METADATA_DISABLED".into(), "true".into());
    e
}

pub fn done(step: Step) -> Credentials {
    match step {
        Step::Done(c) => c,
        other => panic!("expected Done, got {other:?}"),
    }
}

pub fn failed(step: Step) -> Error {
    match step {
        Step::Failed(e) => e,
        other => panic!("expected Failed, got {other:?}"),
    }
}

pub fn http(step: Step) -> (HttpRequest, Option<SignWith>, Option<Duration>) {
    match step {
        Step::NeedHttp { request, sign_with, timeout } => (request, sign_with, timeout),
        other => panic!("expected NeedHttp, got {other:?}"),
    }
}

pub fn response(status: u16, body: &str) -> HttpResponse {
    HttpResponse { status, body: body.as_bytes().to_vec(), ..Default::default() }
}

/// A form-encoded request body as a map (percent-decoded).
pub fn form(request: &HttpRequest) -> HashMap<String, String> {
    let body = std::str::from_utf8(request.body.bytes()).expect("utf-8 body");
    body.split('&').filter_map(|pair| pair.split_once('=')).map(|(k, v)| (k.to_owned(), percent_decode(v))).collect()
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// An STS `AssumeRole` / `AssumeRoleWithWebIdentity` success response.
pub fn sts_success(action: &str, key: &str, expiration: &str) -> HttpResponse {
    let body = format!(
        r#"<{action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <{action}Result>
    <Credentials>
      <AccessKeyId>{key}</AccessKeyId>
      <SecretAccessKey>secret-of-{key}</SecretAccessKey>
      <SessionToken>token-of-{key}</SessionToken>
      <Expiration>{expiration}</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/session</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:session</AssumedRoleId>
    </AssumedRoleUser>
  </{action}Result>
  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
</{action}Response>"#
    );
    response(200, &body)
}

/// Every `Debug` and `Display` form of a step, for secret checks.
pub fn printed(step: &Step) -> String {
    match step {
        Step::Failed(e) => format!("{step:?} {e}"),
        _ => format!("{step:?}"),
    }
}

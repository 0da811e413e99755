//! botocore's `InstanceMetadataProvider`: EC2 instance-role credentials from IMDS.
//!
//! 1. `PUT /latest/api/token` with `x-aws-ec2-metadata-token-ttl-seconds: 21600` (IMDSv2).
//!    200 → the token. 403/404/405, another status, or a transport failure → no token: fall
//!    back to IMDSv1 (requests without a token) unless `AWS_EC2_METADATA_V1_DISABLED` /
//!    `ec2_metadata_v1_disabled` is true, which fails the chain. 400 → IMDS unusable.
//! 2. `GET /latest/meta-data/iam/security-credentials/` → the role name.
//! 3. `GET /latest/meta-data/iam/security-credentials/<role>` → the credentials JSON.
//!
//! A non-200 or empty answer is retried up to `metadata_service_num_attempts` (default 1) and
//! then means "no credentials here" (the chain ends with `NoCredentials`). Settings:
//! `AWS_EC2_METADATA_DISABLED=true` skips IMDS; the endpoint is
//! `AWS_EC2_METADATA_SERVICE_ENDPOINT` / `ec2_metadata_service_endpoint`, else by
//! `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` / `ec2_metadata_service_endpoint_mode` (or the
//! older `AWS_IMDS_USE_IPV6` / `imds_use_ipv6`) `http://169.254.169.254/` or
//! `http://[fd00:ec2::254]/`; each call's timeout is `AWS_METADATA_SERVICE_TIMEOUT` /
//! `metadata_service_timeout` seconds (default 1). botocore's expiry extension on stale
//! credentials needs randomness and is not done here.

use std::time::Duration;

use serde_json::Value;

use super::flow::{unexpected, Input, Need, Progress};
use super::parse::json_credentials;
use super::{Credentials, SecretString};
use crate::config::env::{var, Env};
use crate::config::Profile;
use crate::http::{HttpRequest, HttpResponse};
use crate::Error;

/// The provider's name.
pub(crate) const PROVIDER: &str = "iam-role";
const IPV4_ENDPOINT: &str = "http://169.254.169.254/";
const IPV6_ENDPOINT: &str = "http://[fd00:ec2::254]/";
const TOKEN_PATH: &str = "latest/api/token";
const ROLE_PATH: &str = "latest/meta-data/iam/security-credentials/";
const TOKEN_TTL: &str = "21600";

/// IMDS settings from the environment and the profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImdsConfig {
    pub base_url: String,
    pub v1_disabled: bool,
    pub timeout: Duration,
    pub attempts: u32,
}

fn setting<'a>(env: &'a Env, profile: Option<&'a Profile>, var_name: &str, key: &str) -> Option<(&'a str, String)> {
    if let Some(v) = var(env, var_name) {
        return Some((v, format!("environment variable {var_name}")));
    }
    profile.and_then(|p| p.get(key)).map(|v| (v, format!("profile key {key}")))
}

fn is_true(value: Option<(&str, String)>) -> bool {
    value.is_some_and(|(v, _)| v.trim().eq_ignore_ascii_case("true"))
}

impl ImdsConfig {
    /// The settings; `None` when `AWS_EC2_METADATA_DISABLED` is `true`.
    pub fn resolve(env: &Env, profile: Option<&Profile>) -> Result<Option<Self>, Error> {
        if var(env, "AWS_EC2_METADATA_DISABLED").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
            return Ok(None);
        }
        let mode =
            setting(env, profile, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ec2_metadata_service_endpoint_mode");
        let ipv6 = match mode {
            Some((m, _)) if m.eq_ignore_ascii_case("ipv6") => true,
            Some((m, _)) if m.eq_ignore_ascii_case("ipv4") => false,
            Some((m, source)) => {
                return Err(Error::Config(format!("invalid value '{m}' for {source}: expected ipv4 or ipv6")))
            }
            None => is_true(setting(env, profile, "AWS_IMDS_USE_IPV6", "imds_use_ipv6")),
        };
        let endpoint = setting(env, profile, "AWS_EC2_METADATA_SERVICE_ENDPOINT", "ec2_metadata_service_endpoint");
        let base_url = match endpoint {
            Some((url, source)) if !(url.starts_with("http://") || url.starts_with("https://")) => {
                return Err(Error::Config(format!("invalid IMDS endpoint '{url}' from {source}")))
            }
            Some((url, _)) => url.to_owned(),
            None if ipv6 => IPV6_ENDPOINT.to_owned(),
            None => IPV4_ENDPOINT.to_owned(),
        };
        let number = |var_name: &str, key: &str, default: u32| -> Result<u32, Error> {
            match setting(env, profile, var_name, key) {
                None => Ok(default),
                Some((v, source)) => v.trim().parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                    Error::Config(format!("invalid value '{v}' for {source}: expected a positive integer"))
                }),
            }
        };
        Ok(Some(Self {
            base_url,
            v1_disabled: is_true(setting(env, profile, "AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled")),
            timeout: Duration::from_secs(u64::from(number(
                "AWS_METADATA_SERVICE_TIMEOUT",
                "metadata_service_timeout",
                1,
            )?)),
            attempts: number("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "metadata_service_num_attempts", 1)?,
        }))
    }

    fn url(&self, path: &str) -> String {
        let sep = if self.base_url.ends_with('/') { "" } else { "/" };
        format!("{}{sep}{path}", self.base_url)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Token,
    RoleName,
    Credentials,
}

#[derive(Debug)]
enum State {
    Ready(Stage),
    Waiting(Stage),
    Finished(Result<Credentials, Error>),
    Unavailable(String),
}

/// Fetches instance-role credentials.
#[derive(Debug)]
pub(crate) struct ImdsFlow {
    config: ImdsConfig,
    token: Option<SecretString>,
    role: String,
    attempt: u32,
    state: State,
}

impl ImdsFlow {
    pub fn new(config: ImdsConfig) -> Self {
        Self { config, token: None, role: String::new(), attempt: 0, state: State::Ready(Stage::Token) }
    }

    pub fn poll(&mut self) -> Progress {
        match &self.state {
            State::Finished(outcome) => outcome.clone().into(),
            State::Unavailable(why) => Progress::Unavailable(why.clone()),
            State::Waiting(_) => Progress::Failed(unexpected(&Input::TransportError(String::new()))),
            State::Ready(stage) => {
                let stage = *stage;
                self.state = State::Waiting(stage);
                Progress::Need(self.request(stage))
            }
        }
    }

    fn request(&self, stage: Stage) -> Need {
        let mut request = match stage {
            Stage::Token => {
                let mut r = HttpRequest::new("PUT", self.config.url(TOKEN_PATH));
                r.headers.insert("x-aws-ec2-metadata-token-ttl-seconds", TOKEN_TTL);
                r
            }
            Stage::RoleName => HttpRequest::new("GET", self.config.url(ROLE_PATH)),
            Stage::Credentials => HttpRequest::new("GET", self.config.url(&format!("{ROLE_PATH}{}", self.role))),
        };
        if let (Some(token), false) = (&self.token, stage == Stage::Token) {
            request.headers.insert("x-aws-ec2-metadata-token", token.expose());
        }
        Need::http_with(request, None, Some(self.config.timeout))
    }

    pub fn handle(&mut self, input: Input) {
        let State::Waiting(stage) = self.state else {
            self.state = State::Finished(Err(unexpected(&input)));
            return;
        };
        let response = match input {
            Input::Response(r) => Ok(r),
            Input::TransportError(e) => Err(e),
            other => {
                self.state = State::Finished(Err(unexpected(&other)));
                return;
            }
        };
        match stage {
            Stage::Token => self.on_token(response),
            Stage::RoleName | Stage::Credentials => self.on_metadata(stage, response),
        }
    }

    fn on_token(&mut self, response: Result<HttpResponse, String>) {
        match response {
            Ok(r) if r.status == 200 => {
                self.token = Some(SecretString::new(String::from_utf8_lossy(&r.body).trim()));
                self.advance(Stage::RoleName);
            }
            Ok(r) if r.status == 400 => {
                self.state = State::Unavailable("IMDS rejected the token request (HTTP 400)".into())
            }
            Ok(r) if matches!(r.status, 403..=405) => self.without_token(),
            _ if self.attempt + 1 < self.config.attempts => self.retry(Stage::Token),
            _ => self.without_token(),
        }
    }

    /// No IMDSv2 token: IMDSv1 unless it is disabled.
    fn without_token(&mut self) {
        if self.config.v1_disabled {
            let message = "Unable to retrieve token for use in IMDSv2 call and IMDSv1 has been disabled";
            self.state = State::Finished(Err(Error::NoCredentials(format!(
                "Error when retrieving credentials from {PROVIDER}: {message}"
            ))));
        } else {
            self.advance(Stage::RoleName);
        }
    }

    fn on_metadata(&mut self, stage: Stage, response: Result<HttpResponse, String>) {
        let body = match &response {
            Ok(r) if r.status == 200 && !r.body.is_empty() => Some(String::from_utf8_lossy(&r.body).into_owned()),
            _ => None,
        };
        let accepted = match (stage, body) {
            (Stage::RoleName, Some(body)) => {
                self.role = body.lines().next().unwrap_or("").trim().to_owned();
                self.advance(Stage::Credentials);
                true
            }
            (_, Some(body)) => match serde_json::from_str::<Value>(&body) {
                Ok(doc) => {
                    self.finish_with(&doc);
                    true
                }
                Err(_) => false,
            },
            (_, None) => false,
        };
        if !accepted {
            if self.attempt + 1 < self.config.attempts {
                self.retry(stage);
            } else {
                let what = describe(&response);
                self.state = State::Unavailable(format!("no instance role credentials from IMDS ({what})"));
            }
        }
    }

    fn finish_with(&mut self, doc: &Value) {
        self.state = match json_credentials(doc, "Token", true, true, PROVIDER) {
            Ok(c) => State::Finished(Ok(c)),
            Err(_) => {
                let code = doc.get("Code").and_then(Value::as_str).unwrap_or("missing fields");
                State::Unavailable(format!("IMDS returned no usable credentials ({code})"))
            }
        };
    }

    fn advance(&mut self, stage: Stage) {
        self.attempt = 0;
        self.state = State::Ready(stage);
    }

    fn retry(&mut self, stage: Stage) {
        self.attempt += 1;
        self.state = State::Ready(stage);
    }
}

fn describe(response: &Result<HttpResponse, String>) -> String {
    match response {
        Ok(r) if r.status == 200 => "HTTP 200 with an empty or unreadable body".into(),
        Ok(r) => format!("HTTP {}", r.status),
        Err(e) => format!("transport error: {e}"),
    }
}

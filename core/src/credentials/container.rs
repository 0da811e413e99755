//! botocore's `ContainerProvider` (ECS task roles, EKS Pod Identity, local emulators).
//!
//! `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` → `http://169.254.170.2<uri>`; otherwise
//! `AWS_CONTAINER_CREDENTIALS_FULL_URI`, which must be `https`, a loopback address, or one of
//! the ECS/EKS hosts (`169.254.170.2`, `169.254.170.23`, `fd00:ec2::23`, `localhost`). The
//! `Authorization` header comes from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read on each
//! fetch; one trailing newline is dropped) or `AWS_CONTAINER_AUTHORIZATION_TOKEN`. A failed
//! fetch is retried (3 attempts in all, as botocore, but without its 1 s pause) and then fails
//! the chain.

use std::str::FromStr;
use std::time::Duration;

use core::net::IpAddr;
use serde_json::Value;

use super::flow::{unexpected, Input, Need, Progress};
use super::parse::json_credentials;
use super::step::{FilePurpose, FileRequest};
use super::{Credentials, SecretString};
use crate::config::env::{var, Env};
use crate::http::{HttpRequest, HttpResponse};
use crate::Error;

/// The provider's name.
pub(crate) const PROVIDER: &str = "container-role";
const ECS_HOST: &str = "169.254.170.2";
const ALLOWED_IPS: &[&str] = &["169.254.170.2", "169.254.170.23", "fd00:ec2::23"];
const ATTEMPTS: u32 = 3;
/// botocore's `ContainerMetadataFetcher.TIMEOUT_SECONDS`.
const TIMEOUT: Duration = Duration::from_secs(2);

#[derive(Debug, Clone)]
enum Auth {
    None,
    Token(SecretString),
    File(String),
}

/// The scheme and host of a URL (brackets removed from IPv6 literals).
fn scheme_and_host(url: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host_port.split(':').next().unwrap_or(""),
    };
    Some((scheme, host))
}

/// botocore's `_validate_allowed_url`.
pub(crate) fn allowed_full_uri(url: &str) -> Result<(), Error> {
    let Some((scheme, host)) = scheme_and_host(url) else {
        return Err(Error::Config(format!("invalid AWS_CONTAINER_CREDENTIALS_FULL_URI '{url}'")));
    };
    if scheme.eq_ignore_ascii_case("https") {
        return Ok(());
    }
    let allowed = match IpAddr::from_str(host) {
        Ok(ip) => ip.is_loopback() || ALLOWED_IPS.iter().any(|a| IpAddr::from_str(a).ok() == Some(ip)),
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    };
    if allowed {
        Ok(())
    } else {
        Err(Error::Config(format!(
            "Unsupported host '{host}'.  Can only retrieve metadata from a loopback address or one of these hosts: \
             169.254.170.2, 169.254.170.23, fd00:ec2::23, localhost"
        )))
    }
}

#[derive(Debug)]
enum State {
    Start,
    ReadingToken,
    Fetching,
    Finished(Result<Credentials, Error>),
}

/// Fetches container credentials.
#[derive(Debug)]
pub(crate) struct ContainerFlow {
    url: String,
    auth: Auth,
    token: Option<SecretString>,
    attempts: u32,
    state: State,
}

impl ContainerFlow {
    /// The flow the environment configures; `None` when neither URI variable is set.
    pub fn from_env(env: &Env) -> Option<Result<Self, Error>> {
        let url = if let Some(relative) = var(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            format!("http://{ECS_HOST}{relative}")
        } else {
            let full = var(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI")?;
            if let Err(e) = allowed_full_uri(full) {
                return Some(Err(e));
            }
            full.to_owned()
        };
        let auth = if let Some(path) = var(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            Auth::File(path.to_owned())
        } else if let Some(token) = var(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN") {
            Auth::Token(SecretString::new(token))
        } else {
            Auth::None
        };
        Some(Ok(Self { url, auth, token: None, attempts: 0, state: State::Start }))
    }

    pub fn poll(&mut self) -> Progress {
        match &self.state {
            State::Finished(outcome) => return outcome.clone().into(),
            State::ReadingToken => return Progress::Failed(unexpected(&Input::File(None))),
            State::Fetching => return self.fetch(),
            State::Start => {}
        }
        match self.auth.clone() {
            Auth::File(path) => {
                self.state = State::ReadingToken;
                let request = FileRequest { path, purpose: FilePurpose::ContainerAuthorizationToken };
                return Progress::Need(Need::File(request));
            }
            Auth::Token(token) => self.token = Some(token),
            Auth::None => {}
        }
        self.fetch()
    }

    fn fetch(&mut self) -> Progress {
        if let Some(token) = &self.token {
            if token.expose().contains(['\r', '\n']) {
                let e = Error::Config("Auth token value is not a legal header value".into());
                self.state = State::Finished(Err(e.clone()));
                return Progress::Failed(e);
            }
        }
        self.state = State::Fetching;
        let mut request = HttpRequest::new("GET", self.url.clone());
        request.headers.insert("Accept", "application/json");
        if let Some(token) = &self.token {
            request.headers.insert("Authorization", token.expose());
        }
        Progress::Need(Need::http_with(request, None, Some(TIMEOUT)))
    }

    pub fn handle(&mut self, input: Input) {
        match (&self.state, input) {
            (State::ReadingToken, Input::File(contents)) => match contents {
                Some(text) => {
                    let text = text.strip_suffix('\n').map(|t| t.strip_suffix('\r').unwrap_or(t)).unwrap_or(&text);
                    self.token = Some(SecretString::new(text));
                    self.state = State::Fetching;
                }
                None => self.finish(Err(Error::Config(format!(
                    "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE '{}'",
                    self.token_path()
                )))),
            },
            (State::Fetching, Input::Response(response)) => self.on_response(&response),
            (State::Fetching, Input::TransportError(e)) => {
                self.retry_or_fail(format!("Received error when attempting to retrieve container metadata: {e}"))
            }
            (_, other) => self.finish(Err(unexpected(&other))),
        }
    }

    fn token_path(&self) -> &str {
        match &self.auth {
            Auth::File(path) => path,
            _ => "",
        }
    }

    fn on_response(&mut self, response: &HttpResponse) {
        if response.status != 200 {
            let body = String::from_utf8_lossy(&response.body);
            let body: String = body.chars().take(200).collect();
            return self.retry_or_fail(format!(
                "Received non 200 response {} from container metadata: {body}",
                response.status
            ));
        }
        match serde_json::from_slice::<Value>(&response.body) {
            Ok(doc) => {
                let creds = json_credentials(&doc, "Token", true, true, PROVIDER).map_err(|e| retrieval_error(&e));
                self.finish(creds);
            }
            Err(_) => self.retry_or_fail("Unable to parse JSON returned from container metadata services".into()),
        }
    }

    fn retry_or_fail(&mut self, message: String) {
        self.attempts += 1;
        if self.attempts >= ATTEMPTS {
            self.finish(Err(retrieval_error(&message)));
        }
        // Otherwise stay in `Fetching`: the next poll sends the request again.
    }

    fn finish(&mut self, outcome: Result<Credentials, Error>) {
        self.state = State::Finished(outcome);
    }
}

fn retrieval_error(message: &dyn std::fmt::Display) -> Error {
    Error::NoCredentials(format!("Error when retrieving credentials from {PROVIDER}: {message}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_uri_host_allow_list() {
        for ok in [
            "https://anything.example.com/creds",
            "http://127.0.0.1:8080/creds",
            "http://127.1.2.3/x",
            "http://[::1]:9/x",
            "http://localhost/x",
            "http://169.254.170.2/v2/credentials",
            "http://169.254.170.23/v1/credentials",
            "http://[fd00:ec2::23]/v1/credentials",
            "http://user@127.0.0.1/x",
        ] {
            assert!(allowed_full_uri(ok).is_ok(), "{ok}");
        }
        for bad in
            ["http://169.254.169.254/x", "http://example.com/x", "http://10.0.0.1/x", "http://localhost.evil.com/"]
        {
            let err = allowed_full_uri(bad).expect_err(bad);
            assert!(err.to_string().contains("Unsupported host"), "{err}");
        }
    }
}

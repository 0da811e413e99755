//! botocore's `AssumeRoleWithWebIdentityProvider`: a token file plus a role, exchanged with
//! an unsigned STS `AssumeRoleWithWebIdentity` call.
//!
//! Each of `web_identity_token_file`, `role_arn` and `role_session_name` is read from its
//! environment variable (`AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN`,
//! `AWS_ROLE_SESSION_NAME`) first, unless environment credentials are disabled (a profile
//! named in code, or a source profile), then from the profile. The token file's surrounding
//! whitespace is dropped.

use time::OffsetDateTime;

use super::flow::{unexpected, Input, Need, Progress};
use super::step::{FilePurpose, FileRequest};
use super::sts::{self, StsTarget};
use super::{Credentials, SecretString};
use crate::config::env::{var, Env};
use crate::config::Profile;
use crate::Error;

/// The provider's name.
pub(crate) const PROVIDER: &str = "assume-role-with-web-identity";

/// The web identity settings in effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WebIdentityConfig {
    pub token_file: String,
    pub role_arn: String,
    pub role_session_name: Option<String>,
}

impl WebIdentityConfig {
    /// `None` when no token file is configured. `env` is `None` when environment variables
    /// must not be read.
    pub fn resolve(env: Option<&Env>, profile: Option<&Profile>) -> Result<Option<Self>, Error> {
        let get = |var_name: &str, key: &str| -> Option<String> {
            env.and_then(|e| var(e, var_name))
                .or_else(|| profile.and_then(|p| p.get(key)).filter(|v| !v.is_empty()))
                .map(str::to_owned)
        };
        let Some(token_file) = get("AWS_WEB_IDENTITY_TOKEN_FILE", "web_identity_token_file") else {
            return Ok(None);
        };
        let role_arn = get("AWS_ROLE_ARN", "role_arn").ok_or_else(|| {
            Error::Config(
                "The provided profile or the current environment is configured to assume role with web \
                 identity but has no role ARN configured. Ensure that the profile has the role_arn \
                 configuration set or the AWS_ROLE_ARN env var is set."
                    .into(),
            )
        })?;
        let role_session_name = get("AWS_ROLE_SESSION_NAME", "role_session_name");
        Ok(Some(Self { token_file, role_arn, role_session_name }))
    }
}

/// botocore's default role session name: `botocore-session-<unix seconds>`.
pub(crate) fn default_session_name(now: OffsetDateTime) -> String {
    format!("botocore-session-{}", now.unix_timestamp())
}

#[derive(Debug)]
enum State {
    Start,
    ReadingToken,
    Calling,
    Finished(Result<Credentials, Error>),
}

/// Reads the token, then calls STS.
#[derive(Debug)]
pub(crate) struct WebIdentityFlow {
    config: WebIdentityConfig,
    sts: StsTarget,
    session_name: String,
    token: Option<SecretString>,
    state: State,
}

impl WebIdentityFlow {
    pub fn new(config: WebIdentityConfig, sts: StsTarget, now: OffsetDateTime) -> Self {
        let session_name = config.role_session_name.clone().unwrap_or_else(|| default_session_name(now));
        Self { config, sts, session_name, token: None, state: State::Start }
    }

    pub fn poll(&mut self) -> Progress {
        match &self.state {
            State::Start => {
                self.state = State::ReadingToken;
                let path = self.config.token_file.clone();
                Progress::Need(Need::File(FileRequest { path, purpose: FilePurpose::WebIdentityToken }))
            }
            State::Calling => match &self.token {
                Some(token) => {
                    let request = sts::assume_role_with_web_identity_request(
                        &self.sts,
                        &self.config.role_arn,
                        &self.session_name,
                        token,
                    );
                    Progress::Need(Need::http(request))
                }
                None => Progress::Failed(unexpected(&Input::File(None))),
            },
            State::ReadingToken => Progress::Failed(unexpected(&Input::File(None))),
            State::Finished(outcome) => outcome.clone().into(),
        }
    }

    pub fn handle(&mut self, input: Input) {
        self.state = match (&self.state, input) {
            (State::ReadingToken, Input::File(Some(text))) => {
                self.token = Some(SecretString::new(text.trim()));
                State::Calling
            }
            (State::ReadingToken, Input::File(None)) => State::Finished(Err(Error::NoCredentials(format!(
                "Error when retrieving credentials from {PROVIDER}: cannot read the web identity token file '{}'",
                self.config.token_file
            )))),
            (State::Calling, Input::Response(response)) => State::Finished(sts::parse_credentials(&response, PROVIDER)),
            (State::Calling, Input::TransportError(e)) => State::Finished(Err(Error::Transport(e))),
            (_, other) => State::Finished(Err(unexpected(&other))),
        };
    }
}

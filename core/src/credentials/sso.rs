//! botocore's `SSOProvider` (IAM Identity Center).
//!
//! A profile with `sso_account_id` or `sso_role_name` uses SSO. With `sso_session = NAME`
//! the start URL and region come from `[sso-session NAME]` (values set in both places must
//! agree) and the token cache file is `~/.aws/sso/cache/<sha1(NAME)>.json`; legacy profiles
//! carry `sso_start_url` / `sso_region` themselves and the file is named by
//! `sha1(start url)`. The cached `accessToken` is sent to
//! `GET https://portal.sso.<region>.amazonaws.com/federation/credentials` (unsigned, header
//! `x-amz-sso_bearer_token`). An expired token fails with botocore's "run aws sso login"
//! message; refreshing it through SSO-OIDC `CreateToken` is not done here.

use serde_json::Value;
use sha1::{Digest, Sha1};
use time::OffsetDateTime;

use super::flow::{unexpected, Input, Need, Progress};
use super::parse::{encode, required, timestamp};
use super::step::{FilePurpose, FileRequest};
use super::sts::dns_suffix;
use super::{Credentials, SecretString};
use crate::config::{Profile, ProfileSet};
use crate::http::{HttpRequest, HttpResponse};
use crate::{Error, ServiceError};

/// The provider's name.
pub(crate) const PROVIDER: &str = "sso";

const EXPIRED: &str = "The SSO session associated with this profile has expired or is otherwise invalid. \
                       To refresh this SSO session run aws sso login with the corresponding profile.";

/// The SSO settings of a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SsoConfig {
    pub start_url: String,
    pub region: String,
    pub role_name: String,
    pub account_id: String,
    pub session_name: Option<String>,
}

impl SsoConfig {
    /// `None` when the profile does not use SSO.
    pub fn resolve(profiles: &ProfileSet, profile: &Profile) -> Result<Option<Self>, Error> {
        if !profile.contains("sso_role_name") && !profile.contains("sso_account_id") {
            return Ok(None);
        }
        let session_name = profile.get("sso_session").map(str::to_owned);
        let session = match &session_name {
            Some(name) => Some(
                profiles
                    .sso_session(name)
                    .ok_or_else(|| Error::Config(format!("The specified sso-session does not exist: \"{name}\"")))?,
            ),
            None => None,
        };
        if let Some(session) = session {
            for key in session.keys() {
                if let (Some(a), Some(b)) = (profile.get(key), session.get(key)) {
                    if a != b {
                        return Err(Error::Config(format!(
                            "The value for {key} is inconsistent between profile ({a}) and sso-session ({b})."
                        )));
                    }
                }
            }
        }
        let keys = ["sso_role_name", "sso_account_id", "sso_start_url", "sso_region"];
        let (mut values, mut missing) = (Vec::with_capacity(keys.len()), Vec::new());
        for key in keys {
            match session.and_then(|s| s.get(key)).or_else(|| profile.get(key)) {
                Some(v) => values.push(v.to_owned()),
                None => missing.push(key),
            }
        }
        if let [role_name, account_id, start_url, region] = values.as_slice() {
            return Ok(Some(Self {
                start_url: start_url.clone(),
                region: region.clone(),
                role_name: role_name.clone(),
                account_id: account_id.clone(),
                session_name,
            }));
        }
        Err(Error::Config(format!(
            "The profile \"{}\" is configured to use SSO but is missing required configuration: {}",
            profile.name(),
            missing.join(", ")
        )))
    }

    /// The token cache file name: `sha1(session name or start URL)` in hex, plus `.json`.
    pub fn cache_file_name(&self) -> String {
        token_cache_file_name(self.session_name.as_deref().unwrap_or(&self.start_url))
    }
}

/// `<sha1 hex of key>.json`, the file name botocore's `SSOTokenLoader` reads.
pub fn token_cache_file_name(key: &str) -> String {
    format!("{}.json", hex::encode(Sha1::digest(key.as_bytes())))
}

#[derive(Debug)]
enum State {
    Start,
    ReadingToken,
    Calling,
    Finished(Result<Credentials, Error>),
}

/// Reads the cached token, then calls `GetRoleCredentials`.
#[derive(Debug)]
pub(crate) struct SsoFlow {
    config: SsoConfig,
    cache_path: String,
    now: OffsetDateTime,
    token: Option<SecretString>,
    state: State,
}

impl SsoFlow {
    pub fn new(config: SsoConfig, home_dir: &str, now: OffsetDateTime) -> Self {
        let home = home_dir.trim_end_matches(['/', '\\']);
        let cache_path = format!("{home}/.aws/sso/cache/{}", config.cache_file_name());
        Self { config, cache_path, now, token: None, state: State::Start }
    }

    pub fn poll(&mut self) -> Progress {
        match &self.state {
            State::Start => {
                self.state = State::ReadingToken;
                let request = FileRequest { path: self.cache_path.clone(), purpose: FilePurpose::SsoTokenCache };
                Progress::Need(Need::File(request))
            }
            State::Calling => match &self.token {
                Some(token) => Progress::Need(Need::http(self.request(token))),
                None => Progress::Failed(unexpected(&Input::File(None))),
            },
            State::ReadingToken => Progress::Failed(unexpected(&Input::File(None))),
            State::Finished(outcome) => outcome.clone().into(),
        }
    }

    fn request(&self, token: &SecretString) -> HttpRequest {
        let region = &self.config.region;
        let url = format!(
            "https://portal.sso.{region}.{}/federation/credentials?role_name={}&account_id={}",
            dns_suffix(region),
            encode(&self.config.role_name),
            encode(&self.config.account_id)
        );
        let mut request = HttpRequest::new("GET", url);
        request.headers.insert("x-amz-sso_bearer_token", token.expose());
        request
    }

    pub fn handle(&mut self, input: Input) {
        self.state = match (&self.state, input) {
            (State::ReadingToken, Input::File(contents)) => match self.read_token(contents) {
                Ok(token) => {
                    self.token = Some(token);
                    State::Calling
                }
                Err(e) => State::Finished(Err(e)),
            },
            (State::Calling, Input::Response(r)) => State::Finished(self.parse_response(&r)),
            (State::Calling, Input::TransportError(e)) => State::Finished(Err(Error::Transport(e))),
            (_, other) => State::Finished(Err(unexpected(&other))),
        };
    }

    fn read_token(&self, contents: Option<String>) -> Result<SecretString, Error> {
        let name = self.config.session_name.as_deref().unwrap_or(&self.config.start_url);
        let load_error = |why: String| Error::NoCredentials(format!("Error loading SSO Token: {why}"));
        let text = contents.ok_or_else(|| load_error(format!("Token for {name} does not exist")))?;
        let doc: Value = serde_json::from_str(&text).map_err(|_| load_error(format!("Token for {name} is invalid")))?;
        let (Some(token), Some(expires)) =
            (doc.get("accessToken").and_then(Value::as_str), doc.get("expiresAt").and_then(Value::as_str))
        else {
            return Err(load_error(format!("Token for {name} is invalid")));
        };
        match timestamp(expires) {
            Some(t) if t > self.now => Ok(SecretString::new(token)),
            _ => Err(Error::NoCredentials(EXPIRED.into())),
        }
    }

    fn parse_response(&self, response: &HttpResponse) -> Result<Credentials, Error> {
        if response.status != 200 {
            return Err(error_response(response));
        }
        let doc: Value = serde_json::from_slice(&response.body)
            .map_err(|e| Error::Parse(format!("GetRoleCredentials response: {e}")))?;
        let creds = doc.get("roleCredentials").unwrap_or(&Value::Null);
        let what = "GetRoleCredentials response";
        let expiration_ms = creds
            .get("expiration")
            .and_then(Value::as_i64)
            .ok_or_else(|| Error::Parse(format!("{what}: missing required key 'expiration'")))?;
        let expiration = OffsetDateTime::from_unix_timestamp_nanos(i128::from(expiration_ms) * 1_000_000)
            .map_err(|e| Error::Parse(format!("{what}: expiration {expiration_ms}: {e}")))?;
        Ok(Credentials {
            access_key_id: required(creds, "accessKeyId", what)?.to_owned(),
            secret_access_key: SecretString::new(required(creds, "secretAccessKey", what)?),
            session_token: Some(SecretString::new(required(creds, "sessionToken", what)?)),
            expiration: Some(expiration),
            provider: PROVIDER,
        })
    }
}

/// A rest-json error from the SSO portal (`UnauthorizedException` → botocore's
/// `UnauthorizedSSOTokenError` message).
fn error_response(response: &HttpResponse) -> Error {
    let doc: Value = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
    let header_code = response.headers.get("x-amzn-errortype").map(|c| c.split(':').next().unwrap_or(c));
    let body_code = ["__type", "code"].iter().find_map(|k| doc.get(*k).and_then(Value::as_str));
    let code = header_code.or(body_code).map(|c| c.rsplit('#').next().unwrap_or(c).to_owned());
    if code.as_deref() == Some("UnauthorizedException") || response.status == 401 {
        return Error::NoCredentials(EXPIRED.into());
    }
    let message = ["message", "Message"].iter().find_map(|k| doc.get(*k).and_then(Value::as_str));
    Error::Service(ServiceError {
        code: code.unwrap_or_else(|| response.status.to_string()),
        message: message.unwrap_or_default().to_owned(),
        status: response.status,
        request_id: response.headers.get("x-amzn-requestid").map(str::to_owned),
        ..ServiceError::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_file_names_are_sha1_of_session_or_start_url() {
        // botocore's SSOTokenLoader: hashlib.sha1(b"my-sso").hexdigest().
        assert_eq!(token_cache_file_name("my-sso"), "0ad374308c5a4e22f723adf10145eafad7c4031c.json");
        assert_eq!(
            token_cache_file_name("https://d-abc123.awsapps.com/start"),
            "40a89917e3175433e361b710a9d43528d7f1890a.json"
        );
    }
}

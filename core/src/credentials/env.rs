//! botocore's `EnvProvider`: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, the session token
//! (`AWS_SECURITY_TOKEN`, then `AWS_SESSION_TOKEN`, botocore's order) and
//! `AWS_CREDENTIAL_EXPIRATION`.

use super::parse::timestamp;
use super::{Credentials, SecretString};
use crate::config::env::{first_var, var, Env};
use crate::Error;

/// The provider's name.
pub(crate) const PROVIDER: &str = "env";

/// botocore's `PartialCredentialsError` message.
pub(crate) fn partial(provider: &str, missing: &str) -> Error {
    Error::Config(format!("Partial credentials found in {provider}, missing: {missing}"))
}

/// Credentials from the environment, `None` when `AWS_ACCESS_KEY_ID` is unset or empty.
/// An access key without a secret key is an error, as in botocore.
pub(crate) fn credentials(env: &Env) -> Result<Option<Credentials>, Error> {
    let Some(access_key_id) = var(env, "AWS_ACCESS_KEY_ID") else { return Ok(None) };
    let secret = var(env, "AWS_SECRET_ACCESS_KEY").ok_or_else(|| partial(PROVIDER, "AWS_SECRET_ACCESS_KEY"))?;
    let token = first_var(env, &["AWS_SECURITY_TOKEN", "AWS_SESSION_TOKEN"]).map(|(_, t)| t);
    let expiration = match var(env, "AWS_CREDENTIAL_EXPIRATION") {
        Some(text) => Some(timestamp(text).ok_or_else(|| {
            Error::Config(format!("invalid value '{text}' for environment variable AWS_CREDENTIAL_EXPIRATION: expected an ISO 8601 timestamp"))
        })?),
        None => None,
    };
    Ok(Some(Credentials {
        access_key_id: access_key_id.to_owned(),
        secret_access_key: SecretString::new(secret),
        session_token: token.map(SecretString::new),
        expiration,
        provider: PROVIDER,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Env {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn reads_keys_token_and_expiry() {
        let e = env(&[
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "s"),
            ("AWS_SESSION_TOKEN", "t"),
            ("AWS_CREDENTIAL_EXPIRATION", "2030-01-01T00:00:00Z"),
        ]);
        let c = credentials(&e).expect("ok").expect("found");
        assert_eq!(c.access_key_id, "AKID");
        assert_eq!(c.session_token.as_ref().map(SecretString::expose), Some("t"));
        assert!(c.expiration.is_some());
        assert_eq!(c.provider, "env");
    }

    #[test]
    fn partial_and_absent() {
        assert_eq!(credentials(&env(&[("AWS_ACCESS_KEY_ID", "")])).expect("ok"), None);
        let err = credentials(&env(&[("AWS_ACCESS_KEY_ID", "AKID")])).expect_err("partial");
        assert!(err.to_string().contains("Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY"));
        let e = env(&[("AWS_ACCESS_KEY_ID", "A"), ("AWS_SECRET_ACCESS_KEY", "s"), ("AWS_CREDENTIAL_EXPIRATION", "x")]);
        assert!(credentials(&e).is_err());
    }

    #[test]
    fn security_token_is_read_first_like_botocore() {
        let e = env(&[
            ("AWS_ACCESS_KEY_ID", "A"),
            ("AWS_SECRET_ACCESS_KEY", "s"),
            ("AWS_SESSION_TOKEN", "session"),
            ("AWS_SECURITY_TOKEN", "security"),
        ]);
        let c = credentials(&e).expect("ok").expect("found");
        assert_eq!(c.session_token.as_ref().map(SecretString::expose), Some("security"));
    }
}

//! What a signature is made with: credentials, region, service, time and settings.

use time::OffsetDateTime;

use crate::credentials::Credentials;

use super::scope::{check_scope_part, CredentialScope, SigningTime};
use super::settings::SigningSettings;
use super::signing_key::{SigningKey, SigningKeyCache};
use super::SigningError;

/// The inputs of one signature. `time` is the caller's "now": core never reads the clock.
#[derive(Debug, Clone, Copy)]
pub struct SigningParams<'a> {
    /// Access key id, secret key and optional session token.
    pub credentials: &'a Credentials,
    /// The signing region (`us-east-1`).
    pub region: &'a str,
    /// The signing name of the service (`s3`, `sts`, `execute-api`, ...).
    pub service: &'a str,
    /// When the request is signed.
    pub time: OffsetDateTime,
    /// The service's signing rules.
    pub settings: &'a SigningSettings,
}

/// The parts every signature needs, checked and derived once.
pub(crate) struct SigningContext<'c> {
    pub time: SigningTime,
    pub scope: &'c CredentialScope,
    pub key: &'c SigningKey,
}

/// A [`SigningContext`] that owns its scope and key (kept across calls, as by a chunk signer).
pub(crate) struct OwnedSigningContext {
    pub time: SigningTime,
    pub scope: CredentialScope,
    pub key: SigningKey,
}

impl SigningContext<'_> {
    /// The same context, owning copies of the scope and key.
    pub fn into_owned(self) -> OwnedSigningContext {
        OwnedSigningContext { time: self.time, scope: self.scope.clone(), key: self.key.clone() }
    }

    /// The `Credential=` value: `<access key id>/<scope>`.
    pub fn credential(&self, params: &SigningParams<'_>) -> String {
        let mut out = String::with_capacity(params.credentials.access_key_id.len() + 1 + self.scope.text_len());
        self.push_credential(params, &mut out);
        out
    }

    /// Appends the `Credential=` value to `out`.
    pub fn push_credential(&self, params: &SigningParams<'_>, out: &mut String) {
        out.push_str(&params.credentials.access_key_id);
        out.push('/');
        self.scope.push_to(out);
    }
}

impl SigningParams<'_> {
    /// Checks the parameters and fetches the signing key from `cache`.
    pub(crate) fn context<'c>(&self, cache: &'c mut SigningKeyCache) -> Result<SigningContext<'c>, SigningError> {
        check_scope_part("access key id", &self.credentials.access_key_id)?;
        if let Some(token) = &self.credentials.session_token {
            if token.expose().is_empty() || token.expose().bytes().any(|b| b.is_ascii_control()) {
                return Err(SigningError::InvalidParams(
                    "the session token is empty or contains a control character".into(),
                ));
            }
        }
        let time = SigningTime::new(self.time)?;
        // The checks of `CredentialScope::new`, without building one: the cache holds it.
        check_scope_part("region", self.region)?;
        check_scope_part("service name", self.service)?;
        let (scope, key) = cache.entry(&self.credentials.secret_access_key, time.date(), self.region, self.service)?;
        Ok(SigningContext { time, scope, key })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn rejects_bad_access_key_without_echoing_secrets() {
        let creds = Credentials::new("AK ID", "the-secret", Some("the-token".into()));
        let settings = SigningSettings::default();
        let params = SigningParams {
            credentials: &creds,
            region: "us-east-1",
            service: "s3",
            time: datetime!(2015-08-30 12:36:00 UTC),
            settings: &settings,
        };
        let err = params.context(&mut SigningKeyCache::new()).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("access key id"), "{err}");
        assert!(!err.contains("the-secret") && !err.contains("the-token"));
        assert!(!format!("{params:?}").contains("the-secret"));
    }
}

//! AWS credentials, the default provider chain and the credentials cache.
//!
//! - [`Credentials`] and [`SecretString`]: the values (secrets never appear in `Debug` or
//!   `Display`).
//! - [`CredentialChain`]: boto3's provider chain (explicit keys, environment, assume-role,
//!   web identity, SSO, shared files, `credential_process`, container, IMDS) as a sans-IO
//!   state machine: it asks for HTTP calls, files, processes and MFA codes through [`Step`]
//!   and is answered with its `handle_*` methods.
//! - [`CredentialsCache`]: refresh ahead of expiry with a single refresh ticket at a time.
//!
//! ```
//! use std::collections::HashMap;
//! use stratus_core::config::ProfileSet;
//! use stratus_core::credentials::{ChainInputs, CredentialChain, Step};
//!
//! let env = HashMap::from([
//!     ("AWS_ACCESS_KEY_ID".to_owned(), "AKIDEXAMPLE".to_owned()),
//!     ("AWS_SECRET_ACCESS_KEY".to_owned(), "secret".to_owned()),
//! ]);
//! let profiles = ProfileSet::parse(None, None);
//! let mut chain = CredentialChain::new(ChainInputs::new(&env, &profiles, time::OffsetDateTime::UNIX_EPOCH));
//! let credentials = loop {
//!     match chain.poll() {
//!         Step::Done(c) => break c,
//!         Step::Failed(e) => panic!("{e}"),
//!         other => unreachable!("a transport would handle {other:?}"),
//!     }
//! };
//! assert_eq!(credentials.provider, "env");
//! ```

// `Error` is the crate-wide error type; boxing its large variants is error.rs's call.

mod assume_role;
mod cache;
mod chain;
mod container;
mod env;
mod flow;
mod imds;
mod parse;
mod process;
mod profile;
mod sso;
mod step;
mod sts;
mod web_identity;

pub use cache::{CacheState, CredentialsCache, RefreshTicket, RefreshWindows};
pub use chain::{ChainInputs, CredentialChain, ExplicitCredentials};
pub use sso::token_cache_file_name;
pub use step::{FilePurpose, FileRequest, ProcessOutput, ProcessRequest, SignWith, Step};

use time::OffsetDateTime;

/// A string whose value never appears in `Debug` or `Display` output.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretString(String);

impl SecretString {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    /// The secret itself. Call only where the value is really needed (signing).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SecretString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\"** redacted **\"")
    }
}

impl std::fmt::Display for SecretString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("** redacted **")
    }
}

impl From<&str> for SecretString {
    fn from(s: &str) -> Self {
        Self::new(s)
    }
}

impl From<String> for SecretString {
    fn from(s: String) -> Self {
        Self::new(s)
    }
}

/// A set of AWS credentials: access key id, secret key, optional session token and expiry.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: SecretString,
    pub session_token: Option<SecretString>,
    /// When temporary credentials stop working; `None` for long-term keys.
    pub expiration: Option<OffsetDateTime>,
    /// Which provider produced them (botocore's method names: `"explicit"`, `"env"`,
    /// `"assume-role"`, `"sso"`, `"shared-credentials-file"`, `"iam-role"`, ...).
    pub provider: &'static str,
}

impl Credentials {
    /// Long-term (or explicitly given) credentials.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: SecretString::new(secret_access_key),
            session_token: session_token.map(SecretString::new),
            expiration: None,
            provider: "explicit",
        }
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &self.secret_access_key)
            .field("session_token", &self.session_token.as_ref().map(|_| "** redacted **"))
            .field("expiration", &self.expiration)
            .field("provider", &self.provider)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_secrets() {
        let c = Credentials::new("AKID", "very-secret", Some("tok-secret".into()));
        let s = format!("{c:?}");
        assert!(s.contains("AKID"));
        assert!(!s.contains("very-secret"));
        assert!(!s.contains("tok-secret"));
    }
}

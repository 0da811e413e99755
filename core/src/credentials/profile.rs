//! The providers a profile configures, in botocore's `ProfileProviderBuilder` order:
//! web identity → SSO → shared credentials file → `credential_process` → config file.
//!
//! The shared-credentials-file and config-file providers read static keys
//! (`aws_access_key_id`, `aws_secret_access_key`, and `aws_security_token` or
//! `aws_session_token`) from *that file's* view of the profile, as botocore does; every other
//! provider reads the merged profile.

use super::chain::PlanContext;
use super::env::partial;
use super::flow::Flow;
use super::process::ProcessFlow;
use super::sso::{SsoConfig, SsoFlow};
use super::web_identity::{WebIdentityConfig, WebIdentityFlow};
use super::{Credentials, SecretString};
use crate::config::{FileKind, Profile};
use crate::Error;

/// Provider names of the static-key providers.
pub(crate) const SHARED_CREDENTIALS_FILE: &str = "shared-credentials-file";
pub(crate) const CONFIG_FILE: &str = "config-file";

/// True when the profile holds an access key or a secret key.
pub(crate) fn has_static_keys(profile: &Profile) -> bool {
    profile.contains("aws_access_key_id") || profile.contains("aws_secret_access_key")
}

/// Static keys, `None` without `aws_access_key_id`; a key without its secret is an error.
pub(crate) fn static_credentials(profile: &Profile, provider: &'static str) -> Result<Option<Credentials>, Error> {
    let Some(access_key_id) = profile.get("aws_access_key_id") else { return Ok(None) };
    let secret = profile.get("aws_secret_access_key").ok_or_else(|| partial(provider, "aws_secret_access_key"))?;
    let token = profile.get("aws_security_token").or_else(|| profile.get("aws_session_token"));
    Ok(Some(Credentials {
        access_key_id: access_key_id.to_owned(),
        secret_access_key: SecretString::new(secret),
        session_token: token.map(SecretString::new),
        expiration: None,
        provider,
    }))
}

/// The first provider profile `name` configures, if any. `env_enabled` lets the web
/// identity provider read its environment variables.
pub(crate) fn profile_flow(ctx: &PlanContext<'_>, name: &str, env_enabled: bool) -> Result<Option<Flow>, Error> {
    let merged = ctx.profiles.profile(name);
    let env = env_enabled.then_some(ctx.env);
    if let Some(config) = WebIdentityConfig::resolve(env, merged)? {
        return Ok(Some(Flow::WebIdentity(WebIdentityFlow::new(config, ctx.sts()?, ctx.now))));
    }
    let Some(merged) = merged else { return Ok(None) };
    if let Some(config) = SsoConfig::resolve(ctx.profiles, merged)? {
        let home = ctx.home_dir.as_deref().ok_or_else(|| {
            Error::Config("cannot locate the SSO token cache: no home directory (HOME or USERPROFILE)".into())
        })?;
        return Ok(Some(Flow::Sso(SsoFlow::new(config, home, ctx.now))));
    }
    if let Some(file_view) = ctx.profiles.profile_in(FileKind::Credentials, name) {
        if let Some(creds) = static_credentials(file_view, SHARED_CREDENTIALS_FILE)? {
            return Ok(Some(Flow::Ready(creds)));
        }
    }
    if let Some(command) = merged.get("credential_process") {
        return Ok(Some(Flow::Process(ProcessFlow::new(command)?)));
    }
    if let Some(file_view) = ctx.profiles.profile_in(FileKind::Config, name) {
        if let Some(creds) = static_credentials(file_view, CONFIG_FILE)? {
            return Ok(Some(Flow::Ready(creds)));
        }
    }
    Ok(None)
}

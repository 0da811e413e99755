//! Which profile applies: named in code → `AWS_PROFILE` → `AWS_DEFAULT_PROFILE` → `default`.

use super::env::{self, Env};
use super::profile::{Profile, ProfileSet};
use crate::Error;

/// How the profile name was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileSource {
    /// Named in code.
    Explicit,
    /// Named by an environment variable.
    Env(&'static str),
    /// Nothing named one: `default`, which may be absent.
    Default,
}

/// Environment variables naming the profile, in precedence order. (botocore 1.44.5 reads
/// `AWS_DEFAULT_PROFILE` before `AWS_PROFILE`; the cross-SDK variable `AWS_PROFILE` wins here.)
pub const PROFILE_ENV_VARS: &[&str] = &["AWS_PROFILE", "AWS_DEFAULT_PROFILE"];

/// The profile to use: explicit → `AWS_PROFILE` → `AWS_DEFAULT_PROFILE` → `default`.
pub fn select_profile<'a>(explicit: Option<&'a str>, env: &'a Env) -> (&'a str, ProfileSource) {
    if let Some(name) = explicit.filter(|n| !n.is_empty()) {
        return (name, ProfileSource::Explicit);
    }
    match env::first_var(env, PROFILE_ENV_VARS) {
        Some((var, name)) => (name, ProfileSource::Env(var)),
        None => ("default", ProfileSource::Default),
    }
}

/// The selected profile. A profile named explicitly or by the environment must exist
/// (botocore's `ProfileNotFound`); an absent `default` is simply no profile.
pub fn scoped_profile<'a>(
    profiles: &'a ProfileSet,
    explicit: Option<&'a str>,
    env: &'a Env,
) -> Result<Option<&'a Profile>, Error> {
    let (name, source) = select_profile(explicit, env);
    match (profiles.profile(name), source) {
        (Some(profile), _) => Ok(Some(profile)),
        (None, ProfileSource::Default) => Ok(None),
        (None, _) => Err(profile_not_found(name)),
    }
}

/// botocore's `ProfileNotFound` message.
pub fn profile_not_found(name: &str) -> Error {
    Error::Config(format!("The config profile ({name}) could not be found"))
}

//! Looking a setting up in the environment and the profile, remembering where it was found
//! so that an invalid value can be reported with its key and source.

use std::fmt;

use super::env::{self, Env};
use super::profile::{FileKind, Profile};
use crate::Error;

/// Where a configuration value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueSource {
    /// Passed by the caller (a client argument or `Config` field).
    Explicit,
    /// An environment variable.
    Env(&'static str),
    /// A profile key (`key` or `block.sub_key`), and the file it was read from.
    Profile { profile: String, key: String, file: FileKind },
}

impl fmt::Display for ValueSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Explicit => f.write_str("the explicit client configuration"),
            Self::Env(name) => write!(f, "environment variable {name}"),
            Self::Profile { profile, key, file } => {
                write!(f, "key '{key}' of profile '{profile}' in the {} file", file.as_str())
            }
        }
    }
}

/// A profile key: a plain key, or a sub-property of a block (`s3` → `addressing_style`).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Key {
    Top(&'static str),
    Nested(&'static str, &'static str),
}

/// The places a setting is looked up after explicit values: environment, then profile.
#[derive(Clone, Copy)]
pub(crate) struct Lookup<'a> {
    pub env: &'a Env,
    pub profile: Option<&'a Profile>,
}

impl std::fmt::Debug for Lookup<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lookup")
            .field("env", &super::env::RedactedEnv(self.env))
            .field("profile", &self.profile)
            .finish()
    }
}

/// A setting's name, environment variables and profile keys, in precedence order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Setting {
    pub name: &'static str,
    pub env: &'static [&'static str],
    pub keys: &'static [Key],
}

impl<'a> Lookup<'a> {
    /// The first raw value found for `setting` and where it came from.
    pub fn raw(&self, setting: &Setting) -> Option<(&'a str, ValueSource)> {
        if let Some((name, value)) = env::first_var(self.env, setting.env) {
            return Some((value, ValueSource::Env(name)));
        }
        let profile = self.profile?;
        setting.keys.iter().find_map(|key| {
            let (value, key_text, file) = match *key {
                Key::Top(k) => (profile.get(k)?, k.to_owned(), profile.source_of(k)?),
                Key::Nested(block, sub) => {
                    (profile.get_nested(block, sub)?, format!("{block}.{sub}"), profile.source_of(block)?)
                }
            };
            let source = ValueSource::Profile { profile: profile.name().to_owned(), key: key_text, file };
            Some((value, source))
        })
    }

    /// `explicit` if given, else the first environment/profile value parsed with `parse`.
    /// A value `parse` rejects is an error naming the setting, the value and its source.
    pub fn resolve<T>(
        &self,
        explicit: Option<T>,
        setting: &Setting,
        expected: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Option<T>, Error> {
        if explicit.is_some() {
            return Ok(explicit);
        }
        let Some((raw, source)) = self.raw(setting) else {
            return Ok(None);
        };
        match parse(raw) {
            Some(value) => Ok(Some(value)),
            None => Err(invalid(setting.name, raw, &source, expected)),
        }
    }
}

/// The error for a value that does not parse.
pub(crate) fn invalid(name: &str, raw: &str, source: &ValueSource, expected: &str) -> Error {
    Error::Config(format!("invalid value '{raw}' for {name} (from {source}): expected {expected}"))
}

/// `true` or `false`, any case. (botocore's `ensure_boolean` reads every other text as
/// false; here it is an error, so that `1` or `yes` is not silently ignored.)
pub(crate) fn parse_bool(value: &str) -> Option<bool> {
    let value = value.trim();
    if value.eq_ignore_ascii_case("true") {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// A whole number of at least 1.
pub(crate) fn parse_positive(value: &str) -> Option<u32> {
    value.trim().parse::<u32>().ok().filter(|n| *n >= 1)
}

/// Any non-empty text.
pub(crate) fn parse_text(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ProfileSet;

    const MAX: Setting =
        Setting { name: "max_attempts", env: &["AWS_MAX_ATTEMPTS"], keys: &[Key::Top("max_attempts")] };

    #[test]
    fn errors_name_key_value_and_source() {
        let set = ProfileSet::parse(Some("[profile dev]\nmax_attempts = abc"), None);
        let env = Env::new();
        let lookup = Lookup { env: &env, profile: set.profile("dev") };
        let err = lookup.resolve(None, &MAX, "a positive integer", parse_positive).expect_err("invalid");
        assert_eq!(
            err.to_string(),
            "invalid configuration: invalid value 'abc' for max_attempts (from key 'max_attempts' \
             of profile 'dev' in the config file): expected a positive integer"
        );
        let env: Env = [("AWS_MAX_ATTEMPTS".to_owned(), "0".to_owned())].into_iter().collect();
        let lookup = Lookup { env: &env, profile: None };
        let err = lookup.resolve(None, &MAX, "a positive integer", parse_positive).expect_err("invalid");
        assert!(err.to_string().contains("from environment variable AWS_MAX_ATTEMPTS"), "{err}");
    }

    #[test]
    fn booleans_are_strict() {
        assert_eq!(parse_bool("TRUE"), Some(true));
        assert_eq!(parse_bool(" false "), Some(false));
        assert_eq!(parse_bool("1"), None);
    }
}

//! Reading the environment variables map the caller passes in.
//!
//! Core never reads the process environment: callers hand over a `HashMap<String, String>`
//! (the `stratus` crate collects the process's variables natively, none on wasm32). An empty
//! value counts as unset, as in the other AWS SDKs (botocore would read `AWS_REGION=""` as
//! the region `""`).

use std::collections::HashMap;

/// The environment variables, as the caller passed them.
pub type Env = HashMap<String, String>;

/// `name`'s value, `None` when unset or empty.
pub fn var<'a>(env: &'a Env, name: &str) -> Option<&'a str> {
    env.get(name).map(String::as_str).filter(|v| !v.is_empty())
}

/// The first of `names` that is set, with its name.
pub fn first_var<'a>(env: &'a Env, names: &[&'static str]) -> Option<(&'static str, &'a str)> {
    names.iter().find_map(|name| var(env, name).map(|v| (*name, v)))
}

/// The user's home directory as `os.path.expanduser` finds it: `HOME`, then `USERPROFILE`,
/// then `HOMEDRIVE` + `HOMEPATH`.
pub fn home_dir(env: &Env) -> Option<String> {
    if let Some(home) = var(env, "HOME").or_else(|| var(env, "USERPROFILE")) {
        return Some(home.to_owned());
    }
    match (var(env, "HOMEDRIVE"), var(env, "HOMEPATH")) {
        (Some(drive), Some(path)) => Some(format!("{drive}{path}")),
        _ => None,
    }
}

/// Expands a leading `~` (`~` alone or `~/...`) with [`home_dir`]; other paths unchanged.
pub fn expand_home(path: &str, env: &Env) -> String {
    let rest = match path.strip_prefix('~') {
        Some(rest) if rest.is_empty() || rest.starts_with(['/', '\\']) => rest,
        _ => return path.to_owned(),
    };
    match home_dir(env) {
        Some(home) => format!("{}{rest}", home.trim_end_matches(['/', '\\'])),
        None => path.to_owned(),
    }
}

/// The shared config file to read: `AWS_CONFIG_FILE`, else `~/.aws/config`, `~` expanded.
pub fn config_file_path(env: &Env) -> String {
    expand_home(var(env, "AWS_CONFIG_FILE").unwrap_or("~/.aws/config"), env)
}

/// The shared credentials file to read: `AWS_SHARED_CREDENTIALS_FILE`, else
/// `~/.aws/credentials`, `~` expanded.
pub fn credentials_file_path(env: &Env) -> String {
    expand_home(var(env, "AWS_SHARED_CREDENTIALS_FILE").unwrap_or("~/.aws/credentials"), env)
}

/// A service id as it appears in `AWS_ENDPOINT_URL_<SERVICE>`: the model's `serviceId` with
/// spaces and hyphens turned into `_`, uppercased (`"Elastic Beanstalk"` →
/// `ELASTIC_BEANSTALK`).
pub fn service_env_suffix(service_id: &str) -> String {
    service_id.replace([' ', '-'], "_").to_ascii_uppercase()
}

/// A service id as the key of a `[services]` section: like [`service_env_suffix`], lowercased
/// (`"DynamoDB"` → `dynamodb`).
pub fn service_config_key(service_id: &str) -> String {
    service_id.replace([' ', '-'], "_").to_ascii_lowercase()
}

/// True for names of values that are secrets (`AWS_SECRET_ACCESS_KEY`,
/// `aws_session_token`, `AWS_CONTAINER_AUTHORIZATION_TOKEN`...): their values are never
/// printed.
pub fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    ["SECRET", "TOKEN", "PASSWORD", "AUTHORIZATION"].iter().any(|word| upper.contains(word))
}

/// `Debug` for an environment map that prints names and non-secret values only.
pub struct RedactedEnv<'a>(pub &'a Env);

impl std::fmt::Debug for RedactedEnv<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut names: Vec<&String> = self.0.keys().collect();
        names.sort();
        let mut map = f.debug_map();
        for name in names {
            let value = if is_secret_name(name) { "** redacted **" } else { self.0[name].as_str() };
            map.entry(name, &value);
        }
        map.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Env {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn file_paths_follow_env_and_home() {
        let e = env(&[("HOME", "/home/u/")]);
        assert_eq!(config_file_path(&e), "/home/u/.aws/config");
        assert_eq!(credentials_file_path(&e), "/home/u/.aws/credentials");
        let e = env(&[("USERPROFILE", "C:\\Users\\u"), ("AWS_CONFIG_FILE", "~/cfg")]);
        assert_eq!(config_file_path(&e), "C:\\Users\\u/cfg");
        let e = env(&[("HOMEDRIVE", "D:"), ("HOMEPATH", "\\u"), ("HOME", "")]);
        assert_eq!(home_dir(&e).as_deref(), Some("D:\\u"));
        assert_eq!(expand_home("~other/x", &e), "~other/x");
        assert_eq!(expand_home("~/x", &Env::new()), "~/x");
    }

    #[test]
    fn service_names() {
        assert_eq!(service_env_suffix("Elastic Beanstalk"), "ELASTIC_BEANSTALK");
        assert_eq!(service_env_suffix("S3"), "S3");
        assert_eq!(service_config_key("DynamoDB"), "dynamodb");
        assert_eq!(service_config_key("Elastic Load Balancing v2"), "elastic_load_balancing_v2");
    }

    #[test]
    fn empty_values_are_unset() {
        let e = env(&[("A", ""), ("B", "b")]);
        assert_eq!(var(&e, "A"), None);
        assert_eq!(first_var(&e, &["A", "B"]), Some(("B", "b")));
    }
}

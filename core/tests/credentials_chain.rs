//! The provider chain's order (botocore's `create_credential_resolver`) and its errors.

mod credentials_common;

use credentials_common::{chain, done, env, failed, inputs, no_imds, now, printed};
use stratus_core::config::ProfileSet;
use stratus_core::credentials::{CredentialChain, ExplicitCredentials, SecretString, Step};
use stratus_core::Error;

const ENV_KEYS: &[(&str, &str)] = &[("AWS_ACCESS_KEY_ID", "ENVKEY"), ("AWS_SECRET_ACCESS_KEY", "env-secret")];

fn files(config: &str, credentials: &str) -> ProfileSet {
    ProfileSet::parse(Some(config), Some(credentials))
}

#[test]
fn explicit_keys_beat_everything() {
    let vars = no_imds(ENV_KEYS);
    let profiles = files("", "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = s\n");
    let mut i = inputs(&vars, &profiles);
    i.explicit = ExplicitCredentials {
        access_key_id: Some("ARGKEY".into()),
        secret_access_key: Some(SecretString::new("arg-secret")),
        session_token: Some(SecretString::new("arg-token")),
    };
    let mut chain = CredentialChain::new(i);
    let c = done(chain.poll());
    assert_eq!((c.access_key_id.as_str(), c.provider), ("ARGKEY", "explicit"));
    assert_eq!(c.session_token.as_ref().map(SecretString::expose), Some("arg-token"));
}

#[test]
fn explicit_partial_keys_are_an_error() {
    let vars = no_imds(ENV_KEYS);
    let profiles = ProfileSet::default();
    let mut i = inputs(&vars, &profiles);
    i.explicit.access_key_id = Some("ARGKEY".into());
    let e = failed(CredentialChain::new(i).poll());
    assert_eq!(
        e.to_string(),
        "invalid configuration: Partial credentials found in explicit, missing: aws_secret_access_key"
    );
}

#[test]
fn environment_beats_profiles() {
    let vars = no_imds(ENV_KEYS);
    let profiles = files(
        "[default]\naws_access_key_id = CONFIGKEY\naws_secret_access_key = s\n",
        "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = s\n",
    );
    let mut chain = chain(&vars, &profiles);
    assert_eq!(chain.provider(), Some("env"));
    assert_eq!(done(chain.poll()).access_key_id, "ENVKEY");
}

#[test]
fn a_profile_named_in_code_skips_environment_credentials() {
    let vars = no_imds(ENV_KEYS);
    let profiles = files("", "[dev]\naws_access_key_id = DEVKEY\naws_secret_access_key = s\n");
    let mut i = inputs(&vars, &profiles);
    i.profile_name = Some("dev");
    let c = done(CredentialChain::new(i).poll());
    assert_eq!((c.access_key_id.as_str(), c.provider), ("DEVKEY", "shared-credentials-file"));
    // AWS_PROFILE selects the profile without disabling the environment provider.
    let mut vars = vars.clone();
    vars.insert("AWS_PROFILE".into(), "dev".into());
    assert_eq!(done(chain(&vars, &profiles).poll()).access_key_id, "ENVKEY");
}

#[test]
fn a_named_profile_that_does_not_exist_fails() {
    let profiles = files("[default]\nregion = x\n", "");
    let vars = no_imds(&[("AWS_PROFILE", "nope")]);
    let e = failed(chain(&vars, &profiles).poll());
    assert_eq!(e.to_string(), "invalid configuration: The config profile (nope) could not be found");
}

#[test]
fn shared_credentials_file_then_process_then_config_file() {
    let config = "[profile p]\naws_access_key_id = CONFIGKEY\naws_secret_access_key = s\ncredential_process = /bin/creds --json\n";
    let vars = no_imds(&[("AWS_PROFILE", "p")]);
    let with_file =
        files(config, "[p]\naws_access_key_id = FILEKEY\naws_secret_access_key = s\naws_session_token = t\n");
    let c = done(chain(&vars, &with_file).poll());
    assert_eq!((c.access_key_id.as_str(), c.provider), ("FILEKEY", "shared-credentials-file"));
    assert_eq!(c.session_token.as_ref().map(SecretString::expose), Some("t"));
    // Without credentials-file keys, credential_process comes before the config file's keys.
    let without_file = files(config, "");
    let mut chain_p = chain(&vars, &without_file);
    assert_eq!(chain_p.provider(), Some("custom-process"));
    assert!(matches!(chain_p.poll(), Step::NeedProcess(_)));
    let config_only = files("[profile p]\naws_access_key_id = CONFIGKEY\naws_secret_access_key = s\n", "");
    let c = done(chain(&vars, &config_only).poll());
    assert_eq!((c.access_key_id.as_str(), c.provider), ("CONFIGKEY", "config-file"));
}

#[test]
fn partial_static_keys_are_an_error() {
    let vars = no_imds(&[]);
    let profiles = files("", "[default]\naws_access_key_id = FILEKEY\n");
    let e = failed(chain(&vars, &profiles).poll());
    assert!(
        e.to_string().contains("Partial credentials found in shared-credentials-file, missing: aws_secret_access_key"),
        "{e}"
    );
    let vars = no_imds(&[("AWS_ACCESS_KEY_ID", "ENVKEY")]);
    let e = failed(chain(&vars, &ProfileSet::default()).poll());
    assert!(e.to_string().contains("Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY"), "{e}");
}

#[test]
fn nothing_found_lists_what_was_tried() {
    let vars = no_imds(&[]);
    let profiles = files("[default]\nregion = us-west-2\n", "");
    let mut chain = chain(&vars, &profiles);
    assert_eq!(chain.provider(), None);
    let e = failed(chain.poll());
    assert!(matches!(e, Error::NoCredentials(_)));
    let text = e.to_string();
    for tried in [
        "environment variables",
        "assume-role",
        "web identity",
        "SSO",
        "shared credentials file",
        "credential_process",
        "config file",
        "container",
        "instance metadata",
    ] {
        assert!(text.contains(tried), "{text} lacks {tried}");
    }
    // Terminal steps repeat.
    assert!(matches!(chain.poll(), Step::Failed(Error::NoCredentials(_))));
}

#[test]
fn container_comes_before_imds_and_after_profiles() {
    let vars = env(&[("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc")]);
    let empty = ProfileSet::default();
    assert_eq!(chain(&vars, &empty).provider(), Some("container-role"));
    let profiles = files("", "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = s\n");
    assert_eq!(chain(&vars, &profiles).provider(), Some("shared-credentials-file"));
    assert_eq!(chain(&env(&[]), &empty).provider(), Some("iam-role"));
}

#[test]
fn call_order_is_enforced() {
    let vars = env(&[]);
    let profiles = ProfileSet::default();
    let mut chain = chain(&vars, &profiles);
    let first = chain.poll();
    assert!(matches!(first, Step::NeedHttp { .. }));
    assert_eq!(chain.poll(), first, "polling again repeats the pending step");
    chain.handle_file(Some("not what was asked".into()));
    let e = failed(chain.poll());
    assert!(e.to_string().contains("did not ask for"), "{e}");
}

#[test]
fn debug_output_hides_secrets() {
    let vars = no_imds(&[
        ("AWS_ACCESS_KEY_ID", "AKIDVISIBLE"),
        ("AWS_SECRET_ACCESS_KEY", "top-secret"),
        ("AWS_SESSION_TOKEN", "tok-secret"),
    ]);
    let profiles = ProfileSet::default();
    let mut chain = chain(&vars, &profiles);
    let step = chain.poll();
    let text = format!("{} {chain:?}", printed(&step));
    assert!(text.contains("AKIDVISIBLE"));
    assert!(!text.contains("top-secret") && !text.contains("tok-secret"), "{text}");
    let _ = now();
}

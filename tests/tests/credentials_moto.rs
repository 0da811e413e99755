//! The credential chain through a `Session`, against moto's STS: an assume-role profile
//! (`role_arn` + `source_profile`), a chain of two roles, and web identity
//! (`AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`). moto does not verify the web identity
//! token nor the role's trust policy; it does return real-looking temporary credentials,
//! which Stratus then signs with.

use std::collections::HashMap;

use serde_json::json;
use stratus::{ClientOptions, Session};
use stratus_tests::peers::{moto_url, unique};

fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    let mut env: HashMap<String, String> = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    env.insert("AWS_ENDPOINT_URL".into(), moto_url());
    env.insert("HOME".into(), "/nonexistent-stratus-home".into());
    env
}

fn caller_arn(session: &Session) -> String {
    let sts =
        session.blocking_client("sts", &ClientOptions { allow_http: true, ..Default::default() }).expect("sts client");
    let me = sts.call("GetCallerIdentity", json!({})).expect("GetCallerIdentity with the chain's credentials");
    me["Arn"].as_str().expect("Arn").to_owned()
}

#[test]
fn assume_role_profile_with_source_profile() {
    let config = "[profile base]\nregion = us-east-1\n\n[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = base\nrole_session_name = stratus-test\nregion = us-east-1\n";
    let credentials = "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n";
    let session = Session::builder()
        .profile_name("dev")
        .environment(env(&[]))
        .config_files(Some(config.into()), Some(credentials.into()))
        .build()
        .expect("session");
    let provider = session.credentials_provider().clone();
    let sts = session.blocking_client("sts", &ClientOptions { allow_http: true, ..Default::default() }).expect("sts");
    let creds = stratus::blocking::block_on(provider.get(sts.inner().transport())).expect("assumed credentials");
    assert_eq!(creds.provider, "assume-role");
    assert!(creds.session_token.is_some() && creds.expiration.is_some());
    assert!(!format!("{creds:?}").contains(creds.secret_access_key.expose()), "Debug hides the secret");
    let arn = caller_arn(&session);
    assert!(arn.contains("assumed-role/dev/stratus-test"), "{arn}");
}

#[test]
fn chained_roles() {
    let config = "[profile base]\nregion = us-east-1\n[profile first]\nrole_arn = arn:aws:iam::123456789012:role/first\nsource_profile = base\n[profile second]\nrole_arn = arn:aws:iam::123456789012:role/second\nsource_profile = first\nrole_session_name = hop2\nregion = us-east-1\n";
    let credentials = "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n";
    let session = Session::builder()
        .profile_name("second")
        .environment(env(&[]))
        .config_files(Some(config.into()), Some(credentials.into()))
        .build()
        .expect("session");
    let arn = caller_arn(&session);
    assert!(arn.contains("assumed-role/second/hop2"), "{arn}");
}

#[test]
fn web_identity_from_environment() {
    let dir = std::env::temp_dir().join(unique("stratus-wi"));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let token = dir.join("token");
    std::fs::write(&token, "eyJhbGciOiJIUzI1NiJ9.e30.not-checked-by-moto").expect("token file");
    let token_path = token.to_string_lossy().into_owned();
    let session = Session::builder()
        .region_name("us-east-1")
        .environment(env(&[
            ("AWS_WEB_IDENTITY_TOKEN_FILE", &token_path),
            ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web"),
            ("AWS_ROLE_SESSION_NAME", "web-session"),
        ]))
        .config_files(None, None)
        .build()
        .expect("session");
    let arn = caller_arn(&session);
    assert!(arn.contains("assumed-role/web/web-session"), "{arn}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn environment_credentials_and_missing_profile() {
    let session = Session::builder()
        .region_name("us-east-1")
        .environment(env(&[("AWS_ACCESS_KEY_ID", "AKIDENV"), ("AWS_SECRET_ACCESS_KEY", "env-secret")]))
        .config_files(None, None)
        .build()
        .expect("session");
    assert!(!caller_arn(&session).is_empty());
    let missing = Session::builder().profile_name("nope").environment(env(&[])).config_files(None, None).build();
    let err = missing.expect_err("no such profile");
    assert_eq!(err.to_string(), "invalid configuration: The config profile (nope) could not be found");
}

#[test]
fn no_credentials_is_a_clear_error() {
    let session = Session::builder()
        .region_name("us-east-1")
        .environment(env(&[("AWS_EC2_METADATA_DISABLED", "true")]))
        .config_files(None, None)
        .build()
        .expect("session");
    let sts = session.blocking_client("sts", &ClientOptions { allow_http: true, ..Default::default() }).expect("sts");
    let err = sts.call("GetCallerIdentity", json!({})).expect_err("no credentials anywhere");
    assert!(err.to_string().starts_with("Unable to locate credentials"), "{err}");
}

#[test]
fn debug_output_of_sessions_and_clients_hides_secrets() {
    let config = "[profile p]\nregion = us-east-1\n";
    let credentials = "[p]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret-value\naws_session_token = file-token-value\n";
    let session = Session::builder()
        .profile_name("p")
        .environment(env(&[("AWS_SECRET_ACCESS_KEY", "env-secret-value"), ("AWS_SESSION_TOKEN", "env-token-value")]))
        .config_files(Some(config.into()), Some(credentials.into()))
        .credentials("AKIDEXPLICIT", "explicit-secret-value", Some("explicit-token-value".into()))
        .build()
        .expect("session");
    let client =
        session.blocking_client("sts", &ClientOptions { allow_http: true, ..Default::default() }).expect("client");
    let shown = format!("{session:?} {client:?}");
    for secret in [
        "file-secret-value",
        "file-token-value",
        "env-secret-value",
        "env-token-value",
        "explicit-secret-value",
        "explicit-token-value",
    ] {
        assert!(!shown.contains(secret), "Debug output shows {secret}");
    }
}

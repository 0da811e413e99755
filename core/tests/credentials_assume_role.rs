//! Assume-role profiles: source profiles, role chains, cycles, credential sources, MFA.

mod credentials_common;

use credentials_common::{done, env, failed, form, http, inputs, no_imds, response, sts_success};
use stratus_core::config::ProfileSet;
use stratus_core::credentials::{CredentialChain, SecretString, Step};
use stratus_core::Error;

const ROLE_A: &str = "arn:aws:iam::123456789012:role/a";
const ROLE_B: &str = "arn:aws:iam::123456789012:role/b";

fn run(config: &str, credentials: &str, vars: &[(&str, &str)], region: Option<&str>) -> CredentialChain {
    let vars = no_imds(vars);
    let profiles = ProfileSet::parse(Some(config), Some(credentials));
    let mut i = inputs(&vars, &profiles);
    i.region = region;
    CredentialChain::new(i)
}

#[test]
fn source_profile_with_static_keys() {
    let config = format!(
        "[profile dev]\nrole_arn = {ROLE_A}\nsource_profile = base\nexternal_id = ext-1\nduration_seconds = 1800\nrole_session_name = me\n"
    );
    let mut chain = run(
        &config,
        "[base]\naws_access_key_id = BASEKEY\naws_secret_access_key = base-secret\n",
        &[("AWS_PROFILE", "dev")],
        Some("eu-west-1"),
    );
    assert_eq!(chain.provider(), Some("assume-role"));
    let (request, sign_with, _) = http(chain.poll());
    assert_eq!((request.method.as_str(), request.url.as_str()), ("POST", "https://sts.eu-west-1.amazonaws.com/"));
    assert_eq!(request.headers.get("content-type"), Some("application/x-www-form-urlencoded; charset=utf-8"));
    let body = form(&request);
    assert_eq!(body["Action"], "AssumeRole");
    assert_eq!(body["Version"], "2011-06-15");
    assert_eq!(body["RoleArn"], ROLE_A);
    assert_eq!(body["RoleSessionName"], "me");
    assert_eq!(body["ExternalId"], "ext-1");
    assert_eq!(body["DurationSeconds"], "1800");
    assert!(!body.contains_key("SerialNumber"));
    let sign_with = sign_with.expect("AssumeRole is signed");
    assert_eq!((sign_with.service.as_str(), sign_with.region.as_str()), ("sts", "eu-west-1"));
    assert_eq!(sign_with.credentials.access_key_id, "BASEKEY");
    assert_eq!(sign_with.credentials.provider, "shared-credentials-file");
    chain.handle_response(sts_success("AssumeRole", "ROLEKEY", "2024-05-01T01:00:00Z"));
    let c = done(chain.poll());
    assert_eq!((c.access_key_id.as_str(), c.provider), ("ROLEKEY", "assume-role"));
    assert_eq!(c.secret_access_key.expose(), "secret-of-ROLEKEY");
    assert_eq!(c.expiration, Some(time::macros::datetime!(2024-05-01 01:00:00 UTC)));
}

#[test]
fn default_session_name_uses_the_passed_in_time() {
    let config = format!("[default]\nrole_arn = {ROLE_A}\nsource_profile = base\n");
    let mut chain = run(&config, "[base]\naws_access_key_id = K\naws_secret_access_key = s\n", &[], None);
    let (request, _, _) = http(chain.poll());
    assert_eq!(form(&request)["RoleSessionName"], "botocore-session-1714521600");
    // No region anywhere: the global endpoint, signed for us-east-1.
    assert_eq!(request.url, "https://sts.amazonaws.com/");
}

#[test]
fn role_chain_assumes_the_innermost_role_first() {
    let config = format!(
        "[profile a]\nrole_arn = {ROLE_A}\nsource_profile = b\n[profile b]\nrole_arn = {ROLE_B}\nsource_profile = c\n[profile c]\naws_access_key_id = CKEY\naws_secret_access_key = c-secret\n"
    );
    let mut chain = run(&config, "", &[("AWS_PROFILE", "a"), ("AWS_REGION", "us-west-2")], None);
    let (first, sign, _) = http(chain.poll());
    assert_eq!(form(&first)["RoleArn"], ROLE_B);
    assert_eq!(sign.expect("signed").credentials.access_key_id, "CKEY");
    chain.handle_response(sts_success("AssumeRole", "BKEY", "2024-05-01T01:00:00Z"));
    let (second, sign, _) = http(chain.poll());
    assert_eq!(form(&second)["RoleArn"], ROLE_A);
    assert_eq!(sign.expect("signed").credentials.access_key_id, "BKEY");
    assert_eq!(second.url, "https://sts.us-west-2.amazonaws.com/");
    chain.handle_response(sts_success("AssumeRole", "AKEY", "2024-05-01T01:00:00Z"));
    assert_eq!(done(chain.poll()).access_key_id, "AKEY");
}

#[test]
fn cycles_are_detected() {
    let config = format!(
        "[profile a]\nrole_arn = {ROLE_A}\nsource_profile = b\n[profile b]\nrole_arn = {ROLE_B}\nsource_profile = a\n"
    );
    let e = failed(run(&config, "", &[("AWS_PROFILE", "a")], None).poll());
    assert!(matches!(e, Error::Config(_)));
    assert!(e.to_string().contains("Infinite loop in credential configuration detected"), "{e}");
    assert!(e.to_string().contains("Attempting to load from profile a"), "{e}");
    // A profile may name itself when it also holds static keys...
    let config = format!(
        "[profile s]\nrole_arn = {ROLE_A}\nsource_profile = s\naws_access_key_id = SKEY\naws_secret_access_key = x\n"
    );
    let mut chain = run(&config, "", &[("AWS_PROFILE", "s")], None);
    let (_, sign, _) = http(chain.poll());
    assert_eq!(sign.expect("signed").credentials.access_key_id, "SKEY");
    // ...but not without them.
    let config = format!("[profile s]\nrole_arn = {ROLE_A}\nsource_profile = s\n");
    let e = failed(run(&config, "", &[("AWS_PROFILE", "s")], None).poll());
    assert!(e.to_string().contains("Infinite loop"), "{e}");
}

#[test]
fn invalid_role_configurations() {
    let cases = [
        (
            format!("[default]\nrole_arn = {ROLE_A}\nsource_profile = missing\n"),
            "The source_profile \"missing\" referenced in the profile \"default\" does not exist.",
        ),
        (
            format!(
                "[default]\nrole_arn = {ROLE_A}\nsource_profile = x\ncredential_source = Environment\n[profile x]\n"
            ),
            "contains both source_profile and credential_source",
        ),
        (
            format!("[default]\nrole_arn = {ROLE_A}\n"),
            "Partial credentials found in assume-role, missing: source_profile or credential_source",
        ),
        (
            format!("[default]\nrole_arn = {ROLE_A}\ncredential_source = environment\n"),
            "The credential source \"environment\" referenced in profile \"default\" is not valid.",
        ),
        (
            format!("[default]\nrole_arn = {ROLE_A}\nsource_profile = empty\n[profile empty]\nregion = x\n"),
            "The source profile \"empty\" must have credentials.",
        ),
    ];
    for (config, want) in cases {
        let e = failed(run(&config, "", &[], None).poll());
        assert!(e.to_string().contains(want), "{e} lacks {want}");
    }
}

#[test]
fn credential_source_environment_and_container() {
    let config = format!("[default]\nrole_arn = {ROLE_A}\ncredential_source = Environment\n");
    let e = failed(run(&config, "", &[], None).poll());
    assert_eq!(
        e.to_string(),
        "Unable to locate credentials: Error when retrieving credentials from Environment: No credentials found in credential_source referenced in profile default"
    );
    let vars = no_imds(&[("AWS_ACCESS_KEY_ID", "ENVKEY"), ("AWS_SECRET_ACCESS_KEY", "s")]);
    let profiles = ProfileSet::parse(Some(&config), None);
    let mut i = inputs(&vars, &profiles);
    i.profile_name = Some("default"); // Environment as a credential_source works even then.
    let mut chain = CredentialChain::new(i);
    let (_, sign, _) = http(chain.poll());
    assert_eq!(sign.expect("signed").credentials.provider, "env");

    let config = format!("[default]\nrole_arn = {ROLE_A}\ncredential_source = EcsContainer\n");
    let mut chain = run(&config, "", &[("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds")], None);
    let (container, sign, _) = http(chain.poll());
    assert_eq!((container.url.as_str(), sign), ("http://169.254.170.2/creds", None));
    chain.handle_response(response(
        200,
        r#"{"AccessKeyId":"ECSKEY","SecretAccessKey":"s","Token":"t","Expiration":"2024-05-01T06:00:00Z"}"#,
    ));
    let (sts, sign, _) = http(chain.poll());
    assert_eq!(form(&sts)["Action"], "AssumeRole");
    assert_eq!(sign.expect("signed").credentials.access_key_id, "ECSKEY");
}

#[test]
fn credential_source_instance_metadata_without_imds() {
    let config = format!("[default]\nrole_arn = {ROLE_A}\ncredential_source = Ec2InstanceMetadata\n");
    let vars = env(&[]);
    let profiles = ProfileSet::parse(Some(&config), None);
    let mut chain = CredentialChain::new(inputs(&vars, &profiles));
    let (token, _, _) = http(chain.poll());
    assert_eq!(token.method, "PUT");
    chain.handle_transport_error("connect timeout");
    let (role, _, _) = http(chain.poll()); // IMDSv1 fallback
    assert_eq!(role.method, "GET");
    chain.handle_transport_error("connect timeout");
    let e = failed(chain.poll());
    assert!(e.to_string().contains("Error when retrieving credentials from Ec2InstanceMetadata: No credentials found in credential_source referenced in profile default"), "{e}");
}

#[test]
fn mfa_serial_asks_for_a_code() {
    let config = format!(
        "[default]\nrole_arn = {ROLE_A}\nsource_profile = base\nmfa_serial = arn:aws:iam::123456789012:mfa/me\n"
    );
    let mut chain = run(&config, "[base]\naws_access_key_id = K\naws_secret_access_key = s\n", &[], Some("us-east-1"));
    assert_eq!(chain.poll(), Step::NeedMfaCode { mfa_serial: "arn:aws:iam::123456789012:mfa/me".into() });
    chain.handle_mfa_code("123456");
    let (request, _, _) = http(chain.poll());
    let body = form(&request);
    assert_eq!(
        (body["SerialNumber"].as_str(), body["TokenCode"].as_str()),
        ("arn:aws:iam::123456789012:mfa/me", "123456")
    );
}

#[test]
fn sts_errors_and_endpoints() {
    let config = format!("[default]\nrole_arn = {ROLE_A}\nsource_profile = base\nsts_regional_endpoints = legacy\n");
    let creds = "[base]\naws_access_key_id = K\naws_secret_access_key = s\n";
    let mut chain = run(&config, creds, &[], Some("us-east-1"));
    let (request, sign, _) = http(chain.poll());
    assert_eq!(request.url, "https://sts.amazonaws.com/", "legacy mode uses the global endpoint");
    assert_eq!(sign.expect("signed").region, "us-east-1");
    let body = r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole</Message></Error><RequestId>r-1</RequestId></ErrorResponse>"#;
    chain.handle_response(response(403, body));
    let Error::Service(e) = failed(chain.poll()) else { panic!("service error") };
    assert_eq!((e.code.as_str(), e.status), ("AccessDenied", 403));

    let mut chain = run(&config, creds, &[("AWS_ENDPOINT_URL_STS", "http://localhost:4566")], Some("ap-south-1"));
    let (request, sign, _) = http(chain.poll());
    assert_eq!(request.url, "http://localhost:4566");
    assert_eq!(sign.expect("signed").region, "ap-south-1");
    chain.handle_transport_error("connection refused");
    assert!(matches!(failed(chain.poll()), Error::Transport(_)));
}

#[test]
fn source_profile_using_web_identity() {
    let config = format!(
        "[profile a]\nrole_arn = {ROLE_A}\nsource_profile = w\n[profile w]\nrole_arn = {ROLE_B}\nweb_identity_token_file = /var/run/token\n"
    );
    // AWS_WEB_IDENTITY_TOKEN_FILE is ignored for source profiles (environment disabled).
    let mut chain =
        run(&config, "", &[("AWS_PROFILE", "a"), ("AWS_WEB_IDENTITY_TOKEN_FILE", "/env/token")], Some("us-west-2"));
    let Step::NeedFile(file) = chain.poll() else { panic!("token file first") };
    assert_eq!(file.path, "/var/run/token");
    chain.handle_file(Some("jwt-token\n".into()));
    let (web, sign, _) = http(chain.poll());
    assert!(sign.is_none());
    assert_eq!(form(&web)["RoleArn"], ROLE_B);
    chain.handle_response(sts_success("AssumeRoleWithWebIdentity", "WEBKEY", "2024-05-01T01:00:00Z"));
    let (assume, sign, _) = http(chain.poll());
    assert_eq!(form(&assume)["RoleArn"], ROLE_A);
    let sign = sign.expect("signed");
    assert_eq!(
        (sign.credentials.access_key_id.as_str(), sign.credentials.provider),
        ("WEBKEY", "assume-role-with-web-identity")
    );
    assert_eq!(sign.credentials.session_token.as_ref().map(SecretString::expose), Some("token-of-WEBKEY"));
}

//! Web identity: `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`, or the profile's keys.

mod credentials_common;

use credentials_common::{done, failed, form, http, inputs, no_imds, printed, response, sts_success};
use stratus_core::config::ProfileSet;
use stratus_core::credentials::{CredentialChain, FilePurpose, Step};
use stratus_core::Error;

const ROLE: &str = "arn:aws:iam::123456789012:role/web";

#[test]
fn environment_web_identity_flow() {
    let vars = no_imds(&[
        ("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/eks/token"),
        ("AWS_ROLE_ARN", ROLE),
        ("AWS_ROLE_SESSION_NAME", "pod-1"),
        ("AWS_REGION", "eu-central-1"),
    ]);
    let profiles = ProfileSet::default();
    let mut chain = CredentialChain::new(inputs(&vars, &profiles));
    assert_eq!(chain.provider(), Some("assume-role-with-web-identity"));
    let Step::NeedFile(file) = chain.poll() else { panic!("reads the token file") };
    assert_eq!((file.path.as_str(), file.purpose), ("/var/run/secrets/eks/token", FilePurpose::WebIdentityToken));
    chain.handle_file(Some("eyJhbGciOi.jwt.sig\n".into()));
    let step = chain.poll();
    assert!(!printed(&step).contains("eyJhbGciOi"), "the token is not printed");
    let (request, sign_with, _) = http(step);
    assert!(sign_with.is_none(), "AssumeRoleWithWebIdentity is unsigned");
    assert_eq!(request.url, "https://sts.eu-central-1.amazonaws.com/");
    let body = form(&request);
    assert_eq!(body["Action"], "AssumeRoleWithWebIdentity");
    assert_eq!(body["RoleArn"], ROLE);
    assert_eq!(body["RoleSessionName"], "pod-1");
    assert_eq!(body["WebIdentityToken"], "eyJhbGciOi.jwt.sig");
    chain.handle_response(sts_success("AssumeRoleWithWebIdentity", "WEBKEY", "2024-05-01T01:00:00Z"));
    let c = done(chain.poll());
    assert_eq!((c.access_key_id.as_str(), c.provider), ("WEBKEY", "assume-role-with-web-identity"));
}

#[test]
fn profile_web_identity_and_env_override_per_key() {
    let config = format!("[profile w]\nweb_identity_token_file = /profile/token\nrole_arn = {ROLE}\n");
    let profiles = ProfileSet::parse(Some(&config), None);
    let vars = no_imds(&[("AWS_PROFILE", "w"), ("AWS_ROLE_ARN", "arn:aws:iam::1:role/from-env")]);
    let mut chain = CredentialChain::new(inputs(&vars, &profiles));
    let Step::NeedFile(file) = chain.poll() else { panic!("token file") };
    assert_eq!(file.path, "/profile/token");
    chain.handle_file(Some("t".into()));
    let (request, _, _) = http(chain.poll());
    assert_eq!(form(&request)["RoleArn"], "arn:aws:iam::1:role/from-env");
    assert_eq!(form(&request)["RoleSessionName"], "botocore-session-1714521600");
    // A profile named in code ignores the environment variables.
    let mut i = inputs(&vars, &profiles);
    i.profile_name = Some("w");
    let mut chain = CredentialChain::new(i);
    chain.poll();
    chain.handle_file(Some("t".into()));
    let (request, _, _) = http(chain.poll());
    assert_eq!(form(&request)["RoleArn"], ROLE);
}

#[test]
fn missing_role_arn_and_unreadable_token() {
    let vars = no_imds(&[("AWS_WEB_IDENTITY_TOKEN_FILE", "/t")]);
    let profiles = ProfileSet::default();
    let e = failed(CredentialChain::new(inputs(&vars, &profiles)).poll());
    assert!(e.to_string().contains("has no role ARN configured"), "{e}");

    let vars = no_imds(&[("AWS_WEB_IDENTITY_TOKEN_FILE", "/t"), ("AWS_ROLE_ARN", ROLE)]);
    let mut chain = CredentialChain::new(inputs(&vars, &profiles));
    chain.poll();
    chain.handle_file(None);
    let e = failed(chain.poll());
    assert!(matches!(e, Error::NoCredentials(_)));
    assert!(e.to_string().contains("cannot read the web identity token file '/t'"), "{e}");
}

#[test]
fn sts_rejection_is_reported() {
    let vars = no_imds(&[("AWS_WEB_IDENTITY_TOKEN_FILE", "/t"), ("AWS_ROLE_ARN", ROLE)]);
    let profiles = ProfileSet::default();
    let mut chain = CredentialChain::new(inputs(&vars, &profiles));
    chain.poll();
    chain.handle_file(Some("bad".into()));
    chain.poll();
    let body = "<ErrorResponse><Error><Code>InvalidIdentityToken</Code><Message>Incorrect token audience</Message></Error></ErrorResponse>";
    chain.handle_response(response(400, body));
    let e = failed(chain.poll());
    assert_eq!(e.to_string(), "InvalidIdentityToken: Incorrect token audience (HTTP 400)");
}

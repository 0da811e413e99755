//! SSO profiles: token cache file names, GetRoleCredentials, expiry and configuration errors.

mod credentials_common;

use credentials_common::{done, failed, http, inputs, no_imds, printed, response};
use stratus_core::config::ProfileSet;
use stratus_core::credentials::{CredentialChain, FilePurpose, Step};
use stratus_core::http::HttpResponse;
use stratus_core::Error;

const SESSION_CONFIG: &str = "[profile dev]\nsso_session = my-sso\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n\
[sso-session my-sso]\nsso_start_url = https://d-abc123.awsapps.com/start\nsso_region = us-east-2\nsso_registration_scopes = sso:account:access\n";
const LEGACY_CONFIG: &str = "[profile dev]\nsso_start_url = https://d-abc123.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n";
const TOKEN: &str = r#"{"startUrl": "https://d-abc123.awsapps.com/start", "region": "us-east-2", "accessToken": "sso-access-token-secret", "expiresAt": "2024-05-01T08:00:00Z"}"#;

fn start(config: &str) -> CredentialChain {
    let vars = no_imds(&[("AWS_PROFILE", "dev")]);
    let profiles = ProfileSet::parse(Some(config), None);
    CredentialChain::new(inputs(&vars, &profiles))
}

fn token_path(chain: &mut CredentialChain) -> String {
    match chain.poll() {
        Step::NeedFile(f) if f.purpose == FilePurpose::SsoTokenCache => f.path,
        other => panic!("expected the SSO cache file, got {other:?}"),
    }
}

#[test]
fn sso_session_profile() {
    let mut chain = start(SESSION_CONFIG);
    assert_eq!(chain.provider(), Some("sso"));
    // sha1("my-sso"), as botocore's SSOTokenLoader names it.
    assert_eq!(token_path(&mut chain), "/home/me/.aws/sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json");
    chain.handle_file(Some(TOKEN.into()));
    let step = chain.poll();
    assert!(!printed(&step).contains("sso-access-token-secret"));
    let (request, sign_with, _) = http(step);
    assert!(sign_with.is_none());
    assert_eq!(request.method, "GET");
    assert_eq!(
        request.url,
        "https://portal.sso.us-east-2.amazonaws.com/federation/credentials?role_name=ReadOnly&account_id=111122223333"
    );
    assert_eq!(request.headers.get("x-amz-sso_bearer_token"), Some("sso-access-token-secret"));
    let body = r#"{"roleCredentials":{"accessKeyId":"SSOKEY","secretAccessKey":"sso-secret","sessionToken":"sso-token","expiration":1714554000000}}"#;
    chain.handle_response(response(200, body));
    let c = done(chain.poll());
    assert_eq!((c.access_key_id.as_str(), c.provider), ("SSOKEY", "sso"));
    assert_eq!(c.expiration, Some(time::macros::datetime!(2024-05-01 09:00:00 UTC)));
}

#[test]
fn legacy_profile_uses_the_start_url_hash() {
    let mut chain = start(LEGACY_CONFIG);
    // sha1("https://d-abc123.awsapps.com/start").
    assert_eq!(token_path(&mut chain), "/home/me/.aws/sso/cache/40a89917e3175433e361b710a9d43528d7f1890a.json");
    chain.handle_file(Some(TOKEN.replace("2024-05-01T08:00:00Z", "2024-05-01T08:00:00UTC")));
    let (request, _, _) = http(chain.poll());
    assert!(request.url.starts_with("https://portal.sso.eu-west-1.amazonaws.com/"), "{}", request.url);
}

#[test]
fn missing_expired_or_rejected_tokens() {
    let mut chain = start(SESSION_CONFIG);
    token_path(&mut chain);
    chain.handle_file(None);
    let e = failed(chain.poll());
    assert_eq!(e.to_string(), "Unable to locate credentials: Error loading SSO Token: Token for my-sso does not exist");

    let mut chain = start(SESSION_CONFIG);
    token_path(&mut chain);
    chain.handle_file(Some(TOKEN.replace("2024-05-01T08:00:00Z", "2024-04-30T23:59:59Z")));
    let e = failed(chain.poll());
    assert!(
        e.to_string().contains("has expired or is otherwise invalid. To refresh this SSO session run aws sso login"),
        "{e}"
    );

    let mut chain = start(SESSION_CONFIG);
    token_path(&mut chain);
    chain.handle_file(Some(r#"{"accessToken": "x"}"#.into()));
    assert!(failed(chain.poll()).to_string().contains("Token for my-sso is invalid"));

    let mut chain = start(SESSION_CONFIG);
    token_path(&mut chain);
    chain.handle_file(Some(TOKEN.into()));
    chain.poll();
    let mut unauthorized = response(401, r#"{"message":"Session token not found or invalid"}"#);
    unauthorized.headers.insert("x-amzn-ErrorType", "UnauthorizedException:http://internal.amazon.com/");
    chain.handle_response(unauthorized);
    assert!(failed(chain.poll()).to_string().contains("run aws sso login"));

    let mut chain = start(SESSION_CONFIG);
    token_path(&mut chain);
    chain.handle_file(Some(TOKEN.into()));
    chain.poll();
    let mut forbidden =
        HttpResponse { status: 403, body: br#"{"message":"No access"}"#.to_vec(), ..Default::default() };
    forbidden.headers.insert("x-amzn-ErrorType", "ForbiddenException");
    chain.handle_response(forbidden);
    let Error::Service(e) = failed(chain.poll()) else { panic!("service error") };
    assert_eq!((e.code.as_str(), e.message.as_str()), ("ForbiddenException", "No access"));
}

#[test]
fn configuration_errors() {
    let cases = [
        ("[profile dev]\nsso_session = nope\nsso_account_id = 1\nsso_role_name = r\n", "The specified sso-session does not exist: \"nope\""),
        ("[profile dev]\nsso_account_id = 1\nsso_role_name = r\n", "is configured to use SSO but is missing required configuration: sso_start_url, sso_region"),
        (
            "[profile dev]\nsso_session = s\nsso_account_id = 1\nsso_role_name = r\nsso_region = us-west-2\n[sso-session s]\nsso_start_url = https://x\nsso_region = us-east-1\n",
            "The value for sso_region is inconsistent between profile (us-west-2) and sso-session (us-east-1).",
        ),
    ];
    for (config, want) in cases {
        let e = failed(start(config).poll());
        assert!(matches!(e, Error::Config(_)), "{e:?}");
        assert!(e.to_string().contains(want), "{e} lacks {want}");
    }
}

//! EC2 instance metadata: the IMDSv2 token flow, the IMDSv1 fallback and its switch, settings.

mod credentials_common;

use std::time::Duration;

use credentials_common::{done, env, failed, http, inputs, printed, response};
use stratus_core::config::ProfileSet;
use stratus_core::credentials::{CredentialChain, Step};
use stratus_core::http::HttpRequest;
use stratus_core::Error;

const CREDS: &str = r#"{"Code":"Success","LastUpdated":"2024-04-30T23:50:00Z","Type":"AWS-HMAC","AccessKeyId":"IMDSKEY","SecretAccessKey":"imds-secret","Token":"imds-token","Expiration":"2024-05-01T06:00:00Z"}"#;

fn start(pairs: &[(&str, &str)], config: Option<&str>) -> CredentialChain {
    let vars = env(pairs);
    let profiles = ProfileSet::parse(config, None);
    CredentialChain::new(inputs(&vars, &profiles))
}

fn next(chain: &mut CredentialChain) -> HttpRequest {
    http(chain.poll()).0
}

#[test]
fn imdsv2_token_flow() {
    let mut chain = start(&[], None);
    assert_eq!(chain.provider(), Some("iam-role"));
    let (token, sign_with, timeout) = http(chain.poll());
    assert_eq!((token.method.as_str(), token.url.as_str()), ("PUT", "http://169.254.169.254/latest/api/token"));
    assert_eq!(token.headers.get("x-aws-ec2-metadata-token-ttl-seconds"), Some("21600"));
    assert_eq!((sign_with, timeout), (None, Some(Duration::from_secs(1))));
    chain.handle_response(response(200, "imds-session-token"));

    let step = chain.poll();
    assert!(!printed(&step).contains("imds-session-token"), "the token header is redacted");
    let (role, _, _) = http(step);
    assert_eq!(
        (role.method.as_str(), role.url.as_str()),
        ("GET", "http://169.254.169.254/latest/meta-data/iam/security-credentials/")
    );
    assert_eq!(role.headers.get("x-aws-ec2-metadata-token"), Some("imds-session-token"));
    chain.handle_response(response(200, "my-instance-role\n"));

    let creds = next(&mut chain);
    assert_eq!(creds.url, "http://169.254.169.254/latest/meta-data/iam/security-credentials/my-instance-role");
    assert_eq!(creds.headers.get("x-aws-ec2-metadata-token"), Some("imds-session-token"));
    chain.handle_response(response(200, CREDS));
    let c = done(chain.poll());
    assert_eq!((c.access_key_id.as_str(), c.provider), ("IMDSKEY", "iam-role"));
    assert_eq!(c.expiration, Some(time::macros::datetime!(2024-05-01 06:00:00 UTC)));
}

#[test]
fn imdsv1_fallback_on_403_404_405_and_transport_errors() {
    for status in [403, 404, 405] {
        let mut chain = start(&[], None);
        next(&mut chain);
        chain.handle_response(response(status, ""));
        let role = next(&mut chain);
        assert_eq!(role.method, "GET", "{status}");
        assert!(role.headers.get("x-aws-ec2-metadata-token").is_none(), "v1 requests carry no token");
        chain.handle_response(response(200, "r"));
        next(&mut chain);
        chain.handle_response(response(200, CREDS));
        assert_eq!(done(chain.poll()).access_key_id, "IMDSKEY");
    }
    let mut chain = start(&[], None);
    next(&mut chain);
    chain.handle_transport_error("read timeout");
    assert!(next(&mut chain).headers.get("x-aws-ec2-metadata-token").is_none());
}

#[test]
fn v1_fallback_can_be_disabled() {
    for (vars, config) in [
        (vec![("AWS_EC2_METADATA_V1_DISABLED", "true")], None),
        (vec![], Some("[default]\nec2_metadata_v1_disabled = True\n")),
    ] {
        let mut chain = start(&vars, config);
        next(&mut chain);
        chain.handle_response(response(404, ""));
        let e = failed(chain.poll());
        assert!(
            e.to_string().contains("Unable to retrieve token for use in IMDSv2 call and IMDSv1 has been disabled"),
            "{e}"
        );
    }
}

#[test]
fn not_on_ec2_means_no_credentials() {
    let mut chain = start(&[], None);
    next(&mut chain);
    chain.handle_transport_error("connect timeout");
    next(&mut chain);
    chain.handle_transport_error("connect timeout");
    let e = failed(chain.poll());
    assert!(matches!(e, Error::NoCredentials(_)));
    assert!(e.to_string().contains("no instance role credentials from IMDS (transport error: connect timeout)"), "{e}");

    let mut chain = start(&[], None);
    next(&mut chain);
    chain.handle_response(response(400, ""));
    assert!(failed(chain.poll()).to_string().contains("IMDS rejected the token request"));

    let mut chain = start(&[], None);
    next(&mut chain);
    chain.handle_response(response(200, "t"));
    next(&mut chain);
    chain.handle_response(response(404, ""));
    assert!(failed(chain.poll()).to_string().contains("(HTTP 404)"), "no role attached");

    let mut chain = start(&[], None);
    for body in ["t", "role"] {
        next(&mut chain);
        chain.handle_response(response(200, body));
    }
    next(&mut chain);
    chain.handle_response(response(
        200,
        r#"{"Code":"AssumeRoleUnauthorizedAccess","Message":"EC2 cannot assume the role"}"#,
    ));
    assert!(failed(chain.poll()).to_string().contains("AssumeRoleUnauthorizedAccess"));
}

#[test]
fn disabled_endpoint_mode_and_attempts() {
    let mut chain = start(&[("AWS_EC2_METADATA_DISABLED", "TRUE")], None);
    assert!(matches!(chain.poll(), Step::Failed(Error::NoCredentials(_))));

    let chain_url = |pairs: &[(&str, &str)], config: Option<&str>| next(&mut start(pairs, config)).url;
    assert_eq!(
        chain_url(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6")], None),
        "http://[fd00:ec2::254]/latest/api/token"
    );
    assert_eq!(chain_url(&[], Some("[default]\nimds_use_ipv6 = true\n")), "http://[fd00:ec2::254]/latest/api/token");
    assert_eq!(
        chain_url(
            &[
                ("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1338"),
                ("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ipv6")
            ],
            None
        ),
        "http://127.0.0.1:1338/latest/api/token"
    );
    let e = failed(start(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ipv5")], None).poll());
    assert!(e.to_string().contains("expected ipv4 or ipv6"), "{e}");

    let mut chain = start(&[("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "2"), ("AWS_METADATA_SERVICE_TIMEOUT", "5")], None);
    let (_, _, timeout) = http(chain.poll());
    assert_eq!(timeout, Some(Duration::from_secs(5)));
    chain.handle_response(response(200, "t"));
    next(&mut chain);
    chain.handle_response(response(500, ""));
    let retry = next(&mut chain);
    assert!(retry.url.ends_with("/security-credentials/"), "the role-name request is retried");
}

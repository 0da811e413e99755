//! Container credentials (ECS, EKS Pod Identity): URIs, the host allow-list, auth tokens.

mod credentials_common;

use std::time::Duration;

use credentials_common::{done, env, failed, http, inputs, printed, response};
use stratus_core::config::ProfileSet;
use stratus_core::credentials::{CredentialChain, FilePurpose, Step};
use stratus_core::Error;

const CREDS: &str = r#"{"AccessKeyId":"ECSKEY","SecretAccessKey":"ecs-secret","Token":"ecs-token","Expiration":"2024-05-01T06:00:00Z","RoleArn":"arn:aws:iam::1:role/task"}"#;

fn start(pairs: &[(&str, &str)]) -> CredentialChain {
    let vars = env(pairs);
    let profiles = ProfileSet::default();
    CredentialChain::new(inputs(&vars, &profiles))
}

#[test]
fn relative_uri_goes_to_the_ecs_agent() {
    let mut chain = start(&[("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc-123")]);
    let (request, sign_with, timeout) = http(chain.poll());
    assert_eq!((request.method.as_str(), request.url.as_str()), ("GET", "http://169.254.170.2/v2/credentials/abc-123"));
    assert_eq!(request.headers.get("accept"), Some("application/json"));
    assert!(request.headers.get("authorization").is_none());
    assert_eq!((sign_with, timeout), (None, Some(Duration::from_secs(2))));
    chain.handle_response(response(200, CREDS));
    let c = done(chain.poll());
    assert_eq!((c.access_key_id.as_str(), c.provider), ("ECSKEY", "container-role"));
    assert_eq!(c.expiration, Some(time::macros::datetime!(2024-05-01 06:00:00 UTC)));
}

#[test]
fn full_uri_with_token_and_allow_list() {
    let mut chain = start(&[
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.170.23/v1/credentials"),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "auth-token-secret"),
    ]);
    let step = chain.poll();
    assert!(!printed(&step).contains("auth-token-secret"));
    let (request, _, _) = http(step);
    assert_eq!(request.headers.get("authorization"), Some("auth-token-secret"));
    for url in ["http://169.254.169.254/latest", "http://192.168.1.10/creds", "http://example.com/creds"] {
        let e = failed(start(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", url)]).poll());
        assert!(matches!(e, Error::Config(_)), "{url}");
        assert!(e.to_string().contains("Unsupported host"), "{e}");
    }
    for url in
        ["https://creds.example.com/x", "http://127.0.0.1:51679/creds", "http://[::1]/creds", "http://localhost:8080/"]
    {
        assert!(matches!(start(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", url)]).poll(), Step::NeedHttp { .. }), "{url}");
    }
}

#[test]
fn token_file_is_read_and_checked() {
    let vars = [
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.170.23/v1/credentials"),
        (
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
            "/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token",
        ),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored-when-a-file-is-set"),
    ];
    let mut chain = start(&vars);
    let Step::NeedFile(file) = chain.poll() else { panic!("token file first") };
    assert_eq!(file.purpose, FilePurpose::ContainerAuthorizationToken);
    chain.handle_file(Some("file-token\n".into()));
    let (request, _, _) = http(chain.poll());
    assert_eq!(request.headers.get("authorization"), Some("file-token"));

    let mut chain = start(&vars);
    chain.poll();
    chain.handle_file(Some("two\nlines".into()));
    assert!(failed(chain.poll()).to_string().contains("Auth token value is not a legal header value"));
}

#[test]
fn failures_are_retried_then_reported() {
    let mut chain = start(&[("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds")]);
    http(chain.poll());
    chain.handle_response(response(500, "busy"));
    http(chain.poll());
    chain.handle_transport_error("connection reset");
    http(chain.poll());
    chain.handle_response(response(200, "not json"));
    let e = failed(chain.poll());
    assert!(matches!(e, Error::NoCredentials(_)));
    assert!(
        e.to_string().contains("Error when retrieving credentials from container-role: Unable to parse JSON"),
        "{e}"
    );

    let mut chain = start(&[("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds")]);
    http(chain.poll());
    chain.handle_response(response(
        200,
        r#"{"AccessKeyId":"K","SecretAccessKey":"s","Expiration":"2024-05-01T06:00:00Z"}"#,
    ));
    assert!(failed(chain.poll()).to_string().contains("missing required key 'Token'"));
}

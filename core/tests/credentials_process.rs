//! `credential_process`: the command handed to the caller, and its JSON output parsed.

mod credentials_common;

use credentials_common::{done, failed, inputs, no_imds};
use stratus_core::config::ProfileSet;
use stratus_core::credentials::{CredentialChain, ProcessOutput, Step};

const CONFIG: &str = "[default]\ncredential_process = /opt/bin/creds --account 'my account' --json\n";

fn output(status: Option<i32>, stdout: &str, stderr: &str) -> ProcessOutput {
    ProcessOutput { status, stdout: stdout.as_bytes().to_vec(), stderr: stderr.as_bytes().to_vec() }
}

fn run(stdout: &str, status: Option<i32>) -> Step {
    let vars = no_imds(&[]);
    let profiles = ProfileSet::parse(Some(CONFIG), None);
    let mut chain = CredentialChain::new(inputs(&vars, &profiles));
    let Step::NeedProcess(request) = chain.poll() else { panic!("process step") };
    assert_eq!(request.command_line, "/opt/bin/creds --account 'my account' --json");
    assert_eq!(request.argv, ["/opt/bin/creds", "--account", "my account", "--json"]);
    chain.handle_process_output(output(status, stdout, "helper failed: no session"));
    chain.poll()
}

#[test]
fn version_1_output_with_and_without_expiry() {
    let c = done(run(
        r#"{"Version": 1, "AccessKeyId": "PROCKEY", "SecretAccessKey": "proc-secret", "SessionToken": "proc-token", "Expiration": "2024-05-01T01:00:00Z"}"#,
        Some(0),
    ));
    assert_eq!((c.access_key_id.as_str(), c.provider), ("PROCKEY", "custom-process"));
    assert_eq!(c.expiration, Some(time::macros::datetime!(2024-05-01 01:00:00 UTC)));
    let c = done(run(r#"{"Version": 1, "AccessKeyId": "K", "SecretAccessKey": "s"}"#, Some(0)));
    assert_eq!((c.session_token, c.expiration), (None, None));
}

#[test]
fn bad_outputs() {
    let cases = [
        (
            r#"{"Version": 2, "AccessKeyId": "K", "SecretAccessKey": "s"}"#,
            Some(0),
            "Unsupported version '2' for credential process provider, supported versions: 1",
        ),
        (
            r#"{"AccessKeyId": "K", "SecretAccessKey": "s"}"#,
            Some(0),
            "Unsupported version '<Version key not provided>'",
        ),
        (r#"{"Version": 1, "SecretAccessKey": "s"}"#, Some(0), "missing required key 'AccessKeyId'"),
        (
            r#"{"Version": 1, "AccessKeyId": "K", "SecretAccessKey": "s", "Expiration": "later"}"#,
            Some(0),
            "invalid Expiration timestamp 'later'",
        ),
        ("not json", Some(0), "output is not JSON"),
        ("", Some(1), "exit code 1: helper failed: no session"),
        ("", None, "no exit code"),
    ];
    for (stdout, status, want) in cases {
        let e = failed(run(stdout, status));
        let text = e.to_string();
        assert!(
            text.starts_with("Unable to locate credentials: Error when retrieving credentials from custom-process"),
            "{text}"
        );
        assert!(text.contains(want), "{text} lacks {want}");
    }
}

#[test]
fn process_output_debug_hides_stdout() {
    let out = output(Some(0), r#"{"SecretAccessKey": "very-secret"}"#, "");
    assert!(!format!("{out:?}").contains("very-secret"));
}

#[test]
fn unbalanced_quotes_are_a_configuration_error() {
    let vars = no_imds(&[]);
    let profiles = ProfileSet::parse(Some("[default]\ncredential_process = /bin/x 'open\n"), None);
    let e = failed(CredentialChain::new(inputs(&vars, &profiles)).poll());
    assert!(e.to_string().contains("invalid credential_process"), "{e}");
}

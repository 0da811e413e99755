//! Error reporting of the CLI: aws-cli's wording and exit codes (252 parameter
//! validation, 253 configuration, 254 service error, 2 usage), and help output.
//! The tests that talk to moto compare error codes, not moto's messages.

mod common;

use common::{run_bare, stratus, unique};

#[test]
fn validation_error_names_the_wrong_rules_key() {
    let bucket = unique("badcors");
    stratus(&["s3", "create-bucket", "--bucket", &bucket]).ok();
    let run = stratus(&["s3", "put-bucket-cors", "--bucket", &bucket, "--cors-configuration", r#"{"Rules": []}"#]);
    assert_eq!(run.code, 252, "{run:?}");
    assert!(run.stderr.starts_with("Parameter validation failed:\n"), "{}", run.stderr);
    assert!(
        run.stderr.contains(r#"Unknown parameter in CORSConfiguration: "Rules", must be one of: CORSRules"#),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn service_error_prints_code_operation_message_and_request_id() {
    let run = stratus(&["s3", "get-bucket-cors", "--bucket", &unique("missing")]);
    assert_eq!(run.code, 254, "{run:?}");
    let mut lines = run.stderr.lines();
    let first = lines.next().unwrap_or_default();
    assert!(
        first.starts_with("An error occurred (NoSuchBucket) when calling the GetBucketCors operation: "),
        "{first}"
    );
    let second = lines.next().unwrap_or_default();
    assert!(second.starts_with("(HTTP status 404, request id ") && second.len() > 30, "{second}");
}

#[test]
fn bucket_without_cors_gives_no_such_cors_configuration() {
    let bucket = unique("nocors");
    stratus(&["s3", "create-bucket", "--bucket", &bucket]).ok();
    let run = stratus(&["s3", "get-bucket-cors", "--bucket", &bucket]);
    assert_eq!(run.code, 254, "{run:?}");
    assert!(
        run.stderr.starts_with("An error occurred (NoSuchCORSConfiguration) when calling the GetBucketCors operation"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["s3", "no-such-operation"][..],
        &["s3", "get-bucket-cors", "--bukket", "b"],
        &["no-such-service", "list"],
        &["--output", "yaml", "s3", "list-buckets"],
        &["s3", "list-buckets", "--query", "Buckets[?"],
        &["s3", "cp", "a", "b"],
    ] {
        let run = run_bare(args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(!run.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn no_verify_ssl_is_refused_with_advice() {
    let run = run_bare(&["--no-verify-ssl", "s3", "ls"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--no-verify-ssl is refused") && run.stderr.contains("--endpoint-url http://"),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_region_is_a_configuration_error_with_advice() {
    let run = run_bare(&["ec2", "describe-addresses"]);
    assert_eq!(run.code, 253, "{run:?}");
    assert!(run.stderr.starts_with("You must specify a region."), "{}", run.stderr);
    assert!(run.stderr.contains("--region"), "{}", run.stderr);
}

#[test]
fn help_lists_services_operations_and_members() {
    let top = run_bare(&["help"]);
    assert!(top.ok().contains("--endpoint-url") && top.stdout.contains("dynamodb"), "{}", top.stdout);
    let service = run_bare(&["s3", "help"]);
    assert!(service.ok().contains("put-bucket-cors") && service.stdout.contains("presign"), "{}", service.stdout);
    let op = run_bare(&["s3", "put-bucket-cors", "help"]);
    let text = op.ok();
    assert!(text.contains("--bucket") && text.contains("(required)"), "{text}");
    assert!(text.contains(r#""CORSRules""#), "{text}");
    let version = run_bare(&["--version"]);
    assert!(version.ok().starts_with("stratus "));
}

#[test]
fn debug_logs_requests_to_stderr_without_secrets() {
    let run = stratus(&["--debug", "sts", "get-caller-identity"]);
    run.ok();
    assert!(run.stderr.contains("DEBUG") && run.stderr.contains("GetCallerIdentity"), "{}", run.stderr);
    assert!(!run.stderr.contains(&common::secret_key()), "the secret key appears in the debug log");
}

//! Tests of the operation argument parser against the embedded S3 and EC2 models.

use serde_json::{json, Value};
use stratus_core::model::{embedded, ServiceModel};

use super::{parse, OperationInfo, ParsedArgs};
use crate::errors::CliError;

fn model(service: &str) -> ServiceModel {
    let data = embedded(service).map(|d| d.service).unwrap_or("{}");
    ServiceModel::from_json(data).unwrap_or_else(|e| panic!("{service} model: {e}"))
}

fn run(service: &str, operation: &str, words: &[&str]) -> Result<ParsedArgs, CliError> {
    let model = model(service);
    let Some(op) = model.operation(operation) else { panic!("no operation {operation}") };
    let info = OperationInfo {
        model: &model,
        operation: op,
        streaming_input: (operation == "PutObject").then_some("Body"),
        streaming_output: (operation == "GetObject").then_some("Body"),
        paginated: operation == "ListObjectsV2",
    };
    let words: Vec<String> = words.iter().map(|s| (*s).to_owned()).collect();
    parse(&info, &words)
}

fn input(service: &str, operation: &str, words: &[&str]) -> Value {
    match run(service, operation, words) {
        Ok(parsed) => Value::Object(parsed.input),
        Err(e) => panic!("{}", e.message()),
    }
}

#[test]
fn json_structures_and_scalars() {
    let got = input(
        "s3",
        "PutBucketCors",
        &[
            "--bucket",
            "b",
            "--cors-configuration",
            r#"{"CORSRules": [{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}]}"#,
        ],
    );
    assert_eq!(
        got,
        json!({"Bucket": "b", "CORSConfiguration": {"CORSRules": [{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}]}})
    );
}

#[test]
fn shorthand_lists_of_structures_are_typed_by_the_model() {
    let got = input("ec2", "DescribeAddresses", &["--filters", "Name=domain,Values=vpc", "Name=tag:env,Values=a,b"]);
    assert_eq!(
        got,
        json!({"Filters": [{"Name": "domain", "Values": ["vpc"]}, {"Name": "tag:env", "Values": ["a", "b"]}]})
    );
}

#[test]
fn lists_of_scalars_take_several_values_or_a_json_array() {
    assert_eq!(
        input("ec2", "DescribeAddresses", &["--public-ips", "1.2.3.4", "5.6.7.8"]),
        json!({"PublicIps": ["1.2.3.4", "5.6.7.8"]})
    );
    assert_eq!(
        input("ec2", "DescribeAddresses", &["--public-ips", r#"["1.2.3.4"]"#]),
        json!({"PublicIps": ["1.2.3.4"]})
    );
}

#[test]
fn booleans_are_flags() {
    assert_eq!(input("ec2", "DescribeAddresses", &["--dry-run"]), json!({"DryRun": true}));
    assert_eq!(input("ec2", "DescribeAddresses", &["--no-dry-run"]), json!({"DryRun": false}));
    assert_eq!(input("ec2", "DescribeAddresses", &["--dry-run=false"]), json!({"DryRun": false}));
}

#[test]
fn numbers_are_converted_and_model_names_accepted() {
    assert_eq!(
        input("s3", "ListObjectsV2", &["--Bucket", "b", "--max-keys", "5"]),
        json!({"Bucket": "b", "MaxKeys": 5})
    );
}

#[test]
fn cli_input_json_is_merged_with_options() {
    let got =
        input("s3", "PutBucketCors", &["--cli-input-json", r#"{"CORSConfiguration": {"Rules": []}}"#, "--bucket", "b"]);
    assert_eq!(got, json!({"CORSConfiguration": {"Rules": []}, "Bucket": "b"}));
}

#[test]
fn streaming_members_use_files() -> Result<(), CliError> {
    let put = run("s3", "PutObject", &["--bucket", "b", "--key", "k", "--body", "fileb://data.bin"])?;
    assert_eq!(put.payload_file.as_deref(), Some("data.bin"));
    assert_eq!(Value::Object(put.input), json!({"Bucket": "b", "Key": "k"}));
    let get = run("s3", "GetObject", &["--bucket", "b", "--key", "k", "out.bin"])?;
    assert_eq!(get.outfile.as_deref(), Some("out.bin"));
    Ok(())
}

#[test]
fn pagination_options_for_paginated_operations() -> Result<(), CliError> {
    let parsed = run("s3", "ListObjectsV2", &["--bucket", "b", "--max-items", "3", "--page-size", "2"])?;
    assert_eq!(parsed.pagination.max_items, Some(3));
    assert_eq!(parsed.pagination.page_size, Some(2));
    assert!(parsed.pagination_given);
    Ok(())
}

#[test]
fn usage_errors() {
    let cases: &[(&str, &str, &[&str], &str)] = &[
        ("s3", "GetBucketCors", &["--bukket", "b"], "Unknown option --bukket"),
        ("s3", "GetBucketCors", &["--bucket"], "--bucket expects a value"),
        ("s3", "GetBucketCors", &["--bucket", "a", "b"], "unexpected argument 'b'"),
        ("s3", "GetBucketCors", &["stray"], "unexpected argument 'stray'"),
        ("ec2", "DescribeAddresses", &["--filters", "Name={oops"], "Error parsing parameter --filters"),
        ("s3", "PutBucketCors", &["--cors-configuration", "{bad json"], "invalid JSON"),
        ("s3", "GetBucketCors", &["--bucket", "a", "--bucket", "b"], "given twice"),
    ];
    for (service, op, words, expected) in cases {
        match run(service, op, words) {
            Err(CliError::Usage(message)) => assert!(message.contains(expected), "{words:?}: {message}"),
            other => panic!("{words:?}: expected a usage error, got {other:?}"),
        }
    }
}

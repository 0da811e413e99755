//! The model-driven command path against moto, one test per wire protocol: S3
//! (rest-xml), SES (query) and EC2 (ec2), plus pagination, `--query` and `--output text`.
//!
//! moto does not check: SigV4 signatures (unless scripts/peers/moto.sh enable-auth was
//! run), Elastic IP ownership, or whether email addresses exist beyond verification.

mod common;

use common::{s, scratch_dir, stratus, unique};
use serde_json::{json, Value};

#[test]
fn s3_rest_xml_bucket_cors_json_and_shorthand() {
    let bucket = unique("cors");
    let created = stratus(&["s3", "create-bucket", "--bucket", &bucket]).json();
    assert_eq!(created["Location"], json!(format!("/{bucket}")));
    let cors = r#"{"CORSRules": [{"AllowedMethods": ["GET", "PUT"], "AllowedOrigins": ["*"], "MaxAgeSeconds": 3000}]}"#;
    stratus(&["s3", "put-bucket-cors", "--bucket", &bucket, "--cors-configuration", cors]).ok();
    let got = stratus(&["s3", "get-bucket-cors", "--bucket", &bucket]).json();
    assert_eq!(
        got,
        json!({"CORSRules": [{"AllowedMethods": ["GET", "PUT"], "AllowedOrigins": ["*"], "MaxAgeSeconds": 3000}]})
    );
    // The same configuration in aws-cli shorthand, with the model name of the operation.
    let shorthand = "CORSRules=[{AllowedMethods=[GET],AllowedOrigins=[https://example.com],MaxAgeSeconds=60}]";
    stratus(&["s3", "PutBucketCors", "--bucket", &bucket, "--cors-configuration", shorthand]).ok();
    let got = stratus(&["s3", "get-bucket-cors", "--bucket", &bucket, "--query", "CORSRules[0].MaxAgeSeconds"]).json();
    assert_eq!(got, json!(60));
    let names = stratus(&["s3", "list-buckets", "--query", "Buckets[].Name", "--output", "text"]);
    assert!(names.ok().split_whitespace().any(|n| n == bucket), "{}", names.stdout);
}

#[test]
fn s3_streaming_bodies_and_auto_pagination() {
    let bucket = unique("pages");
    let dir = scratch_dir("pages");
    let body = dir.join("body.txt");
    std::fs::write(&body, b"hello stratus").unwrap_or_else(|e| panic!("{e}"));
    stratus(&["s3", "create-bucket", "--bucket", &bucket]).ok();
    for i in 0..5 {
        let key = format!("k{i}");
        stratus(&["s3", "put-object", "--bucket", &bucket, "--key", &key, "--body", s(&body)]).ok();
    }
    let out = dir.join("out.txt");
    let head = stratus(&["s3", "get-object", "--bucket", &bucket, "--key", "k3", s(&out)]).json();
    assert_eq!(head["ContentLength"], json!(13));
    assert_eq!(std::fs::read(&out).unwrap_or_default(), b"hello stratus");
    // --page-size 2: three calls, one merged result.
    let all = stratus(&["s3", "list-objects-v2", "--bucket", &bucket, "--page-size", "2", "--query", "Contents[].Key"])
        .json();
    assert_eq!(all, json!(["k0", "k1", "k2", "k3", "k4"]));
    let some = stratus(&["s3", "list-objects-v2", "--bucket", &bucket, "--max-items", "3"]).json();
    assert_eq!(some["Contents"].as_array().map(Vec::len), Some(3));
    assert!(some["NextToken"].is_string(), "{some}");
    // Paging by hand (the operation's own page-size member) makes one call.
    let one = stratus(&["s3", "list-objects-v2", "--bucket", &bucket, "--max-keys", "2"]).json();
    assert_eq!((one["KeyCount"].clone(), one["IsTruncated"].clone()), (json!(2), json!(true)));
    let one = stratus(&[
        "--no-paginate",
        "s3",
        "list-objects-v2",
        "--bucket",
        &bucket,
        "--cli-input-json",
        r#"{"MaxKeys": 1}"#,
    ])
    .json();
    assert_eq!(one["KeyCount"], json!(1));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn ses_query_templates_and_templated_email() {
    let name = unique("tpl");
    stratus(&["ses", "verify-email-identity", "--email-address", "sender@example.com"]).ok();
    let template = format!("TemplateName={name},SubjectPart=Hello {{{{name}}}},TextPart=Dear {{{{name}}}}");
    stratus(&["ses", "create-template", "--template", &template]).ok();
    let update = json!({"TemplateName": name, "SubjectPart": "Hi {{name}}", "TextPart": "Dear {{name}}, welcome", "HtmlPart": "<p>{{name}}</p>"});
    stratus(&["ses", "update-template", "--template", &update.to_string()]).ok();
    let listed = stratus(&["ses", "list-templates", "--query", "TemplatesMetadata[].Name"]).json();
    assert!(listed.as_array().is_some_and(|names| names.contains(&json!(name))), "{listed}");
    let got = stratus(&["ses", "get-template", "--template-name", &name]).json();
    assert_eq!(got["Template"]["SubjectPart"], json!("Hi {{name}}"));
    let sent = stratus(&[
        "ses",
        "send-templated-email",
        "--source",
        "sender@example.com",
        "--destination",
        "ToAddresses=to@example.com",
        "--template",
        &name,
        "--template-data",
        r#"{"name": "Ada"}"#,
    ])
    .json();
    assert!(sent["MessageId"].as_str().is_some_and(|id| !id.is_empty()), "{sent}");
}

#[test]
fn ec2_elastic_ip_allocate_describe_release() {
    let allocated = stratus(&["ec2", "allocate-address", "--domain", "vpc"]).json();
    let id = allocated["AllocationId"].as_str().unwrap_or_else(|| panic!("no AllocationId in {allocated}")).to_owned();
    let filter = format!("Name=allocation-id,Values={id}");
    let described = stratus(&["ec2", "describe-addresses", "--filters", &filter]).json();
    assert_eq!(described["Addresses"][0]["PublicIp"], allocated["PublicIp"]);
    let text = stratus(&["ec2", "describe-addresses", "--allocation-ids", &id, "--output", "text"]);
    let line = text.ok().lines().next().unwrap_or_default().to_owned();
    assert!(line.starts_with("ADDRESSES\t") && line.contains(&id), "{line}");
    stratus(&["ec2", "release-address", "--allocation-id", &id]).ok();
    let gone = stratus(&["ec2", "describe-addresses", "--allocation-ids", &id]);
    assert_eq!(gone.code, 254, "{gone:?}");
    assert!(gone.stderr.contains("when calling the DescribeAddresses operation"), "{}", gone.stderr);
    let empty: Value = stratus(&["ec2", "describe-addresses", "--filters", &filter]).json();
    assert_eq!(empty["Addresses"], json!([]));
}

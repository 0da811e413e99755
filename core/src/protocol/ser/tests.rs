//! Serialization of real service models (the botocore vectors cover the protocol rules; these
//! pin down what the models Stratus ships produce), plus a sweep over every embedded
//! operation with a generated input.

use serde_json::json;

use super::*;

fn model(service: &str) -> ServiceModel {
    let embedded = crate::model::embedded(service).expect("service is embedded");
    ServiceModel::from_json(embedded.service).expect("model parses")
}

fn serialize(model: &ServiceModel, operation: &str, input: Document, endpoint: &str) -> HttpRequest {
    let op = model.operation(operation).expect("operation exists");
    let opts = SerializeOptions { endpoint, idempotency_token: Some("token-1") };
    serialize_request(model, op, &input, &opts).expect("serializes")
}

fn body(request: &HttpRequest) -> String {
    String::from_utf8_lossy(request.body.bytes()).into_owned()
}

#[test]
fn joins_urls() {
    let j = |e, p, path, q| join_url(e, p, path, q).unwrap_or_default();
    assert_eq!(j("https://example.com", None, "/", None), "https://example.com/");
    assert_eq!(j("https://example.com/custom", None, "/", None), "https://example.com/custom/");
    assert_eq!(j("https://example.com/custom/", None, "/op", Some("a=b")), "https://example.com/custom/op?a=b");
    assert_eq!(j("https://example.com", Some("foo."), "", Some("cors")), "https://foo.example.com/?cors");
    assert_eq!(j("https://s3.amazonaws.com/bucket", None, "", Some("cors")), "https://s3.amazonaws.com/bucket?cors");
    assert_eq!(j("http://localhost:9000", None, "/k", None), "http://localhost:9000/k");
    assert!(join_url("example.com", None, "/", None).is_err());
}

#[cfg(feature = "s3")]
#[test]
fn s3_put_bucket_cors_writes_flattened_rules_under_the_s3_namespace() {
    let s3 = model("s3");
    let input = json!({
        "Bucket": "b",
        "CORSConfiguration": {"CORSRules": [{"AllowedMethods": ["GET", "PUT"], "AllowedOrigins": ["*"], "MaxAgeSeconds": 60}]}
    });
    let request = serialize(&s3, "PutBucketCors", input, "https://s3.us-east-1.amazonaws.com");
    assert_eq!(request.method, "PUT");
    assert_eq!(request.url, "https://s3.us-east-1.amazonaws.com/b?cors");
    assert_eq!(
        body(&request),
        "<CORSConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><CORSRule>\
         <AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedOrigin>*</AllowedOrigin>\
         <MaxAgeSeconds>60</MaxAgeSeconds></CORSRule></CORSConfiguration>"
    );
    assert_eq!(request.headers.get("Content-Type"), Some("application/xml"));
    assert_eq!(request.headers.get("Content-MD5"), None, "flexible checksums are crate::checksum's");
}

#[cfg(feature = "s3")]
#[test]
fn s3_put_object_streams_the_body_and_binds_headers() {
    let s3 = model("s3");
    let input = json!({
        "Bucket": "b", "Key": "dir/a b+c.txt", "Body": "aGVsbG8=", "ContentType": "text/plain",
        "Metadata": {"color": "blue"}, "Expires": "2019-12-16T23:48:18Z", "ContentLength": 5
    });
    let mut op = s3.operation("PutObject").expect("PutObject").clone();
    op.http.request_uri = "/{Key+}".to_owned(); // the caller's S3 customization: the endpoint holds the bucket
    let opts = SerializeOptions { endpoint: "https://b.s3.amazonaws.com", idempotency_token: None };
    let request = serialize_request(&s3, &op, &input, &opts).expect("serializes");
    assert_eq!(request.url, "https://b.s3.amazonaws.com/dir/a%20b%2Bc.txt");
    assert_eq!(request.body, Body::Bytes(b"hello".to_vec()));
    assert_eq!(request.headers.get("x-amz-meta-color"), Some("blue"));
    assert_eq!(request.headers.get("Content-Type"), Some("text/plain"));
    assert_eq!(request.headers.get("Expires"), Some("Mon, 16 Dec 2019 23:48:18 GMT"));
    assert_eq!(request.headers.get("Content-Length"), Some("5"));
    let empty = serialize_request(&s3, &op, &json!({"Bucket": "b", "Key": "k"}), &opts).expect("serializes");
    assert_eq!(empty.body, Body::Empty);
    assert_eq!(empty.headers.get("Content-Type"), None);
}

#[cfg(feature = "ec2")]
#[test]
fn ec2_capitalizes_names_and_flattens_lists() {
    let ec2 = model("ec2");
    let input = json!({
        "InstanceIds": ["i-1", "i-2"], "DryRun": false,
        "Filters": [{"Name": "tag:Name", "Values": ["web"]}], "MaxResults": 5
    });
    let request = serialize(&ec2, "DescribeInstances", input, "https://ec2.us-east-1.amazonaws.com");
    assert_eq!(
        body(&request),
        "Action=DescribeInstances&Version=2016-11-15&InstanceId.1=i-1&InstanceId.2=i-2&DryRun=false\
         &Filter.1.Name=tag%3AName&Filter.1.Value.1=web&MaxResults=5"
    );
}

#[cfg(feature = "sts")]
#[test]
fn sts_assume_role_uses_member_lists() {
    let sts = model("sts");
    let input =
        json!({"RoleArn": "arn:aws:iam::1:role/r", "RoleSessionName": "s", "Tags": [{"Key": "k", "Value": "v"}]});
    let request = serialize(&sts, "AssumeRole", input, "https://sts.amazonaws.com");
    assert_eq!(request.url, "https://sts.amazonaws.com/");
    assert_eq!(
        body(&request),
        "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr&RoleSessionName=s\
         &Tags.member.1.Key=k&Tags.member.1.Value=v"
    );
    assert_eq!(request.headers.get("Content-Type"), Some("application/x-www-form-urlencoded; charset=utf-8"));
}

#[cfg(all(feature = "dynamodb", feature = "sqs"))]
#[test]
fn json_services_send_target_and_query_mode() {
    let ddb = model("dynamodb");
    let input = json!({"TableName": "t", "Item": {"id": {"S": "1"}, "n": {"N": "2"}}});
    let request = serialize(&ddb, "PutItem", input, "https://dynamodb.us-east-1.amazonaws.com");
    assert_eq!(request.headers.get("X-Amz-Target"), Some("DynamoDB_20120810.PutItem"));
    assert_eq!(request.headers.get("Content-Type"), Some("application/x-amz-json-1.0"));
    assert_eq!(body(&request), r#"{"TableName":"t","Item":{"id":{"S":"1"},"n":{"N":"2"}}}"#);
    assert_eq!(request.headers.get("x-amzn-query-mode"), None);
    let sqs = model("sqs");
    let request = serialize(
        &sqs,
        "SendMessage",
        json!({"QueueUrl": "u", "MessageBody": "m"}),
        "https://sqs.us-east-1.amazonaws.com",
    );
    assert_eq!(request.headers.get("x-amzn-query-mode"), Some("true"));
}

#[cfg(feature = "lambda")]
#[test]
fn lambda_invoke_sends_the_raw_payload() {
    let lambda = model("lambda");
    let input = json!({"FunctionName": "f:1", "InvocationType": "Event", "Payload": "eyJhIjoxfQ=="});
    let request = serialize(&lambda, "Invoke", input, "https://lambda.us-east-1.amazonaws.com");
    assert_eq!(request.url, "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/f%3A1/invocations");
    assert_eq!(body(&request), r#"{"a":1}"#);
    assert_eq!(request.headers.get("X-Amz-Invocation-Type"), Some("Event"));
}

#[cfg(feature = "s3")]
#[test]
fn invalid_input_is_an_error_naming_the_parameter() {
    let s3 = model("s3");
    let op = s3.operation("PutObject").expect("PutObject");
    let opts = SerializeOptions { endpoint: "https://s3.amazonaws.com", idempotency_token: None };
    let err = |input| serialize_request(&s3, op, &input, &opts).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err(json!({"Bucket": "b", "Key": "k", "Body": "%%"})).contains("parameter Body"));
    assert!(err(json!({"Bucket": "b", "Key": "k", "ContentLength": "5"})).contains("parameter ContentLength"));
    assert!(err(json!({"Bucket": "b", "Key": "k", "Nope": 1})).contains("\"Nope\""));
    assert!(err(json!({"Bucket": "b"})).contains("URI label Key"));
}

mod sweep;

//! Parsing real services' responses with their embedded models: what the botocore
//! vectors do not cover (S3's customizations, request ids, query-compatible SQS,
//! malformed bodies).

use serde_json::json;

use super::{is_error_response, parse_response};
use crate::error::{Error, ServiceError};
use crate::http::{Headers, HttpResponse};
use crate::model::{embedded, ServiceModel};
use crate::Document;

fn model(service: &str) -> ServiceModel {
    let data = embedded(service).unwrap_or_else(|| panic!("{service} is not embedded"));
    ServiceModel::from_json(data.service).unwrap_or_else(|e| panic!("{e}"))
}

fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    let headers: Headers = headers.iter().map(|(k, v)| (*k, *v)).collect();
    HttpResponse { status, headers, body: body.as_bytes().to_vec() }
}

fn parse(service: &ServiceModel, operation: &str, response: &HttpResponse) -> Result<Document, Error> {
    let op = service.operation(operation).unwrap_or_else(|| panic!("no operation {operation}"));
    parse_response(service, op, response)
}

fn service_error(result: Result<Document, Error>) -> ServiceError {
    match result {
        Err(Error::Service(e)) => e,
        other => panic!("expected a service error, got {other:?}"),
    }
}

#[cfg(feature = "s3")]
mod s3 {
    use super::*;

    #[test]
    fn head_bucket_404_without_body_is_code_404() {
        let s3 = model("s3");
        let r = response(404, &[("x-amz-request-id", "R1"), ("x-amz-id-2", "H1")], "");
        let e = service_error(parse(&s3, "HeadBucket", &r));
        assert_eq!((e.code.as_str(), e.message.as_str(), e.status), ("404", "Not Found", 404));
        assert_eq!((e.request_id.as_deref(), e.host_id.as_deref()), (Some("R1"), Some("H1")));
    }

    #[test]
    fn error_document_without_wrapper() {
        let s3 = model("s3");
        let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>\
            <Message>The specified key does not exist.</Message><Key>a.txt</Key>\
            <RequestId>R2</RequestId><HostId>H2</HostId></Error>";
        let e = service_error(parse(&s3, "GetObject", &response(404, &[], body)));
        assert_eq!(e.code, "NoSuchKey");
        assert_eq!(e.message, "The specified key does not exist.");
        assert_eq!((e.request_id.as_deref(), e.host_id.as_deref()), (Some("R2"), Some("H2")));
        assert_eq!(e.extra.get("Key"), Some(&json!("a.txt")));
        assert_eq!(e.to_string(), "NoSuchKey: The specified key does not exist. (HTTP 404, request id R2)");
    }

    #[test]
    fn error_inside_200_is_an_error_for_complete_multipart_upload() {
        let s3 = model("s3");
        let body = "<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>";
        let r = response(200, &[], body);
        let op = s3.operation("CompleteMultipartUpload").unwrap_or_else(|| panic!("op"));
        assert!(is_error_response(&s3, op, &r));
        let e = service_error(parse(&s3, "CompleteMultipartUpload", &r));
        assert_eq!((e.code.as_str(), e.status), ("InternalError", 200));
        let cut = response(200, &[], "<CompleteMultipartUploadResult><Location>");
        assert_eq!(service_error(parse(&s3, "CopyObject", &cut)).code, "InternalError");
        let fine = response(200, &[], "<CopyObjectResult><ETag>\"e\"</ETag></CopyObjectResult>");
        assert_eq!(parse(&s3, "CopyObject", &fine).ok(), Some(json!({"CopyObjectResult": {"ETag": "\"e\""}})));
    }

    #[test]
    fn streamed_body_is_never_an_error_document() {
        let s3 = model("s3");
        let r = response(200, &[("Content-Length", "7")], "<Error>");
        assert_eq!(
            parse(&s3, "GetObject", &r).ok(),
            Some(json!({"Body": "PEVycm9yPg==", "ContentLength": 7, "Metadata": {}}))
        );
    }

    #[test]
    fn get_object_headers() {
        let s3 = model("s3");
        let headers = [
            ("Last-Modified", "Tue, 29 Apr 2014 18:30:38 GMT"),
            ("ETag", "\"abc\""),
            ("x-amz-meta-Color", "blue"),
            ("Expires", "not a date"),
        ];
        let doc = parse(&s3, "GetObject", &response(200, &headers, "")).unwrap_or_default();
        assert_eq!(doc["LastModified"], json!("2014-04-29T18:30:38Z"));
        assert_eq!(doc["Metadata"], json!({"Color": "blue"}));
        assert_eq!(doc["Body"], json!(""));
        assert_eq!(doc["ExpiresString"], json!("not a date"));
        assert!(doc.get("Expires").is_none());
        let dated = response(200, &[("Expires", "Wed, 21 Oct 2015 07:28:00 GMT")], "");
        let doc = parse(&s3, "HeadObject", &dated).unwrap_or_default();
        assert_eq!(
            (&doc["Expires"], &doc["ExpiresString"]),
            (&json!("2015-10-21T07:28:00Z"), &json!("Wed, 21 Oct 2015 07:28:00 GMT"))
        );
    }

    #[test]
    fn get_bucket_location_reads_the_root_text() {
        let s3 = model("s3");
        let body =
            r#"<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>"#;
        assert_eq!(
            parse(&s3, "GetBucketLocation", &response(200, &[], body)).ok(),
            Some(json!({"LocationConstraint": "eu-west-1"}))
        );
        let us_east_1 = r#"<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>"#;
        assert_eq!(parse(&s3, "GetBucketLocation", &response(200, &[], us_east_1)).ok(), Some(json!({})));
    }

    #[test]
    fn acl_grantee_type_is_an_xsi_attribute() {
        let s3 = model("s3");
        let body = r#"<AccessControlPolicy><Owner><ID>o</ID></Owner><AccessControlList>
            <Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">
            <ID>o</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>"#;
        let doc = parse(&s3, "GetBucketAcl", &response(200, &[], body)).unwrap_or_default();
        let grant = json!({"Grantee": {"ID": "o", "Type": "CanonicalUser"}, "Permission": "FULL_CONTROL"});
        assert_eq!(doc, json!({"Owner": {"ID": "o"}, "Grants": [grant]}));
    }

    #[test]
    fn list_objects_v2_flattened_contents() {
        let s3 = model("s3");
        let body = "<ListBucketResult><Name>b</Name><KeyCount>2</KeyCount><IsTruncated>false</IsTruncated>\
            <Contents><Key>a</Key><Size>1</Size><LastModified>2014-04-29T18:30:38.000Z</LastModified></Contents>\
            <Contents><Key>b</Key><Size>2</Size></Contents></ListBucketResult>";
        let doc = parse(&s3, "ListObjectsV2", &response(200, &[], body)).unwrap_or_default();
        assert_eq!(doc["IsTruncated"], json!(false));
        assert_eq!(
            doc["Contents"],
            json!([{"Key": "a", "LastModified": "2014-04-29T18:30:38Z", "Size": 1}, {"Key": "b", "Size": 2}])
        );
        assert_eq!(doc["KeyCount"], json!(2));
    }
}

#[cfg(feature = "sts")]
#[test]
fn query_result_wrapper_and_error_response() {
    let sts = model("sts");
    let body = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
        <GetCallerIdentityResult><Arn>arn:aws:iam::1:user/u</Arn><UserId>U</UserId><Account>1</Account>\
        </GetCallerIdentityResult><ResponseMetadata><RequestId>R</RequestId></ResponseMetadata>\
        </GetCallerIdentityResponse>";
    let doc = parse(&sts, "GetCallerIdentity", &response(200, &[], body));
    assert_eq!(doc.ok(), Some(json!({"UserId": "U", "Account": "1", "Arn": "arn:aws:iam::1:user/u"})));
    let body = "<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredToken</Code>\
        <Message>The security token included in the request is expired</Message></Error>\
        <RequestId>R3</RequestId></ErrorResponse>";
    let e = service_error(parse(&sts, "GetCallerIdentity", &response(403, &[], body)));
    assert_eq!((e.code.as_str(), e.request_id.as_deref()), ("ExpiredToken", Some("R3")));
    assert_eq!(e.extra.get("Type"), Some(&json!("Sender")));
}

#[cfg(feature = "ec2")]
#[test]
fn ec2_errors_and_lists() {
    let ec2 = model("ec2");
    let body = "<Response><Errors><Error><Code>InvalidInstanceID.Malformed</Code>\
        <Message>Invalid id: \"i-1\"</Message></Error></Errors><RequestID>R4</RequestID></Response>";
    let e = service_error(parse(&ec2, "DescribeInstances", &response(400, &[], body)));
    assert_eq!((e.code.as_str(), e.request_id.as_deref()), ("InvalidInstanceID.Malformed", Some("R4")));
    let body = "<DescribeRegionsResponse><requestId>R</requestId><regionInfo>\
        <item><regionName>eu-west-1</regionName></item><item><regionName>us-east-1</regionName></item>\
        </regionInfo></DescribeRegionsResponse>";
    let doc = parse(&ec2, "DescribeRegions", &response(200, &[], body)).unwrap_or_default();
    assert_eq!(doc, json!({"Regions": [{"RegionName": "eu-west-1"}, {"RegionName": "us-east-1"}]}));
}

#[cfg(feature = "dynamodb")]
#[test]
fn json_errors_and_malformed_bodies() {
    let ddb = model("dynamodb");
    let body = r#"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}"#;
    let e = service_error(parse(&ddb, "GetItem", &response(400, &[("x-amzn-RequestId", "R5")], body)));
    assert_eq!((e.code.as_str(), e.message.as_str()), ("ResourceNotFoundException", "Requested resource not found"));
    assert_eq!(
        (e.request_id.as_deref(), e.extra.get("message")),
        (Some("R5"), Some(&json!("Requested resource not found")))
    );
    let html = service_error(parse(&ddb, "GetItem", &response(503, &[], "<html><body>busy</body></html>")));
    assert_eq!((html.code.as_str(), html.message.as_str()), ("503", "Service Unavailable"));
    let text = service_error(parse(&ddb, "GetItem", &response(500, &[], "Internal failure")));
    assert_eq!((text.code.as_str(), text.message.as_str()), ("500", "Internal failure"));
    for bad in ["{", "[1]", r#"{"Item": 5}"#, r#"{"ConsumedCapacity": {"CapacityUnits": "x"}}"#] {
        assert!(matches!(parse(&ddb, "GetItem", &response(200, &[], bad)), Err(Error::Parse(_))), "{bad}");
    }
}

#[cfg(feature = "sqs")]
#[test]
fn query_compatible_code_still_names_the_modeled_error() {
    let sqs = model("sqs");
    let headers = [("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender")];
    let body = r#"{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}"#;
    let e = service_error(parse(&sqs, "GetQueueUrl", &response(400, &headers, body)));
    assert_eq!(e.code, "AWS.SimpleQueueService.NonExistentQueue");
    assert_eq!(e.extra.get("QueryErrorCode"), Some(&json!("QueueDoesNotExist")));
    assert_eq!(e.extra.get("Type"), Some(&json!("Sender")));
    assert_eq!(e.extra.get("message"), Some(&json!("The specified queue does not exist.")));
}

#[cfg(feature = "lambda")]
#[test]
fn rest_json_blob_payload_and_error_header() {
    let lambda = model("lambda");
    let r = response(200, &[("X-Amz-Executed-Version", "$LATEST")], r#"{"ok":true}"#);
    let doc = parse(&lambda, "Invoke", &r).unwrap_or_default();
    assert_eq!(doc, json!({"StatusCode": 200, "Payload": "eyJvayI6dHJ1ZX0=", "ExecutedVersion": "$LATEST"}));
    let r = response(
        404,
        &[("x-amzn-ErrorType", "ResourceNotFoundException:http://internal/")],
        r#"{"Type":"User","Message":"Function not found"}"#,
    );
    let e = service_error(parse(&lambda, "Invoke", &r));
    assert_eq!((e.code.as_str(), e.message.as_str()), ("ResourceNotFoundException", "Function not found"));
    assert_eq!(e.extra.get("Type"), Some(&json!("User")));
}

#[test]
fn malformed_xml_and_cbor_are_parse_errors() {
    let xml = ServiceModel::from_value(json!({
        "metadata": {"protocol": "rest-xml"},
        "operations": {"Op": {"name": "Op", "output": {"shape": "Out"}}},
        "shapes": {"Out": {"type": "structure", "members": {"n": {"shape": "I"}}}, "I": {"type": "integer"}}
    }));
    let xml = xml.unwrap_or_else(|e| panic!("{e}"));
    for bad in ["<Out><n>1</Out>", "<Out><n>x</n></Out>", "<a/><b/>", "\u{0}"] {
        assert!(matches!(parse(&xml, "Op", &response(200, &[], bad)), Err(Error::Parse(_))), "{bad:?}");
    }
    let mut cbor = xml.clone();
    cbor.metadata.protocol = "smithy-rpc-v2-cbor".into();
    for bad in [&[0xbf_u8, 0x61][..], &[0xff], &[0xa1, 0x61, b'n', 0x61, b'x']] {
        let r = HttpResponse { status: 200, headers: Headers::new(), body: bad.to_vec() };
        assert!(matches!(parse(&cbor, "Op", &r), Err(Error::Parse(_))), "{bad:?}");
    }
}

/// Truncations and byte flips of valid bodies, and absurd nesting, never panic.
#[cfg(all(feature = "s3", feature = "dynamodb"))]
#[test]
fn damaged_bodies_never_panic() {
    let s3 = model("s3");
    let ddb = model("dynamodb");
    let mut cbor = ServiceModel::from_json(
        r#"{"metadata":{"protocol":"smithy-rpc-v2-cbor"},"operations":{"Op":{"output":{"shape":"O"}}},
        "shapes":{"O":{"type":"structure","members":{"t":{"shape":"T"},"l":{"shape":"L"}}},"T":{"type":"timestamp"},
        "L":{"type":"list","member":{"shape":"O"}}}}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    cbor.metadata.protocols.clear();
    let cases: Vec<(&ServiceModel, &str, Vec<u8>)> = vec![
        (&s3, "ListObjectsV2", b"<ListBucketResult><Contents><Key>a</Key><Size>1</Size><LastModified>2014-04-29T18:30:38Z</LastModified></Contents></ListBucketResult>".to_vec()),
        (&s3, "GetObject", b"<Error><Code>NoSuchKey</Code><Message>m</Message></Error>".to_vec()),
        (&ddb, "GetItem", br#"{"Item":{"k":{"S":"v"},"n":{"N":"1"}},"ConsumedCapacity":{"CapacityUnits":1.5}}"#.to_vec()),
        (&cbor, "Op", vec![0xbf, 0x61, b't', 0xc1, 0xfb, 0x41, 0xd4, 0xd7, 0xfb, 0xf3, 0x80, 0, 0, 0x61, b'l', 0x9f, 0xa0, 0xff, 0xff]),
    ];
    let mut seed: u32 = 12345;
    for (service, op, body) in cases {
        for status in [200u16, 400] {
            for cut in 0..body.len() {
                let r = HttpResponse { status, headers: Headers::new(), body: body[..cut].to_vec() };
                let _ = parse(service, op, &r);
            }
            for _ in 0..300 {
                let mut damaged = body.clone();
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                let at = (seed >> 8) as usize % damaged.len();
                damaged[at] = (seed >> 16) as u8;
                let _ = parse(service, op, &HttpResponse { status, headers: Headers::new(), body: damaged });
            }
        }
    }
    let deep_json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(parse(&ddb, "GetItem", &response(200, &[], &deep_json)).is_err());
    let deep_xml = format!("<a>{}{}</a>", "<Contents>".repeat(100_000), "</Contents>".repeat(100_000));
    assert!(parse(&s3, "ListObjectsV2", &response(200, &[], &deep_xml)).is_err());
    let deep_cbor = HttpResponse { status: 200, headers: Headers::new(), body: vec![0x81; 100_000] };
    assert!(parse(&cbor, "Op", &deep_cbor).is_err());
    for text in ["1e300", "99999999999999999999999999999999999999", "-1e19"] {
        assert!(super::timestamp::parse_text(text).is_err(), "{text}");
    }
}

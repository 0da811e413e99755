//! The boto3 seed scenarios against a real moto server, through both native transports:
//! reqwest (async) and ureq (blocking). Each scenario is one async function generic over
//! the transport, run once per transport.
//!
//! What moto does not check (see shared/PEERS.md): signatures (unless auth is enabled;
//! `signature_moto.rs` covers that), releasing an attached Elastic IP, AMI validity, and
//! its error messages differ from AWS — so these tests compare codes and statuses.

use serde_json::{json, Value};
use stratus::{Client, ClientOptions, Error, Session, Transport};
use stratus_tests::peers::{moto_url, unique};

fn session() -> Session {
    Session::builder()
        .region_name("us-east-1")
        .credentials("AKIDMOTOTEST", "moto-secret", None)
        .environment(Default::default())
        .config_files(None, None)
        .build()
        .expect("session")
}

fn options() -> ClientOptions {
    ClientOptions::with_endpoint_url(moto_url())
}

fn service_code(result: Result<Value, Error>) -> String {
    match result {
        Err(Error::Service(e)) => e.code,
        other => panic!("expected a service error, got {other:?}"),
    }
}

fn seed_cors() -> Value {
    json!({"CORSRules": [{
        "AllowedHeaders": ["Authorization"],
        "AllowedMethods": ["GET", "PUT"],
        "AllowedOrigins": ["*"],
        "ExposeHeaders": ["GET", "PUT"],
        "MaxAgeSeconds": 3000
    }]})
}

async fn s3_bucket_and_cors<T: Transport>(s3: &Client<T>) {
    let bucket = unique("seed-cors");
    s3.call("CreateBucket", json!({"Bucket": bucket})).await.expect("create_bucket");
    let listed = s3.call("ListBuckets", json!({})).await.expect("list_buckets");
    assert!(listed["Buckets"].as_array().expect("Buckets").iter().any(|b| b["Name"] == bucket.as_str()));
    let err = service_code(s3.call("GetBucketCors", json!({"Bucket": bucket})).await);
    assert_eq!(err, "NoSuchCORSConfiguration");
    s3.call("PutBucketCors", json!({"Bucket": bucket, "CORSConfiguration": seed_cors()}))
        .await
        .expect("put_bucket_cors");
    let got = s3.call("GetBucketCors", json!({"Bucket": bucket})).await.expect("get_bucket_cors");
    assert_eq!(got["CORSRules"], seed_cors()["CORSRules"]);
    let bad = s3.call("PutBucketCors", json!({"Bucket": bucket, "CORSConfiguration": {"Rules": []}})).await;
    match bad {
        Err(Error::Validation(v)) => {
            let text = v.to_string();
            assert!(text.contains("Unknown parameter in CORSConfiguration: \"Rules\""), "{text}");
            assert!(text.contains("Missing required parameter in CORSConfiguration: \"CORSRules\""), "{text}");
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

async fn s3_objects<T: Transport>(s3: &Client<T>, keys: &[&str]) {
    let bucket = unique("seed-objects");
    s3.call("CreateBucket", json!({"Bucket": bucket})).await.expect("create_bucket");
    for (i, key) in keys.iter().enumerate() {
        let body = format!("body {i} of {key}");
        let opts =
            stratus::CallOptions { payload: Some(stratus::Payload::Borrowed(body.as_bytes())), raw_output: false };
        s3.call_with("PutObject", json!({"Bucket": bucket, "Key": key, "ContentType": "text/plain"}), opts)
            .await
            .unwrap_or_else(|e| panic!("put {key:?}: {e}"));
        let opts = stratus::CallOptions { payload: None, raw_output: true };
        let got = s3.call_with("GetObject", json!({"Bucket": bucket, "Key": key}), opts).await.expect("get_object");
        assert_eq!(got.payload.as_deref(), Some(body.as_bytes()), "key {key:?}");
        assert_eq!(got.document["ContentType"], "text/plain");
        let head = s3.call("HeadObject", json!({"Bucket": bucket, "Key": key})).await.expect("head_object");
        assert_eq!(head["ContentLength"], body.len());
        let mut streamed = Vec::new();
        let input = json!({"Bucket": bucket, "Key": key});
        let doc = s3.call_streaming("GetObject", input, Default::default(), &mut streamed).await.expect("streamed get");
        assert_eq!(streamed, body.as_bytes(), "key {key:?}: the body went to the sink");
        assert!(doc.get("Body").is_none() && doc["ContentType"] == "text/plain", "{doc}");
    }
    let listed = s3.call("ListObjectsV2", json!({"Bucket": bucket})).await.expect("list");
    let mut names: Vec<&str> =
        listed["Contents"].as_array().expect("Contents").iter().filter_map(|o| o["Key"].as_str()).collect();
    names.sort_unstable();
    let mut expected = keys.to_vec();
    expected.sort_unstable();
    assert_eq!(names, expected, "keys round-trip through ListObjectsV2");
    for key in keys {
        s3.call("DeleteObject", json!({"Bucket": bucket, "Key": key})).await.expect("delete_object");
    }
    assert_eq!(service_code(s3.call("GetObject", json!({"Bucket": bucket, "Key": keys[0]})).await), "NoSuchKey");
    let mut sink = Vec::new();
    let missing =
        s3.call_streaming("GetObject", json!({"Bucket": bucket, "Key": keys[0]}), Default::default(), &mut sink);
    assert_eq!(service_code(missing.await), "NoSuchKey");
    assert!(sink.is_empty(), "an error body is parsed, never handed to the sink");
    let mut sink = Vec::new();
    match s3.call_streaming("ListBuckets", json!({}), Default::default(), &mut sink).await {
        Err(Error::Config(message)) => assert!(message.contains("no streaming output"), "{message}"),
        other => panic!("ListBuckets has no streaming output to stream: {other:?}"),
    }
    assert_eq!(service_code(s3.call("HeadObject", json!({"Bucket": bucket, "Key": keys[0]})).await), "404");
    assert_eq!(service_code(s3.call("HeadBucket", json!({"Bucket": unique("missing")})).await), "404");
}

async fn ses_templates<T: Transport>(ses: &Client<T>) {
    let name = unique("seed-template");
    let template = json!({"TemplateName": name, "SubjectPart": "Greetings, {{name}}!", "TextPart": "Dear {{name}},", "HtmlPart": "<h1>Hello {{name}}</h1>"});
    ses.call("CreateTemplate", json!({"Template": template})).await.expect("create_template");
    let listed = ses.call("ListTemplates", json!({})).await.expect("list_templates");
    assert!(listed["TemplatesMetadata"].as_array().expect("metadata").iter().any(|t| t["Name"] == name.as_str()));
    let updated = json!({"TemplateName": name, "SubjectPart": "Hi, {{name}}!", "TextPart": "Hi {{name}},", "HtmlPart": "<p>Hi {{name}}</p>"});
    ses.call("UpdateTemplate", json!({"Template": updated})).await.expect("update_template");
    let got = ses.call("GetTemplate", json!({"TemplateName": name})).await.expect("get_template");
    assert_eq!(got["Template"]["SubjectPart"], "Hi, {{name}}!");
    ses.call("VerifyEmailIdentity", json!({"EmailAddress": "sender@example.com"})).await.expect("verify");
    let sent = ses
        .call(
            "SendTemplatedEmail",
            json!({"Source": "sender@example.com", "Destination": {"ToAddresses": ["to@example.com"]}, "Template": name, "TemplateData": "{\"name\":\"World\"}"}),
        )
        .await
        .expect("send_templated_email");
    assert!(sent["MessageId"].as_str().is_some_and(|id| !id.is_empty()));
    ses.call("DeleteTemplate", json!({"TemplateName": name})).await.expect("delete_template");
    assert_eq!(service_code(ses.call("GetTemplate", json!({"TemplateName": name})).await), "TemplateDoesNotExist");
}

async fn ec2_elastic_ips<T: Transport>(ec2: &Client<T>) {
    let allocated = ec2.call("AllocateAddress", json!({"Domain": "vpc"})).await.expect("allocate_address");
    let allocation = allocated["AllocationId"].as_str().expect("AllocationId").to_owned();
    let filtered = ec2
        .call("DescribeAddresses", json!({"Filters": [{"Name": "allocation-id", "Values": [allocation]}]}))
        .await
        .expect("describe_addresses");
    assert_eq!(filtered["Addresses"].as_array().map(Vec::len), Some(1));
    assert_eq!(filtered["Addresses"][0]["PublicIp"], allocated["PublicIp"]);
    let run = ec2
        .call(
            "RunInstances",
            json!({"ImageId": "ami-12c6146b", "MinCount": 1, "MaxCount": 1, "InstanceType": "t2.micro"}),
        )
        .await
        .expect("run_instances");
    let instance = run["Instances"][0]["InstanceId"].as_str().expect("InstanceId").to_owned();
    let assoc = ec2
        .call("AssociateAddress", json!({"AllocationId": allocation, "InstanceId": instance}))
        .await
        .expect("associate_address");
    assert!(assoc["AssociationId"].as_str().is_some());
    let described = ec2.call("DescribeAddresses", json!({"AllocationIds": [allocation]})).await.expect("describe");
    assert_eq!(described["Addresses"][0]["InstanceId"], instance.as_str());
    ec2.call("DisassociateAddress", json!({"AssociationId": assoc["AssociationId"]})).await.expect("disassociate");
    ec2.call("ReleaseAddress", json!({"AllocationId": allocation})).await.expect("release_address");
    let code = service_code(ec2.call("ReleaseAddress", json!({"AllocationId": "eipalloc-00000000"})).await);
    assert_eq!(code, "InvalidAllocationID.NotFound");
    ec2.call("TerminateInstances", json!({"InstanceIds": [instance]})).await.expect("terminate");
}

async fn sts_identity<T: Transport>(sts: &Client<T>) {
    let me = sts.call("GetCallerIdentity", json!({})).await.expect("get_caller_identity");
    assert!(me["Account"].as_str().is_some_and(|a| a.len() == 12), "{me}");
}

async fn s3_objects_seed_keys<T: Transport>(s3: &Client<T>) {
    s3_objects(s3, KEYS).await;
}

const KEYS: &[&str] = &[
    "plain.txt",
    "with space.txt",
    "plus+sign",
    "per%cent",
    "tilde~",
    "ünïcødé/ключ.txt",
    "a/b/c.txt",
    "double//slash",
];

macro_rules! both_transports {
    ($name:ident, $service:literal, $scenario:expr) => {
        mod $name {
            use super::*;

            #[test]
            fn ureq() {
                let client = session().blocking_client($service, &options()).expect("client");
                stratus::blocking::block_on($scenario(client.inner()));
            }

            #[tokio::test]
            async fn reqwest() {
                let client = session().client($service, &options()).expect("client");
                $scenario(&client).await;
            }
        }
    };
}

both_transports!(s3_cors, "s3", s3_bucket_and_cors);
both_transports!(s3_object_keys, "s3", s3_objects_seed_keys);
both_transports!(ses, "ses", ses_templates);
both_transports!(ec2, "ec2", ec2_elastic_ips);
both_transports!(sts, "sts", sts_identity);

/// `..` segments are sent raw by ureq (S3 does no URL normalization), as boto3 does.
#[test]
fn s3_dot_dot_key_ureq() {
    let client = session().blocking_client("s3", &options()).expect("client");
    stratus::blocking::block_on(s3_objects(client.inner(), &["a/../b.txt", "../up"]));
}

/// reqwest's URL parser would drop `..` segments (another key!): refused clearly instead.
#[tokio::test]
async fn s3_dot_dot_key_reqwest_refused() {
    let client = session().client("s3", &options()).expect("client");
    let bucket = unique("dotdot");
    client.call("CreateBucket", json!({"Bucket": bucket})).await.expect("create");
    let err = client.call("GetObject", json!({"Bucket": bucket, "Key": "a/../b"})).await.expect_err("refused");
    assert!(err.to_string().contains("'..'"), "{err}");
}

/// boto3: a client for a regional service with no region is `NoRegionError`; S3 falls back.
#[test]
fn no_region_is_a_clear_error() {
    let session = Session::builder().environment(Default::default()).config_files(None, None).build().expect("session");
    let err = session.blocking_client("ec2", &ClientOptions::default()).expect_err("no region");
    assert_eq!(err.to_string(), "You must specify a region.");
    assert!(session.blocking_client("s3", &ClientOptions::default()).is_ok());
}

async fn s3_paginate_2500_keys<T: Transport>(s3: &Client<T>, bucket: &str) {
    let pages = {
        let mut pages = s3.paginate("ListObjectsV2", json!({"Bucket": bucket}), Default::default()).expect("paginator");
        let mut n = 0;
        let mut keys = 0;
        while let Some(page) = pages.next_page().await {
            let page = page.expect("page");
            keys += page["Contents"].as_array().map_or(0, Vec::len);
            n += 1;
        }
        assert_eq!(keys, 2500);
        n
    };
    assert_eq!(pages, 3, "1000 + 1000 + 500 keys");
    let full = s3.paginate_all("ListObjectsV2", json!({"Bucket": bucket}), Default::default()).await.expect("full");
    assert_eq!(full["Contents"].as_array().map(Vec::len), Some(2500));
    let limited = stratus::PaginationConfig { max_items: Some(1200), page_size: Some(500), starting_token: None };
    let part = s3.paginate_all("ListObjectsV2", json!({"Bucket": bucket}), limited).await.expect("limited");
    assert_eq!(part["Contents"].as_array().map(Vec::len), Some(1200));
    let token = part["NextToken"].as_str().expect("resume token").to_owned();
    let rest_config = stratus::PaginationConfig { starting_token: Some(token), ..Default::default() };
    let rest = s3.paginate_all("ListObjectsV2", json!({"Bucket": bucket}), rest_config).await.expect("rest");
    assert_eq!(rest["Contents"].as_array().map(Vec::len), Some(1300));
}

/// ListObjectsV2 over 2,500 keys through the paginator (3 pages), `build_full_result`, and
/// `max_items` + resume token, through both transports over the same bucket.
#[test]
fn s3_paginator_over_2500_keys() {
    let blocking = session().blocking_client("s3", &options()).expect("client");
    let bucket = unique("paginate");
    blocking.call("CreateBucket", json!({"Bucket": bucket})).expect("create");
    std::thread::scope(|scope| {
        for worker in 0..8 {
            let (client, bucket) = (&blocking, &bucket);
            scope.spawn(move || {
                for i in (worker..2500).step_by(8) {
                    let opts =
                        stratus::CallOptions { payload: Some(stratus::Payload::Borrowed(b"x")), raw_output: false };
                    client
                        .call_with("PutObject", json!({"Bucket": bucket, "Key": format!("k/{i:05}")}), opts)
                        .expect("put");
                }
            });
        }
    });
    stratus::blocking::block_on(s3_paginate_2500_keys(blocking.inner(), &bucket));
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let async_client = session().client("s3", &options()).expect("client");
    runtime.block_on(s3_paginate_2500_keys(&async_client, &bucket));
}

/// Waiters: S3 BucketExists / BucketNotExists through the waiter state machine.
#[test]
fn s3_waiters() {
    let s3 = session().blocking_client("s3", &options()).expect("client");
    let bucket = unique("waiter");
    let fast = stratus::WaiterOverrides { delay: Some(std::time::Duration::from_millis(100)), max_attempts: Some(3) };
    let err = s3.wait("BucketExists", json!({"Bucket": bucket}), fast).expect_err("does not exist yet");
    assert!(err.to_string().contains("Max attempts exceeded"), "{err}");
    s3.call("CreateBucket", json!({"Bucket": bucket})).expect("create");
    s3.wait("BucketExists", json!({"Bucket": bucket}), fast).expect("exists now");
    s3.call("DeleteBucket", json!({"Bucket": bucket})).expect("delete");
    s3.wait("BucketNotExists", json!({"Bucket": bucket}), fast).expect("gone");
}

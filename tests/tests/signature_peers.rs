//! SigV4 checked by servers that verify signatures, written by others:
//! - s3s-fs (Rust): S3 header signatures and presigned URLs; a wrong secret is rejected.
//! - moto with IAM auth enabled (Python, re-signs with botocore): STS, SES (query), EC2,
//!   IAM and S3, right key accepted, wrong secret rejected. moto does not check the
//!   timestamp, the signing region, or an S3 body changed after signing (it trusts
//!   `x-amz-content-sha256`) — those are covered by the SigV4 vectors and s3s-fs.

use std::io::Read;
use std::net::TcpListener;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use stratus::{CallOptions, ClientOptions, Error, Session};
use stratus_tests::peers::{s3s, unique};

fn session(access_key: &str, secret: &str) -> Session {
    Session::builder()
        .region_name("us-east-1")
        .credentials(access_key, secret, None)
        .environment(Default::default())
        .config_files(None, None)
        .build()
        .expect("session")
}

fn code(result: Result<Value, Error>) -> String {
    match result {
        Err(Error::Service(e)) => e.code,
        other => panic!("expected a service error, got {other:?}"),
    }
}

#[test]
fn s3s_fs_accepts_the_right_secret_and_rejects_a_wrong_one() {
    let (url, key, secret) = s3s();
    let s3 = session(&key, &secret).blocking_client("s3", &ClientOptions::with_endpoint_url(&url)).expect("client");
    let bucket = unique("sig");
    s3.call("CreateBucket", json!({"Bucket": bucket})).expect("signed CreateBucket accepted");
    let body = b"signed body";
    let put = CallOptions { payload: Some(stratus::Payload::Borrowed(body)), raw_output: false };
    s3.call_with("PutObject", json!({"Bucket": bucket, "Key": "dir/a b+c.txt"}), put).expect("signed PutObject");
    let got = s3
        .call_with(
            "GetObject",
            json!({"Bucket": bucket, "Key": "dir/a b+c.txt"}),
            CallOptions { payload: None, raw_output: true },
        )
        .expect("signed GetObject");
    assert_eq!(got.payload.as_deref(), Some(&body[..]));

    let wrong =
        session(&key, "not-the-secret").blocking_client("s3", &ClientOptions::with_endpoint_url(&url)).expect("client");
    assert_eq!(code(wrong.call("ListObjectsV2", json!({"Bucket": bucket}))), "SignatureDoesNotMatch");
}

/// `s3.payload_signing_enabled = false` sends `UNSIGNED-PAYLOAD` over plain HTTP: s3s-fs
/// accepts the signature and stores the body (the CRC32 header still protects it).
#[test]
fn s3s_fs_accepts_unsigned_payloads_when_payload_signing_is_disabled() {
    let (url, key, secret) = s3s();
    let mut options = ClientOptions::with_endpoint_url(&url);
    options.config.s3.payload_signing_enabled = Some(false);
    let s3 = session(&key, &secret).blocking_client("s3", &options).expect("client");
    let bucket = unique("sig-unsigned");
    s3.call("CreateBucket", json!({"Bucket": bucket})).expect("bucket");
    let body: Vec<u8> = (0..3 * 1024 * 1024 + 1).map(|i: u32| (i % 251) as u8).collect();
    let put = CallOptions { payload: Some(stratus::Payload::Borrowed(&body)), raw_output: false };
    s3.call_with("PutObject", json!({"Bucket": bucket, "Key": "u"}), put).expect("unsigned PutObject accepted");
    let get = CallOptions { payload: None, raw_output: true };
    let got = s3.call_with("GetObject", json!({"Bucket": bucket, "Key": "u"}), get).expect("GetObject");
    assert_eq!(got.payload.as_deref(), Some(&body[..]));
}

/// A large body with a wrong secret: the server refuses before reading it. With `Expect:
/// 100-continue` the ureq transport waits for the verdict and reports
/// `SignatureDoesNotMatch`, never a reset connection. (reqwest cannot: hyper's client sends
/// the body at once, so it may see the connection closed under it; see its crate docs.)
#[test]
fn a_refused_large_upload_reports_the_service_error() {
    let (url, key, secret) = s3s();
    let options = ClientOptions::with_endpoint_url(&url);
    let bucket = unique("sig-large");
    let s3 = session(&key, &secret).blocking_client("s3", &options).expect("client");
    s3.call("CreateBucket", json!({"Bucket": bucket})).expect("bucket");
    let body = vec![7u8; 6 * 1024 * 1024];
    let put = CallOptions { payload: Some(stratus::Payload::Borrowed(&body)), raw_output: false };
    let wrong = session(&key, "not-the-secret").blocking_client("s3", &options).expect("client");
    let result = wrong.call_with("PutObject", json!({"Bucket": bucket, "Key": "large"}), put).map(|o| o.document);
    assert_eq!(code(result), "SignatureDoesNotMatch");
}

#[test]
fn s3s_fs_honours_presigned_get_and_put_urls() {
    let (url, key, secret) = s3s();
    let s3 = session(&key, &secret).blocking_client("s3", &ClientOptions::with_endpoint_url(&url)).expect("client");
    let bucket = unique("presign");
    s3.call("CreateBucket", json!({"Bucket": bucket})).expect("create");
    let put_url = s3
        .presign("PutObject", json!({"Bucket": bucket, "Key": "p/q.txt"}), Duration::from_secs(300))
        .expect("presign put");
    let agent = ureq::Agent::new_with_defaults();
    let put = agent.put(&put_url).send(&b"uploaded through a presigned URL"[..]).expect("presigned PUT accepted");
    assert_eq!(put.status().as_u16(), 200);
    let get_url = s3
        .presign("GetObject", json!({"Bucket": bucket, "Key": "p/q.txt"}), Duration::from_secs(300))
        .expect("presign get");
    let mut body = String::new();
    agent
        .get(&get_url)
        .call()
        .expect("presigned GET accepted")
        .into_body()
        .into_reader()
        .read_to_string(&mut body)
        .expect("read");
    assert_eq!(body, "uploaded through a presigned URL");
    let tampered = get_url.replace("p/q.txt", "p/other.txt");
    let status = match agent.get(&tampered).call() {
        Ok(r) => r.status().as_u16(),
        Err(ureq::Error::StatusCode(code)) => code,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(status, 403, "a presigned URL signs its key");
}

/// A private moto, so enabling auth does not disturb the tests sharing MOTO_URL.
struct PrivateMoto {
    child: Child,
    url: String,
}

impl Drop for PrivateMoto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_private_moto() -> PrivateMoto {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let server = root.join("build/venv/bin/moto_server");
    assert!(server.exists(), "{} missing: run scripts/setup", server.display());
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port();
    let child = Command::new(server)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start moto");
    let moto = PrivateMoto { child, url: format!("http://127.0.0.1:{port}") };
    let started = Instant::now();
    while ureq::get(&format!("{}/moto-api/", moto.url)).call().is_err() {
        assert!(started.elapsed() < Duration::from_secs(60), "moto did not start");
        std::thread::sleep(Duration::from_millis(200));
    }
    moto
}

/// PEERS.md's recipe, done with Stratus's own IAM client: a user with an allow-all policy
/// and an access key, then `POST /moto-api/reset-auth` turns verification on.
fn enable_auth(moto: &PrivateMoto) -> (String, String) {
    let iam = session("AKIDSETUP", "setup")
        .blocking_client("iam", &ClientOptions::with_endpoint_url(&moto.url))
        .expect("iam");
    iam.call("CreateUser", json!({"UserName": "stratus"})).expect("create user");
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
    iam.call(
        "PutUserPolicy",
        json!({"UserName": "stratus", "PolicyName": "all", "PolicyDocument": policy.to_string()}),
    )
    .expect("policy");
    let key = iam.call("CreateAccessKey", json!({"UserName": "stratus"})).expect("access key");
    let id = key["AccessKey"]["AccessKeyId"].as_str().expect("id").to_owned();
    let secret = key["AccessKey"]["SecretAccessKey"].as_str().expect("secret").to_owned();
    ureq::post(&format!("{}/moto-api/reset-auth", moto.url))
        .header("Content-Type", "text/plain")
        .send("0")
        .expect("reset-auth");
    (id, secret)
}

#[test]
fn moto_with_auth_verifies_signatures_of_every_protocol() {
    let moto = start_private_moto();
    let (id, secret) = enable_auth(&moto);
    let opts = ClientOptions::with_endpoint_url(&moto.url);
    let good = session(&id, &secret);
    let bad = session(&id, "wrong-secret");
    let cases: [(&str, &str, Value, &str); 4] = [
        ("sts", "GetCallerIdentity", json!({}), "SignatureDoesNotMatch"),
        ("ses", "ListIdentities", json!({}), "SignatureDoesNotMatch"),
        ("ec2", "DescribeAddresses", json!({"Filters": [{"Name": "domain", "Values": ["vpc"]}]}), "AuthFailure"),
        ("s3", "ListBuckets", json!({}), "SignatureDoesNotMatch"),
    ];
    for (service, op, input, rejected) in cases {
        good.blocking_client(service, &opts)
            .expect("client")
            .call(op, input.clone())
            .unwrap_or_else(|e| panic!("{service} {op}: {e}"));
        let code = code(bad.blocking_client(service, &opts).expect("client").call(op, input));
        assert_eq!(code, rejected, "{service} {op} with a wrong secret");
    }
}

//! The worked examples of AWS's public S3 SigV4 documentation (Amazon S3 API Reference,
//! "Authenticating Requests (AWS Signature Version 4)"), as tests: header signing
//! (`sig-v4-header-based-auth`), presigned URL (`sigv4-query-string-auth`), chunked upload
//! (`sigv4-streaming`), chunked upload with a signed trailer (`sigv4-streaming-trailers`)
//! and the browser POST policy (`sigv4-post-example`). Published values are quoted as
//! published. Where AWS publishes none (session-token presigning, unsigned trailers, POST
//! policy field layout), the expected values were computed with botocore 1.44.5
//! (`pip install botocore==1.44.5`; the calls are quoted next to each value).

use std::time::Duration;

use serde_json::{json, Value};
use time::macros::datetime;
use time::OffsetDateTime;

use crate::credentials::Credentials;
use crate::http::{Body, HttpRequest};

use super::*;

const ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const MAY_24_2013: OffsetDateTime = datetime!(2013-05-24 00:00:00 UTC);

fn signed(
    request: &HttpRequest,
    body: SignableBody<'_>,
    settings: &SigningSettings,
    creds: &Credentials,
) -> SigningOutput {
    let params = SigningParams { credentials: creds, region: "us-east-1", service: "s3", time: MAY_24_2013, settings };
    match sign(request, &body, &params, &mut SigningKeyCache::new()) {
        Ok(output) => output,
        Err(e) => panic!("signing failed: {e}"),
    }
}

fn example_credentials() -> Credentials {
    Credentials::new(ACCESS_KEY, SECRET_KEY, None)
}

fn signature_of(output: &SigningOutput) -> &str {
    &output.signature
}

#[test]
fn header_auth_get_object_with_range() {
    let mut request = HttpRequest::new("GET", "https://examplebucket.s3.amazonaws.com/test.txt");
    request.headers.append("Range", "bytes=0-9");
    let out = signed(&request, SignableBody::Bytes(b""), &SigningSettings::s3(), &example_credentials());
    assert_eq!(
        out.canonical_request,
        "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n\
         x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n\
         x-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n\
         e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        out.string_to_sign,
        "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n\
         7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972"
    );
    assert_eq!(signature_of(&out), "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    assert_eq!(
        out.instructions.get("authorization"),
        Some(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, \
             SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, \
             Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        )
    );
    assert_eq!(out.instructions.get("x-amz-content-sha256"), Some(EMPTY_PAYLOAD_SHA256));
}

#[test]
fn header_auth_put_object() {
    let mut request = HttpRequest::new("PUT", "https://examplebucket.s3.amazonaws.com/test%24file.text");
    request.headers.append("Date", "Fri, 24 May 2013 00:00:00 GMT");
    request.headers.append("x-amz-storage-class", "REDUCED_REDUNDANCY");
    request.body = Body::Bytes(b"Welcome to Amazon S3.".to_vec());
    let out =
        signed(&request, SignableBody::Bytes(request.body.bytes()), &SigningSettings::s3(), &example_credentials());
    assert!(out.canonical_request.starts_with("PUT\n/test%24file.text\n\ndate:Fri, 24 May 2013 00:00:00 GMT\n"));
    assert!(out.string_to_sign.ends_with("\n9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d"));
    assert_eq!(signature_of(&out), "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
}

#[test]
fn header_auth_get_bucket_lifecycle_and_list_objects() {
    let lifecycle = HttpRequest::new("GET", "https://examplebucket.s3.amazonaws.com/?lifecycle");
    let out = signed(&lifecycle, SignableBody::Bytes(b""), &SigningSettings::s3(), &example_credentials());
    assert_eq!(signature_of(&out), "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");

    let list = HttpRequest::new("GET", "https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J");
    let out = signed(&list, SignableBody::Bytes(b""), &SigningSettings::s3(), &example_credentials());
    assert_eq!(signature_of(&out), "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

#[test]
fn presigned_url_get_object() {
    let mut request = HttpRequest::new("GET", "https://examplebucket.s3.amazonaws.com/test.txt");
    let settings = SigningSettings::s3().presigned(Duration::from_secs(86_400));
    let out = signed(&request, SignableBody::UnsignedPayload, &settings, &example_credentials());
    assert_eq!(
        out.canonical_request,
        "GET\n/test.txt\nX-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2F\
         us-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\n\
         host:examplebucket.s3.amazonaws.com\n\nhost\nUNSIGNED-PAYLOAD"
    );
    assert!(out.string_to_sign.ends_with("\n3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04"));
    assert_eq!(signature_of(&out), "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
    out.apply_to(&mut request);
    assert_eq!(
        request.url,
        "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256\
         &X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request\
         &X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\
         &X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
    );
    assert!(request.headers.is_empty(), "presigning adds no header");
}

#[test]
fn presigned_url_with_session_token_matches_botocore() {
    // botocore: S3SigV4QueryAuth(Credentials(AK, SK, "EXAMPLE-SESSION-TOKEN/+="), "s3",
    // "us-east-1", expires=86400).add_auth(AWSRequest("GET", <url>)) at 2013-05-24T00:00:00Z.
    let creds = Credentials::new(ACCESS_KEY, SECRET_KEY, Some("EXAMPLE-SESSION-TOKEN/+=".into()));
    let request = HttpRequest::new("GET", "https://examplebucket.s3.amazonaws.com/test.txt");
    let settings = SigningSettings::s3().presigned(Duration::from_secs(86_400));
    let out = signed(&request, SignableBody::UnsignedPayload, &settings, &creds);
    assert_eq!(
        out.presigned_url(&request),
        "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256\
         &X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request\
         &X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\
         &X-Amz-Security-Token=EXAMPLE-SESSION-TOKEN%2F%2B%3D\
         &X-Amz-Signature=0674e80b8464ba06c44f4ba61190c8d6916f1404385aedbb647f1318896df59d"
    );
    assert!(!format!("{out:?}").contains("EXAMPLE-SESSION-TOKEN"));
}

/// The request of the chunked-upload examples, with the aws-chunked headers of `format`
/// (`content_length: None` for a body sent with `Transfer-Encoding: chunked`).
fn chunked_put(format: ChunkedFormat, content_length: Option<&str>, trailer: Option<&str>) -> HttpRequest {
    let mut request = HttpRequest::new("PUT", "https://s3.amazonaws.com/examplebucket/chunkObject.txt");
    request.headers.append("x-amz-storage-class", "REDUCED_REDUNDANCY");
    let headers = match aws_chunked_headers(66_560, 65_536, format, &[]) {
        Ok(h) => h,
        Err(e) => panic!("{e}"),
    };
    for (name, value) in headers {
        match (name, content_length) {
            ("content-length", None) => {}
            ("content-length", Some(length)) => request.headers.append(name, length),
            _ => request.headers.append(name, value),
        }
    }
    if let Some(trailer) = trailer {
        request.headers.append("x-amz-trailer", trailer);
    }
    request.body = Body::External { length: Some(66_560) };
    request
}

fn chunk_signer(format: ChunkedFormat, seed: &str) -> ChunkSigner {
    let creds = example_credentials();
    let settings = SigningSettings::s3();
    let params = SigningParams {
        credentials: &creds,
        region: "us-east-1",
        service: "s3",
        time: MAY_24_2013,
        settings: &settings,
    };
    match ChunkSigner::new(format, seed, &params, &mut SigningKeyCache::new()) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    }
}

fn framed(signer: &mut ChunkSigner, data: &[u8]) -> Vec<u8> {
    signer.sign_chunk(data).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn chunked_upload_put_object() {
    let request = chunked_put(ChunkedFormat::Signed, Some("66824"), None);
    let format = ChunkedFormat::Signed;
    let out = signed(&request, format.signable_body(), &SigningSettings::s3(), &example_credentials());
    assert!(out.canonical_request.ends_with(
        "\ncontent-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;\
         x-amz-storage-class\nSTREAMING-AWS4-HMAC-SHA256-PAYLOAD"
    ));
    assert_eq!(out.signature, "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");

    let data = vec![b'a'; 66_560];
    let mut signer = chunk_signer(format, &out.signature);
    let first = framed(&mut signer, &data[..65_536]);
    let prefix = b"10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n";
    assert_eq!(&first[..prefix.len()], prefix);
    assert_eq!(&first[first.len() - 2..], b"\r\n");
    let second = framed(&mut signer, &data[65_536..]);
    let prefix = b"400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n";
    assert_eq!(&second[..prefix.len()], prefix);
    let last = signer.finish(&[]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(last, b"0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n");
    assert_eq!((first.len() + second.len() + last.len()) as u64, 66_824);
}

#[test]
fn chunked_upload_with_signed_trailer() {
    // The example's seed signs x-amz-trailer and no Content-Length (so the body goes out
    // with Transfer-Encoding: chunked, which is never signed).
    let format = ChunkedFormat::SignedWithTrailer;
    let request = chunked_put(format, None, Some("x-amz-checksum-crc32c"));
    let out = signed(&request, format.signable_body(), &SigningSettings::s3(), &example_credentials());
    assert_eq!(out.signature, "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e");

    let data = vec![b'a'; 66_560];
    let mut signer = chunk_signer(format, &out.signature);
    let first = framed(&mut signer, &data[..65_536]);
    assert!(first
        .starts_with(b"10000;chunk-signature=b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2\r\n"));
    let second = framed(&mut signer, &data[65_536..]);
    assert!(
        second.starts_with(b"400;chunk-signature=1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7\r\n")
    );
    let last = signer.finish(&[("x-amz-checksum-crc32c", "sOO8/Q==")]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        String::from_utf8_lossy(&last),
        "0;chunk-signature=2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992\r\n\
         x-amz-checksum-crc32c:sOO8/Q==\r\n\
         x-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n\r\n"
    );
    let total = (first.len() + second.len() + last.len()) as u64;
    assert_eq!(aws_chunked_length(66_560, 65_536, format, &[("x-amz-checksum-crc32c", 8)]), Ok(total));
}

#[test]
fn unsigned_trailer_matches_botocore() {
    // botocore: S3SigV4Auth.add_auth of PUT .../chunked.txt with checksum context
    // {"in": "trailer"} (so x-amz-content-sha256 is STREAMING-UNSIGNED-PAYLOAD-TRAILER);
    // body from AwsChunkedWrapper(70000 x b"a", Crc32Checksum, chunk_size=65536).
    let format = ChunkedFormat::UnsignedWithTrailer;
    let trailer = [("x-amz-checksum-crc32", 8)];
    let mut request = HttpRequest::new("PUT", "https://examplebucket.s3.amazonaws.com/chunked.txt");
    for (name, value) in aws_chunked_headers(70_000, 65_536, format, &trailer).unwrap_or_else(|e| panic!("{e}")) {
        request.headers.append(name, value);
    }
    assert_eq!(request.headers.get("content-length"), Some("70053"));
    let out = signed(&request, format.signable_body(), &SigningSettings::s3(), &example_credentials());
    assert_eq!(
        out.instructions.get("authorization"),
        Some(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, \
             SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;\
             x-amz-decoded-content-length;x-amz-trailer, \
             Signature=30dad1b8b2c15cf8b5ef58bb64ffeae58cf2c12163dffd0086981dedfd0b6136"
        )
    );

    let data = vec![b'a'; 70_000];
    let crc = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC).checksum(&data);
    let crc = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, crc.to_be_bytes());
    assert_eq!(crc, "EiniBA==");
    let mut signer = ChunkSigner::unsigned_with_trailer();
    let mut body = Vec::new();
    for chunk in data.chunks(65_536) {
        body.extend(framed(&mut signer, chunk));
    }
    body.extend(signer.finish(&[("x-amz-checksum-crc32", &crc)]).unwrap_or_else(|e| panic!("{e}")));
    assert_eq!(body.len(), 70_053);
    assert!(body.starts_with(b"10000\r\naaa"));
    assert!(body.ends_with(b"aaaa\r\n0\r\nx-amz-checksum-crc32:EiniBA==\r\n\r\n"));
}

/// The policy of "Example: Browser-Based Upload using HTTP POST (Using AWS Signature
/// Version 4)", verbatim; its lines end in CRLF (the published signature is over this).
const DOC_POLICY_LINES: [&str; 16] = [
    r#"{ "expiration": "2015-12-30T12:00:00.000Z","#,
    r#"  "conditions": ["#,
    r#"    {"bucket": "sigv4examplebucket"},"#,
    r#"    ["starts-with", "$key", "user/user1/"],"#,
    r#"    {"acl": "public-read"},"#,
    r#"    {"success_action_redirect": "http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html"},"#,
    r#"    ["starts-with", "$Content-Type", "image/"],"#,
    r#"    {"x-amz-meta-uuid": "14365123651274"},"#,
    r#"    {"x-amz-server-side-encryption": "AES256"},"#,
    r#"    ["starts-with", "$x-amz-meta-tag", ""],"#,
    "",
    r#"    {"x-amz-credential": "AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request"},"#,
    r#"    {"x-amz-algorithm": "AWS4-HMAC-SHA256"},"#,
    r#"    {"x-amz-date": "20151229T000000Z" }"#,
    "  ]",
    "}",
];

fn post_example_params<'a>(creds: &'a Credentials, settings: &'a SigningSettings) -> SigningParams<'a> {
    SigningParams {
        credentials: creds,
        region: "us-east-1",
        service: "s3",
        time: datetime!(2015-12-29 00:00:00 UTC),
        settings,
    }
}

#[test]
fn post_policy_signature_of_the_documented_policy() {
    let policy = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, DOC_POLICY_LINES.join("\r\n"));
    assert!(policy.starts_with("eyAiZXhwaXJhdGlvbiI6ICIyMDE1LTEyLTMwVDEyOjAwOjAwLjAwMFoiLA0K"));
    let time = SigningTime::new(datetime!(2015-12-29 00:00:00 UTC)).unwrap_or_else(|e| panic!("{e}"));
    let scope = CredentialScope::new(&time, "us-east-1", "s3").unwrap_or_else(|e| panic!("{e}"));
    let key = derive_signing_key(&SECRET_KEY.into(), &scope).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        calculate_signature(&key, &policy).as_deref(),
        Ok("8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e")
    );
}

/// The documented example's conditions and fields as boto3 arguments.
fn post_example_request() -> PresignedPostRequest<'static> {
    PresignedPostRequest {
        url: "https://sigv4examplebucket.s3.amazonaws.com/",
        bucket: "sigv4examplebucket",
        key: "user/user1/${filename}",
        fields: vec![("acl".into(), "public-read".into())],
        conditions: vec![
            json!({"acl": "public-read"}),
            json!({"success_action_redirect": "http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html"}),
            json!(["starts-with", "$Content-Type", "image/"]),
            json!({"x-amz-meta-uuid": "14365123651274"}),
            json!({"x-amz-server-side-encryption": "AES256"}),
            json!(["starts-with", "$x-amz-meta-tag", ""]),
        ],
        expires_in: Duration::from_secs(36 * 3600),
    }
}

fn decoded_policy(post: &PresignedPost) -> String {
    let policy = post.field("policy").unwrap_or_default();
    let bytes = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, policy).unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[test]
fn presigned_post_has_the_documented_conditions() {
    let creds = example_credentials();
    let settings = SigningSettings::default();
    let post =
        presign_post(&post_example_request(), &post_example_params(&creds, &settings), &mut SigningKeyCache::new())
            .unwrap_or_else(|e| panic!("{e}"));
    let ours: Value = serde_json::from_str(&decoded_policy(&post)).unwrap_or_default();
    let documented: Value = serde_json::from_str(&DOC_POLICY_LINES.join("\r\n")).unwrap_or_default();
    assert_eq!(ours["expiration"], documented["expiration"]);
    let sorted = |v: &Value| {
        let mut c: Vec<String> =
            v["conditions"].as_array().cloned().unwrap_or_default().iter().map(Value::to_string).collect();
        c.sort();
        c
    };
    assert_eq!(sorted(&ours), sorted(&documented));
    let names: Vec<&str> = post.fields.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["acl", "key", "x-amz-algorithm", "x-amz-credential", "x-amz-date", "policy", "x-amz-signature"]);
    assert_eq!(post.field("x-amz-credential"), Some("AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request"));
    assert_eq!(post.field("x-amz-date"), Some("20151229T000000Z"));
    assert_eq!(post.url, "https://sigv4examplebucket.s3.amazonaws.com/");
}

#[test]
fn presigned_post_with_token_matches_botocore() {
    // botocore: S3SigV4PostAuth(Credentials(AK, SK, "EXAMPLE-SESSION-TOKEN/+="), "s3",
    // "us-east-1").add_auth at 2015-12-29T00:00:00Z, with the conditions boto3's
    // generate_presigned_post passes for post_example_request() (user conditions, bucket,
    // key) and expiration "2015-12-30T12:00:00.000Z" (boto3 itself writes no milliseconds).
    let creds = Credentials::new(ACCESS_KEY, SECRET_KEY, Some("EXAMPLE-SESSION-TOKEN/+=".into()));
    let settings = SigningSettings::default();
    let post =
        presign_post(&post_example_request(), &post_example_params(&creds, &settings), &mut SigningKeyCache::new())
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        decoded_policy(&post),
        r#"{"expiration": "2015-12-30T12:00:00.000Z", "conditions": [{"acl": "public-read"}, {"success_action_redirect": "http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html"}, ["starts-with", "$Content-Type", "image/"], {"x-amz-meta-uuid": "14365123651274"}, {"x-amz-server-side-encryption": "AES256"}, ["starts-with", "$x-amz-meta-tag", ""], {"bucket": "sigv4examplebucket"}, ["starts-with", "$key", "user/user1/"], {"x-amz-algorithm": "AWS4-HMAC-SHA256"}, {"x-amz-credential": "AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request"}, {"x-amz-date": "20151229T000000Z"}, {"x-amz-security-token": "EXAMPLE-SESSION-TOKEN/+="}]}"#
    );
    assert_eq!(post.field("x-amz-signature"), Some("b78508429d84ab445b17cb8f1e1eec961e7349d84eef2632dcc98e8cdf3c8c7f"));
    assert_eq!(post.field("x-amz-security-token"), Some("EXAMPLE-SESSION-TOKEN/+="));
    let dbg = format!("{post:?}");
    assert!(
        !dbg.contains("EXAMPLE-SESSION-TOKEN") && !dbg.contains(&post.field("policy").unwrap_or("-")[..20]),
        "{dbg}"
    );
}

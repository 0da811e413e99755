//! # stratus-wasm-tests
//!
//! Scenarios that drive `stratus::Client<stratus_fetch::FetchTransport>` against a real moto
//! server from inside a JS runtime. The same functions run under `wasm-bindgen-test` in Node
//! and headless Chromium (`tests/fetch_moto.rs`) and inside workerd (the `runScenario` export,
//! called by `support/worker.mjs`). `scripts/test-wasm` runs all three.
//!
//! Each scenario returns a small JSON summary of what it saw, or a message saying which check
//! failed. What moto does not check (see shared/PEERS.md): signatures (it accepts any), and its
//! error messages differ from AWS, so the scenarios compare error codes and HTTP statuses.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use md5::{Digest, Md5};
use serde_json::{json, Value};
use stratus::transfer::{TransferConfig, TransferOptions};
use stratus::{CallOptions, Client, ClientOptions, Error, Session, Transport};
use stratus_fetch::{FetchOptions, FetchTransport};
use wasm_bindgen::prelude::*;

/// A client over the fetch transport.
pub type FetchClient = Client<FetchTransport>;

/// Where the scenarios send their requests.
#[derive(Debug, Clone)]
pub struct Endpoints {
    /// moto (directly, or through the CORS proxy in a browser).
    pub moto: String,
    /// A server that accepts connections and never answers (for the timeout scenario).
    pub hang: Option<String>,
}

/// Every scenario, by the name [`run`] and `runScenario` take.
pub const SCENARIOS: &[&str] = &[
    "s3_put_get_list",
    "s3_no_such_key",
    "s3_dot_segments_refused",
    "s3_multipart_transfer",
    "ses_identities_and_templates",
    "sts_caller_identity",
    "timeout_aborts_and_retries",
];

/// Runs the scenario `name` against `endpoints`.
pub async fn run(name: &str, endpoints: &Endpoints) -> Result<Value, String> {
    let moto = endpoints.moto.as_str();
    match name {
        "s3_put_get_list" => s3_put_get_list(&client("s3", moto, &Tuning::default())?).await,
        "s3_no_such_key" => s3_no_such_key(&client("s3", moto, &Tuning::default())?).await,
        "s3_dot_segments_refused" => s3_dot_segments_refused(&client("s3", moto, &Tuning::default())?).await,
        "s3_multipart_transfer" => s3_multipart_transfer(&client("s3", moto, &Tuning::default())?).await,
        "ses_identities_and_templates" => ses_identities_and_templates(&client("ses", moto, &Tuning::default())?).await,
        "sts_caller_identity" => sts_caller_identity(&client("sts", moto, &Tuning::default())?).await,
        "timeout_aborts_and_retries" => {
            let hang = endpoints.hang.as_deref().ok_or("no endpoint that never answers was given (hang URL)")?;
            timeout_aborts_and_retries(hang).await
        }
        other => Err(format!("unknown scenario {other:?}; known: {SCENARIOS:?}")),
    }
}

/// For JS hosts (the workerd worker): runs scenario `name` and returns its JSON summary as
/// text; rejects with the failed check's message.
#[wasm_bindgen(js_name = runScenario)]
pub async fn run_scenario(name: String, moto_url: String, hang_url: Option<String>) -> Result<String, JsError> {
    let endpoints = Endpoints { moto: moto_url, hang: hang_url };
    match run(&name, &endpoints).await {
        Ok(summary) => Ok(summary.to_string()),
        Err(message) => Err(JsError::new(&format!("{name}: {message}"))),
    }
}

/// The scenario names, for JS hosts.
#[wasm_bindgen(js_name = scenarioNames)]
pub fn scenario_names() -> Vec<String> {
    SCENARIOS.iter().map(|s| (*s).to_owned()).collect()
}

/// Client settings a scenario may change.
#[derive(Debug, Clone)]
struct Tuning {
    fetch: FetchOptions,
    max_attempts: Option<u32>,
}

impl Default for Tuning {
    fn default() -> Self {
        Self { fetch: FetchOptions { timeout: Duration::from_secs(30) }, max_attempts: None }
    }
}

/// A fetch client for `service` at `endpoint`, with fixed test keys and no environment or
/// config files (there are none in a JS runtime anyway).
fn client(service: &str, endpoint: &str, tuning: &Tuning) -> Result<FetchClient, String> {
    let session = Session::builder()
        .region_name("us-east-1")
        .credentials("AKIDWASMTEST", "wasm-test-secret", None)
        .environment(Default::default())
        .config_files(None, None)
        .build()
        .map_err(|e| format!("session: {e}"))?;
    let mut options = ClientOptions::with_endpoint_url(endpoint);
    options.config.max_attempts = tuning.max_attempts;
    session
        .client_with(service, &options, FetchTransport::new(tuning.fetch))
        .map_err(|e| format!("{service} client: {e}"))
}

/// A name no other run uses (moto is shared by the Node, Chromium and workerd runs).
fn unique(transport: &FetchTransport, prefix: &str) -> String {
    let mut bytes = [0u8; 6];
    transport.fill_random(&mut bytes);
    format!("{prefix}-{}", hex::encode(bytes))
}

fn ensure(ok: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(what())
    }
}

async fn call(client: &FetchClient, operation: &str, input: Value) -> Result<Value, String> {
    client.call(operation, input).await.map_err(|e| format!("{operation}: {e}"))
}

/// The service error a call must end in: (code, HTTP status).
async fn service_error(client: &FetchClient, operation: &str, input: Value) -> Result<(String, u16), String> {
    match client.call(operation, input).await {
        Err(Error::Service(e)) => Ok((e.code, e.status)),
        other => Err(format!("{operation}: expected a service error, got {other:?}")),
    }
}

/// 64 KiB and a bit of every byte value: not UTF-8, not a multiple of any block size.
fn binary_payload() -> Vec<u8> {
    (0..65_539u32).map(|i| (i.wrapping_mul(7) % 256) as u8).collect()
}

/// CreateBucket, PutObject (raw payload), GetObject (raw output, and streamed from the
/// body's reader into a sink, byte for byte), ListObjectsV2, then cleanup; checks the ETag
/// is the payload's MD5 (response headers reach the client through fetch).
async fn s3_put_get_list(s3: &FetchClient) -> Result<Value, String> {
    let bucket = unique(s3.transport(), "stratus-wasm");
    let key = "fetch/ünï cødé+%~.bin";
    let body = binary_payload();
    call(s3, "CreateBucket", json!({"Bucket": bucket})).await?;
    let put = s3
        .call_with(
            "PutObject",
            json!({"Bucket": bucket, "Key": key, "ContentType": "application/octet-stream"}),
            CallOptions { payload: Some(stratus::Payload::Borrowed(&body)), raw_output: false },
        )
        .await
        .map_err(|e| format!("PutObject: {e}"))?;
    let md5 = format!("\"{}\"", hex::encode(Md5::digest(&body)));
    ensure(put.document["ETag"] == md5.as_str(), || format!("PutObject ETag {} != {md5}", put.document["ETag"]))?;
    let got = s3
        .call_with("GetObject", json!({"Bucket": bucket, "Key": key}), CallOptions { payload: None, raw_output: true })
        .await
        .map_err(|e| format!("GetObject: {e}"))?;
    let payload = got.payload.unwrap_or_default();
    ensure(payload == body, || format!("GetObject returned {} bytes, not the {} put", payload.len(), body.len()))?;
    let mut streamed = Vec::new();
    s3.call_streaming("GetObject", json!({"Bucket": bucket, "Key": key}), CallOptions::default(), &mut streamed)
        .await
        .map_err(|e| format!("streamed GetObject: {e}"))?;
    ensure(streamed == body, || {
        format!("streamed GetObject gave {} bytes, not the {} put", streamed.len(), body.len())
    })?;
    ensure(got.document["ContentType"] == "application/octet-stream", || {
        format!("GetObject ContentType {}", got.document["ContentType"])
    })?;
    let listed = call(s3, "ListObjectsV2", json!({"Bucket": bucket, "Prefix": "fetch/"})).await?;
    let contents = listed["Contents"].as_array().cloned().unwrap_or_default();
    let found = contents.iter().find(|o| o["Key"] == key);
    ensure(found.is_some_and(|o| o["Size"] == body.len()), || format!("ListObjectsV2 lacks {key:?}: {listed}"))?;
    call(s3, "DeleteObject", json!({"Bucket": bucket, "Key": key})).await?;
    call(s3, "DeleteBucket", json!({"Bucket": bucket})).await?;
    Ok(json!({"bucket": bucket, "key": key, "bytes": body.len(), "etag": md5, "listed": contents.len()}))
}

/// The transfer manager over fetch (promises, no threads): `upload_fileobj` of 11 MiB and 3
/// bytes in 5 MiB parts (up to 10 `UploadPart` requests in flight, each with a CRC32), then
/// `download_fileobj` in 5 MiB ranges into memory, byte for byte, with progress counted.
async fn s3_multipart_transfer(s3: &FetchClient) -> Result<Value, String> {
    const MIB: u64 = 1024 * 1024;
    let bucket = unique(s3.transport(), "stratus-wasm-transfer");
    let body: Vec<u8> = (0..11 * MIB + 3).map(|i| (i.wrapping_mul(31) >> 3) as u8).collect();
    call(s3, "CreateBucket", json!({"Bucket": bucket})).await?;
    let config = TransferConfig { multipart_threshold: 5 * MIB, multipart_chunksize: 5 * MIB, ..Default::default() };
    let moved = std::sync::atomic::AtomicU64::new(0);
    let progress = |n: u64| {
        moved.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
    };
    let options = TransferOptions { config, progress: Some(&progress), ..Default::default() };
    let up = s3.upload_fileobj(&body[..], &bucket, "big.bin", &options).await.map_err(|e| format!("upload: {e}"))?;
    let etag = up["ETag"].as_str().unwrap_or_default().to_owned();
    ensure(etag.ends_with("-3\""), || format!("a 3-part upload, got ETag {etag}"))?;
    let mut out = Vec::new();
    let down =
        s3.download_fileobj(&bucket, "big.bin", &mut out, &options).await.map_err(|e| format!("download: {e}"))?;
    ensure(out == body, || format!("downloaded {} bytes, not the {} uploaded", out.len(), body.len()))?;
    let total = moved.load(std::sync::atomic::Ordering::Relaxed);
    ensure(total == 2 * body.len() as u64, || format!("progress counted {total} bytes"))?;
    call(s3, "DeleteObject", json!({"Bucket": bucket, "Key": "big.bin"})).await?;
    call(s3, "DeleteBucket", json!({"Bucket": bucket})).await?;
    Ok(json!({"bucket": bucket, "bytes": body.len(), "etag": etag, "downloaded": down.size}))
}

/// A missing key is a service error `NoSuchKey` (404) for GetObject, and `404` for HeadObject
/// (no body to carry a code), as boto3 reports them.
async fn s3_no_such_key(s3: &FetchClient) -> Result<Value, String> {
    let bucket = unique(s3.transport(), "stratus-wasm-missing");
    call(s3, "CreateBucket", json!({"Bucket": bucket})).await?;
    let get = service_error(s3, "GetObject", json!({"Bucket": bucket, "Key": "no/such key"})).await?;
    ensure(get == ("NoSuchKey".to_owned(), 404), || format!("GetObject on a missing key: {get:?}"))?;
    let head = service_error(s3, "HeadObject", json!({"Bucket": bucket, "Key": "no/such key"})).await?;
    ensure(head == ("404".to_owned(), 404), || format!("HeadObject on a missing key: {head:?}"))?;
    call(s3, "DeleteBucket", json!({"Bucket": bucket})).await?;
    Ok(json!({"GetObject": get.0, "HeadObject": head.0}))
}

/// fetch parses URLs with WHATWG rules, which drop `.`/`..` segments: a key `a/../b` would
/// silently become `b`. The transport refuses it before anything is sent.
async fn s3_dot_segments_refused(s3: &FetchClient) -> Result<Value, String> {
    let result = s3.call("GetObject", json!({"Bucket": "stratus-wasm-dots", "Key": "a/../b.txt"})).await;
    match result {
        Err(Error::Transport(message)) if message.contains("'..'") => Ok(json!({"refused": message})),
        other => Err(format!("expected the transport to refuse a '..' key, got {other:?}")),
    }
}

/// SES (query protocol, POST form body): VerifyEmailIdentity + ListIdentities, then
/// CreateTemplate + GetTemplate, and `TemplateDoesNotExist` once deleted.
async fn ses_identities_and_templates(ses: &FetchClient) -> Result<Value, String> {
    let name = unique(ses.transport(), "wasm-template");
    let address = format!("{name}@example.com");
    call(ses, "VerifyEmailIdentity", json!({"EmailAddress": address})).await?;
    let identities = call(ses, "ListIdentities", json!({"IdentityType": "EmailAddress"})).await?;
    let listed = identities["Identities"].as_array().is_some_and(|ids| ids.iter().any(|i| i == address.as_str()));
    ensure(listed, || format!("ListIdentities lacks {address}: {identities}"))?;
    let template = json!({"TemplateName": name, "SubjectPart": "Hi {{name}}", "TextPart": "Hello {{name}}", "HtmlPart": "<p>Hello {{name}}</p>"});
    call(ses, "CreateTemplate", json!({"Template": template})).await?;
    let got = call(ses, "GetTemplate", json!({"TemplateName": name})).await?;
    ensure(got["Template"]["SubjectPart"] == "Hi {{name}}", || format!("GetTemplate: {got}"))?;
    call(ses, "DeleteTemplate", json!({"TemplateName": name})).await?;
    let gone = service_error(ses, "GetTemplate", json!({"TemplateName": name})).await?;
    ensure(gone.0 == "TemplateDoesNotExist", || format!("GetTemplate after delete: {gone:?}"))?;
    Ok(json!({"identity": address, "template": name, "after_delete": gone.0}))
}

/// STS GetCallerIdentity: a signed query call parsed from XML.
async fn sts_caller_identity(sts: &FetchClient) -> Result<Value, String> {
    let me = call(sts, "GetCallerIdentity", json!({})).await?;
    ensure(me["Account"].as_str().is_some_and(|a| a.len() == 12), || format!("GetCallerIdentity: {me}"))?;
    Ok(json!({"Account": me["Account"], "Arn": me["Arn"]}))
}

/// Against a server that never answers: each attempt is aborted (AbortController) after the
/// timeout, the retry policy sleeps (setTimeout) and tries again, and the call ends in a
/// transport error naming the timeout and the attempts.
async fn timeout_aborts_and_retries(hang: &str) -> Result<Value, String> {
    let timeout = Duration::from_millis(300);
    let tuning = Tuning { fetch: FetchOptions { timeout }, max_attempts: Some(2) };
    let sts = client("sts", hang, &tuning)?;
    let started = sts.transport().now();
    let result = sts.call("GetCallerIdentity", json!({})).await;
    let elapsed = sts.transport().now() - started;
    let message = match result {
        Err(Error::Transport(message)) => message,
        other => return Err(format!("expected a transport error, got {other:?}")),
    };
    ensure(message.contains("ReadTimeout") && message.contains("after 2 attempts"), || {
        format!("unexpected transport error: {message}")
    })?;
    let min = time::Duration::try_from(timeout * 2).map_err(|e| e.to_string())?;
    ensure(elapsed >= min && elapsed < time::Duration::seconds(20), || {
        format!("two {timeout:?} attempts took {elapsed}")
    })?;
    Ok(json!({"error": message, "elapsed_ms": elapsed.whole_milliseconds() as u64}))
}

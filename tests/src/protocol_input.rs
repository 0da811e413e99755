//! botocore's input protocol vectors (`vectors/protocols/input/*.json`) run against
//! [`stratus_core::protocol::serialize_request`].
//!
//! Each file is a list of suites (`metadata`, `shapes`, `cases`, sometimes
//! `clientEndpoint`); each case gives an operation (`given`), the input (`params`) and the
//! expected request (`serialized`: `method`, `uri`, `headers`, `forbidHeaders`, `body`,
//! `host`). Case ids are `input/<file stem>/<suite index>/<case id, else given.name>`.
//!
//! Inputs are converted into Stratus's [`Document`] conventions, guided by the shapes: blobs,
//! raw text in the vectors, become base64. Timestamps (epoch seconds) and special floats
//! (`"NaN"`, `"Infinity"`, `"-Infinity"`) already are our conventions. The endpoint is the
//! suite's `clientEndpoint`, else `https://example.com`; the idempotency token handed in is
//! the one the vectors expect (`00000000-0000-4000-8000-000000000000`).
//!
//! Comparison follows botocore's `test_input_compliance`:
//! - `uri` is the request's path and query, `method` the method;
//! - bodies: JSON compared as values (`rest-json` falls back to text when the expected body
//!   is not JSON), XML canonicalized with surrounding whitespace stripped from text (as
//!   `ET.canonicalize(strip_text=True)`, falling back to text when either side does not
//!   parse), CBOR decoded and compared as values (numbers by value, tag 1 by its epoch),
//!   query/ec2 bodies byte for byte;
//! - expected headers must be present with equal values (names case-insensitive),
//!   `forbidHeaders` absent; as in botocore, `query`/`ec2` expect `Content-Type` with
//!   `; charset=utf-8` appended, `rest-xml` does not check `Content-Type`, and `rest-json`
//!   checks it only when it is `application/json`. One deviation, stricter than botocore:
//!   list-valued headers are compared as written (`a, b, c`), without botocore's
//!   normalization to `a,b,c`;
//! - `host`: the request URL after `scheme://` must start with it (the host, or host and
//!   base path for endpoints with a path).
//!
//! Unlike botocore, which skips the cases in its `protocol-tests-ignore-list.json`, every
//! case runs; the ones Stratus cannot pass are in `known-failures.json` with reasons.

mod cbor;
mod xml;

use base64::Engine as _;
use serde_json::{json, Map, Value};
use stratus_core::compression::{compress_request, RequestCompressionConfig};
use stratus_core::http::HttpRequest;
use stratus_core::model::{ServiceModel, ShapeType};
use stratus_core::protocol::{serialize_request, SerializeOptions};
use stratus_core::Document;

use crate::tally::Tally;

/// The idempotency token the vectors expect to be filled in.
const TOKEN: &str = "00000000-0000-4000-8000-000000000000";
const DEFAULT_ENDPOINT: &str = "https://example.com";

/// The number of input cases on disk.
pub fn count_input_cases() -> usize {
    crate::protocol_files::count_cases("input")
}

/// Runs every input case into `tally`.
pub fn run_input_vectors(tally: &mut Tally) {
    crate::protocol_files::run_cases("input", tally, run_case);
}

fn run_case(suite: &Value, case: &Value) -> Result<(), String> {
    let model = build_model(suite, case)?;
    let (_, operation) = model.operations.first().ok_or("no operation")?;
    let params = match &operation.input {
        Some(input) => to_document(&model, &input.shape, &case["params"]),
        None => case["params"].clone(),
    };
    let endpoint = suite.get("clientEndpoint").and_then(Value::as_str).unwrap_or(DEFAULT_ENDPOINT);
    let options = SerializeOptions { endpoint, idempotency_token: Some(TOKEN) };
    let mut request =
        serialize_request(&model, operation, &params, &options).map_err(|e| format!("serialization failed: {e}"))?;
    // botocore compresses after serializing (its RequestCompressor); so does Stratus's client.
    compress_request(operation, &mut request, &RequestCompressionConfig::default())
        .map_err(|e| format!("compression failed: {e}"))?;
    let protocol = model.metadata.protocol.clone();
    let expected = &case["serialized"];
    check_uri_and_method(&request, expected)?;
    check_body(&protocol, &request, expected)?;
    check_headers(&protocol, &request, expected)?;
    check_host(&request, expected)
}

fn build_model(suite: &Value, case: &Value) -> Result<ServiceModel, String> {
    let given = case["given"].clone();
    let name = given["name"].as_str().unwrap_or("OperationName").to_owned();
    let mut operations = Map::new();
    operations.insert(name, given);
    let json = json!({"metadata": suite["metadata"], "shapes": suite["shapes"], "operations": operations});
    ServiceModel::from_value(json).map_err(|e| format!("model: {e}"))
}

/// Converts vector params to the Document conventions: raw blob text becomes base64.
fn to_document(model: &ServiceModel, shape_name: &str, value: &Value) -> Document {
    let Some(shape) = model.shape(shape_name) else { return value.clone() };
    match (shape.shape_type, value) {
        (ShapeType::Blob, Value::String(raw)) => {
            Value::String(base64::engine::general_purpose::STANDARD.encode(raw.as_bytes()))
        }
        (ShapeType::Structure, Value::Object(object)) if !shape.document => {
            let converted = object.iter().map(|(k, v)| {
                let v = match shape.members.get(k) {
                    Some(member) => to_document(model, &member.shape, v),
                    None => v.clone(),
                };
                (k.clone(), v)
            });
            Value::Object(converted.collect())
        }
        (ShapeType::List, Value::Array(items)) => match &shape.member {
            Some(member) => Value::Array(items.iter().map(|i| to_document(model, &member.shape, i)).collect()),
            None => value.clone(),
        },
        (ShapeType::Map, Value::Object(entries)) => match &shape.value {
            Some(v) => {
                Value::Object(entries.iter().map(|(k, e)| (k.clone(), to_document(model, &v.shape, e))).collect())
            }
            None => value.clone(),
        },
        _ => value.clone(),
    }
}

fn check_uri_and_method(request: &HttpRequest, expected: &Value) -> Result<(), String> {
    let uri = match request.query() {
        Some(query) => format!("{}?{query}", request.path()),
        None => request.path().to_owned(),
    };
    let expected_uri = expected["uri"].as_str().unwrap_or_default();
    if uri != expected_uri {
        return Err(format!("URI: got {uri:?}, expected {expected_uri:?}"));
    }
    match expected["method"].as_str() {
        Some(method) if method != request.method => Err(format!("method: got {}, expected {method}", request.method)),
        _ => Ok(()),
    }
}

fn check_body(protocol: &str, request: &HttpRequest, expected: &Value) -> Result<(), String> {
    let actual = request.body.bytes();
    if protocol == "smithy-rpc-v2-cbor" && !actual.is_empty() {
        let expected_bytes = base64::engine::general_purpose::STANDARD
            .decode(expected["body"].as_str().unwrap_or_default())
            .map_err(|e| format!("expected body is not base64: {e}"))?;
        let (got, want) = (cbor::decode(actual)?, cbor::decode(&expected_bytes)?);
        return if got == want { Ok(()) } else { Err(format!("CBOR body: got {got:?}, expected {want:?}")) };
    }
    let Some(expected_body) = expected.get("body").and_then(Value::as_str) else { return Ok(()) };
    let same = match protocol {
        "json" | "rest-json" => {
            match (serde_json::from_slice::<Value>(actual), serde_json::from_str::<Value>(expected_body)) {
                (Ok(got), Ok(want)) => got == want,
                _ if protocol == "json" => false,
                _ => actual == expected_body.as_bytes(),
            }
        }
        "rest-xml" => match (xml::canonicalize(actual), xml::canonicalize(expected_body.as_bytes())) {
            (Ok(got), Ok(want)) => got == want,
            _ => actual == expected_body.as_bytes(),
        },
        _ => actual == expected_body.as_bytes(),
    };
    if same {
        Ok(())
    } else {
        Err(format!("body: got {:?}, expected {expected_body:?}", String::from_utf8_lossy(actual)))
    }
}

fn check_headers(protocol: &str, request: &HttpRequest, expected: &Value) -> Result<(), String> {
    let empty = Map::new();
    for (name, value) in expected.get("headers").and_then(Value::as_object).unwrap_or(&empty) {
        let mut want = value.as_str().unwrap_or_default().to_owned();
        if name.eq_ignore_ascii_case("Content-Type") {
            match protocol {
                "query" | "ec2" if !want.contains("charset=utf-8") => want.push_str("; charset=utf-8"),
                "rest-xml" => continue,
                "rest-json" if want != "application/json" => continue,
                _ => {}
            }
        }
        match request.headers.get(name) {
            Some(got) if got == want => {}
            got => return Err(format!("header {name}: got {got:?}, expected {want:?}")),
        }
    }
    for name in expected.get("forbidHeaders").and_then(Value::as_array).into_iter().flatten() {
        let name = name.as_str().unwrap_or_default();
        if let Some(got) = request.headers.get(name) {
            return Err(format!("header {name} must be absent, got {got:?}"));
        }
    }
    Ok(())
}

fn check_host(request: &HttpRequest, expected: &Value) -> Result<(), String> {
    let Some(host) = expected.get("host").and_then(Value::as_str) else { return Ok(()) };
    let rest = request.url.split_once("://").map_or(request.url.as_str(), |(_, r)| r);
    let matches = rest.strip_prefix(host).is_some_and(|tail| tail.is_empty() || tail.starts_with(['/', '?']));
    if matches {
        Ok(())
    } else {
        Err(format!("host: got URL {}, expected host {host}", request.url))
    }
}

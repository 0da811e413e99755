//! botocore's output protocol vectors (`vectors/protocols/output/*.json`) run against
//! [`stratus_core::protocol::de::parse_response`].
//!
//! Each file is a list of suites (`metadata`, `shapes`, `cases`); each case gives an
//! operation (`given`), an HTTP `response` and either the expected output (`result`) or an
//! error (`errorCode`, `errorMessage`, `error` = the modeled exception's members). Case ids
//! are `output/<file stem>/<suite index>/<case id, else given.name>`.
//!
//! Comparison follows botocore's `test_output_compliance`, with the expected values
//! converted into Stratus's [`stratus_core::Document`] conventions, guided by the shapes:
//! - timestamps, epoch seconds in the vectors, become RFC 3339 strings in UTC (`Z`,
//!   fraction only when non-zero, to the microsecond like botocore's `datetime`);
//! - blobs, raw text in the vectors (botocore decodes bytes as UTF-8), become base64;
//! - floats `"NaN"`, `"Infinity"`, `"-Infinity"` stay strings (our convention too);
//! - numbers compare by value (`1 == 1.0`), objects regardless of key order;
//! - response metadata is not compared (ours is not part of the document).
//!
//! Error cases must give `Error::Service` with the vector's code and HTTP status, and, for
//! every member of the modeled exception (found by code, as botocore's
//! `shape_for_error_code`), `extra` must hold the expected value exactly when `error`
//! has it. The message is compared when the vector gives `errorMessage`; botocore
//! compares an absent one with `""`, but these Smithy-derived vectors leave it unspecified
//! (Ec2ComplexError's body does carry a message).
//!
//! As in botocore's runner, a query operation whose output shape has members gets the
//! result wrapper `<Operation>Result`; smithy-rpc-v2-cbor bodies are base64 in the vectors;
//! a response without a body has an empty one.

use base64::Engine as _;
use serde_json::{json, Map, Value};
use stratus_core::http::{Headers, HttpResponse};
use stratus_core::model::ServiceModel;
use stratus_core::protocol::de::parse_response;
use stratus_core::Error;

use crate::tally::Tally;

/// The number of output cases on disk.
pub fn count_output_cases() -> usize {
    crate::protocol_files::count_cases("output")
}

/// Runs every output case into `tally`.
pub fn run_output_vectors(tally: &mut Tally) {
    crate::protocol_files::run_cases("output", tally, run_case);
}

fn run_case(suite: &Value, case: &Value) -> Result<(), String> {
    let model = build_model(suite, case)?;
    let (name, operation) = model.operations.first().ok_or("no operation")?;
    let response = build_response(&model, &case["response"])?;
    let parsed = parse_response(&model, operation, &response);
    if case.get("error").is_some() {
        return check_error(&model, name, case, parsed);
    }
    let actual = parsed.map_err(|e| format!("parse failed: {e}"))?;
    let output = operation.output.as_ref().map(|o| o.shape.clone());
    let expected = match &output {
        Some(shape) => expected_value(&model, shape, &case["result"]),
        None => case["result"].clone(),
    };
    compare(&actual, &expected)
}

fn build_model(suite: &Value, case: &Value) -> Result<ServiceModel, String> {
    let mut given = case["given"].clone();
    let name = given["name"].as_str().unwrap_or("OperationName").to_owned();
    let protocol = suite.pointer("/metadata/protocol").and_then(Value::as_str);
    let output_shape = given.pointer("/output/shape").and_then(Value::as_str).map(str::to_owned);
    if let (Some("query"), Some(shape)) = (protocol, output_shape) {
        let has_members = suite["shapes"][&shape]["members"].as_object().is_some_and(|m| !m.is_empty());
        if has_members {
            given["output"]["resultWrapper"] = Value::String(format!("{name}Result"));
        }
    }
    let description = json!({
        "metadata": suite["metadata"],
        "shapes": suite["shapes"],
        "operations": { name: given },
    });
    ServiceModel::from_value(description).map_err(|e| e.to_string())
}

fn build_response(model: &ServiceModel, response: &Value) -> Result<HttpResponse, String> {
    let status = response["status_code"].as_u64().ok_or("response without status_code")?;
    let headers: Headers = response
        .get("headers")
        .and_then(Value::as_object)
        .map(|h| h.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned())).collect())
        .unwrap_or_default();
    let text = response.get("body").and_then(Value::as_str).unwrap_or_default();
    let body = if model.metadata.protocol == "smithy-rpc-v2-cbor" {
        base64::engine::general_purpose::STANDARD.decode(text).map_err(|e| format!("vector body: {e}"))?
    } else {
        text.as_bytes().to_vec()
    };
    Ok(HttpResponse { status: u16::try_from(status).map_err(|e| e.to_string())?, headers, body })
}

fn check_error(
    model: &ServiceModel,
    operation: &str,
    case: &Value,
    parsed: Result<Value, Error>,
) -> Result<(), String> {
    let error = match parsed {
        Err(Error::Service(e)) => e,
        other => return Err(format!("expected a service error, got {other:?}")),
    };
    let code = case["errorCode"].as_str().unwrap_or_default();
    if error.code != code {
        return Err(format!("code {:?} != expected {code:?}", error.code));
    }
    if let Some(message) = case.get("errorMessage").and_then(Value::as_str) {
        if error.message != message {
            return Err(format!("message {:?} != expected {message:?}", error.message));
        }
    }
    if Some(u64::from(error.status)) != case.pointer("/response/status_code").and_then(Value::as_u64) {
        return Err(format!("status {} != the response's", error.status));
    }
    let Some(shape_name) = exception_shape(model, operation, code) else {
        return Ok(());
    };
    let members = model.shape(&shape_name).map(|s| s.members.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
    let expected = expected_value(model, &shape_name, &case["error"]);
    for member in members {
        let want = expected.get(&member);
        let got = error.extra.get(&member);
        match (want, got) {
            (None, None) => {}
            (Some(w), Some(g)) => compare(g, w).map_err(|e| format!("extra.{member}: {e}"))?,
            _ => return Err(format!("extra.{member}: got {got:?}, expected {want:?} (extra = {:?})", error.extra)),
        }
    }
    Ok(())
}

/// botocore's `shape_for_error_code`: the operation's errors, then every exception.
fn exception_shape(model: &ServiceModel, operation: &str, code: &str) -> Option<String> {
    let matches = |name: &str| {
        model.shape(name).is_some_and(|s| s.error.as_ref().and_then(|e| e.code.as_deref()).unwrap_or(name) == code)
    };
    let declared = model.operation(operation).into_iter().flat_map(|o| o.errors.iter().map(|e| e.shape.clone()));
    let mut all: Vec<String> = model.shapes.iter().filter(|(_, s)| s.exception).map(|(n, _)| n.clone()).collect();
    all.sort();
    declared.chain(all).find(|name| matches(name))
}

/// Converts an expected value of shape `shape_name` into the Document conventions.
fn expected_value(model: &ServiceModel, shape_name: &str, v: &Value) -> Value {
    let Some(shape) = model.shape(shape_name) else { return v.clone() };
    use stratus_core::model::ShapeType as T;
    match (shape.shape_type, v) {
        (T::Structure, Value::Object(fields)) if !shape.document => {
            let mut out = Map::new();
            for (key, field) in fields {
                let converted = match shape.members.get(key) {
                    Some(member) if member.jsonvalue => field.clone(),
                    Some(member) => expected_value(model, &member.shape, field),
                    None => field.clone(),
                };
                out.insert(key.clone(), converted);
            }
            Value::Object(out)
        }
        (T::List, Value::Array(items)) => {
            let member = shape.member.as_ref().map(|m| m.shape.clone()).unwrap_or_default();
            Value::Array(items.iter().map(|i| expected_value(model, &member, i)).collect())
        }
        (T::Map, Value::Object(entries)) => {
            let value_shape = shape.value.as_ref().map(|m| m.shape.clone()).unwrap_or_default();
            Value::Object(entries.iter().map(|(k, e)| (k.clone(), expected_value(model, &value_shape, e))).collect())
        }
        (T::Timestamp, Value::Number(n)) => Value::String(rfc3339(n.as_f64().unwrap_or_default())),
        (T::Blob, Value::String(s)) => Value::String(base64::engine::general_purpose::STANDARD.encode(s.as_bytes())),
        _ => v.clone(),
    }
}

/// Epoch seconds → RFC 3339 in UTC, microsecond precision, fraction trimmed.
fn rfc3339(epoch: f64) -> String {
    let micros = (epoch * 1e6).round() as i128;
    let Ok(t) = time::OffsetDateTime::from_unix_timestamp_nanos(micros * 1000) else {
        return format!("out of range: {epoch}");
    };
    let mut out = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    if t.microsecond() != 0 {
        out.push_str(format!(".{:06}", t.microsecond()).trim_end_matches('0'));
    }
    out.push('Z');
    out
}

/// Deep equality with numbers compared by value and objects regardless of key order.
fn compare(actual: &Value, expected: &Value) -> Result<(), String> {
    if same(actual, expected) {
        Ok(())
    } else {
        Err(format!("actual {actual} != expected {expected}"))
    }
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(i), Some(j)) => i == j,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(i, j)| same(i, j)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

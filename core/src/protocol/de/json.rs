//! The `json` protocol (awsJson 1.0 / 1.1) and the shape-guided reading of JSON values
//! that `rest-json` shares (botocore's `BaseJSONParser`).
//!
//! - Structure members are keyed by `locationName` or member name; `null` means absent;
//!   unknown keys (and a union's `__type`) are ignored. A structure marked `document` is
//!   kept as the JSON it is.
//! - Lists keep `null` items (every list is read as sparse, as botocore does); maps drop
//!   `null` values unless the map is `sparse`.
//! - Scalars are taken as sent, with tolerance for the usual variations: numbers or
//!   numeric strings, `"NaN"`/`"Infinity"`/`"-Infinity"` for floats, timestamps as epoch
//!   seconds or any text format, blobs as base64 (normalized).

use serde_json::Value;

use super::headers;
use super::value::{self, parse_error, Object};
use crate::error::Error;
use crate::http::HttpResponse;
use crate::model::{MemberRef, Operation, ServiceModel, Shape, ShapeType};
use crate::Document;

/// Parses a successful awsJson response into the operation's output document.
pub(crate) fn parse(model: &ServiceModel, operation: &Operation, response: &HttpResponse) -> Result<Document, Error> {
    let Some(output) = &operation.output else {
        return Ok(Value::Object(Object::new()));
    };
    let shape = value::target(model, output)?;
    if has_event_stream_member(model, shape)? {
        // The body is an event stream (binary frames), not JSON; streams are not parsed here.
        return Ok(Value::Object(Object::new()));
    }
    let Some(body) = parse_body(&response.body)? else {
        return Ok(Value::Object(Object::new()));
    };
    Ok(Value::Object(structure(model, shape, "output", &body)?))
}

/// Parses a JSON body; `None` for an empty (or all-whitespace) body.
pub(crate) fn parse_body(body: &[u8]) -> Result<Option<Value>, Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice(body).map(Some).map_err(|e| parse_error(format!("invalid JSON: {e}")))
}

/// True when a member of `shape` targets an event stream.
pub(crate) fn has_event_stream_member(model: &ServiceModel, shape: &Shape) -> Result<bool, Error> {
    for member in shape.members.values() {
        if value::target(model, member)?.eventstream {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Reads the body members of structure `shape` (named `name`, for messages) from `v`.
/// Members bound to the HTTP envelope (headers, status code) are skipped.
pub(crate) fn structure(model: &ServiceModel, shape: &Shape, name: &str, v: &Value) -> Result<Object, Error> {
    let Value::Object(fields) = v else {
        return Err(parse_error(format!("expected a JSON object for {name}, got {}", kind(v))));
    };
    let mut out = Object::new();
    for (member_name, member) in &shape.members {
        if headers::is_envelope_bound(member) {
            continue;
        }
        let key = member.location_name.as_deref().unwrap_or(member_name);
        let Some(raw) = fields.get(key) else { continue };
        let target = value::target(model, member)?;
        if let Some(parsed) = member_value(model, member, target, raw)? {
            out.insert(member_name.clone(), parsed);
        }
    }
    if shape.union && out.is_empty() {
        let mut tags = fields.iter().filter(|(k, v)| k.as_str() != "__type" && !v.is_null());
        if let (Some((tag, _)), None) = (tags.next(), tags.next()) {
            return Ok(value::unknown_union_member(tag));
        }
    }
    value::check_union(shape, name, &out)?;
    Ok(out)
}

/// Reads a value of shape `target` (referenced by `member`); `None` for JSON `null`.
pub(crate) fn member_value(
    model: &ServiceModel,
    member: &MemberRef,
    target: &Shape,
    v: &Value,
) -> Result<Option<Document>, Error> {
    if v.is_null() {
        return Ok(None);
    }
    let parsed = match target.shape_type {
        ShapeType::Structure if target.document => v.clone(),
        ShapeType::Structure => Value::Object(structure(model, target, &member.shape, v)?),
        ShapeType::List => list(model, target, v)?,
        ShapeType::Map => map(model, target, v)?,
        ShapeType::String | ShapeType::Character if member.jsonvalue || target.jsonvalue => v.clone(),
        _ => scalar(target, v)?,
    };
    Ok(Some(parsed))
}

fn list(model: &ServiceModel, shape: &Shape, v: &Value) -> Result<Document, Error> {
    let Value::Array(items) = v else {
        return Err(parse_error(format!("expected a JSON array, got {}", kind(v))));
    };
    let member = shape.member.as_deref().ok_or_else(|| Error::Model("a list shape needs a member".into()))?;
    let target = value::target(model, member)?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(member_value(model, member, target, item)?.unwrap_or(Value::Null));
    }
    Ok(Value::Array(out))
}

fn map(model: &ServiceModel, shape: &Shape, v: &Value) -> Result<Document, Error> {
    let Value::Object(entries) = v else {
        return Err(parse_error(format!("expected a JSON object for a map, got {}", kind(v))));
    };
    let val = shape.value.as_deref().ok_or_else(|| Error::Model("a map shape needs a value".into()))?;
    let target = value::target(model, val)?;
    let mut out = Object::new();
    for (key, raw) in entries {
        match member_value(model, val, target, raw)? {
            Some(parsed) => out.insert(key.clone(), parsed),
            None if shape.sparse => out.insert(key.clone(), Value::Null),
            None => None,
        };
    }
    Ok(Value::Object(out))
}

/// A scalar from a JSON value (see the module docs for what is tolerated).
pub(crate) fn scalar(shape: &Shape, v: &Value) -> Result<Document, Error> {
    let mismatch = || parse_error(format!("expected a {:?}, got {}", shape.shape_type, kind(v)));
    match (shape.shape_type, v) {
        (ShapeType::String | ShapeType::Character, Value::String(_)) => Ok(v.clone()),
        (ShapeType::String | ShapeType::Character, Value::Number(n)) => Ok(Value::String(n.to_string())),
        (ShapeType::Boolean, Value::Bool(_)) => Ok(v.clone()),
        (ShapeType::Boolean, Value::String(s)) => value::bool_from_text(s).map(Value::Bool),
        (ShapeType::Integer | ShapeType::Long | ShapeType::Short | ShapeType::Byte | ShapeType::BigInteger, _) => {
            integer(v).ok_or_else(mismatch)
        }
        (ShapeType::Float | ShapeType::Double | ShapeType::BigDecimal, Value::Number(n)) => {
            Ok(value::float(n.as_f64().ok_or_else(mismatch)?))
        }
        (ShapeType::Float | ShapeType::Double | ShapeType::BigDecimal, Value::String(s)) => {
            value::float_from_text(s).map(value::float)
        }
        (ShapeType::Timestamp, Value::Number(n)) => value::timestamp_from_number(n),
        (ShapeType::Timestamp, Value::String(s)) => value::timestamp_from_text(s),
        (ShapeType::Blob, Value::String(s)) => value::blob_from_base64(s),
        _ => Err(mismatch()),
    }
}

/// An integer from a JSON number (integral floats accepted) or a numeric string.
fn integer(v: &Value) -> Option<Document> {
    match v {
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(v.clone()),
        Value::Number(n) => n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15).map(|f| Value::from(f as i64)),
        Value::String(s) => value::integer_from_text(s).ok(),
        _ => None,
    }
}

/// The JSON kind of a value, for messages.
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

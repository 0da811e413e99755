//! The `smithy-rpc-v2-cbor` protocol: a CBOR map body holding the output members by
//! member name (botocore's `RpcV2CBORParser`; the `payload` trait does not apply).
//!
//! CBOR is decoded with ciborium (definite and indefinite lengths, half/single/double
//! floats, tag 1 epoch timestamps), then walked with the output shape: byte strings are
//! blobs (written as base64), `null`/`undefined` mean absent, maps drop `null` values
//! unless `sparse`, lists keep them.

use ciborium::value::Value as Cbor;
use serde_json::Value;

use super::value::{self, parse_error, Object};
use crate::error::Error;
use crate::http::HttpResponse;
use crate::model::{MemberRef, Operation, ServiceModel, Shape, ShapeType};
use crate::Document;

/// Parses a successful rpc-v2-cbor response into the operation's output document.
pub(crate) fn parse(model: &ServiceModel, operation: &Operation, response: &HttpResponse) -> Result<Document, Error> {
    let Some(output) = &operation.output else {
        return Ok(Value::Object(Object::new()));
    };
    let shape = value::target(model, output)?;
    let Some(body) = decode(&response.body)? else {
        return Ok(Value::Object(Object::new()));
    };
    Ok(Value::Object(structure(model, shape, &output.shape, &body)?))
}

/// Decodes a CBOR body; `None` when it is empty.
pub(crate) fn decode(body: &[u8]) -> Result<Option<Cbor>, Error> {
    if body.is_empty() {
        return Ok(None);
    }
    ciborium::de::from_reader(body).map(Some).map_err(|e| parse_error(format!("invalid CBOR: {e}")))
}

/// The text keys and values of a CBOR map (`None` for anything but a map).
pub(crate) fn map_entries(v: &Cbor) -> Option<impl Iterator<Item = (&str, &Cbor)>> {
    match v {
        Cbor::Map(entries) => Some(entries.iter().filter_map(|(k, v)| k.as_text().map(|k| (k, v)))),
        _ => None,
    }
}

/// Reads the members of structure `shape` (named `name`, for messages) from a CBOR map.
pub(crate) fn structure(model: &ServiceModel, shape: &Shape, name: &str, v: &Cbor) -> Result<Object, Error> {
    let entries = map_entries(v).ok_or_else(|| parse_error(format!("expected a CBOR map for {name}")))?;
    let mut out = Object::new();
    let mut unknown = Vec::new();
    for (key, raw) in entries {
        let Some((member_name, member)) = shape.members.get_key_value(key) else {
            if key != "__type" && !raw.is_null() {
                unknown.push(key);
            }
            continue;
        };
        if let Some(parsed) = member_value(model, member, value::target(model, member)?, raw)? {
            out.insert(member_name.clone(), parsed);
        }
    }
    if shape.union && out.is_empty() {
        if let [tag] = unknown.as_slice() {
            return Ok(value::unknown_union_member(tag));
        }
    }
    value::check_union(shape, name, &out)?;
    Ok(value::in_member_order(shape, out))
}

/// Reads a value of shape `target`; `None` for `null`/`undefined`.
fn member_value(model: &ServiceModel, member: &MemberRef, target: &Shape, v: &Cbor) -> Result<Option<Document>, Error> {
    if v.is_null() {
        return Ok(None);
    }
    let parsed = match target.shape_type {
        ShapeType::Structure => Value::Object(structure(model, target, &member.shape, v)?),
        ShapeType::List => list(model, target, v)?,
        ShapeType::Map => map(model, target, v)?,
        _ => scalar(target, v)?,
    };
    Ok(Some(parsed))
}

fn list(model: &ServiceModel, shape: &Shape, v: &Cbor) -> Result<Document, Error> {
    let items = v.as_array().ok_or_else(|| parse_error("expected a CBOR array"))?;
    let member = shape.member.as_deref().ok_or_else(|| Error::Model("a list shape needs a member".into()))?;
    let target = value::target(model, member)?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(member_value(model, member, target, item)?.unwrap_or(Value::Null));
    }
    Ok(Value::Array(out))
}

fn map(model: &ServiceModel, shape: &Shape, v: &Cbor) -> Result<Document, Error> {
    let entries = map_entries(v).ok_or_else(|| parse_error("expected a CBOR map"))?;
    let val = shape.value.as_deref().ok_or_else(|| Error::Model("a map shape needs a value".into()))?;
    let target = value::target(model, val)?;
    let mut out = Object::new();
    for (key, raw) in entries {
        match member_value(model, val, target, raw)? {
            Some(parsed) => out.insert(key.to_owned(), parsed),
            None if shape.sparse => out.insert(key.to_owned(), Value::Null),
            None => None,
        };
    }
    Ok(Value::Object(out))
}

fn scalar(shape: &Shape, v: &Cbor) -> Result<Document, Error> {
    let mismatch = || parse_error(format!("expected a {:?} in CBOR, got {v:?}", shape.shape_type));
    match (shape.shape_type, v) {
        (ShapeType::String | ShapeType::Character, Cbor::Text(s)) => Ok(Value::String(s.clone())),
        (ShapeType::Boolean, Cbor::Bool(b)) => Ok(Value::Bool(*b)),
        (ShapeType::Blob, Cbor::Bytes(b)) => Ok(value::blob(b)),
        (
            ShapeType::Integer | ShapeType::Long | ShapeType::Short | ShapeType::Byte | ShapeType::BigInteger,
            Cbor::Integer(i),
        ) => integer(*i).ok_or_else(mismatch),
        (ShapeType::Float | ShapeType::Double | ShapeType::BigDecimal, _) => {
            number(v).map(value::float).ok_or_else(mismatch)
        }
        (ShapeType::Timestamp, Cbor::Tag(1, inner)) => timestamp(inner).ok_or_else(mismatch)?,
        (ShapeType::Timestamp, _) => timestamp(v).ok_or_else(mismatch)?,
        _ => Err(mismatch()),
    }
}

fn integer(i: ciborium::value::Integer) -> Option<Document> {
    i64::try_from(i).map(Value::from).ok().or_else(|| u64::try_from(i).map(Value::from).ok())
}

/// A CBOR integer or float as `f64`.
fn number(v: &Cbor) -> Option<f64> {
    match v {
        Cbor::Float(f) => Some(*f),
        Cbor::Integer(i) => Some(i128::from(*i) as f64),
        _ => None,
    }
}

/// Epoch seconds (integer or float) as a timestamp Document.
fn timestamp(v: &Cbor) -> Option<Result<Document, Error>> {
    match v {
        Cbor::Integer(i) => i64::try_from(*i).ok().map(value::timestamp_from_i64),
        Cbor::Float(f) => Some(value::timestamp_from_f64(*f)),
        _ => None,
    }
}

/// A CBOR value without a shape (unmodeled error fields), as JSON: byte strings become
/// base64, tags are dropped, non-text map keys are written in their debug form.
pub(crate) fn untyped(v: &Cbor) -> Document {
    match v {
        Cbor::Integer(i) => integer(*i).unwrap_or_else(|| value::float(i128::from(*i) as f64)),
        Cbor::Bytes(b) => value::blob(b),
        Cbor::Float(f) => value::float(*f),
        Cbor::Text(s) => Value::String(s.clone()),
        Cbor::Bool(b) => Value::Bool(*b),
        Cbor::Tag(_, inner) => untyped(inner),
        Cbor::Array(items) => Value::Array(items.iter().map(untyped).collect()),
        Cbor::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.as_text().map_or_else(|| format!("{k:?}"), str::to_owned), untyped(v)))
                .collect(),
        ),
        _ => Value::Null,
    }
}

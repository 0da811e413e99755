//! `smithy-rpc-v2-cbor`: `POST /service/{ServiceName}/operation/{Operation}` with a CBOR body.
//!
//! Headers: `smithy-protocol: rpc-v2-cbor`, `Accept: application/cbor` (event-stream
//! outputs accept `application/vnd.amazon.eventstream`), and `Content-Type:
//! application/cbor` only when there is a body; an operation without an input shape sends
//! none. Values: structures and maps are definite-length maps with text keys (members named
//! by `locationName` when they have one, `null` omitted), blobs are byte strings,
//! timestamps tag 1 over integer or floating epoch seconds, `float` shapes are narrowed to
//! 32 bits, and every float takes the shortest lossless encoding (so `NaN` and infinities
//! are half-precision).

use ciborium::Value as Cbor;

use crate::http::{Body, Headers};
use crate::model::{Operation, Shape, ShapeType};
use crate::protocol::timestamp::{self, EpochSeconds};
use crate::{Document, Error};

use super::walk::{self, Ctx, Member, Path};
use super::{json, Parts};

/// Serializes a `smithy-rpc-v2-cbor` request.
pub(crate) fn serialize(ctx: Ctx<'_>, operation: &Operation, input: &Document) -> Result<Parts, Error> {
    let service = service_name(ctx)?;
    let mut headers = Headers::new();
    headers.insert("smithy-protocol", "rpc-v2-cbor");
    let body = match &operation.input {
        Some(input_ref) => {
            let shape = ctx.shape(input_ref)?;
            let members = walk::members(ctx, shape, input, &Path::Root)?;
            let value = structure(ctx, &members, &Path::Root)?;
            let mut bytes = Vec::new();
            ciborium::into_writer(&value, &mut bytes).map_err(|e| Error::Serialization(e.to_string()))?;
            headers.insert("Content-Type", "application/cbor");
            Body::Bytes(bytes)
        }
        None => Body::Empty,
    };
    headers.insert("Accept", accept(ctx, operation)?);
    json::query_compatible_header(ctx.model, &mut headers);
    Ok(Parts {
        method: operation.http.method.clone(),
        path: format!("/service/{service}/operation/{}", operation.name),
        query: None,
        headers,
        body,
    })
}

/// The service name in the path: `metadata.targetPrefix`, as botocore uses.
fn service_name(ctx: Ctx<'_>) -> Result<String, Error> {
    let metadata = &ctx.model.metadata;
    metadata
        .target_prefix
        .clone()
        .or_else(|| metadata.service_id.as_ref().map(|id| id.replace(' ', "")))
        .ok_or_else(|| Error::Model("rpc-v2-cbor service without metadata.targetPrefix".to_owned()))
}

fn accept(ctx: Ctx<'_>, operation: &Operation) -> Result<&'static str, Error> {
    let Some(output) = &operation.output else { return Ok("application/cbor") };
    let shape = ctx.shape(output)?;
    for member in shape.members.values() {
        if ctx.shape(member)?.eventstream {
            return Ok("application/vnd.amazon.eventstream");
        }
    }
    Ok("application/cbor")
}

fn structure(ctx: Ctx<'_>, members: &[Member<'_, '_>], path: &Path<'_>) -> Result<Cbor, Error> {
    let mut entries = Vec::with_capacity(members.len());
    for member in members {
        let key = member.target.location_name.as_deref().unwrap_or(member.name);
        let value = value(ctx, member.shape, member.value, &path.member(member.name))?;
        entries.push((Cbor::Text(key.to_owned()), value));
    }
    Ok(Cbor::Map(entries))
}

fn value(ctx: Ctx<'_>, shape: &Shape, value: &Document, path: &Path<'_>) -> Result<Cbor, Error> {
    Ok(match shape.shape_type {
        ShapeType::Structure if shape.document => from_json(value),
        ShapeType::Structure => structure(ctx, &walk::members(ctx, shape, value, path)?, path)?,
        ShapeType::List => list(ctx, shape, value, path)?,
        ShapeType::Map => map(ctx, shape, value, path)?,
        ShapeType::String | ShapeType::Character => Cbor::Text(walk::string(value, path)?.to_owned()),
        ShapeType::Boolean => Cbor::Bool(walk::boolean(value, path)?),
        ShapeType::Integer | ShapeType::Long | ShapeType::Short | ShapeType::Byte | ShapeType::BigInteger => {
            number(walk::integer(value, path)?)
        }
        ShapeType::Float => Cbor::Float(f64::from(walk::float(value, path)?.as_f64() as f32)),
        ShapeType::Double | ShapeType::BigDecimal => Cbor::Float(walk::float(value, path)?.as_f64()),
        ShapeType::Timestamp => {
            let epoch = match timestamp::epoch_seconds(walk::timestamp(value, path)?) {
                EpochSeconds::Whole(secs) => Cbor::Integer(secs.into()),
                EpochSeconds::Fractional(secs) => Cbor::Float(secs),
            };
            Cbor::Tag(1, Box::new(epoch))
        }
        ShapeType::Blob => Cbor::Bytes(walk::blob(value, path)?),
    })
}

fn list(ctx: Ctx<'_>, shape: &Shape, value: &Document, path: &Path<'_>) -> Result<Cbor, Error> {
    let item_ref =
        shape.member.as_deref().ok_or_else(|| Error::Model(format!("list shape of {path} has no member")))?;
    let item_shape = ctx.shape(item_ref)?;
    let mut out = Vec::new();
    for (i, item) in walk::list_items(value, path)?.iter().enumerate() {
        match item {
            Document::Null if shape.sparse => out.push(Cbor::Null),
            Document::Null => {}
            item => out.push(self::value(ctx, item_shape, item, &path.index(i))?),
        }
    }
    Ok(Cbor::Array(out))
}

fn map(ctx: Ctx<'_>, shape: &Shape, value: &Document, path: &Path<'_>) -> Result<Cbor, Error> {
    let value_ref = shape.value.as_deref().ok_or_else(|| Error::Model(format!("map shape of {path} has no value")))?;
    let value_shape = ctx.shape(value_ref)?;
    let mut out = Vec::new();
    for (key, entry) in walk::map_entries(value, path)? {
        let cbor = match entry {
            Document::Null if shape.sparse => Cbor::Null,
            Document::Null => continue,
            entry => self::value(ctx, value_shape, entry, &path.member(key))?,
        };
        out.push((Cbor::Text(key.clone()), cbor));
    }
    Ok(Cbor::Map(out))
}

fn number(n: &serde_json::Number) -> Cbor {
    match (n.as_i64(), n.as_u64()) {
        (Some(i), _) => Cbor::Integer(i.into()),
        (None, Some(u)) => Cbor::Integer(u.into()),
        (None, None) => Cbor::Float(n.as_f64().unwrap_or(f64::NAN)),
    }
}

/// A document-type value, converted structurally.
fn from_json(value: &Document) -> Cbor {
    match value {
        Document::Null => Cbor::Null,
        Document::Bool(b) => Cbor::Bool(*b),
        Document::Number(n) => number(n),
        Document::String(s) => Cbor::Text(s.clone()),
        Document::Array(items) => Cbor::Array(items.iter().map(from_json).collect()),
        Document::Object(map) => Cbor::Map(map.iter().map(|(k, v)| (Cbor::Text(k.clone()), from_json(v))).collect()),
    }
}

//! The `json` protocol (awsJson1_0 / awsJson1_1: DynamoDB, Lambda's siblings, KMS...) and
//! the JSON value writer `rest-json` shares.
//!
//! A request is `POST {requestUri}` with `X-Amz-Target: {targetPrefix}.{Operation}`,
//! `Content-Type: application/x-amz-json-{jsonVersion}` and the whole input as a JSON
//! object (`{}` when there is none). Members are named by `locationName` when they have one;
//! `null` is never written; blobs are base64 strings; timestamps default to epoch seconds;
//! `NaN`/`Infinity`/`-Infinity` are JSON strings; document types are copied as they are.

use crate::http::{Body, Headers};
use crate::model::{MemberRef, ServiceModel, Shape, ShapeType};
use crate::protocol::timestamp::{self, TimestampFormat};
use crate::{Document, Error};

use super::walk::{self, Ctx, Float, Member, Path};
use super::Parts;

/// Serializes a `json` protocol request.
pub(crate) fn serialize(ctx: Ctx<'_>, operation: &crate::model::Operation, input: &Document) -> Result<Parts, Error> {
    let body = match &operation.input {
        Some(input_ref) => {
            let shape = ctx.shape(input_ref)?;
            let members = walk::members(ctx, shape, input, &Path::Root)?;
            structure(ctx, &members, &Path::Root)?
        }
        None => Document::Object(serde_json::Map::new()),
    };
    let mut headers = Headers::new();
    headers.insert("X-Amz-Target", target(ctx.model, &operation.name)?);
    let version = ctx.model.metadata.json_version.as_deref().unwrap_or("1.0");
    headers.insert("Content-Type", format!("application/x-amz-json-{version}"));
    query_compatible_header(ctx.model, &mut headers);
    Ok(Parts {
        method: operation.http.method.clone(),
        path: operation.http.request_uri.clone(),
        query: None,
        headers,
        body: Body::Bytes(encode(&body)?),
    })
}

/// `{targetPrefix}.{Operation}`.
fn target(model: &ServiceModel, operation: &str) -> Result<String, Error> {
    let prefix = model
        .metadata
        .target_prefix
        .as_deref()
        .ok_or_else(|| Error::Model("json protocol service without metadata.targetPrefix".to_owned()))?;
    Ok(format!("{prefix}.{operation}"))
}

/// `x-amzn-query-mode: true` for services marked `awsQueryCompatible`.
pub(crate) fn query_compatible_header(model: &ServiceModel, headers: &mut Headers) {
    if model.metadata.aws_query_compatible.is_some() {
        headers.insert("x-amzn-query-mode", "true");
    }
}

/// Compact JSON bytes.
pub(crate) fn encode(value: &Document) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(value).map_err(|e| Error::Serialization(e.to_string()))
}

/// A JSON object of structure members (already filtered to the present ones).
pub(crate) fn structure(ctx: Ctx<'_>, members: &[Member<'_, '_>], path: &Path<'_>) -> Result<Document, Error> {
    let mut object = serde_json::Map::with_capacity(members.len());
    for member in members {
        let key = member.target.location_name.as_deref().unwrap_or(member.name);
        let value = value(ctx, member.target, member.shape, member.value, &path.member(member.name))?;
        object.insert(key.to_owned(), value);
    }
    Ok(Document::Object(object))
}

/// The JSON for `value` of shape `shape` (reached through `target`).
pub(crate) fn value(
    ctx: Ctx<'_>,
    target: &MemberRef,
    shape: &Shape,
    value: &Document,
    path: &Path<'_>,
) -> Result<Document, Error> {
    Ok(match shape.shape_type {
        ShapeType::Structure if shape.document => value.clone(),
        ShapeType::Structure => structure(ctx, &walk::members(ctx, shape, value, path)?, path)?,
        ShapeType::List => list(ctx, shape, value, path)?,
        ShapeType::Map => map(ctx, shape, value, path)?,
        ShapeType::String | ShapeType::Character => Document::from(walk::string(value, path)?),
        ShapeType::Boolean => Document::Bool(walk::boolean(value, path)?),
        ShapeType::Integer | ShapeType::Long | ShapeType::Short | ShapeType::Byte | ShapeType::BigInteger => {
            Document::Number(walk::integer(value, path)?.clone())
        }
        ShapeType::Float | ShapeType::Double => match walk::float(value, path)? {
            Float::Number(n) => Document::Number(n),
            special => Document::String(special.to_string()),
        },
        ShapeType::BigDecimal => match value {
            Document::Number(_) | Document::String(_) => value.clone(),
            other => return Err(walk::type_error(path, "a number", other)),
        },
        ShapeType::Timestamp => {
            let ts = walk::timestamp(value, path)?;
            match walk::timestamp_format(target, shape, TimestampFormat::UnixTimestamp) {
                TimestampFormat::UnixTimestamp => timestamp::epoch_seconds(ts).to_document(),
                format => Document::String(timestamp::format(ts, format)),
            }
        }
        ShapeType::Blob => Document::String(walk::encode_base64(&walk::blob(value, path)?)),
    })
}

fn list(ctx: Ctx<'_>, shape: &Shape, value: &Document, path: &Path<'_>) -> Result<Document, Error> {
    let item_ref =
        shape.member.as_deref().ok_or_else(|| Error::Model(format!("list shape of {path} has no member")))?;
    let item_shape = ctx.shape(item_ref)?;
    let mut out = Vec::new();
    for (i, item) in walk::list_items(value, path)?.iter().enumerate() {
        match item {
            Document::Null if shape.sparse => out.push(Document::Null),
            Document::Null => {}
            item => out.push(self::value(ctx, item_ref, item_shape, item, &path.index(i))?),
        }
    }
    Ok(Document::Array(out))
}

fn map(ctx: Ctx<'_>, shape: &Shape, value: &Document, path: &Path<'_>) -> Result<Document, Error> {
    let value_ref = shape.value.as_deref().ok_or_else(|| Error::Model(format!("map shape of {path} has no value")))?;
    let value_shape = ctx.shape(value_ref)?;
    let mut out = serde_json::Map::new();
    for (key, entry) in walk::map_entries(value, path)? {
        match entry {
            Document::Null if shape.sparse => {
                out.insert(key.clone(), Document::Null);
            }
            Document::Null => {}
            entry => {
                let json = self::value(ctx, value_ref, value_shape, entry, &path.member(key))?;
                out.insert(key.clone(), json);
            }
        }
    }
    Ok(Document::Object(out))
}

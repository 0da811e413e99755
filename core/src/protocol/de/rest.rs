//! What rest-xml and rest-json share: where the output lives in the response.
//!
//! Members bound to headers and the status code come from the envelope
//! ([`super::headers`]); the body holds either every other member, or, when the output
//! shape names a `payload` member, that one member:
//! - a blob or string payload is the raw body (base64 for a blob). A streaming payload
//!   (S3 `GetObject`'s `Body`) is always present, possibly empty; a non-streaming one is
//!   absent when the body is empty;
//! - a structure, union or document payload is the whole body, parsed; absent when the
//!   body is empty;
//! - an event stream payload is not parsed (left absent).

use serde_json::Value;

use super::value::{self, parse_error};
use crate::error::Error;
use crate::model::{MemberRef, ServiceModel, Shape, ShapeType};
use crate::Document;

/// Options the protocol-independent REST code takes from customizations.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RestOptions<'a> {
    /// Headers to treat as absent (S3 drops an unparseable `Expires`, as botocore does).
    pub ignored_headers: &'a [&'a str],
}

/// Where the body of a REST output goes.
#[derive(Debug)]
pub(crate) enum Body<'m> {
    /// The body holds every member not bound to the envelope.
    Members,
    /// The body is member `name`, whose value is the raw bytes.
    Raw { name: &'m str, shape: &'m Shape, streaming: bool },
    /// The body is member `name`, a structure, union, list or document, parsed.
    Parsed { name: &'m str, member: &'m MemberRef, shape: &'m Shape },
    /// The body is an event stream (not parsed here).
    EventStream,
}

/// Classifies the body of output shape `shape`.
pub(crate) fn body<'m>(model: &'m ServiceModel, shape: &'m Shape) -> Result<Body<'m>, Error> {
    let Some(name) = shape.payload.as_deref() else {
        return Ok(Body::Members);
    };
    let member = shape
        .members
        .get(name)
        .ok_or_else(|| Error::Model(format!("payload member {name} is not a member of its structure")))?;
    let target = value::target(model, member)?;
    Ok(match target.shape_type {
        _ if target.eventstream => Body::EventStream,
        ShapeType::Blob | ShapeType::String => {
            Body::Raw { name, shape: target, streaming: member.streaming || target.streaming }
        }
        _ => Body::Parsed { name, member, shape: target },
    })
}

/// The value of a raw (blob or string) payload; `None` for an empty non-streaming body.
pub(crate) fn raw_payload(shape: &Shape, streaming: bool, body: &[u8]) -> Result<Option<Document>, Error> {
    if body.is_empty() && !streaming {
        return Ok(None);
    }
    if shape.shape_type == ShapeType::Blob {
        return Ok(Some(value::blob(body)));
    }
    let text = std::str::from_utf8(body).map_err(|e| parse_error(format!("string payload is not UTF-8: {e}")))?;
    Ok(Some(Value::String(text.to_owned())))
}

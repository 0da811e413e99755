//! `rest-json` (Lambda, API Gateway, most newer services): REST bindings plus a JSON body.
//!
//! Body rules (checked against botocore's vectors):
//! - a blob/string `payload` member is the body itself (a string adds `Content-Type:
//!   text/plain`; a blob adds none, as botocore);
//! - a structure or document `payload` member is the JSON body; unset, the body is `{}`
//!   for a plain structure and empty for a union or document;
//! - otherwise the set body members form a JSON object; with none set, the body is `{}`
//!   when the input has any body-bound member and empty when all members are bound to the
//!   URI, query string or headers.
//!
//! JSON bodies get `Content-Type: application/json` unless a header member set one.

use crate::http::Body;
use crate::model::Operation;

use crate::{Document, Error};

use super::rest::{self, Payload, RestRequest};
use super::walk::{Ctx, Path};
use super::{json, Parts};

/// Serializes a `rest-json` request.
pub(crate) fn serialize(ctx: Ctx<'_>, operation: &Operation, input: &Document) -> Result<Parts, Error> {
    rest::serialize(ctx, operation, input, &rest::BodyWriter { payload: payload_body, members: members_body })
}

fn payload_body(ctx: Ctx<'_>, request: &mut RestRequest<'_, '_>, payload: Payload<'_, '_>) -> Result<Body, Error> {
    if payload.is_raw() {
        if payload.value.is_some() && payload.shape.shape_type == crate::model::ShapeType::String {
            rest::default_content_type(&mut request.headers, "text/plain");
        }
        return payload.raw_body();
    }
    let bytes = match payload.value {
        Some(value) => {
            let root = Path::Root;
            let path = root.member(payload.name);
            json::encode(&json::value(ctx, payload.target, payload.shape, value, &path)?)?
        }
        None if payload.shape.union || payload.shape.document => return Ok(Body::Empty),
        None => b"{}".to_vec(),
    };
    rest::default_content_type(&mut request.headers, "application/json");
    Ok(Body::Bytes(bytes))
}

fn members_body(ctx: Ctx<'_>, request: &mut RestRequest<'_, '_>) -> Result<Body, Error> {
    let Some((_, shape)) = request.input else { return Ok(Body::Empty) };
    let bytes = if !request.body_members.is_empty() {
        json::encode(&json::structure(ctx, &request.body_members, &Path::Root)?)?
    } else if shape.members.values().any(|m| m.location.is_none()) {
        b"{}".to_vec()
    } else {
        return Ok(Body::Empty);
    };
    rest::default_content_type(&mut request.headers, "application/json");
    Ok(Body::Bytes(bytes))
}

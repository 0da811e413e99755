//! The HTTP bindings shared by `rest-json` and `rest-xml`: each top-level input member goes
//! to the URI (`location: uri`), the query string (`querystring`), a header (`header`), a
//! set of prefixed headers (`headers`), the payload (the structure's `payload` member) or
//! the body (everything else). The two protocols differ only in how they write the body.

use std::collections::HashMap;

use crate::http::{Body, Headers};
use crate::model::{Location, MemberRef, Operation, Shape, ShapeType};
use crate::protocol::timestamp::{self, TimestampFormat};
use crate::{Document, Error};

use super::uri::{QueryString, UriTemplate};
use super::walk::{self, Ctx, Member, Path};

/// An input split by HTTP location; the body is left for the protocol to write.
#[derive(Debug)]
pub(crate) struct RestRequest<'a, 'v> {
    /// The path, labels substituted and encoded (no endpoint base path yet).
    pub path: String,
    /// The encoded query string, `None` when empty.
    pub query: Option<String>,
    pub headers: Headers,
    /// The input structure, when the operation has one.
    pub input: Option<(&'a MemberRef, &'a Shape)>,
    /// Present members bound to the body (no `location`, not the payload), in model order.
    pub body_members: Vec<Member<'a, 'v>>,
    /// The `payload` member, when the input structure names one.
    pub payload: Option<Payload<'a, 'v>>,
}

/// The input structure's `payload` member and its value, if given.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Payload<'a, 'v> {
    pub name: &'a str,
    pub target: &'a MemberRef,
    pub shape: &'a Shape,
    pub value: Option<&'v Document>,
}

impl Payload<'_, '_> {
    /// True for a blob or string payload, which is the body itself rather than a document.
    pub fn is_raw(&self) -> bool {
        matches!(self.shape.shape_type, ShapeType::Blob | ShapeType::String)
    }

    /// The body of a raw payload: the blob's bytes or the string's UTF-8; empty when unset.
    pub fn raw_body(&self) -> Result<Body, Error> {
        let root = Path::Root;
        let path = root.member(self.name);
        Ok(match (self.value, self.shape.shape_type) {
            (None, _) => Body::Empty,
            (Some(v), ShapeType::Blob) => Body::Bytes(walk::blob(v, &path)?),
            (Some(v), _) => Body::Bytes(walk::string(v, &path)?.as_bytes().to_vec()),
        })
    }
}

/// Sets `Content-Type` unless a header member already did.
/// How a REST protocol writes its body: from the `payload` member, or from the body-bound
/// members. The only part in which `rest-json` and `rest-xml` differ.
pub(crate) struct BodyWriter {
    pub payload: fn(Ctx<'_>, &mut RestRequest<'_, '_>, Payload<'_, '_>) -> Result<Body, Error>,
    pub members: fn(Ctx<'_>, &mut RestRequest<'_, '_>) -> Result<Body, Error>,
}

/// Serializes a REST request: the HTTP bindings, then the body as `writer` writes it.
pub(crate) fn serialize(
    ctx: Ctx<'_>,
    operation: &Operation,
    input: &Document,
    writer: &BodyWriter,
) -> Result<super::Parts, Error> {
    let mut request = bind(ctx, operation, input)?;
    let body = match request.payload {
        Some(payload) => (writer.payload)(ctx, &mut request, payload)?,
        None => (writer.members)(ctx, &mut request)?,
    };
    Ok(super::Parts {
        method: operation.http.method.clone(),
        path: request.path,
        query: request.query,
        headers: request.headers,
        body,
    })
}

pub(crate) fn default_content_type(headers: &mut Headers, value: &str) {
    if !headers.contains("Content-Type") {
        headers.insert("Content-Type", value);
    }
}

/// Splits `input` by HTTP location and renders the path, query string and headers.
pub(crate) fn bind<'a, 'v>(
    ctx: Ctx<'a>,
    operation: &'a Operation,
    input: &'v Document,
) -> Result<RestRequest<'a, 'v>, Error> {
    let template = UriTemplate::parse(&operation.http.request_uri);
    let mut binder = Binder {
        ctx,
        labels: HashMap::new(),
        query: QueryString::new(template.literal_query),
        query_maps: Vec::new(),
        headers: Headers::new(),
        body_members: Vec::new(),
    };
    let (mut input_shape, mut payload_member) = (None, None);
    if let Some(input_ref) = &operation.input {
        let shape = ctx.shape(input_ref)?;
        let present = walk::members(ctx, shape, input, &Path::Root)?;
        for member in &present {
            binder.place(member, shape.payload.as_deref() == Some(member.name))?;
        }
        binder.query_maps()?;
        input_shape = Some((input_ref, shape));
        payload_member = payload(ctx, shape, &present)?;
    }
    Ok(RestRequest {
        path: template.render_path(&binder.labels)?,
        query: binder.query.finish(),
        headers: binder.headers,
        input: input_shape,
        body_members: binder.body_members,
        payload: payload_member,
    })
}

/// Collects the members of one input by location.
struct Binder<'a, 'v> {
    ctx: Ctx<'a>,
    labels: HashMap<&'a str, String>,
    query: QueryString,
    /// Map-bound query members, added after the named ones (which win on a clash).
    query_maps: Vec<Member<'a, 'v>>,
    headers: Headers,
    body_members: Vec<Member<'a, 'v>>,
}

impl<'a, 'v> Binder<'a, 'v> {
    fn place(&mut self, member: &Member<'a, 'v>, is_payload: bool) -> Result<(), Error> {
        let root = Path::Root;
        let path = root.member(member.name);
        let wire = member.target.location_name.as_deref().unwrap_or(member.name);
        match member.target.location {
            Some(Location::Uri) => {
                let text =
                    walk::scalar_text(member.target, member.shape, member.value, &path, TimestampFormat::Iso8601)?;
                self.labels.insert(wire, text);
            }
            Some(Location::Querystring) if member.shape.shape_type == ShapeType::Map => {
                self.query_maps.push(*member);
            }
            Some(Location::Querystring) => query_named(self.ctx, &mut self.query, wire, member, &path)?,
            Some(Location::Header) => {
                let value = header_value(self.ctx, member.target, member.shape, member.value, &path)?;
                self.headers.insert(wire, value);
            }
            Some(Location::Headers) => prefix_headers(self.ctx, &mut self.headers, wire, member, &path)?,
            Some(Location::StatusCode) => {}
            None if is_payload => {}
            None => self.body_members.push(*member),
        }
        Ok(())
    }

    fn query_maps(&mut self) -> Result<(), Error> {
        for member in std::mem::take(&mut self.query_maps) {
            let root = Path::Root;
            query_map(self.ctx, &mut self.query, &member, &root.member(member.name))?;
        }
        Ok(())
    }
}

fn payload<'a, 'v>(
    ctx: Ctx<'a>,
    shape: &'a Shape,
    present: &[Member<'a, 'v>],
) -> Result<Option<Payload<'a, 'v>>, Error> {
    let Some(name) = shape.payload.as_deref() else { return Ok(None) };
    let (name, target) = shape
        .members
        .get_key_value(name)
        .ok_or_else(|| Error::Model(format!("payload member {name} is not a member of its structure")))?;
    let value = present.iter().find(|m| m.name == name).map(|m| m.value);
    let shape = ctx.shape(target)?;
    if shape.eventstream && value.is_some() {
        return Err(Error::Serialization(format!(
            "parameter {name} is an event stream, which Stratus does not send yet"
        )));
    }
    Ok(Some(Payload { name, target, shape, value }))
}

/// A named query parameter: a scalar, or a list written as repeated keys.
fn query_named(
    ctx: Ctx<'_>,
    query: &mut QueryString,
    key: &str,
    member: &Member<'_, '_>,
    path: &Path<'_>,
) -> Result<(), Error> {
    if member.shape.shape_type != ShapeType::List {
        let text = walk::scalar_text(member.target, member.shape, member.value, path, TimestampFormat::Iso8601)?;
        query.push_named(key, &text);
        return Ok(());
    }
    let item_ref = list_member(member.shape, path)?;
    let item_shape = ctx.shape(item_ref)?;
    for (i, item) in walk::list_items(member.value, path)?.iter().enumerate() {
        if item.is_null() {
            continue;
        }
        let text = walk::scalar_text(item_ref, item_shape, item, &path.index(i), TimestampFormat::Iso8601)?;
        query.push_named(key, &text);
    }
    Ok(())
}

/// A map bound to the query string: each key a parameter; list values repeat the key.
fn query_map(ctx: Ctx<'_>, query: &mut QueryString, member: &Member<'_, '_>, path: &Path<'_>) -> Result<(), Error> {
    let value_ref = map_value(member.shape, path)?;
    let value_shape = ctx.shape(value_ref)?;
    for (key, value) in walk::map_entries(member.value, path)? {
        let entry_path = path.member(key);
        match value {
            Document::Null => {}
            Document::Array(items) => {
                for item in items.iter().filter(|i| !i.is_null()) {
                    query.push_from_map(key, walk::string(item, &entry_path)?);
                }
            }
            _ => {
                let text = walk::scalar_text(value_ref, value_shape, value, &entry_path, TimestampFormat::Iso8601)?;
                query.push_from_map(key, &text);
            }
        }
    }
    Ok(())
}

/// `location: headers`: one header per map entry, named `prefix + key`.
fn prefix_headers(
    ctx: Ctx<'_>,
    headers: &mut Headers,
    prefix: &str,
    member: &Member<'_, '_>,
    path: &Path<'_>,
) -> Result<(), Error> {
    let value_ref = map_value(member.shape, path)?;
    let value_shape = ctx.shape(value_ref)?;
    for (key, value) in walk::map_entries(member.value, path)? {
        if value.is_null() {
            continue;
        }
        let text = header_value(ctx, value_ref, value_shape, value, &path.member(key))?;
        headers.insert(format!("{prefix}{key}"), text);
    }
    Ok(())
}

/// A header's value. Timestamps default to HTTP dates; lists are joined with `", "`, strings
/// that contain `,` or `"` quoted; a `jsonvalue` member is base64 of its value written as
/// compact JSON (the document value *is* the JSON value, as in botocore and the parser:
/// a string becomes a JSON string).
pub(crate) fn header_value(
    ctx: Ctx<'_>,
    target: &MemberRef,
    shape: &Shape,
    value: &Document,
    path: &Path<'_>,
) -> Result<String, Error> {
    if target.jsonvalue || shape.jsonvalue {
        return Ok(walk::encode_base64(value.to_string().as_bytes()));
    }
    if shape.shape_type != ShapeType::List {
        return walk::scalar_text(target, shape, value, path, TimestampFormat::Rfc822);
    }
    let item_ref = list_member(shape, path)?;
    let item_shape = ctx.shape(item_ref)?;
    let mut parts = Vec::new();
    for (i, item) in walk::list_items(value, path)?.iter().enumerate() {
        if item.is_null() {
            continue;
        }
        let item_path = path.index(i);
        let text = match item_shape.shape_type {
            ShapeType::String => quote_header_item(walk::string(item, &item_path)?),
            ShapeType::Timestamp => {
                let format = walk::timestamp_format(item_ref, item_shape, TimestampFormat::Rfc822);
                timestamp::format(walk::timestamp(item, &item_path)?, format)
            }
            _ => walk::scalar_text(item_ref, item_shape, item, &item_path, TimestampFormat::Rfc822)?,
        };
        parts.push(text);
    }
    Ok(parts.join(", "))
}

/// Quotes a list item that contains `,` or `"` (escaping `"` and `\`).
fn quote_header_item(item: &str) -> String {
    if item.contains([',', '"']) {
        format!("\"{}\"", item.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        item.to_owned()
    }
}

fn list_member<'a>(shape: &'a Shape, path: &Path<'_>) -> Result<&'a MemberRef, Error> {
    shape.member.as_deref().ok_or_else(|| Error::Model(format!("list shape of {path} has no member")))
}

fn map_value<'a>(shape: &'a Shape, path: &Path<'_>) -> Result<&'a MemberRef, Error> {
    shape.value.as_deref().ok_or_else(|| Error::Model(format!("map shape of {path} has no value")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_list_items_are_quoted_when_needed() {
        assert_eq!(quote_header_item("a"), "a");
        assert_eq!(quote_header_item("b,c"), "\"b,c\"");
        assert_eq!(quote_header_item("\"def\""), "\"\\\"def\\\"\"");
    }
}

//! `rest-xml` (S3, CloudFront, Route 53): REST bindings plus an XML body.
//!
//! Body rules (checked against botocore's vectors):
//! - a blob/string `payload` member is the body itself (a string adds `Content-Type:
//!   text/plain`; a blob adds none, so S3 keeps its own default object content type);
//! - a structure `payload` member is the XML document, its root element named by the
//!   member's `locationName` (else the target shape's `locationName`, else its name) and
//!   carrying the member's (else the shape's) `xmlNamespace`; unset, the body is empty;
//! - otherwise the body members, if any is set, go under a root named by the input shape's
//!   `locationName`, else the input reference's `locationName`, else the shape name.
//!
//! XML bodies get `Content-Type: application/xml` unless a header member set one.
//! Elements follow model order; `xmlAttribute` members become attributes of their
//! structure's element; lists and maps are wrapped (`member`, `entry`/`key`/`value` or
//! their `locationName`s) unless `flattened`; timestamps default to ISO 8601.

use crate::http::Body;
use crate::model::{MemberRef, Shape, ShapeType};
use crate::protocol::timestamp::TimestampFormat;
use crate::{Document, Error};

use super::rest::{self, Payload, RestRequest};
use super::walk::{self, Ctx, Member, Path};
use super::xml_writer::XmlWriter;
use super::Parts;

/// Serializes a `rest-xml` request.
pub(crate) fn serialize(ctx: Ctx<'_>, operation: &crate::model::Operation, input: &Document) -> Result<Parts, Error> {
    rest::serialize(ctx, operation, input, &rest::BodyWriter { payload: payload_body, members: members_body })
}

fn payload_body(ctx: Ctx<'_>, request: &mut RestRequest<'_, '_>, payload: Payload<'_, '_>) -> Result<Body, Error> {
    if payload.is_raw() {
        if payload.value.is_some() && payload.shape.shape_type == ShapeType::String {
            rest::default_content_type(&mut request.headers, "text/plain");
        }
        return payload.raw_body();
    }
    let Some(value) = payload.value else { return Ok(Body::Empty) };
    let root = payload
        .target
        .location_name
        .as_deref()
        .or(payload.shape.location_name.as_deref())
        .unwrap_or(&payload.target.shape);
    let root_path = Path::Root;
    let mut writer = XmlWriter::new();
    write_value(ctx, &mut writer, root, payload.target, payload.shape, value, &root_path.member(payload.name))?;
    rest::default_content_type(&mut request.headers, "application/xml");
    Ok(Body::Bytes(writer.finish().into_bytes()))
}

fn members_body(ctx: Ctx<'_>, request: &mut RestRequest<'_, '_>) -> Result<Body, Error> {
    let Some((input_ref, shape)) = request.input else { return Ok(Body::Empty) };
    if request.body_members.is_empty() {
        return Ok(Body::Empty);
    }
    let root = shape.location_name.as_deref().or(input_ref.location_name.as_deref()).unwrap_or(&input_ref.shape);
    let mut writer = XmlWriter::new();
    write_structure(ctx, &mut writer, root, input_ref, shape, &request.body_members, &Path::Root)?;
    rest::default_content_type(&mut request.headers, "application/xml");
    Ok(Body::Bytes(writer.finish().into_bytes()))
}

/// `xmlns[:prefix]="uri"` from the reference's namespace, else the shape's.
fn namespace_attribute(target: &MemberRef, shape: &Shape) -> Option<(String, String)> {
    let ns = target.xml_namespace.as_ref().or(shape.xml_namespace.as_ref())?.namespace();
    let key = match ns.prefix.as_deref() {
        Some(prefix) if !prefix.is_empty() => format!("xmlns:{prefix}"),
        _ => "xmlns".to_owned(),
    };
    Some((key, ns.uri))
}

/// Writes `value` as an element called `name`.
fn write_value(
    ctx: Ctx<'_>,
    writer: &mut XmlWriter,
    name: &str,
    target: &MemberRef,
    shape: &Shape,
    value: &Document,
    path: &Path<'_>,
) -> Result<(), Error> {
    match shape.shape_type {
        ShapeType::Structure if shape.document => {
            Err(Error::Serialization(format!("parameter {path} is a document type, which rest-xml cannot carry")))
        }
        ShapeType::Structure => {
            let members = walk::members(ctx, shape, value, path)?;
            write_structure(ctx, writer, name, target, shape, &members, path)
        }
        ShapeType::List => write_list(ctx, writer, name, target, shape, value, path),
        ShapeType::Map => write_map(ctx, writer, name, target, shape, value, path),
        _ => {
            let text = walk::scalar_text(target, shape, value, path, TimestampFormat::Iso8601)?;
            let attributes: Vec<_> = namespace_attribute(target, shape).into_iter().collect();
            writer.leaf(name, &attributes, &text);
            Ok(())
        }
    }
}

/// A structure element: namespace and `xmlAttribute` members as attributes, then the
/// other members as child elements, in model order.
fn write_structure(
    ctx: Ctx<'_>,
    writer: &mut XmlWriter,
    name: &str,
    target: &MemberRef,
    shape: &Shape,
    members: &[Member<'_, '_>],
    path: &Path<'_>,
) -> Result<(), Error> {
    let mut attributes: Vec<_> = namespace_attribute(target, shape).into_iter().collect();
    for member in members.iter().filter(|m| m.target.xml_attribute) {
        let member_path = path.member(member.name);
        let key = member.target.location_name.as_deref().unwrap_or(member.name);
        let text =
            walk::scalar_text(member.target, member.shape, member.value, &member_path, TimestampFormat::Iso8601)?;
        attributes.push((key.to_owned(), text));
    }
    writer.start(name, &attributes);
    for member in members.iter().filter(|m| !m.target.xml_attribute) {
        let element = member.target.location_name.as_deref().unwrap_or(member.name);
        write_value(ctx, writer, element, member.target, member.shape, member.value, &path.member(member.name))?;
    }
    writer.end(name);
    Ok(())
}

/// A list: `<name><member>..</member></name>`, or one `<name>` per item when flattened.
fn write_list(
    ctx: Ctx<'_>,
    writer: &mut XmlWriter,
    name: &str,
    target: &MemberRef,
    shape: &Shape,
    value: &Document,
    path: &Path<'_>,
) -> Result<(), Error> {
    let item_ref = shape.member.as_deref().ok_or_else(|| Error::Model(format!("list {name} has no member")))?;
    let item_shape = ctx.shape(item_ref)?;
    let items = walk::list_items(value, path)?;
    let flattened = target.flattened || shape.flattened;
    let item_name = if flattened { name } else { item_ref.location_name.as_deref().unwrap_or("member") };
    if !flattened {
        let attributes: Vec<_> = namespace_attribute(target, shape).into_iter().collect();
        writer.start(name, &attributes);
    }
    for (i, item) in items.iter().enumerate().filter(|(_, item)| !item.is_null()) {
        write_value(ctx, writer, item_name, item_ref, item_shape, item, &path.index(i))?;
    }
    if !flattened {
        writer.end(name);
    }
    Ok(())
}

/// A map: `<name><entry><key>..</key><value>..</value></entry></name>`, or one
/// `<name><key>..</key><value>..</value></name>` per entry when flattened.
fn write_map(
    ctx: Ctx<'_>,
    writer: &mut XmlWriter,
    name: &str,
    target: &MemberRef,
    shape: &Shape,
    value: &Document,
    path: &Path<'_>,
) -> Result<(), Error> {
    let (Some(key_ref), Some(value_ref)) = (shape.key.as_deref(), shape.value.as_deref()) else {
        return Err(Error::Model(format!("map {name} has no key or value")));
    };
    let (key_shape, value_shape) = (ctx.shape(key_ref)?, ctx.shape(value_ref)?);
    let key_name = key_ref.location_name.as_deref().unwrap_or("key");
    let value_name = value_ref.location_name.as_deref().unwrap_or("value");
    let flattened = target.flattened || shape.flattened;
    let entry_name = if flattened { name } else { "entry" };
    if !flattened {
        let attributes: Vec<_> = namespace_attribute(target, shape).into_iter().collect();
        writer.start(name, &attributes);
    }
    for (key, entry) in walk::map_entries(value, path)?.iter().filter(|(_, v)| !v.is_null()) {
        let entry_path = path.member(key);
        writer.start(entry_name, &[]);
        write_value(ctx, writer, key_name, key_ref, key_shape, &Document::String(key.clone()), &entry_path)?;
        write_value(ctx, writer, value_name, value_ref, value_shape, entry, &entry_path)?;
        writer.end(entry_name);
    }
    if !flattened {
        writer.end(name);
    }
    Ok(())
}

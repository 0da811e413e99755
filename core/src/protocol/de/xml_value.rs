//! Shape-guided reading of XML elements into Documents: the body rules rest-xml, query
//! and ec2 share (botocore's `BaseXMLResponseParser`).
//!
//! - A structure's members are its child elements, named by the member's `locationName`
//!   or member name (and, failing that, the target shape's `locationName`, which some
//!   models such as ElastiCache carry); `xmlAttribute` members are attributes.
//! - A list is a wrapper element whose children are the items, whatever their name; a
//!   `flattened` list is the repeated member elements themselves, named like botocore by
//!   the list member's `locationName` first, else the member name (Smithy's rule, tried
//!   when the first finds nothing).
//! - A map is a wrapper of entries holding `key`/`value` children (names overridable by
//!   `locationName`); a `flattened` map is the repeated entries themselves.
//! - Members bound to the HTTP envelope (headers, status code) are not read here; a
//!   `uri` or `querystring` location means nothing in a response, so such members are
//!   read from the body.

use serde_json::Value;

use super::headers;
use super::value::{self, scalar_from_text, Object};
use super::xml::Element;
use crate::error::Error;
use crate::model::{MemberRef, ServiceModel, Shape, ShapeType};
use crate::Document;

/// Reads the body members of structure `shape` from element `el`.
pub(crate) fn structure(model: &ServiceModel, shape: &Shape, el: &Element) -> Result<Object, Error> {
    let mut out = Object::new();
    for (name, member) in &shape.members {
        if headers::is_envelope_bound(member) {
            continue;
        }
        let target = value::target(model, member)?;
        if member.xml_attribute {
            let attribute = member.location_name.as_deref().unwrap_or(name);
            if let Some(v) = el.attribute(attribute).map(|t| scalar_from_text(target, t)).transpose()?.flatten() {
                out.insert(name.clone(), v);
            }
            continue;
        }
        let found = member_elements(name, member, target, el);
        if let Some(v) = member_value(model, member, target, &found)? {
            out.insert(name.clone(), v);
        }
    }
    if shape.union && out.is_empty() {
        if let [only] = el.children.as_slice() {
            return Ok(value::unknown_union_member(&only.name));
        }
    }
    value::check_union(shape, &el.name, &out)?;
    Ok(out)
}

/// Reads the value of a member found as `elements` (one element, or every repetition of a
/// flattened list or map). `None` when nothing was found or the value is empty where a
/// value cannot be.
pub(crate) fn member_value(
    model: &ServiceModel,
    member: &MemberRef,
    target: &Shape,
    elements: &[&Element],
) -> Result<Option<Document>, Error> {
    let Some(first) = elements.first() else {
        return Ok(None);
    };
    let flattened = member.flattened || target.flattened;
    let value = match target.shape_type {
        ShapeType::List if flattened => list(model, target, elements)?,
        ShapeType::List => list(model, target, &first.children.iter().collect::<Vec<_>>())?,
        ShapeType::Map if flattened => map(model, target, elements)?,
        ShapeType::Map => map(model, target, &first.children.iter().collect::<Vec<_>>())?,
        ShapeType::Structure => Value::Object(structure(model, target, first)?),
        _ => return scalar_from_text(target, &first.text),
    };
    Ok(Some(value))
}

/// The elements holding member `name`: the first candidate name that is present wins.
fn member_elements<'e>(name: &str, member: &MemberRef, target: &Shape, el: &'e Element) -> Vec<&'e Element> {
    let mut candidates: Vec<&str> = Vec::with_capacity(3);
    if let Some(location_name) = member.location_name.as_deref() {
        candidates.push(location_name);
    } else {
        let flattened_list = target.shape_type == ShapeType::List && (member.flattened || target.flattened);
        if let Some(item_name) =
            target.member.as_ref().and_then(|m| m.location_name.as_deref()).filter(|_| flattened_list)
        {
            candidates.push(item_name);
        }
        candidates.push(name);
        candidates.extend(target.location_name.as_deref());
    }
    for candidate in candidates {
        let found: Vec<&Element> = el.children.iter().filter(|c| c.name == candidate).collect();
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

fn list(model: &ServiceModel, shape: &Shape, items: &[&Element]) -> Result<Document, Error> {
    let member = list_member(shape)?;
    let target = value::target(model, member)?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(member_value(model, member, target, &[item])?.unwrap_or(Value::Null));
    }
    Ok(Value::Array(out))
}

fn map(model: &ServiceModel, shape: &Shape, entries: &[&Element]) -> Result<Document, Error> {
    let (key, val) = match (shape.key.as_deref(), shape.value.as_deref()) {
        (Some(k), Some(v)) => (k, v),
        _ => return Err(Error::Model("a map shape needs a key and a value".into())),
    };
    let key_name = key.location_name.as_deref().unwrap_or("key");
    let value_name = val.location_name.as_deref().unwrap_or("value");
    let value_target = value::target(model, val)?;
    let mut out = Object::new();
    for entry in entries {
        let key_text = entry
            .child_text(key_name)
            .ok_or_else(|| value::parse_error(format!("map entry <{}> has no <{key_name}>", entry.name)))?;
        let found: Vec<&Element> = entry.child(value_name).into_iter().collect();
        match member_value(model, val, value_target, &found)? {
            Some(v) => out.insert(key_text.to_owned(), v),
            None if shape.sparse => out.insert(key_text.to_owned(), Value::Null),
            None => None,
        };
    }
    Ok(Value::Object(out))
}

fn list_member(shape: &Shape) -> Result<&MemberRef, Error> {
    shape.member.as_deref().ok_or_else(|| Error::Model("a list shape needs a member".into()))
}

/// An element read without a shape (unmodeled error fields): a leaf is its text, an
/// element with children an object of them (repeated names become arrays).
pub(crate) fn untyped(el: &Element) -> Document {
    if el.children.is_empty() {
        return Value::String(el.text.clone());
    }
    let mut out = Object::new();
    for child in &el.children {
        let v = untyped(child);
        match out.get_mut(&child.name) {
            Some(Value::Array(items)) => items.push(v),
            Some(existing) => *existing = Value::Array(vec![existing.take(), v]),
            None => {
                out.insert(child.name.clone(), v);
            }
        }
    }
    Value::Object(out)
}

//! The `rest-xml` protocol (S3, CloudFront, Route 53): envelope bindings plus an XML body
//! whose root element is the output structure (or the payload member); the root's name
//! is not checked.

use serde_json::Value;

use super::rest::{self, Body, RestOptions};
use super::value::{self, Object};
use super::xml::Element;
use super::{headers, xml, xml_value};
use crate::error::Error;
use crate::http::HttpResponse;
use crate::model::{Operation, ServiceModel};
use crate::Document;

/// Parses a successful rest-xml response into the operation's output document; `tree` is
/// the body's XML when it was already read (by S3's 200-error check).
pub(crate) fn parse(
    model: &ServiceModel,
    operation: &Operation,
    response: &HttpResponse,
    options: RestOptions<'_>,
    tree: Option<Element<'_>>,
) -> Result<Document, Error> {
    let Some(output) = &operation.output else {
        return Ok(Value::Object(Object::new()));
    };
    let shape = value::target(model, output)?;
    let mut out = headers::bind(model, shape, response, options.ignored_headers)?;
    let body = &response.body;
    let has_body = !body.iter().all(u8::is_ascii_whitespace);
    match rest::body(model, shape)? {
        Body::Members if has_body => {
            let root = match tree {
                Some(root) => root,
                None => xml::parse(body)?,
            };
            out.extend(xml_value::structure(model, shape, &root)?);
        }
        Body::Raw { name, shape: target, streaming } => {
            if let Some(v) = rest::raw_payload(target, streaming, body)? {
                out.insert(name.to_owned(), v);
            }
        }
        Body::Parsed { name, member, shape: target } if has_body => {
            let root = match tree {
                Some(root) => root,
                None => xml::parse(body)?,
            };
            if let Some(v) = xml_value::member_value(model, member, target, &[&root])? {
                out.insert(name.to_owned(), v);
            }
        }
        Body::Members | Body::Parsed { .. } | Body::EventStream => {}
    }
    Ok(Value::Object(value::in_member_order(shape, out)))
}

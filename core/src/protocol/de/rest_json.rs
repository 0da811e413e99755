//! The `rest-json` protocol (Lambda, API Gateway, most newer services): envelope bindings
//! plus a JSON object body holding the output's other members (or the payload member).

use serde_json::Value;

use super::rest::{self, Body, RestOptions};
use super::value::{self, Object};
use super::{headers, json};
use crate::error::Error;
use crate::http::HttpResponse;
use crate::model::{Operation, ServiceModel};
use crate::Document;

/// Parses a successful rest-json response into the operation's output document.
pub(crate) fn parse(
    model: &ServiceModel,
    operation: &Operation,
    response: &HttpResponse,
    options: RestOptions<'_>,
) -> Result<Document, Error> {
    let Some(output) = &operation.output else {
        return Ok(Value::Object(Object::new()));
    };
    let shape = value::target(model, output)?;
    let mut out = headers::bind(model, shape, response, options.ignored_headers)?;
    match rest::body(model, shape)? {
        Body::Members => {
            if let Some(body) = json::parse_body(&response.body)? {
                out.extend(json::structure(model, shape, &output.shape, &body)?);
            }
        }
        Body::Raw { name, shape: target, streaming } => {
            if let Some(v) = rest::raw_payload(target, streaming, &response.body)? {
                out.insert(name.to_owned(), v);
            }
        }
        Body::Parsed { name, member, shape: target } => {
            if let Some(body) = json::parse_body(&response.body)? {
                if let Some(v) = json::member_value(model, member, target, &body)? {
                    out.insert(name.to_owned(), v);
                }
            }
        }
        Body::EventStream => {}
    }
    Ok(Value::Object(value::in_member_order(shape, out)))
}

//! The `query` protocol (STS, IAM, SNS, SQS before JSON, CloudFormation...) and its `ec2`
//! variant. Both answer in XML:
//! - query: `<OpResponse><OpResult>members</OpResult><ResponseMetadata/></OpResponse>`,
//!   the wrapper named by the output reference's `resultWrapper`;
//! - ec2: `<OpResponse><requestId/>members</OpResponse>`, no wrapper.

use serde_json::Value;

use super::value::{self, Object};
use super::{xml, xml_value};
use crate::error::Error;
use crate::http::HttpResponse;
use crate::model::{Operation, ServiceModel};
use crate::Document;

/// Which of the two XML RPC protocols.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    Query,
    Ec2,
}

/// Parses a successful query or ec2 response into the operation's output document.
/// An empty body, or a query response without its result wrapper, is an empty output.
pub(crate) fn parse(
    model: &ServiceModel,
    operation: &Operation,
    response: &HttpResponse,
    flavor: Flavor,
) -> Result<Document, Error> {
    let empty = || Ok(Value::Object(Object::new()));
    let Some(output) = &operation.output else {
        return empty();
    };
    let shape = value::target(model, output)?;
    if response.body.iter().all(u8::is_ascii_whitespace) {
        return empty();
    }
    let root = xml::parse(&response.body)?;
    let start = match (flavor, output.result_wrapper.as_deref()) {
        (Flavor::Query, Some(wrapper)) => match root.child(wrapper) {
            Some(result) => result,
            None => return empty(),
        },
        _ => &root,
    };
    Ok(Value::Object(xml_value::structure(model, shape, start)?))
}

//! Amazon S3's response customizations, as botocore applies them (`botocore/handlers.py`):
//! - `_handle_200_error`: an operation whose output is not a streamed blob/string payload
//!   (`CompleteMultipartUpload`, `CopyObject`, `UploadPartCopy`...) may answer
//!   `200 OK` with an `<Error>` document, or with a body cut short; both are errors;
//! - `handle_expires_header`: `Expires` (HeadObject, GetObject...) is also given raw as
//!   `ExpiresString`, and dropped rather than failing the call when it is not a date;
//! - `parse_get_bucket_location`: `GetBucketLocation`'s answer is the root element's text
//!   (`<LocationConstraint>eu-west-1</LocationConstraint>`), which the model cannot say.

use serde_json::Value;

use super::rest::{self, Body};
use super::xml::Element;
use super::{timestamp, value, xml};
use crate::http::HttpResponse;
use crate::model::{Operation, ServiceModel};
use crate::Document;

/// The header S3 customizes, and the output key carrying its raw value.
const EXPIRES: &str = "Expires";
const EXPIRES_STRING: &str = "ExpiresString";

/// True for Amazon S3's model (`serviceId` "S3").
pub(crate) fn applies_to(model: &ServiceModel) -> bool {
    model.metadata.service_id.as_deref() == Some("S3")
}

/// True when a 2xx S3 response is an error in disguise: the operation's output is not a
/// raw streamed payload and the body is an `<Error>` document or not well-formed XML.
pub(crate) fn is_200_error(model: &ServiceModel, operation: &Operation, response: &HttpResponse) -> bool {
    if !body_is_checked(model, operation, response) {
        return false;
    }
    match xml::root_name(&response.body) {
        Ok(root) => root.as_deref() == Some("Error"),
        Err(_) => true,
    }
}

/// [`is_200_error`]'s answer, with the XML tree read to answer it kept for parsing.
pub(crate) enum Checked200<'b> {
    /// An error in disguise.
    Error,
    /// Not an error; the body's tree when it was read (`None` for a body of whitespace).
    Body(Option<Element<'b>>),
    /// The rule does not apply (status, operation or an empty body).
    NotChecked,
}

/// [`is_200_error`], keeping the tree it reads so that the body is not read twice.
pub(crate) fn check_200<'b>(model: &ServiceModel, operation: &Operation, response: &'b HttpResponse) -> Checked200<'b> {
    if !body_is_checked(model, operation, response) {
        return Checked200::NotChecked;
    }
    if response.body.iter().all(u8::is_ascii_whitespace) {
        return Checked200::Body(None);
    }
    match xml::parse(&response.body) {
        Ok(root) if root.name == "Error" => Checked200::Error,
        Ok(root) => Checked200::Body(Some(root)),
        Err(_) => Checked200::Error,
    }
}

/// True when the 200-error rule reads this response's body: a 2xx with a body, for an
/// operation whose output is not a raw streamed payload.
fn body_is_checked(model: &ServiceModel, operation: &Operation, response: &HttpResponse) -> bool {
    if !(200..300).contains(&response.status) || response.body.is_empty() {
        return false;
    }
    let Some(output) = &operation.output else { return false };
    let Ok(shape) = value::target(model, output) else { return false };
    matches!(rest::body(model, shape), Ok(Body::Members | Body::Parsed { .. }))
}

/// The headers to ignore while parsing: `Expires` when it is not a date.
pub(crate) fn ignored_headers(response: &HttpResponse) -> &'static [&'static str] {
    if response.headers.get(EXPIRES).is_some_and(|v| timestamp::parse_text(v).is_err()) {
        &[EXPIRES]
    } else {
        &[]
    }
}

/// Applies the output customizations to a parsed document.
pub(crate) fn customize_output(
    model: &ServiceModel,
    operation: &Operation,
    response: &HttpResponse,
    document: &mut Document,
) {
    let Some(out) = document.as_object_mut() else { return };
    if operation.name == "GetBucketLocation" {
        // An empty element means us-east-1; the member is then absent.
        if let Some(root) = xml::parse(&response.body).ok().filter(|r| !r.text.trim().is_empty()) {
            out.insert("LocationConstraint".into(), Value::String(root.text.trim().to_owned()));
        }
    }
    let has_expires_member = operation
        .output
        .as_ref()
        .and_then(|o| model.shape(&o.shape))
        .is_some_and(|s| s.members.get(EXPIRES).is_some_and(|m| m.location_name.as_deref() == Some(EXPIRES)));
    if let (true, Some(raw)) = (has_expires_member, response.headers.get(EXPIRES)) {
        out.insert(EXPIRES_STRING.into(), Value::String(raw.to_owned()));
    }
}

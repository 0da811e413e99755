//! Response parsing for the six AWS protocols: a successful response becomes the
//! operation's output [`Document`], an error response an [`Error::Service`].
//!
//! The conventions of the output document are those of [`Document`]: structures and maps
//! are objects (structure members in model order, absent members left out), lists arrays,
//! blobs base64 strings (a streamed payload such as S3 `GetObject`'s `Body` included, for
//! now), timestamps RFC 3339 strings in UTC, floats numbers or `"NaN"`, `"Infinity"`,
//! `"-Infinity"`, `document` values and `jsonvalue` headers (base64 JSON) the JSON they
//! carry. A union member this model does not know is given as
//! `{"SDK_UNKNOWN_MEMBER": {"name": tag}}`, as botocore does. Event streams are not parsed
//! yet: such members are left absent. Response metadata (request id, status, headers) is
//! not part of the document.
//!
//! One module per protocol (`rest_xml`, `rest_json`, `json`, `query` with ec2,
//! `cbor`); `headers` and `rest` hold what the REST protocols share, `xml` and
//! `xml_value` what the XML ones share, `error` every protocol's error shape, `s3`
//! S3's customizations, `timestamp` the timestamp formats. Malformed bodies give
//! [`Error::Parse`]; nothing here panics.

// `Error` holds a `ServiceError` inline, which makes every `Result<_, Error>` "large" to
// clippy; whether to box it is a crate-wide decision, not this module's.

mod cbor;
mod error;
mod headers;
mod json;
mod query;
mod rest;
mod rest_json;
mod rest_xml;
mod s3;
#[cfg(test)]
mod tests;
mod timestamp;
mod value;
mod xml;
mod xml_value;

use self::rest::RestOptions;
use crate::error::Error;
use crate::http::HttpResponse;
use crate::model::{Operation, Protocol, ServiceModel};
use crate::Document;

/// Parses an HTTP response for `operation` into the output document, or into
/// [`Error::Service`] for an error response (see [`is_error_response`]).
///
/// Fails with [`Error::Parse`] when a successful response's body cannot be read with the
/// operation's output shape, and with [`Error::Model`] when the model names a shape it
/// does not define or its protocol is unknown. Error responses never fail to parse: what
/// cannot be read falls back to the HTTP status (code `"404"`, message `"Not Found"`).
pub fn parse_response(model: &ServiceModel, operation: &Operation, response: &HttpResponse) -> Result<Document, Error> {
    let is_s3 = s3::applies_to(model);
    // The same test as `is_error_response`, but S3's 200-error check keeps the XML tree it
    // reads, so that the body is read once.
    let checked = if response.status >= 300 {
        s3::Checked200::Error
    } else if is_s3 {
        s3::check_200(model, operation, response)
    } else {
        s3::Checked200::NotChecked
    };
    let tree = match checked {
        s3::Checked200::Error => return Err(Error::Service(error::parse(model, operation, response))),
        s3::Checked200::Body(tree) => tree,
        s3::Checked200::NotChecked => None,
    };
    let protocol =
        model.protocol().ok_or_else(|| Error::Model(format!("unsupported protocol {:?}", model.metadata.protocol)))?;
    let options = RestOptions { ignored_headers: if is_s3 { s3::ignored_headers(response) } else { &[] } };
    let mut document = match protocol {
        Protocol::RestXml => rest_xml::parse(model, operation, response, options, tree)?,
        Protocol::RestJson => rest_json::parse(model, operation, response, options)?,
        Protocol::Json => json::parse(model, operation, response)?,
        Protocol::Query => query::parse(model, operation, response, query::Flavor::Query)?,
        Protocol::Ec2 => query::parse(model, operation, response, query::Flavor::Ec2)?,
        Protocol::RpcV2Cbor => cbor::parse(model, operation, response)?,
    };
    if is_s3 {
        s3::customize_output(model, operation, response, &mut document);
    }
    Ok(document)
}

/// True when the response is an error: status 300 or above, or an S3 `200 OK` that
/// carries an `<Error>` document (or a body cut short) for an operation whose output is
/// not a streamed payload (`CompleteMultipartUpload`, `CopyObject`, `UploadPartCopy`...,
/// botocore's `_handle_200_error`). Such an error keeps its status, 200.
pub fn is_error_response(model: &ServiceModel, operation: &Operation, response: &HttpResponse) -> bool {
    response.status >= 300 || (s3::applies_to(model) && s3::is_200_error(model, operation, response))
}

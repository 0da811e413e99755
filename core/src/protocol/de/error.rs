//! Error responses of every protocol, read into [`ServiceError`].
//!
//! Where each protocol keeps the error:
//! - rest-xml: `<Error>` at the root (S3) or `<ErrorResponse><Error>` (CloudFront,
//!   Route 53); query: `<ErrorResponse><Error>`; ec2: `<Response><Errors><Error>`. The
//!   code is `<Code>`, the message `<Message>`, the request id `<RequestId>`/`<RequestID>`,
//!   S3's host id `<HostId>`;
//! - json and rest-json: the `X-Amzn-Errortype` header, else a `code`/`Code` field, else
//!   `__type`; namespaces (`aws.protocoltests#Foo`) and `:`-suffixes (`Foo:http://...`)
//!   are removed. The message is `message`, `Message`, `errorMessage`, or OAuth's
//!   `error_description` (SSO OIDC, as botocore's `_map_oauth2_errors`);
//! - smithy-rpc-v2-cbor: `__type` and `message`/`Message` in the CBOR map.
//!
//! Then, for every protocol:
//! - a body without a code (empty, as HEAD responses are, HTML from a proxy, or not
//!   parseable) gives the HTTP status as the code (`"404"`) and its reason phrase as the
//!   message (`"Not Found"`), as botocore does; a 2xx "error" without a code (S3's 200
//!   with a truncated body) gives `InternalError`;
//! - `x-amzn-query-error: Code;Type` (awsQueryCompatible services) replaces the code, and
//!   the former code and the type go to `extra` as `QueryErrorCode` and `Type`; the
//!   former code still names the modeled exception;
//! - the request id comes from `x-amzn-requestid` / `x-amz-request-id`, else the body;
//!   the host id from `x-amz-id-2`, else the body;
//! - `extra` holds the body's other fields as sent, then the members of the modeled
//!   exception shape whose name or `error.code` matches the code, typed by the model
//!   (including header-bound members in REST protocols), replacing raw fields of the same
//!   name. A modeled member that fails to parse is left out rather than hiding the error.

use ciborium::value::Value as Cbor;
use serde_json::Value;

use super::value::Object;
use super::xml::Element;
use super::{cbor, headers, json, xml, xml_value};
use crate::error::ServiceError;
use crate::http::HttpResponse;
use crate::model::{Operation, Protocol, ServiceModel, Shape};

/// What the body (and protocol-specific headers) said, before the shared rules apply.
#[derive(Debug, Default)]
struct Raw {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    host_id: Option<String>,
    fields: Object,
}

/// The parsed body, kept to read the modeled exception's members from.
enum Parsed<'a> {
    None,
    Xml(Element<'a>),
    Json(Value),
    Cbor(Cbor),
}

/// Reads an error response (see the module docs). Never fails: whatever cannot be read
/// falls back to the HTTP status.
pub(crate) fn parse(model: &ServiceModel, operation: &Operation, response: &HttpResponse) -> ServiceError {
    let protocol = model.protocol();
    let (raw, parsed) = match protocol {
        Some(Protocol::RestXml | Protocol::Query | Protocol::Ec2) => from_xml(&response.body),
        Some(Protocol::RpcV2Cbor) => from_cbor(&response.body),
        Some(Protocol::Json | Protocol::RestJson) | None => from_json(response),
    };
    let mut error = ServiceError { status: response.status, extra: raw.fields, ..ServiceError::default() };
    match raw.code.filter(|c| !c.is_empty()) {
        Some(code) => {
            error.code = code;
            error.message = raw.message.unwrap_or_default();
        }
        None if response.status < 300 => {
            error.code = "InternalError".into();
            error.message =
                format!("HTTP {} with an unreadable or cut-short body; retry as a server error", response.status);
        }
        None => {
            error.code = response.status.to_string();
            error.message = raw.message.unwrap_or_else(|| reason_phrase(response.status).to_owned());
        }
    }
    let modeled_code = apply_query_compatible_code(&mut error, response);
    let header = |name: &str| response.headers.get(name).map(str::to_owned);
    error.request_id = header("x-amzn-requestid").or_else(|| header("x-amz-request-id")).or(raw.request_id);
    error.host_id = header("x-amz-id-2").or(raw.host_id);
    let shape = exception_shape(model, operation, modeled_code.as_deref().unwrap_or(&error.code))
        .or_else(|| exception_shape(model, operation, &error.code));
    if let Some(shape) = shape {
        add_modeled_members(model, protocol, shape, &parsed, response, &mut error.extra);
    }
    error
}

fn from_xml(body: &[u8]) -> (Raw, Parsed<'_>) {
    let Ok(root) = xml::parse(body) else {
        return (Raw::default(), Parsed::None);
    };
    let Some(error) = error_element(&root) else {
        return (Raw::default(), Parsed::None);
    };
    let text = |el: &Element<'_>, name: &str| el.child_text(name).map(str::to_owned);
    let mut raw = Raw {
        code: text(error, "Code"),
        message: text(error, "Message"),
        request_id: ["RequestId", "RequestID"].iter().find_map(|n| text(&root, n).or_else(|| text(error, n))),
        host_id: text(error, "HostId"),
        fields: Object::new(),
    };
    for child in &error.children {
        if !["Code", "Message", "RequestId", "RequestID", "HostId"].contains(&child.name.as_ref()) {
            raw.fields.insert(child.name.to_string(), xml_value::untyped(child));
        }
    }
    let error = error.clone();
    (raw, Parsed::Xml(error))
}

/// `<Error>` (S3), `<ErrorResponse><Error>` (query, rest-xml), `<Response><Errors><Error>` (ec2).
fn error_element<'x, 'a>(root: &'x Element<'a>) -> Option<&'x Element<'a>> {
    if root.name == "Error" {
        return Some(root);
    }
    root.child("Error").or_else(|| root.child("Errors").and_then(|e| e.child("Error")))
}

fn from_json(response: &HttpResponse) -> (Raw, Parsed<'static>) {
    let header_code = response.headers.get("x-amzn-errortype").map(sanitize_code);
    let mut raw = Raw { code: header_code, ..Raw::default() };
    let body = match json::parse_body(&response.body) {
        Ok(Some(Value::Object(fields))) => fields,
        Ok(_) => Object::new(),
        Err(_) => {
            let text = String::from_utf8_lossy(&response.body).trim().to_owned();
            if !text.starts_with('<') {
                raw.message = Some(text);
            }
            return (raw, Parsed::None);
        }
    };
    let field = |name: &str| body.get(name).and_then(Value::as_str).map(str::to_owned);
    raw.code = raw.code.or_else(|| ["code", "Code", "__type"].iter().find_map(|n| field(n)).map(|c| sanitize_code(&c)));
    raw.message = ["message", "Message", "errorMessage", "error_description"]
        .iter()
        .find_map(|n| field(n))
        .or_else(|| response.headers.get("x-amzn-error-message").map(str::to_owned));
    const CONSUMED: [&str; 6] = ["__type", "code", "Code", "message", "Message", "errorMessage"];
    raw.fields =
        body.iter().filter(|(k, _)| !CONSUMED.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect();
    (raw, Parsed::Json(Value::Object(body)))
}

fn from_cbor(body: &[u8]) -> (Raw, Parsed<'static>) {
    let Ok(Some(value)) = cbor::decode(body) else {
        return (Raw::default(), Parsed::None);
    };
    let mut raw = Raw::default();
    for (key, v) in cbor::map_entries(&value).into_iter().flatten() {
        match (key, v.as_text()) {
            ("__type", Some(code)) => raw.code = Some(sanitize_code(code)),
            ("message" | "Message", Some(message)) => raw.message = Some(message.to_owned()),
            _ => {
                raw.fields.insert(key.to_owned(), cbor::untyped(v));
            }
        }
    }
    (raw, Parsed::Cbor(value))
}

/// `aws.protocoltests#FooError:http://internal...` → `FooError`.
fn sanitize_code(code: &str) -> String {
    let code = code.split(':').next().unwrap_or(code);
    code.rsplit('#').next().unwrap_or(code).trim().to_owned()
}

/// `x-amzn-query-error: Customized;Sender` replaces the code (awsQueryCompatible).
/// Returns the replaced code, which names the modeled exception (botocore looks the
/// exception up by this `QueryErrorCode`).
fn apply_query_compatible_code(error: &mut ServiceError, response: &HttpResponse) -> Option<String> {
    let header = response.headers.get("x-amzn-query-error")?;
    let (code, fault) = header.split_once(';')?;
    if code.is_empty() {
        return None;
    }
    let former = std::mem::replace(&mut error.code, code.to_owned());
    error.extra.insert("QueryErrorCode".into(), Value::String(former.clone()));
    error.extra.insert("Type".into(), Value::String(fault.to_owned()));
    Some(former)
}

/// The exception shape for `code`: first among the operation's errors, then the whole
/// model; a shape matches by its `error.code` or its name.
fn exception_shape<'m>(model: &'m ServiceModel, operation: &Operation, code: &str) -> Option<&'m Shape> {
    let matches =
        |name: &str, shape: &Shape| shape.error.as_ref().and_then(|e| e.code.as_deref()) == Some(code) || name == code;
    operation
        .errors
        .iter()
        .filter_map(|e| model.shapes.get_key_value(&e.shape))
        .chain(model.shapes.iter().filter(|(_, s)| s.exception))
        .find(|(name, shape)| matches(name, shape))
        .map(|(_, shape)| shape)
}

fn add_modeled_members(
    model: &ServiceModel,
    protocol: Option<Protocol>,
    shape: &Shape,
    parsed: &Parsed<'_>,
    response: &HttpResponse,
    extra: &mut Object,
) {
    if matches!(protocol, Some(Protocol::RestXml | Protocol::RestJson)) {
        if let Ok(bound) = headers::bind(model, shape, response, &[]) {
            extra.extend(bound);
        }
    }
    let body = match parsed {
        Parsed::Xml(el) => xml_value::structure(model, shape, el),
        Parsed::Json(v) => json::structure(model, shape, "error", v),
        Parsed::Cbor(v) => cbor::structure(model, shape, "error", v),
        Parsed::None => return,
    };
    if let Ok(members) = body {
        extra.extend(members);
    }
}

/// The standard reason phrase of an HTTP status (empty when unknown).
pub(crate) fn reason_phrase(status: u16) -> &'static str {
    match status {
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Request Entity Too Large",
        414 => "Request-URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Requested Range Not Satisfiable",
        417 => "Expectation Failed",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

//! Request serialization: an operation's input [`Document`] becomes an [`HttpRequest`]
//! for any of the six protocols, as botocore's `serialize.py` does (its input protocol
//! vectors are the evidence, see `tests/src/protocol_input.rs`).
//!
//! Steps, in order: fill idempotency tokens the caller left unset, expand the host
//! prefix, let the protocol module write method, path, query, headers and body, join the
//! path to the endpoint, and add `Content-MD5` where the legacy `httpChecksumRequired`
//! trait asks for it. Serialization does not validate: call
//! [`crate::validate::validate_input`] first (as botocore does unless parameter validation
//! is switched off); invalid input that slips through is still an error, never a panic.
//!
//! Left to the caller, as botocore leaves them to other steps: service customizations it
//! applies to the model first (S3 dropping `/{Bucket}` from `requestUri` because the
//! endpoint already holds the bucket, S3 Control dropping its `{AccountId}.` host prefix:
//! pass the adjusted [`Operation`]); flexible checksums ([`crate::checksum`], which keeps a
//! `Content-MD5` set here); request compression (the operation's `requestcompression`);
//! `Content-Length` (the transport's); signing.

// `Error` is the crate-wide error (its size comes from `ServiceError`); every function here
// returns it, as `protocol::de` and `endpoint` do.

mod cbor;
mod checksum;
mod host_prefix;
mod json;
mod query;
mod rest;
mod rest_json;
mod rest_xml;
mod uri;
mod walk;
mod xml_writer;

use std::borrow::Cow;

use crate::http::{Body, Headers, HttpRequest};
use crate::model::{Operation, Protocol, ServiceModel};
use crate::{Document, Error};

use walk::Ctx;

pub(crate) use walk::decode_base64;

/// What [`serialize_request`] needs besides the model and the input.
#[derive(Debug, Clone, Copy)]
pub struct SerializeOptions<'a> {
    /// Base endpoint URL, e.g. `https://example.com` or `https://host/base/path` (from endpoint resolution).
    pub endpoint: &'a str,
    /// Value for idempotency-token members the caller left unset (the random value is passed in; core draws none). None = leave unset.
    pub idempotency_token: Option<&'a str>,
}

/// The protocol-specific part of a request, before it is joined to the endpoint.
#[derive(Debug)]
pub(crate) struct Parts {
    pub method: String,
    /// The operation's path (labels expanded, encoded), relative to the endpoint's path.
    pub path: String,
    /// The encoded query string, without `?`.
    pub query: Option<String>,
    pub headers: Headers,
    pub body: Body,
}

/// Serializes `input` for `operation` of `model` into a request for `opts.endpoint`.
///
/// `input` follows the [`Document`] conventions (blobs as base64 strings, timestamps as
/// RFC 3339 strings or epoch seconds, `"NaN"`/`"Infinity"`/`"-Infinity"` for special
/// floats, `null` meaning absent). A streaming blob payload (S3 `PutObject`'s `Body`)
/// becomes [`Body::Bytes`], or [`Body::Empty`] when absent.
///
/// Errors: [`Error::Serialization`] for input that does not fit its shapes (naming the
/// parameter), [`Error::Validation`] for host-prefix labels that are not valid host labels,
/// [`Error::Model`] for a broken model or unsupported protocol, [`Error::Config`] for an
/// endpoint that is not an absolute URL.
pub fn serialize_request(
    model: &ServiceModel,
    operation: &Operation,
    input: &Document,
    opts: &SerializeOptions<'_>,
) -> Result<HttpRequest, Error> {
    let protocol =
        model.protocol().ok_or_else(|| Error::Model(format!("unsupported protocol {:?}", model.metadata.protocol)))?;
    let ctx = Ctx { model };
    let input = with_idempotency_tokens(ctx, operation, input, opts.idempotency_token)?;
    let host_prefix = host_prefix::expand(operation, &input)?;
    let parts = match protocol {
        Protocol::RestXml => rest_xml::serialize(ctx, operation, &input)?,
        Protocol::RestJson => rest_json::serialize(ctx, operation, &input)?,
        Protocol::Json => json::serialize(ctx, operation, &input)?,
        Protocol::Query => query::serialize(ctx, operation, &input, query::Dialect::Query)?,
        Protocol::Ec2 => query::serialize(ctx, operation, &input, query::Dialect::Ec2)?,
        Protocol::RpcV2Cbor => cbor::serialize(ctx, operation, &input)?,
    };
    let url = join_url(opts.endpoint, host_prefix.as_deref(), &parts.path, parts.query.as_deref())?;
    let mut request = HttpRequest { method: parts.method, url, headers: parts.headers, body: parts.body };
    checksum::add_content_md5(operation, &mut request);
    Ok(request)
}

/// The input with `token` in every top-level `idempotencyToken` member left unset.
fn with_idempotency_tokens<'i>(
    ctx: Ctx<'_>,
    operation: &Operation,
    input: &'i Document,
    token: Option<&str>,
) -> Result<Cow<'i, Document>, Error> {
    let (Some(token), Some(input_ref)) = (token, &operation.input) else { return Ok(Cow::Borrowed(input)) };
    let shape = ctx.shape(input_ref)?;
    let missing: Vec<&String> = shape
        .members
        .iter()
        .filter(|(name, m)| m.idempotency_token && input.get(name.as_str()).is_none_or(Document::is_null))
        .map(|(name, _)| name)
        .collect();
    if missing.is_empty() {
        return Ok(Cow::Borrowed(input));
    }
    let mut filled = match input {
        Document::Object(object) => object.clone(),
        _ => serde_json::Map::new(),
    };
    for name in missing {
        filled.insert(name.clone(), Document::from(token));
    }
    Ok(Cow::Owned(Document::Object(filled)))
}

/// `scheme://[prefix]authority` + the endpoint's path + `path` + `?query`.
///
/// An empty `path` (S3 templates once `/{Bucket}` is dropped) adds nothing to a non-empty
/// endpoint path, as botocore's `_urljoin`; `/` is kept (`https://host/base/` for a
/// `requestUri` of `/`, as the vectors expect); both empty give `/`.
fn join_url(endpoint: &str, host_prefix: Option<&str>, path: &str, query: Option<&str>) -> Result<String, Error> {
    let (scheme, rest) = endpoint
        .split_once("://")
        .filter(|(scheme, rest)| !scheme.is_empty() && !rest.is_empty())
        .ok_or_else(|| Error::Config(format!("endpoint {endpoint:?} is not an absolute URL")))?;
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let (authority, base_path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
    let mut url = format!("{scheme}://{}{authority}", host_prefix.unwrap_or_default());
    let base_path = base_path.trim_end_matches('/');
    url.push_str(base_path);
    if (path.is_empty() && base_path.is_empty()) || (!path.is_empty() && !path.starts_with('/')) {
        url.push('/');
    }
    url.push_str(path);
    if let Some(query) = query {
        url.push('?');
        url.push_str(query);
    }
    Ok(url)
}

#[cfg(test)]
mod tests;

//! Members of REST responses bound to the HTTP envelope rather than the body:
//! `location: header` (one header), `location: headers` (every header with a prefix, as a
//! map) and `location: statusCode`.
//!
//! Header values are read as text: numbers, booleans, floats (`NaN`, `Infinity`),
//! timestamps in any format (HTTP dates by default), base64 blobs, `jsonvalue` strings
//! (base64-encoded JSON, decoded and parsed as botocore does) and lists (comma-separated
//! per RFC 9110, double-quoted items may contain commas; HTTP dates, which contain a
//! comma themselves, are kept whole).

use serde_json::Value;

use super::timestamp::is_weekday;
use super::value::{self, parse_error, scalar_from_text, Object};
use crate::error::Error;
use crate::http::HttpResponse;
use crate::model::{Location, MemberRef, ServiceModel, Shape, ShapeType};
use crate::Document;

/// True for members read from the envelope (headers, status code) rather than the body.
pub(crate) fn is_envelope_bound(member: &MemberRef) -> bool {
    matches!(member.location, Some(Location::Header | Location::Headers | Location::StatusCode))
}

/// Reads every header-, prefix-header- and status-code-bound member of `shape`.
/// Headers named in `ignored` (case-insensitive) are treated as absent.
pub(crate) fn bind(
    model: &ServiceModel,
    shape: &Shape,
    response: &HttpResponse,
    ignored: &[&str],
) -> Result<Object, Error> {
    let mut out = Object::new();
    for (name, member) in &shape.members {
        let target = value::target(model, member)?;
        let parsed = match member.location {
            Some(Location::Header) => {
                let header = member.location_name.as_deref().unwrap_or(name);
                if ignored.iter().any(|i| i.eq_ignore_ascii_case(header)) {
                    continue;
                }
                let values: Vec<&str> = response.headers.get_all(header).collect();
                header_value(model, member, target, &values).map_err(|e| match e {
                    Error::Parse(m) => parse_error(format!("header {header}: {m}")),
                    other => other,
                })?
            }
            Some(Location::Headers) => Some(prefix_headers(model, member, target, response)?),
            Some(Location::StatusCode) => Some(Value::from(response.status)),
            _ => None,
        };
        if let Some(v) = parsed {
            out.insert(name.clone(), v);
        }
    }
    Ok(out)
}

/// The value of one header-bound member from every field line of its header.
fn header_value(
    model: &ServiceModel,
    member: &MemberRef,
    target: &Shape,
    values: &[&str],
) -> Result<Option<Document>, Error> {
    let Some(first) = values.first() else {
        return Ok(None);
    };
    let joined = values.join(", ");
    match target.shape_type {
        ShapeType::List => {
            let item = target.member.as_deref().ok_or_else(|| Error::Model("a list shape needs a member".into()))?;
            let item_shape = value::target(model, item)?;
            let mut items = split_list(&joined)?;
            if item_shape.shape_type == ShapeType::Timestamp {
                items = rejoin_http_dates(items);
            }
            let mut out = Vec::with_capacity(items.len());
            for text in items {
                out.push(scalar_from_text(item_shape, &text)?.unwrap_or(Value::Null));
            }
            Ok(Some(Value::Array(out)))
        }
        ShapeType::String if member.jsonvalue || target.jsonvalue => json_value(first).map(Some),
        ShapeType::String => Ok(Some(Value::String(joined))),
        _ => scalar_from_text(target, first),
    }
}

/// A `jsonvalue` header: base64 of a JSON text.
fn json_value(text: &str) -> Result<Document, Error> {
    let bytes = value::decode_base64(text)?;
    serde_json::from_slice(&bytes).map_err(|e| parse_error(format!("invalid JSON in a jsonvalue header: {e}")))
}

/// Every header whose name starts with the member's prefix (case-insensitive), keyed by
/// the rest of the name as received. Repeated headers are joined with `, `.
fn prefix_headers(
    model: &ServiceModel,
    member: &MemberRef,
    target: &Shape,
    response: &HttpResponse,
) -> Result<Document, Error> {
    let prefix = member.location_name.as_deref().unwrap_or_default();
    let value_shape = match target.value.as_deref() {
        Some(v) => value::target(model, v)?,
        None => return Err(Error::Model("a map shape needs a value".into())),
    };
    let mut out = Object::new();
    for (name, text) in response.headers.iter() {
        let Some(key) = strip_prefix_ignore_case(name, prefix) else {
            continue;
        };
        let entry = match (out.get(key), value_shape.shape_type) {
            (Some(Value::String(earlier)), ShapeType::String) => Value::String(format!("{earlier}, {text}")),
            _ => match scalar_from_text(value_shape, text)? {
                Some(v) => v,
                None => continue,
            },
        };
        out.insert(key.to_owned(), entry);
    }
    Ok(Value::Object(out))
}

fn strip_prefix_ignore_case<'a>(name: &'a str, prefix: &str) -> Option<&'a str> {
    let head = name.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &name[prefix.len()..])
}

/// Splits a list header value at commas. Items are trimmed; an item in double quotes may
/// contain commas and backslash-escaped quotes. An empty value is an empty list.
pub(crate) fn split_list(text: &str) -> Result<Vec<String>, Error> {
    let mut items = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_ascii_whitespace()).is_some() {}
        let Some(&c) = chars.peek() else { break };
        let mut item = String::new();
        if c == '"' {
            chars.next();
            loop {
                match chars.next() {
                    Some('\\') => item.extend(chars.next()),
                    Some('"') => break,
                    Some(other) => item.push(other),
                    None => return Err(parse_error(format!("unterminated quoted string in header list {text:?}"))),
                }
            }
            while chars.next_if(|c| c.is_ascii_whitespace()).is_some() {}
            if chars.next().is_some_and(|c| c != ',') {
                return Err(parse_error(format!("text after a quoted item in header list {text:?}")));
            }
        } else {
            item.extend(chars.by_ref().take_while(|c| *c != ','));
            item = item.trim().to_owned();
        }
        items.push(item);
    }
    Ok(items)
}

/// Puts HTTP dates split at their own comma back together (`Mon`, `16 Dec 2019 ...`).
fn rejoin_http_dates(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    let mut pending_weekday: Option<String> = None;
    for item in items {
        match pending_weekday.take() {
            Some(day) => out.push(format!("{day}, {item}")),
            None if is_weekday(&item) => pending_weekday = Some(item),
            None => out.push(item),
        }
    }
    out.extend(pending_weekday);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_quoted_lists() {
        let items = split_list(r#""b,c", "\"def\"", a"#).unwrap_or_default();
        assert_eq!(items, ["b,c", "\"def\"", "a"]);
        assert_eq!(split_list("a, b,c").unwrap_or_default(), ["a", "b", "c"]);
        assert!(split_list("").unwrap_or_default().is_empty());
        assert!(split_list("\"open").is_err());
    }

    #[test]
    fn keeps_http_dates_whole() {
        let items = split_list("Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT").unwrap_or_default();
        assert_eq!(rejoin_http_dates(items), ["Mon, 16 Dec 2019 23:48:18 GMT", "Mon, 16 Dec 2019 23:48:18 GMT"]);
    }
}

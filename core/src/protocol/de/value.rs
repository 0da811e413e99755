//! Building [`Document`] values, shared by every protocol: shape lookup, scalars read from
//! text (XML character data and HTTP header values), floats, blobs, timestamps, unions.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use serde_json::{Map, Number, Value};

use super::timestamp;
use crate::error::Error;
use crate::model::{MemberRef, ServiceModel, Shape, ShapeType};
use crate::Document;

/// A JSON object: the Document form of structures and maps.
pub(crate) type Object = Map<String, Value>;

/// Base64 as services write it: padding optional.
const LENIENT_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The key botocore uses for a union member this model does not know.
pub(crate) const UNKNOWN_UNION_MEMBER: &str = "SDK_UNKNOWN_MEMBER";

/// Shorthand for a parse error.
pub(crate) fn parse_error(message: impl Into<String>) -> Error {
    Error::Parse(message.into())
}

/// The shape a member reference targets; a model that names a missing shape is unusable.
pub(crate) fn target<'m>(model: &'m ServiceModel, member: &MemberRef) -> Result<&'m Shape, Error> {
    shape(model, &member.shape)
}

/// Looks up a shape by name.
pub(crate) fn shape<'m>(model: &'m ServiceModel, name: &str) -> Result<&'m Shape, Error> {
    model.shape(name).ok_or_else(|| Error::Model(format!("shape {name} is not defined")))
}

/// A float as a Document: a JSON number, or the strings `"NaN"`, `"Infinity"` and
/// `"-Infinity"` (JSON has no numbers for them; botocore's tests spell them this way).
pub(crate) fn float(value: f64) -> Document {
    match Number::from_f64(value) {
        Some(n) => Value::Number(n),
        None if value.is_nan() => Value::String("NaN".into()),
        None if value > 0.0 => Value::String("Infinity".into()),
        None => Value::String("-Infinity".into()),
    }
}

/// Reads a float written as text: decimal, `NaN`, `Infinity` or `-Infinity`.
pub(crate) fn float_from_text(text: &str) -> Result<f64, Error> {
    match text.trim() {
        "NaN" => Ok(f64::NAN),
        "Infinity" => Ok(f64::INFINITY),
        "-Infinity" => Ok(f64::NEG_INFINITY),
        t => t.parse().map_err(|_| parse_error(format!("invalid number {text:?}"))),
    }
}

/// Reads an integer written as text.
pub(crate) fn integer_from_text(text: &str) -> Result<Document, Error> {
    let t = text.trim();
    if let Ok(i) = t.parse::<i64>() {
        return Ok(Value::from(i));
    }
    if let Ok(u) = t.parse::<u64>() {
        return Ok(Value::from(u));
    }
    Err(parse_error(format!("invalid integer {text:?}")))
}

/// Reads `true` / `false` (any case).
pub(crate) fn bool_from_text(text: &str) -> Result<bool, Error> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if t.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        Err(parse_error(format!("invalid boolean {text:?}")))
    }
}

/// A blob as a Document: standard base64 with padding.
pub(crate) fn blob(bytes: &[u8]) -> Document {
    Value::String(STANDARD.encode(bytes))
}

/// A blob that arrived base64-encoded (XML text, JSON string, header), normalized:
/// whitespace dropped, padding restored, invalid base64 rejected.
pub(crate) fn blob_from_base64(text: &str) -> Result<Document, Error> {
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let bytes =
        LENIENT_BASE64.decode(compact.as_bytes()).map_err(|e| parse_error(format!("invalid base64 blob: {e}")))?;
    Ok(blob(&bytes))
}

/// Decodes base64 into bytes (`jsonvalue` headers).
pub(crate) fn decode_base64(text: &str) -> Result<Vec<u8>, Error> {
    LENIENT_BASE64.decode(text.trim().as_bytes()).map_err(|e| parse_error(format!("invalid base64: {e}")))
}

/// A parsed timestamp in the Document convention (RFC 3339, UTC), shared with inputs.
fn timestamp_document(t: time::OffsetDateTime) -> Document {
    crate::protocol::timestamp::to_document(t)
}

/// A timestamp written as text, in the Document convention (RFC 3339, UTC).
pub(crate) fn timestamp_from_text(text: &str) -> Result<Document, Error> {
    timestamp::parse_text(text).map(timestamp_document).map_err(parse_error)
}

/// A timestamp given as epoch seconds in a JSON or CBOR number.
pub(crate) fn timestamp_from_number(number: &Number) -> Result<Document, Error> {
    let parsed = match number.as_i64() {
        Some(i) => timestamp::from_epoch_i64(i),
        None => timestamp::from_epoch_f64(number.as_f64().unwrap_or(f64::NAN)),
    };
    parsed.map(timestamp_document).map_err(parse_error)
}

/// A timestamp given as epoch seconds in an integer.
pub(crate) fn timestamp_from_i64(seconds: i64) -> Result<Document, Error> {
    timestamp::from_epoch_i64(seconds).map(timestamp_document).map_err(parse_error)
}

/// A timestamp given as epoch seconds in a float.
pub(crate) fn timestamp_from_f64(seconds: f64) -> Result<Document, Error> {
    timestamp::from_epoch_f64(seconds).map(timestamp_document).map_err(parse_error)
}

/// A scalar shape read from text (XML character data, an HTTP header value).
///
/// Returns `None` when the text is empty for a type that cannot be empty (numbers,
/// booleans, timestamps): the member is then absent, not an error.
pub(crate) fn scalar_from_text(shape: &Shape, text: &str) -> Result<Option<Document>, Error> {
    let value = match shape.shape_type {
        ShapeType::String | ShapeType::Character => Value::String(text.to_owned()),
        ShapeType::Blob => blob_from_base64(text)?,
        _ if text.trim().is_empty() => return Ok(None),
        ShapeType::Boolean => Value::Bool(bool_from_text(text)?),
        ShapeType::Integer | ShapeType::Long | ShapeType::Short | ShapeType::Byte => integer_from_text(text)?,
        ShapeType::BigInteger => integer_from_text(text).unwrap_or_else(|_| Value::String(text.trim().to_owned())),
        ShapeType::Float | ShapeType::Double | ShapeType::BigDecimal => float(float_from_text(text)?),
        ShapeType::Timestamp => timestamp_from_text(text)?,
        ShapeType::Structure | ShapeType::List | ShapeType::Map => {
            return Err(parse_error(format!("a {:?} cannot be read from text", shape.shape_type)))
        }
    };
    Ok(Some(value))
}

/// The Document for a union value whose one member this model does not know
/// (`{"SDK_UNKNOWN_MEMBER": {"name": tag}}`, as botocore).
pub(crate) fn unknown_union_member(tag: &str) -> Object {
    let mut inner = Object::new();
    inner.insert("name".into(), Value::String(tag.to_owned()));
    let mut outer = Object::new();
    outer.insert(UNKNOWN_UNION_MEMBER.into(), Value::Object(inner));
    outer
}

/// Checks the union rule (at most one member set) on parsed members.
pub(crate) fn check_union(shape: &Shape, name: &str, parsed: &Object) -> Result<(), Error> {
    if shape.union && parsed.len() > 1 {
        let keys: Vec<&str> = parsed.keys().map(String::as_str).collect();
        return Err(parse_error(format!("union {name} must have one member set, got {keys:?}")));
    }
    Ok(())
}

/// Reorders an object's keys to follow a structure's members; keys that are not members
/// (customizations such as S3's `ExpiresString`) keep their order after them.
pub(crate) fn in_member_order(shape: &Shape, mut parts: Object) -> Object {
    let mut ordered = Object::new();
    for name in shape.members.keys() {
        if let Some(v) = parts.remove(name) {
            ordered.insert(name.clone(), v);
        }
    }
    ordered.extend(parts);
    ordered
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_floats_are_strings() {
        assert_eq!(float(f64::NAN), Value::String("NaN".into()));
        assert_eq!(float(f64::NEG_INFINITY), Value::String("-Infinity".into()));
        assert_eq!(float(1.5), serde_json::json!(1.5));
        assert!(float_from_text("1.5x").is_err());
    }

    #[test]
    fn blobs_are_normalized_base64() {
        assert_eq!(blob_from_base64("dmFs\ndWU").ok(), Some(Value::String("dmFsdWU=".into())));
        assert!(blob_from_base64("!!").is_err());
    }
}

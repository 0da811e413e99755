//! Walking an input [`Document`] alongside its shapes: member lookup in model order,
//! parameter paths for error messages, and the scalar conversions every protocol shares.

use std::fmt;

use base64::Engine as _;
use time::OffsetDateTime;

use crate::model::{MemberRef, ServiceModel, Shape, ShapeType};
use crate::protocol::timestamp::{self, TimestampFormat};
use crate::{Document, Error};

/// The model a serializer reads shapes from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ctx<'a> {
    pub model: &'a ServiceModel,
}

impl<'a> Ctx<'a> {
    /// The shape a member reference targets; a missing shape is a broken model.
    pub fn shape(&self, target: &MemberRef) -> Result<&'a Shape, Error> {
        self.shape_named(&target.shape)
    }

    /// A shape by name; a missing shape is a broken model.
    pub fn shape_named(&self, name: &str) -> Result<&'a Shape, Error> {
        self.model.shape(name).ok_or_else(|| Error::Model(format!("shape {name} is referenced but not defined")))
    }
}

/// Where a value sits in the input, for error messages: `Config.Rules[0].Id`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Path<'p> {
    Root,
    Member(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl<'p> Path<'p> {
    pub fn member(&'p self, name: &'p str) -> Path<'p> {
        Path::Member(self, name)
    }

    pub fn index(&'p self, index: usize) -> Path<'p> {
        Path::Index(self, index)
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => f.write_str("input"),
            Path::Member(Path::Root, name) => f.write_str(name),
            Path::Member(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// A structure member that is present (not absent, not `null`) in the input.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Member<'a, 'v> {
    /// The member's name in the model (the key in the document).
    pub name: &'a str,
    pub target: &'a MemberRef,
    pub shape: &'a Shape,
    pub value: &'v Document,
}

/// The members of structure `shape` present in `value`, in model order. `null` counts as
/// absent; a key the structure does not define, or a value that is not an object, is an error.
pub(crate) fn members<'a, 'v>(
    ctx: Ctx<'a>,
    shape: &'a Shape,
    value: &'v Document,
    path: &Path<'_>,
) -> Result<Vec<Member<'a, 'v>>, Error> {
    let object = match value {
        Document::Object(object) => object,
        Document::Null => return Ok(Vec::new()),
        other => return Err(type_error(path, "a structure (object)", other)),
    };
    if let Some(unknown) = object.keys().find(|k| !shape.members.contains_key(k.as_str())) {
        let valid: Vec<&str> = shape.members.keys().map(String::as_str).collect();
        return Err(Error::Serialization(format!(
            "unknown parameter {unknown:?} in {path}, must be one of: {}",
            valid.join(", ")
        )));
    }
    let mut present = Vec::with_capacity(object.len());
    for (name, target) in &shape.members {
        match object.get(name) {
            None | Some(Document::Null) => {}
            Some(value) => present.push(Member { name, target, shape: ctx.shape(target)?, value }),
        }
    }
    Ok(present)
}

/// The elements of a list value.
pub(crate) fn list_items<'v>(value: &'v Document, path: &Path<'_>) -> Result<&'v [Document], Error> {
    match value {
        Document::Array(items) => Ok(items),
        other => Err(type_error(path, "a list (array)", other)),
    }
}

/// The entries of a map value.
pub(crate) fn map_entries<'v>(
    value: &'v Document,
    path: &Path<'_>,
) -> Result<&'v serde_json::Map<String, Document>, Error> {
    match value {
        Document::Object(map) => Ok(map),
        other => Err(type_error(path, "a map (object)", other)),
    }
}

/// An error naming the parameter, what was expected, and the JSON type that was given.
pub(crate) fn type_error(path: &Path<'_>, expected: &str, got: &Document) -> Error {
    let got = match got {
        Document::Null => "null",
        Document::Bool(_) => "a boolean",
        Document::Number(_) => "a number",
        Document::String(_) => "a string",
        Document::Array(_) => "a list",
        Document::Object(_) => "an object",
    };
    Error::Serialization(format!("invalid value for parameter {path}: expected {expected}, got {got}"))
}

/// A string value.
pub(crate) fn string<'v>(value: &'v Document, path: &Path<'_>) -> Result<&'v str, Error> {
    value.as_str().ok_or_else(|| type_error(path, "a string", value))
}

/// A boolean value.
pub(crate) fn boolean(value: &Document, path: &Path<'_>) -> Result<bool, Error> {
    value.as_bool().ok_or_else(|| type_error(path, "a boolean", value))
}

/// An integer value (`integer`, `long`, `short`, `byte`, `bigInteger` shapes).
pub(crate) fn integer<'v>(value: &'v Document, path: &Path<'_>) -> Result<&'v serde_json::Number, Error> {
    match value {
        Document::Number(n) if n.is_i64() || n.is_u64() => Ok(n),
        other => Err(type_error(path, "an integer", other)),
    }
}

/// A `float`/`double` value: a JSON number, or one of the strings `"NaN"`, `"Infinity"`,
/// `"-Infinity"` (JSON cannot carry those as numbers).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Float {
    Number(serde_json::Number),
    NaN,
    Infinity,
    NegInfinity,
}

impl Float {
    /// As `f64` (special values included).
    pub fn as_f64(&self) -> f64 {
        match self {
            Float::Number(n) => n.as_f64().unwrap_or(f64::NAN),
            Float::NaN => f64::NAN,
            Float::Infinity => f64::INFINITY,
            Float::NegInfinity => f64::NEG_INFINITY,
        }
    }
}

impl fmt::Display for Float {
    /// Numbers as JSON writes them; specials as `NaN`, `Infinity`, `-Infinity`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Float::Number(n) => write!(f, "{n}"),
            Float::NaN => f.write_str("NaN"),
            Float::Infinity => f.write_str("Infinity"),
            Float::NegInfinity => f.write_str("-Infinity"),
        }
    }
}

/// A `float`/`double` value; see [`Float`].
pub(crate) fn float(value: &Document, path: &Path<'_>) -> Result<Float, Error> {
    match value {
        Document::Number(n) => Ok(Float::Number(n.clone())),
        Document::String(s) if s == "NaN" => Ok(Float::NaN),
        Document::String(s) if s == "Infinity" => Ok(Float::Infinity),
        Document::String(s) if s == "-Infinity" => Ok(Float::NegInfinity),
        other => Err(type_error(path, "a number (or \"NaN\", \"Infinity\", \"-Infinity\")", other)),
    }
}

/// The bytes of a blob value, given as a base64 string (standard alphabet, padding optional).
pub(crate) fn blob(value: &Document, path: &Path<'_>) -> Result<Vec<u8>, Error> {
    let text = value.as_str().ok_or_else(|| type_error(path, "a base64 string (blob)", value))?;
    decode_base64(text).ok_or_else(|| {
        Error::Serialization(format!("invalid value for parameter {path}: blobs must be base64 strings"))
    })
}

/// Decodes standard base64, accepting missing padding.
pub(crate) fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    engine.decode(text.trim()).ok()
}

/// Standard base64 with padding.
pub(crate) fn encode_base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A timestamp value (RFC 3339 string or epoch seconds).
pub(crate) fn timestamp(value: &Document, path: &Path<'_>) -> Result<OffsetDateTime, Error> {
    timestamp::from_document(value)
        .ok_or_else(|| type_error(path, "a timestamp (RFC 3339 string or epoch seconds)", value))
}

/// The member's timestamp format: the reference's trait, else the shape's, else `default`.
pub(crate) fn timestamp_format(target: &MemberRef, shape: &Shape, default: TimestampFormat) -> TimestampFormat {
    target
        .timestamp_format
        .as_deref()
        .or(shape.timestamp_format.as_deref())
        .and_then(TimestampFormat::from_model)
        .unwrap_or(default)
}

/// A scalar value as text, as URI labels, query strings, headers, XML text and query
/// bodies write it. Timestamps use the member's format, else `default_ts`; blobs are base64.
pub(crate) fn scalar_text(
    target: &MemberRef,
    shape: &Shape,
    value: &Document,
    path: &Path<'_>,
    default_ts: TimestampFormat,
) -> Result<String, Error> {
    Ok(match shape.shape_type {
        ShapeType::String | ShapeType::Character => string(value, path)?.to_owned(),
        ShapeType::Boolean => boolean(value, path)?.to_string(),
        ShapeType::Integer | ShapeType::Long | ShapeType::Short | ShapeType::Byte | ShapeType::BigInteger => {
            integer(value, path)?.to_string()
        }
        ShapeType::Float | ShapeType::Double => float(value, path)?.to_string(),
        ShapeType::BigDecimal => match value {
            Document::Number(n) => n.to_string(),
            Document::String(s) => s.clone(),
            other => return Err(type_error(path, "a number", other)),
        },
        ShapeType::Timestamp => {
            let format = timestamp_format(target, shape, default_ts);
            timestamp::format(timestamp(value, path)?, format)
        }
        ShapeType::Blob => encode_base64(&blob(value, path)?),
        ShapeType::Structure | ShapeType::List | ShapeType::Map => {
            return Err(Error::Serialization(format!(
                "parameter {path} is a {:?} and cannot be written as text here",
                shape.shape_type
            )))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_botocore() {
        let root = Path::Root;
        let a = root.member("CORSConfiguration");
        let b = a.member("CORSRules");
        let c = b.index(0);
        let d = c.member("AllowedMethods");
        assert_eq!(d.to_string(), "CORSConfiguration.CORSRules[0].AllowedMethods");
        assert_eq!(root.to_string(), "input");
    }

    #[test]
    fn floats_accept_special_strings() {
        let p = Path::Root;
        assert_eq!(float(&Document::from("NaN"), &p).map(|f| f.to_string()).ok(), Some("NaN".into()));
        assert_eq!(float(&Document::from(1.5), &p).map(|f| f.to_string()).ok(), Some("1.5".into()));
        assert!(float(&Document::from("1.5"), &p).is_err());
    }

    #[test]
    fn base64_padding_is_optional() {
        assert_eq!(decode_base64("Zm9v"), Some(b"foo".to_vec()));
        assert_eq!(decode_base64("Zm8"), Some(b"fo".to_vec()));
        assert_eq!(decode_base64("Zm8="), Some(b"fo".to_vec()));
        assert_eq!(decode_base64("!!"), None);
    }
}

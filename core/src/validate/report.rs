//! The problems validation reports, worded as botocore's `ValidationErrors` words them.

use std::fmt;

use crate::Document;

/// One problem with the input, at a parameter path (`""` is the input itself).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Problem {
    MissingRequired {
        name: String,
        member: String,
    },
    Unknown {
        name: String,
        member: String,
        valid: Vec<String>,
    },
    InvalidType {
        name: String,
        value: Shown,
        valid: &'static str,
    },
    InvalidLength {
        name: String,
        length: usize,
        min: f64,
    },
    InvalidRange {
        name: String,
        value: f64,
        min: f64,
    },
    InvalidBase64 {
        name: String,
    },
    UnionEmpty {
        name: String,
        members: Vec<String>,
    },
    UnionMany {
        name: String,
        members: Vec<String>,
    },
    /// The model references a shape it does not define.
    Model {
        name: String,
        shape: String,
    },
}

/// A value as a problem shows it: strings bare (as botocore prints them), everything else
/// as compact JSON, long values cut, sensitive ones redacted.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Shown {
    text: String,
    type_name: &'static str,
}

impl Shown {
    const MAX: usize = 200;

    pub fn new(value: &Document, sensitive: bool) -> Self {
        let type_name = type_name(value);
        let text = if sensitive {
            "** redacted **".to_owned()
        } else {
            let full = match value {
                Document::String(s) => s.clone(),
                other => other.to_string(),
            };
            match full.char_indices().nth(Self::MAX) {
                Some((cut, _)) => format!("{}...", &full[..cut]),
                None => full,
            }
        };
        Self { text, type_name }
    }
}

/// The JSON type of a value, in the words problems use.
fn type_name(value: &Document) -> &'static str {
    match value {
        Document::Null => "null",
        Document::Bool(_) => "boolean",
        Document::Number(n) if n.is_f64() => "float",
        Document::Number(_) => "integer",
        Document::String(_) => "string",
        Document::Array(_) => "list",
        Document::Object(_) => "object",
    }
}

/// botocore's rendering of a parameter path: the input itself is `input`.
fn display_name(name: &str) -> &str {
    if name.is_empty() {
        "input"
    } else {
        name.strip_prefix('.').unwrap_or(name)
    }
}

/// A model bound (`min`) as the model wrote it: `1`, not `1.0`.
struct Bound(f64);

impl fmt::Display for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.fract() == 0.0 && self.0.abs() < 1e15 {
            write!(f, "{}", self.0 as i64)
        } else {
            write!(f, "{}", self.0)
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingRequired { name, member } => {
                write!(f, "Missing required parameter in {}: \"{member}\"", display_name(name))
            }
            Self::Unknown { name, member, valid } => write!(
                f,
                "Unknown parameter in {}: \"{member}\", must be one of: {}",
                display_name(name),
                valid.join(", ")
            ),
            Self::InvalidType { name, value, valid } => write!(
                f,
                "Invalid type for parameter {}, value: {}, type: {}, valid types: {valid}",
                display_name(name),
                value.text,
                value.type_name
            ),
            Self::InvalidLength { name, length, min } => write!(
                f,
                "Invalid length for parameter {}, value: {length}, valid min length: {}",
                display_name(name),
                Bound(*min)
            ),
            Self::InvalidRange { name, value, min } => write!(
                f,
                "Invalid value for parameter {}, value: {}, valid min value: {}",
                display_name(name),
                Bound(*value),
                Bound(*min)
            ),
            Self::InvalidBase64 { name } => write!(
                f,
                "Invalid value for parameter {}: blob values must be base64 strings",
                display_name(name)
            ),
            Self::UnionEmpty { name, members } => write!(
                f,
                "Must set one of the following keys for tagged union structure {}: {}.",
                display_name(name),
                members.join(", ")
            ),
            Self::UnionMany { name, members } => write!(
                f,
                "Invalid number of parameters set for tagged union structure {}. Can only set one of the following keys: {}.",
                display_name(name),
                members.join(", ")
            ),
            Self::Model { name, shape } => {
                write!(f, "Cannot validate parameter {}: shape {shape} is not defined by the model", display_name(name))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wording_matches_botocore() {
        let p = Problem::MissingRequired { name: ".CORSConfiguration".into(), member: "CORSRules".into() };
        assert_eq!(p.to_string(), "Missing required parameter in CORSConfiguration: \"CORSRules\"");
        let p = Problem::InvalidLength { name: ".Key".into(), length: 0, min: 1.0 };
        assert_eq!(p.to_string(), "Invalid length for parameter Key, value: 0, valid min length: 1");
        let p = Problem::InvalidType {
            name: ".Bucket".into(),
            value: Shown::new(&Document::from(5), false),
            valid: "string",
        };
        assert_eq!(p.to_string(), "Invalid type for parameter Bucket, value: 5, type: integer, valid types: string");
        let secret = Shown::new(&Document::from(123), true);
        assert_eq!(secret.text, "** redacted **");
    }
}

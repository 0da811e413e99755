//! The values an expression evaluates to while a rule set runs.
//!
//! Parameters arrive as [`Value`](super::Value)s; functions also produce records
//! (`aws.partition`, `parseURL`, `aws.parseArn` results), integers (`substring` bounds) and
//! "unset" ([`Val::None`]). Records are shared (`Arc`) so partition outputs cost nothing to
//! hand out.

use std::fmt;
use std::sync::Arc;

use super::types::Value;

/// A runtime value of the rule-set language.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) enum Val {
    /// Unset: an absent parameter, or a function that found nothing.
    #[default]
    None,
    Bool(bool),
    Int(i64),
    Str(String),
    Array(Vec<Val>),
    Record(Arc<Record>),
}

/// A record: named fields in order (`{"dnsSuffix": ..., "supportsFIPS": ...}`).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Record {
    fields: Vec<(String, Val)>,
}

impl Record {
    /// Builds a record from its fields.
    pub(crate) fn new(fields: Vec<(String, Val)>) -> Self {
        Self { fields }
    }

    /// The field called `name`, if any.
    pub(crate) fn get(&self, name: &str) -> Option<&Val> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// Sets `name`, replacing an existing field of that name.
    pub(crate) fn set(&mut self, name: &str, value: Val) {
        match self.fields.iter_mut().find(|(k, _)| k == name) {
            Some(field) => field.1 = value,
            None => self.fields.push((name.to_owned(), value)),
        }
    }
}

impl Val {
    /// Whether a condition with this result holds: everything but unset and `false`
    /// (botocore's `result is False or result is None`).
    pub(crate) fn holds(&self) -> bool {
        !matches!(self, Val::None | Val::Bool(false))
    }

    /// The string, if this is one.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Val::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The name of this value's type, for error messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Val::None => "unset",
            Val::Bool(_) => "boolean",
            Val::Int(_) => "integer",
            Val::Str(_) => "string",
            Val::Array(_) => "array",
            Val::Record(_) => "record",
        }
    }

    /// Converts a JSON literal of a rule set (string, bool, integer, array of those).
    /// `None` for other JSON (objects, floats, null).
    pub(crate) fn from_json(value: &serde_json::Value) -> Option<Val> {
        match value {
            serde_json::Value::String(s) => Some(Val::Str(s.clone())),
            serde_json::Value::Bool(b) => Some(Val::Bool(*b)),
            serde_json::Value::Number(n) => n.as_i64().map(Val::Int),
            serde_json::Value::Array(items) => {
                items.iter().map(Val::from_json).collect::<Option<Vec<_>>>().map(Val::Array)
            }
            _ => None,
        }
    }
}

impl From<&Value> for Val {
    fn from(value: &Value) -> Self {
        match value {
            Value::String(s) => Val::Str(s.clone()),
            Value::Bool(b) => Val::Bool(*b),
            Value::StringArray(items) => Val::Array(items.iter().cloned().map(Val::Str).collect()),
        }
    }
}

/// Template rendering: strings as they are, booleans and integers in their JSON spelling.
impl fmt::Display for Val {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Val::None => f.write_str("None"),
            Val::Bool(b) => write!(f, "{b}"),
            Val::Int(i) => write!(f, "{i}"),
            Val::Str(s) => f.write_str(s),
            Val::Array(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Val::Record(_) => f.write_str("{record}"),
        }
    }
}

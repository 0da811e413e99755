//! The public values of endpoint resolution: parameter values, the parameter set handed
//! to [`RuleSet::resolve`](super::RuleSet::resolve), parameter declarations, and the
//! resolved [`Endpoint`].

use std::collections::BTreeMap;
use std::fmt;

use crate::error::Error;

/// The value of one rule-set parameter (`"type": "string" | "boolean" | "stringArray"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    String(String),
    Bool(bool),
    StringArray(Vec<String>),
}

impl Value {
    /// The parameter type this value has.
    pub fn parameter_type(&self) -> ParameterType {
        match self {
            Value::String(_) => ParameterType::String,
            Value::Bool(_) => ParameterType::Boolean,
            Value::StringArray(_) => ParameterType::StringArray,
        }
    }

    /// Reads a JSON string, boolean or array of strings; `None` for any other JSON.
    pub fn from_json(value: &serde_json::Value) -> Option<Value> {
        match value {
            serde_json::Value::String(s) => Some(Value::String(s.clone())),
            serde_json::Value::Bool(b) => Some(Value::Bool(*b)),
            serde_json::Value::Array(items) => {
                items.iter().map(|i| i.as_str().map(str::to_owned)).collect::<Option<Vec<_>>>().map(Value::StringArray)
            }
            _ => None,
        }
    }

    /// The value as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::StringArray(items) => items.iter().cloned().map(serde_json::Value::String).collect(),
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<Vec<String>> for Value {
    fn from(items: Vec<String>) -> Self {
        Value::StringArray(items)
    }
}

/// The declared type of a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParameterType {
    String,
    Boolean,
    StringArray,
}

impl ParameterType {
    /// Reads a rule set's `"type"` (case-insensitive, as botocore).
    pub fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "string" => Some(Self::String),
            "boolean" => Some(Self::Boolean),
            "stringarray" => Some(Self::StringArray),
            _ => None,
        }
    }
}

impl fmt::Display for ParameterType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::String => "string",
            Self::Boolean => "boolean",
            Self::StringArray => "stringArray",
        })
    }
}

/// One parameter a rule set declares.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// The parameter name (`Region`, `Bucket`, `UseFIPS`).
    pub name: String,
    pub parameter_type: ParameterType,
    /// The built-in that supplies it (`AWS::Region`, `SDK::Endpoint`), if any.
    pub built_in: Option<String>,
    /// Used when no value is given.
    pub default: Option<Value>,
    /// Resolution fails when no value (nor default) is present.
    pub required: bool,
}

/// Parameter values handed to [`RuleSet::resolve`](super::RuleSet::resolve), by name.
/// Names the rule set does not declare are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    values: BTreeMap<String, Value>,
}

impl Params {
    /// No values.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `name` (replacing any previous value).
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        self.values.insert(name.into(), value.into());
        self
    }

    /// Builder form of [`Params::set`].
    pub fn with(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.set(name, value);
        self
    }

    /// The value of `name`, if set.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.get(name)
    }

    /// Removes `name`, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        self.values.remove(name)
    }

    /// Whether `name` is set.
    pub fn contains(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }

    /// All values, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Number of values set.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True when no value is set.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Reads a JSON object of parameter values (the endpoint tests' `params`). Fails on a
    /// value that is not a string, boolean or array of strings.
    pub fn from_json(object: &serde_json::Map<String, serde_json::Value>) -> Result<Params, Error> {
        let mut params = Params::new();
        for (name, value) in object {
            let value = Value::from_json(value)
                .ok_or_else(|| Error::Endpoint(format!("unsupported value for parameter {name}: {value}")))?;
            params.set(name.clone(), value);
        }
        Ok(params)
    }
}

/// A resolved endpoint.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Endpoint {
    /// The base URL (`https://bucket.s3.us-west-2.amazonaws.com`); the operation's path and
    /// query are appended to it.
    pub url: String,
    /// Headers to add to the request, in rule-set order, each with its values.
    pub headers: Vec<(String, Vec<String>)>,
    /// Endpoint properties (`authSchemes`, `backend`, ...); see
    /// [`Endpoint::auth_schemes`](super::Endpoint::auth_schemes).
    pub properties: serde_json::Map<String, serde_json::Value>,
}

//! The built-in functions this evaluator supports: `length` (used by AWS waiters) and a
//! few other side-effect-free ones from the JMESPath specification.

use serde_json::Value;

use super::eval::{json_eq, EvalResult};

/// `(name, minimum arguments, maximum arguments)`.
const FUNCTIONS: &[(&str, usize, usize)] = &[
    ("length", 1, 1),
    ("contains", 2, 2),
    ("starts_with", 2, 2),
    ("ends_with", 2, 2),
    ("keys", 1, 1),
    ("values", 1, 1),
    ("type", 1, 1),
    ("not_null", 1, usize::MAX),
];

/// Checks at compile time that `name` is supported and given an allowed number of
/// arguments.
pub(super) fn check_arity(name: &str, count: usize) -> Result<(), String> {
    match FUNCTIONS.iter().find(|(n, _, _)| *n == name) {
        None => Err(format!("unsupported function {name}()")),
        Some((_, min, max)) if count < *min || count > *max => {
            Err(format!("{name}() takes {min}..={max} arguments, got {count}"))
        }
        Some(_) => Ok(()),
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn invalid(name: &str, value: &Value) -> String {
    format!("{name}() does not accept a {} argument", type_name(value))
}

/// Calls `name` (already arity-checked) with evaluated `args`.
pub(super) fn call(name: &str, args: &[Value]) -> EvalResult {
    let first = args.first().unwrap_or(&Value::Null);
    let second = args.get(1).unwrap_or(&Value::Null);
    match name {
        "length" => length(first).map(Value::from).ok_or_else(|| invalid(name, first)),
        "contains" => contains(first, second).map(Value::Bool).ok_or_else(|| invalid(name, first)),
        "starts_with" | "ends_with" => {
            let (Value::String(s), Value::String(affix)) = (first, second) else {
                return Err(invalid(name, if first.is_string() { second } else { first }));
            };
            let hit = if name == "starts_with" { s.starts_with(affix.as_str()) } else { s.ends_with(affix.as_str()) };
            Ok(Value::Bool(hit))
        }
        "keys" | "values" => {
            let Value::Object(map) = first else { return Err(invalid(name, first)) };
            Ok(if name == "keys" {
                map.keys().map(|k| Value::String(k.clone())).collect()
            } else {
                map.values().cloned().collect()
            })
        }
        "type" => Ok(Value::String(type_name(first).to_owned())),
        "not_null" => Ok(args.iter().find(|v| !v.is_null()).cloned().unwrap_or(Value::Null)),
        other => Err(format!("unsupported function {other}()")),
    }
}

/// Characters of a string, elements of an array, members of an object.
fn length(value: &Value) -> Option<usize> {
    match value {
        Value::String(s) => Some(s.chars().count()),
        Value::Array(a) => Some(a.len()),
        Value::Object(o) => Some(o.len()),
        _ => None,
    }
}

fn contains(subject: &Value, search: &Value) -> Option<bool> {
    match (subject, search) {
        (Value::Array(items), _) => Some(items.iter().any(|i| json_eq(i, search))),
        (Value::String(s), Value::String(needle)) => Some(s.contains(needle.as_str())),
        (Value::String(_), _) => Some(false),
        _ => None,
    }
}

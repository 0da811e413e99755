//! Evaluation of a syntax tree against a JSON value, with JMESPath's truthiness,
//! equality and projection rules.

use serde_json::{Map, Value};

use super::functions;
use super::parser::{Comparator, Node};

/// A failure while evaluating (a function given the wrong type).
pub(super) type EvalResult = Result<Value, String>;

/// JMESPath truthiness: `null`, `false`, `""`, `[]` and `{}` are false; everything else
/// (numbers included, even `0`) is true.
pub(super) fn is_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        Value::Number(_) => true,
    }
}

/// JMESPath equality: numbers compare by value (`1 == 1.0`), containers deeply.
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_eq(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// Evaluates `node` with `current` as the current node.
pub(super) fn eval(node: &Node, current: &Value) -> EvalResult {
    match node {
        Node::Identity => Ok(current.clone()),
        Node::Field(name) => Ok(current.get(name.as_str()).cloned().unwrap_or(Value::Null)),
        Node::Subexpr(left, right) => eval(right, &eval(left, current)?),
        Node::Index(left, index) => Ok(index_of(&eval(left, current)?, *index)),
        Node::Projection(left, right) => match eval(left, current)? {
            Value::Array(items) => project(items.iter(), right),
            _ => Ok(Value::Null),
        },
        Node::ValueProjection(left, right) => match eval(left, current)? {
            Value::Object(map) => project(map.values(), right),
            _ => Ok(Value::Null),
        },
        Node::FilterProjection { left, right, condition } => match eval(left, current)? {
            Value::Array(items) => filter_project(&items, condition, right),
            _ => Ok(Value::Null),
        },
        Node::Flatten(inner) => Ok(flatten(eval(inner, current)?)),
        Node::Literal(value) => Ok(value.clone()),
        Node::Not(inner) => Ok(Value::Bool(!is_truthy(&eval(inner, current)?))),
        Node::And(left, right) => {
            let l = eval(left, current)?;
            if is_truthy(&l) {
                eval(right, current)
            } else {
                Ok(l)
            }
        }
        Node::Or(left, right) => {
            let l = eval(left, current)?;
            if is_truthy(&l) {
                Ok(l)
            } else {
                eval(right, current)
            }
        }
        Node::Compare(op, left, right) => Ok(compare(*op, &eval(left, current)?, &eval(right, current)?)),
        Node::Pipe(left, right) => eval(right, &eval(left, current)?),
        Node::Function(name, args) => {
            let values = args.iter().map(|a| eval(a, current)).collect::<Result<Vec<_>, _>>()?;
            functions::call(name, &values)
        }
        Node::MultiList(items) => multi_list(items, current),
        Node::MultiHash(pairs) => multi_hash(pairs, current),
    }
}

fn index_of(value: &Value, index: i64) -> Value {
    let Value::Array(items) = value else { return Value::Null };
    let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let at = if index < 0 { len + index } else { index };
    usize::try_from(at).ok().and_then(|i| items.get(i)).cloned().unwrap_or(Value::Null)
}

/// `right` applied to each element, `null` results dropped.
fn project<'a>(items: impl Iterator<Item = &'a Value>, right: &Node) -> EvalResult {
    let mut out = Vec::new();
    for item in items {
        let value = eval(right, item)?;
        if !value.is_null() {
            out.push(value);
        }
    }
    Ok(Value::Array(out))
}

fn filter_project(items: &[Value], condition: &Node, right: &Node) -> EvalResult {
    let mut out = Vec::new();
    for item in items {
        if is_truthy(&eval(condition, item)?) {
            let value = eval(right, item)?;
            if !value.is_null() {
                out.push(value);
            }
        }
    }
    Ok(Value::Array(out))
}

/// Merges nested lists one level; `null` for a non-list.
fn flatten(value: Value) -> Value {
    let Value::Array(items) = value else { return Value::Null };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Value::Array(inner) => out.extend(inner),
            other => out.push(other),
        }
    }
    Value::Array(out)
}

/// `==`/`!=` on any values; ordering only between numbers (`null` otherwise).
fn compare(op: Comparator, left: &Value, right: &Value) -> Value {
    match op {
        Comparator::Eq => Value::Bool(json_eq(left, right)),
        Comparator::Ne => Value::Bool(!json_eq(left, right)),
        _ => {
            let (Some(l), Some(r)) = (left.as_f64(), right.as_f64()) else { return Value::Null };
            Value::Bool(match op {
                Comparator::Lt => l < r,
                Comparator::Lte => l <= r,
                Comparator::Gt => l > r,
                _ => l >= r,
            })
        }
    }
}

fn multi_list(items: &[Node], current: &Value) -> EvalResult {
    if current.is_null() {
        return Ok(Value::Null);
    }
    items.iter().map(|n| eval(n, current)).collect::<Result<Vec<_>, _>>().map(Value::Array)
}

fn multi_hash(pairs: &[(String, Node)], current: &Value) -> EvalResult {
    if current.is_null() {
        return Ok(Value::Null);
    }
    let mut map = Map::new();
    for (key, node) in pairs {
        map.insert(key.clone(), eval(node, current)?);
    }
    Ok(Value::Object(map))
}

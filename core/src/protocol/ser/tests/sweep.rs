//! Every operation of every embedded service (all 439 with `--features all-services`): a
//! generated input that sets every member must validate and serialize.

use serde_json::{json, Map};

use super::*;
use crate::model::{MemberRef, Shape, ShapeType};

/// A value for every member, recursing until `depth` runs out (then only required members,
/// and, for unions, a member that leaves the structures on the current path).
fn sample(model: &ServiceModel, target: &MemberRef, depth: i32, path: &mut Vec<String>) -> Document {
    let Some(shape) = model.shape(&target.shape) else { return Document::Null };
    match shape.shape_type {
        ShapeType::Structure if shape.document => json!({"doc": [1, "two"]}),
        ShapeType::Structure => {
            path.push(target.shape.clone());
            let value = structure(model, shape, depth, path);
            path.pop();
            value
        }
        ShapeType::List => match &shape.member {
            Some(member) => {
                let count = shape.min.map_or(1, |m| m.max(1.0) as usize);
                Document::Array((0..count).map(|_| sample(model, member, depth - 1, path)).collect())
            }
            None => json!([]),
        },
        ShapeType::Map => match (&shape.key, &shape.value) {
            (Some(key), Some(value)) => {
                let key = sample(model, key, 0, path).as_str().unwrap_or("key").to_owned();
                let mut map = Map::new();
                map.insert(key, sample(model, value, depth - 1, path));
                Document::Object(map)
            }
            _ => json!({}),
        },
        ShapeType::String | ShapeType::Character => string(shape, target),
        ShapeType::Boolean => json!(true),
        ShapeType::Float | ShapeType::Double | ShapeType::BigDecimal => json!(shape.min.unwrap_or(0.0).max(1.5)),
        ShapeType::Timestamp => json!(1_576_540_098),
        ShapeType::Blob => json!("aGk="),
        _ => json!(shape.min.unwrap_or(0.0).max(1.0) as i64),
    }
}

/// The structure a member leads to (through lists and maps), if any.
fn leads_to<'m>(model: &'m ServiceModel, member: &'m MemberRef) -> Option<&'m str> {
    let shape = model.shape(&member.shape)?;
    match shape.shape_type {
        ShapeType::Structure => Some(&member.shape),
        ShapeType::List => leads_to(model, shape.member.as_deref()?),
        ShapeType::Map => leads_to(model, shape.value.as_deref()?),
        _ => None,
    }
}

fn structure(model: &ServiceModel, shape: &Shape, depth: i32, path: &mut Vec<String>) -> Document {
    let mut object = Map::new();
    if shape.union {
        let fresh = |m: &MemberRef| leads_to(model, m).is_none_or(|s| !path.iter().any(|p| p == s));
        let chosen = shape.members.iter().find(|(_, m)| fresh(m)).or_else(|| shape.members.iter().next());
        if let Some((name, member)) = chosen {
            object.insert(name.clone(), sample(model, member, depth - 1, path));
        }
        return Document::Object(object);
    }
    for (name, member) in &shape.members {
        if depth <= 0 && !shape.is_required(name) {
            continue;
        }
        object.insert(name.clone(), sample(model, member, depth - 1, path));
    }
    Document::Object(object)
}

fn string(shape: &Shape, target: &MemberRef) -> Document {
    if let Some(first) = shape.enum_values.as_ref().and_then(|v| v.first()) {
        return json!(first);
    }
    let len = shape.min.map_or(1, |m| m.max(1.0) as usize);
    let text = if target.host_label { "a".repeat(len) } else { "x/y ".repeat(len)[..len].to_owned() };
    if target.jsonvalue && target.location == Some(crate::model::Location::Header) {
        return json!({"k": text});
    }
    json!(text)
}

#[test]
fn every_embedded_operation_serializes_a_full_input() {
    let mut failures = Vec::new();
    let mut count = 0;
    for service in crate::model::embedded_services() {
        let model = super::model(service);
        for (name, op) in &model.operations {
            if has_event_stream_input(&model, op) {
                continue; // event stream input is not serialized yet
            }
            let input = match &op.input {
                Some(target) => sample(&model, target, 6, &mut Vec::new()),
                None => json!({}),
            };
            count += 1;
            if let Err(e) = crate::validate::validate_input(&model, op, &input) {
                failures.push(format!("{service}.{name}: validation: {}", e.problems.join("; ")));
                continue;
            }
            let opts = SerializeOptions { endpoint: "https://svc.example.com", idempotency_token: Some("t") };
            match serialize_request(&model, op, &input, &opts) {
                Ok(request) => assert!(request.url.starts_with("https://")),
                Err(e) => failures.push(format!("{service}.{name}: {e}")),
            }
        }
    }
    assert!(count > 0);
    assert!(failures.is_empty(), "{} of {count} operations failed:\n{}", failures.len(), failures.join("\n"));
}

fn has_event_stream_input(model: &ServiceModel, op: &Operation) -> bool {
    let Some(input) = op.input.as_ref().and_then(|i| model.shape(&i.shape)) else { return false };
    input.members.values().any(|m| model.shape(&m.shape).is_some_and(|s| s.eventstream))
}

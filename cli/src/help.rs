//! `stratus help`, `stratus <service> help` and `stratus <service> <operation> help`,
//! written from the clap definition of the global options and from the service models.

use std::fmt::Write as _;

use serde_json::{Map, Value};
use stratus_core::model::{embedded_services, ServiceModel, Shape, ShapeType};

use crate::args::globals_help;
use crate::names::kebab;
use crate::params::OperationInfo;

/// The high-level S3 commands, with one line each.
pub const S3_COMMANDS: &[(&str, &str)] = &[
    ("ls [s3://bucket[/prefix]]", "list buckets, or objects and prefixes (--recursive, --human-readable, --summarize)"),
    ("mb s3://bucket", "make a bucket"),
    ("rb s3://bucket [--force]", "remove a bucket (--force: delete its objects first)"),
    ("rm s3://bucket/key [--recursive]", "remove an object, or every object under a prefix"),
    ("cp SRC DST [--recursive]", "copy file/- -> s3://, s3:// -> file/-, s3:// -> s3:// (progress bar on a terminal)"),
    ("presign s3://bucket/key [--expires-in N]", "print a presigned GET URL (default 3600 s)"),
];

/// `stratus help`.
pub fn top() -> String {
    let mut out = String::from(
        "Usage: stratus [options] <service> <operation> [--<member> <value> ...]\n\
         \x20      stratus [options] s3 <ls|mb|rb|rm|cp|presign> ...\n\
         \x20      stratus <service> help | stratus <service> <operation> help\n\n",
    );
    out.push_str(&globals_help());
    out.push_str("\nHigh-level S3 commands (stratus s3 <command> --help):\n");
    for (usage, what) in S3_COMMANDS {
        let _ = writeln!(out, "  {usage:<44} {what}");
    }
    out.push_str("\nServices (the operations of each: stratus <service> help):\n");
    out.push_str(&columns(embedded_services().collect(), 4));
    out
}

/// `stratus <service> help`: its operations in kebab form.
pub fn service(service: &str, model: &ServiceModel) -> String {
    let title = model.metadata.service_full_name.as_deref().unwrap_or(service);
    let mut out = format!("{title} ({service}, protocol {})\n\n", model.metadata.protocol);
    if service == "s3" {
        out.push_str("High-level commands:\n");
        for (usage, what) in S3_COMMANDS {
            let _ = writeln!(out, "  {usage:<44} {what}");
        }
        out.push('\n');
    }
    out.push_str("Operations (stratus ");
    out.push_str(service);
    out.push_str(" <operation> help):\n");
    let ops: Vec<String> = model.operations.keys().map(|name| kebab(name)).collect();
    out.push_str(&columns(ops.iter().map(String::as_str).collect(), 2));
    out
}

/// `stratus <service> <operation> help`: its options with types, required ones first.
pub fn operation(service: &str, info: &OperationInfo<'_>) -> String {
    let op = info.operation;
    let mut out = format!("stratus {service} {} ({})\n\nOptions:\n", kebab(&op.name), op.name);
    let input = op.input.as_ref().and_then(|m| info.model.shape(&m.shape));
    let mut members: Vec<(&String, bool)> = input
        .map(|shape| shape.members.keys().map(|name| (name, shape.is_required(name))).collect())
        .unwrap_or_default();
    members.sort_by_key(|(_, required)| !*required);
    for (name, required) in members {
        let Some(member) = input.map(|shape| &shape.members[name]) else { continue };
        let shape = info.model.shape(&member.shape);
        let kind = match shape {
            _ if Some(name.as_str()) == info.streaming_input => "file path (sent as the request body)".to_owned(),
            Some(s) => format!("{}{}", type_name(s.shape_type), one_of(s)),
            None => "?".to_owned(),
        };
        let flag = if required { " (required)" } else { "" };
        let _ = writeln!(out, "  --{:<36} {kind}{flag}", kebab(name));
        if let Some(shape) = shape.filter(|s| is_container(s.shape_type)) {
            let sketch = skeleton(info.model, shape, 0);
            let _ = writeln!(out, "      {}", serde_json::to_string(&sketch).unwrap_or_default());
        }
    }
    out.push_str("  --cli-input-json <JSON|@file>          the whole input as JSON\n");
    if info.paginated {
        out.push_str(
            "\nPaginated: every page is fetched and merged (--no-paginate for one call).\n\
             \x20 --starting-token <token>  --page-size <n>  --max-items <n>\n",
        );
    }
    if info.streaming_output.is_some() {
        out.push_str("\nPositional: <outfile>, the file the response body is written to.\n");
    }
    out
}

/// `, one of: a|b|c` for an enum shape (the first eight values).
fn one_of(shape: &Shape) -> String {
    match &shape.enum_values {
        Some(values) if !values.is_empty() => {
            let more = if values.len() > 8 { "|..." } else { "" };
            format!(", one of: {}{more}", values.iter().take(8).map(String::as_str).collect::<Vec<_>>().join("|"))
        }
        _ => String::new(),
    }
}

fn is_container(kind: ShapeType) -> bool {
    matches!(kind, ShapeType::Structure | ShapeType::List | ShapeType::Map)
}

fn type_name(kind: ShapeType) -> &'static str {
    match kind {
        ShapeType::Structure => "structure",
        ShapeType::List => "list",
        ShapeType::Map => "map",
        ShapeType::String | ShapeType::Character => "string",
        ShapeType::Integer | ShapeType::Long | ShapeType::Short | ShapeType::Byte | ShapeType::BigInteger => "integer",
        ShapeType::Float | ShapeType::Double | ShapeType::BigDecimal => "number",
        ShapeType::Boolean => "boolean (flag; --no-<name> for false)",
        ShapeType::Timestamp => "timestamp",
        ShapeType::Blob => "blob (base64, or fileb://path)",
    }
}

/// A JSON sketch of a shape: members with their type names, three levels deep.
fn skeleton(model: &ServiceModel, shape: &Shape, depth: usize) -> Value {
    let child = |name: &str| match model.shape(name) {
        Some(s) if is_container(s.shape_type) && depth < 3 => skeleton(model, s, depth + 1),
        Some(s) if is_container(s.shape_type) => Value::String("...".into()),
        Some(s) => Value::String(type_name(s.shape_type).split(' ').next().unwrap_or("").to_owned()),
        None => Value::Null,
    };
    match shape.shape_type {
        ShapeType::Structure => {
            Value::Object(shape.members.iter().map(|(name, m)| (name.clone(), child(&m.shape))).collect::<Map<_, _>>())
        }
        ShapeType::List => Value::Array(shape.member.iter().map(|m| child(&m.shape)).collect()),
        ShapeType::Map => {
            let mut map = Map::new();
            map.insert("KeyName".into(), shape.value.as_ref().map_or(Value::Null, |v| child(&v.shape)));
            Value::Object(map)
        }
        _ => Value::Null,
    }
}

/// Names laid out in `n` columns.
fn columns(names: Vec<&str>, n: usize) -> String {
    let width = names.iter().map(|s| s.len()).max().unwrap_or(0) + 2;
    let mut out = String::new();
    for row in names.chunks(n.max(1)) {
        out.push_str("  ");
        for name in row {
            let _ = write!(out, "{name:<width$}");
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
    }
    out
}

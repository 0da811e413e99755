//! Printing results: `--query` (JMESPath), then JSON (indented) or aws-cli's `text`
//! format, on stdout. A closed stdout (`stratus ... | head`) ends the output quietly.

use std::io::Write;

use serde_json::{Map, Value};
use stratus_core::jmespath::Expression;

use crate::args::{GlobalArgs, OutputFormat};
use crate::errors::CliError;

/// How a result is printed.
#[derive(Debug, Clone)]
pub struct Printer {
    format: OutputFormat,
    query: Option<Expression>,
}

impl Printer {
    /// From `--output` and `--query` (compiled now, so a bad expression fails before any
    /// request is sent).
    pub fn new(globals: &GlobalArgs) -> Result<Self, CliError> {
        let query = globals
            .query
            .as_deref()
            .map(Expression::compile)
            .transpose()
            .map_err(|e| CliError::usage(format!("Bad value for --query: {e}")))?;
        Ok(Self { format: globals.output_format(), query })
    }

    /// Prints an operation's output: `ResponseMetadata` dropped (as aws-cli does), the
    /// query applied, nothing printed for an empty result.
    pub fn print(&self, mut document: Value) -> Result<(), CliError> {
        if let Value::Object(map) = &mut document {
            map.shift_remove("ResponseMetadata");
        }
        let result = match &self.query {
            Some(query) => query.search(&document).map_err(|e| CliError::usage(format!("--query: {e}")))?,
            None => document,
        };
        if self.query.is_none() && result.as_object().is_some_and(Map::is_empty) {
            return Ok(());
        }
        let text = match self.format {
            OutputFormat::Json => json(&result),
            OutputFormat::Text => text(&result),
        };
        write_stdout(&text);
        Ok(())
    }
}

/// Indented JSON with a final newline.
fn json(value: &Value) -> String {
    let mut out = serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string());
    out.push('\n');
    out
}

/// Writes `text` to stdout; a closed pipe is not an error.
pub fn write_stdout(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush());
}

/// aws-cli's `text` output: an object's scalars on one tab-separated line (sorted by
/// key, prefixed by the upper-cased key it was found under), then its lists and objects
/// each under its own key; a list of objects gives one line per object with the union of
/// their scalar keys as columns; a list of scalars under a key gives one line per value.
pub fn text(value: &Value) -> String {
    let mut out = String::new();
    write_text(&mut out, value, None, None);
    out
}

fn write_text(out: &mut String, value: &Value, label: Option<&str>, columns: Option<&[String]>) {
    match value {
        Value::Object(map) => write_object(out, map, label, columns),
        Value::Array(items) => write_list(out, items, label),
        scalar => {
            out.push_str(&scalar_text(scalar));
            out.push('\n');
        }
    }
}

fn write_list(out: &mut String, items: &[Value], label: Option<&str>) {
    if items.iter().any(Value::is_object) {
        let columns = scalar_keys(items);
        for item in items {
            write_text(out, item, label, Some(&columns));
        }
        return;
    }
    let (scalars, nested): (Vec<&Value>, Vec<&Value>) = items.iter().partition(|v| !v.is_array());
    if !scalars.is_empty() {
        match label {
            Some(label) => {
                for v in scalars {
                    out.push_str(&format!("{}\t{}\n", label.to_uppercase(), scalar_text(v)));
                }
            }
            None => {
                let line: Vec<String> = scalars.into_iter().map(scalar_text).collect();
                out.push_str(&line.join("\t"));
                out.push('\n');
            }
        }
    }
    for v in nested {
        write_text(out, v, label, None);
    }
}

fn write_object(out: &mut String, map: &Map<String, Value>, label: Option<&str>, columns: Option<&[String]>) {
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort();
    let mut line: Vec<String> = Vec::new();
    let nested: Vec<&String> = match columns {
        Some(columns) => {
            line.extend(columns.iter().map(|k| map.get(k).map_or_else(String::new, scalar_text)));
            keys.into_iter().filter(|k| !columns.contains(k)).collect()
        }
        None => {
            let (scalars, nested): (Vec<&String>, Vec<&String>) =
                keys.into_iter().partition(|k| !is_container(&map[*k]));
            line.extend(scalars.into_iter().map(|k| scalar_text(&map[k])));
            nested
        }
    };
    if !line.is_empty() {
        if let Some(label) = label {
            line.insert(0, label.to_uppercase());
        }
        out.push_str(&line.join("\t"));
        out.push('\n');
    }
    for key in nested {
        write_text(out, &map[key], Some(key), None);
    }
}

fn is_container(value: &Value) -> bool {
    value.is_object() || value.is_array()
}

/// The sorted union of the scalar keys of the objects in `items`.
fn scalar_keys(items: &[Value]) -> Vec<String> {
    let mut keys: Vec<String> = items
        .iter()
        .filter_map(Value::as_object)
        .flat_map(|m| m.iter().filter(|(_, v)| !is_container(v)).map(|(k, _)| k.clone()))
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// A scalar as aws-cli's text output spells it (Python's `str`).
fn scalar_text(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_output_follows_aws_cli() {
        let doc = json!({
            "Addresses": [
                {"PublicIp": "1.2.3.4", "Domain": "vpc", "Tags": [{"Key": "k", "Value": "v"}]},
                {"PublicIp": "5.6.7.8", "AllocationId": "eipalloc-1"}
            ],
            "Owner": "me",
            "Names": ["a", "b"]
        });
        let expected = "me\n\
            ADDRESSES\t\tvpc\t1.2.3.4\n\
            TAGS\tk\tv\n\
            ADDRESSES\teipalloc-1\t\t5.6.7.8\n\
            NAMES\ta\n\
            NAMES\tb\n";
        assert_eq!(text(&doc), expected);
    }

    #[test]
    fn text_output_of_query_results() {
        assert_eq!(text(&json!(["a", "b"])), "a\tb\n");
        assert_eq!(text(&json!("plain")), "plain\n");
        assert_eq!(text(&json!(true)), "True\n");
    }

    #[test]
    fn bad_queries_are_usage_errors() {
        let globals = GlobalArgs { query: Some("Buckets[".into()), ..GlobalArgs::default() };
        assert!(matches!(Printer::new(&globals), Err(CliError::Usage(_))));
    }
}

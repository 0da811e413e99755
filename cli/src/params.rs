//! Turns an operation's command-line words (`--bucket b --cors-configuration '{...}'`)
//! into its input document, guided by the operation's input shape in the model.
//!
//! - `--cli-input-json JSON` (or `@file`, `file://file`) gives the whole input; members
//!   given as options are added to it.
//! - `--<member-in-kebab> value`: scalars as given; structures and maps as JSON or
//!   shorthand (`Key=Value,...`); lists as several values, a JSON array, or (for lists of
//!   structures) shorthand items. Booleans are flags (`--flag`, `--no-flag`).
//! - `file://path` reads a value from a text file, `fileb://path` a blob from a binary
//!   file. A streaming blob member (S3 `PutObject --body`) takes a file path.
//! - For a streaming output (S3 `GetObject`), one positional argument names the file the
//!   body is written to.
//! - `--starting-token`, `--page-size`, `--max-items` for paginated operations.

use base64::Engine as _;
use serde_json::{Map, Value};
use stratus_core::model::{Operation, ServiceModel, Shape, ShapeType};
use stratus_core::paginate::PaginationConfig;

use crate::coerce::coerce;
use crate::errors::CliError;
use crate::{names, shorthand};

/// What the model says about the operation being parsed.
#[derive(Debug, Clone, Copy)]
pub struct OperationInfo<'a> {
    pub model: &'a ServiceModel,
    pub operation: &'a Operation,
    /// The input member sent as the raw body (S3 `PutObject` `Body`).
    pub streaming_input: Option<&'a str>,
    /// The output member received as the raw body (S3 `GetObject` `Body`).
    pub streaming_output: Option<&'a str>,
    pub paginated: bool,
}

/// The parsed command line of one operation.
#[derive(Debug, Clone, Default)]
pub struct ParsedArgs {
    pub input: Map<String, Value>,
    /// The file whose bytes are the streaming input member.
    pub payload_file: Option<String>,
    /// Where the streaming output member is written.
    pub outfile: Option<String>,
    pub pagination: PaginationConfig,
    /// True when `--starting-token`, `--page-size` or `--max-items` was given.
    pub pagination_given: bool,
    pub help: bool,
}

/// Parses `words` (everything after the operation name).
pub fn parse(info: &OperationInfo<'_>, words: &[String]) -> Result<ParsedArgs, CliError> {
    let mut parsed = ParsedArgs::default();
    let input_shape = info.operation.input.as_ref().and_then(|m| info.model.shape(&m.shape));
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        let Some(option) = word.strip_prefix("--") else {
            positional(info, &mut parsed, word)?;
            continue;
        };
        let (name, inline) = match option.split_once('=') {
            Some((name, value)) => (name, Some(value.to_owned())),
            None => (option, None),
        };
        // The option's values: the inline `=value`, else up to `max` following words
        // that are not options themselves.
        let mut take_values = |max: usize| -> Vec<String> {
            if let Some(value) = &inline {
                return vec![value.clone()];
            }
            let start = i;
            while i < words.len() && !words[i].starts_with("--") && i - start < max {
                i += 1;
            }
            words[start..i].to_vec()
        };
        match name {
            "help" => parsed.help = true,
            "cli-input-json" => {
                let text = one(name, take_values(1))?;
                merge_input_json(&mut parsed.input, &text)?;
            }
            "starting-token" | "page-size" | "max-items" if info.paginated => {
                let value = one(name, take_values(1))?;
                set_pagination(&mut parsed, name, &value)?;
            }
            _ => {
                let shape = input_shape.ok_or_else(|| unknown_option(info, name))?;
                member_option(info, shape, &mut parsed, name, &mut take_values)?;
            }
        }
    }
    Ok(parsed)
}

/// A positional word: `help`, or the outfile of a streaming output.
fn positional(info: &OperationInfo<'_>, parsed: &mut ParsedArgs, word: &str) -> Result<(), CliError> {
    if word == "help" {
        parsed.help = true;
    } else if info.streaming_output.is_some() && parsed.outfile.is_none() {
        parsed.outfile = Some(word.to_owned());
    } else {
        return Err(CliError::usage(format!("unexpected argument '{word}'")));
    }
    Ok(())
}

fn unknown_option(info: &OperationInfo<'_>, name: &str) -> CliError {
    CliError::usage(format!(
        "Unknown option --{name} for {}; `... {} help` lists its options",
        info.operation.name,
        names::kebab(&info.operation.name)
    ))
}

/// Exactly one value for option `name`.
fn one(name: &str, mut values: Vec<String>) -> Result<String, CliError> {
    match values.len() {
        1 => Ok(values.remove(0)),
        0 => Err(CliError::usage(format!("--{name} expects a value"))),
        n => Err(CliError::usage(format!("--{name} expects one value, got {n}"))),
    }
}

fn set_pagination(parsed: &mut ParsedArgs, name: &str, value: &str) -> Result<(), CliError> {
    let number =
        || value.parse::<u64>().map_err(|_| CliError::usage(format!("--{name} expects a number, got '{value}'")));
    match name {
        "starting-token" => parsed.pagination.starting_token = Some(value.to_owned()),
        "page-size" => parsed.pagination.page_size = Some(number()?),
        _ => parsed.pagination.max_items = Some(number()?),
    }
    parsed.pagination_given = true;
    Ok(())
}

/// `--cli-input-json`: inline JSON, `@file` or `file://file`; its members are merged in.
fn merge_input_json(input: &mut Map<String, Value>, text: &str) -> Result<(), CliError> {
    let text = match text.strip_prefix('@').or_else(|| text.strip_prefix("file://")) {
        Some(path) => read_text(path)?,
        None => text.to_owned(),
    };
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(map)) => {
            input.extend(map);
            Ok(())
        }
        Ok(_) => Err(CliError::usage("--cli-input-json must be a JSON object")),
        Err(e) => Err(CliError::usage(format!("--cli-input-json is not valid JSON: {e}"))),
    }
}

/// `--<member> value...` (or `--no-<member>` for a boolean).
fn member_option(
    info: &OperationInfo<'_>,
    shape: &Shape,
    parsed: &mut ParsedArgs,
    name: &str,
    take_values: &mut dyn FnMut(usize) -> Vec<String>,
) -> Result<(), CliError> {
    let member_names = shape.members.keys().map(String::as_str);
    let (member, negated) = match names::find(name, member_names.clone()) {
        Some(member) => (member, false),
        None => match name.strip_prefix("no-").and_then(|rest| names::find(rest, member_names)) {
            Some(member) => (member, true),
            None => return Err(unknown_option(info, name)),
        },
    };
    let member_ref = &shape.members[member];
    let target = info.model.shape(&member_ref.shape);
    let kind = target.map(|s| s.shape_type);
    if Some(member) == info.streaming_input {
        let path = one(name, take_values(1))?;
        parsed.payload_file = Some(path.strip_prefix("fileb://").unwrap_or(&path).to_owned());
        return Ok(());
    }
    let value = match kind {
        Some(ShapeType::Boolean) => {
            let values = take_values(0);
            let given = if values.is_empty() { Value::Bool(true) } else { Value::String(one(name, values)?) };
            match (negated, given) {
                (true, _) => Value::Bool(false),
                (false, given) => given,
            }
        }
        _ if negated => return Err(unknown_option(info, name)),
        Some(ShapeType::List) => list_value(info.model, target, name, take_values(usize::MAX))?,
        _ => {
            let text = one(name, take_values(1))?;
            single_value(kind, name, &text)?
        }
    };
    if parsed.input.contains_key(member) && !matches!(kind, Some(ShapeType::Boolean)) {
        return Err(CliError::usage(format!("--{name} was given twice")));
    }
    parsed.input.insert(member.to_owned(), coerce(info.model, &member_ref.shape, value));
    Ok(())
}

/// A list member: one JSON array, or one item per value.
fn list_value(model: &ServiceModel, list: Option<&Shape>, name: &str, values: Vec<String>) -> Result<Value, CliError> {
    if values.is_empty() {
        return Err(CliError::usage(format!("--{name} expects at least one value")));
    }
    let item_kind = list.and_then(|l| l.member.as_ref()).and_then(|m| model.shape(&m.shape)).map(|s| s.shape_type);
    if let [single] = values.as_slice() {
        let text = load_file_prefix(single, name)?;
        if text.trim_start().starts_with('[') {
            return parse_json(name, &text);
        }
    }
    let items = values.iter().map(|v| single_value(item_kind, name, v)).collect::<Result<Vec<_>, _>>()?;
    Ok(Value::Array(items))
}

/// One value of a member of `kind`.
fn single_value(kind: Option<ShapeType>, name: &str, raw: &str) -> Result<Value, CliError> {
    if kind == Some(ShapeType::Blob) {
        if let Some(path) = raw.strip_prefix("fileb://") {
            let bytes =
                std::fs::read(path).map_err(|e| CliError::usage(format!("--{name}: cannot read {path}: {e}")))?;
            return Ok(Value::String(base64::engine::general_purpose::STANDARD.encode(bytes)));
        }
    }
    let text = load_file_prefix(raw, name)?;
    match kind {
        Some(ShapeType::Structure | ShapeType::Map) => {
            if text.trim_start().starts_with('{') {
                parse_json(name, &text)
            } else {
                shorthand::parse(&text).map_err(|e| CliError::usage(format!("Error parsing parameter --{name}: {e}")))
            }
        }
        _ => Ok(Value::String(text)),
    }
}

/// The value itself, or the contents of the text file a `file://` value names.
fn load_file_prefix(raw: &str, name: &str) -> Result<String, CliError> {
    match raw.strip_prefix("file://") {
        Some(path) => read_text(path).map_err(|e| CliError::usage(format!("--{name}: {}", e.message()))),
        None => Ok(raw.to_owned()),
    }
}

fn read_text(path: &str) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|e| CliError::usage(format!("cannot read {path}: {e}")))
}

fn parse_json(name: &str, text: &str) -> Result<Value, CliError> {
    serde_json::from_str(text)
        .map_err(|e| CliError::usage(format!("Error parsing parameter --{name}: invalid JSON: {e}")))
}

#[cfg(test)]
#[path = "params_tests.rs"]
mod tests;

//! Input validation before anything is sent, as botocore's `ParamValidator`: every problem
//! is collected (not just the first) and each names the full parameter path, e.g.
//! `Missing required parameter in CORSConfiguration: "CORSRules"` or
//! `Invalid type for parameter CORSConfiguration.CORSRules[0].AllowedMethods, ...`.
//!
//! Checks, as botocore makes them: unknown and missing required structure members, tagged
//! unions with other than one member set, the JSON type of every value, and the model's
//! `min` only (string and list lengths, numeric values; host-label members have an implicit
//! minimum length of 1). `max`, `pattern` and `enum` are left to the service, as botocore
//! leaves them.
//!
//! Where the [`Document`] conventions differ from Python's types: `null` means absent (a
//! required member set to `null` is missing; `null` in a list or map is accepted only when
//! the shape is `sparse`); blobs must be base64 strings; timestamps are RFC 3339 (or other
//! ISO 8601 / HTTP-date) strings or epoch seconds; floats also accept `"NaN"`, `"Infinity"`
//! and `"-Infinity"`. Values of `sensitive` shapes are redacted from the messages.

mod report;

use crate::model::{Location, MemberRef, Operation, ServiceModel, Shape, ShapeType};
use crate::protocol::timestamp;
use crate::{Document, ParamValidationError};

use report::{Problem, Shown};

/// Validates `input` against `operation`'s input shape. `Err` lists every problem found.
pub fn validate_input(
    model: &ServiceModel,
    operation: &Operation,
    input: &Document,
) -> Result<(), ParamValidationError> {
    let Some(input_ref) = &operation.input else { return Ok(()) };
    let mut validator = Validator { model, problems: Vec::new() };
    match model.shape(&input_ref.shape) {
        Some(shape) if !input.is_null() => validator.value(input, input_ref, shape, ""),
        Some(shape) => validator.structure(&serde_json::Map::new(), shape, ""),
        None => {
            let message = format!("input shape {} is not defined by the model", input_ref.shape);
            return Err(ParamValidationError { problems: vec![message] });
        }
    }
    if validator.problems.is_empty() {
        Ok(())
    } else {
        Err(ParamValidationError { problems: validator.problems.iter().map(ToString::to_string).collect() })
    }
}

struct Validator<'a> {
    model: &'a ServiceModel,
    problems: Vec<Problem>,
}

impl Validator<'_> {
    /// Validates `value` reached through `target` (whose traits, e.g. `hostLabel`, matter).
    fn value(&mut self, value: &Document, target: &MemberRef, shape: &Shape, name: &str) {
        let json_header = (target.jsonvalue || shape.jsonvalue) && target.location == Some(Location::Header);
        if json_header || (shape.shape_type == ShapeType::Structure && shape.document) {
            return;
        }
        match shape.shape_type {
            ShapeType::Structure => match value.as_object() {
                Some(object) => self.structure(object, shape, name),
                None => self.invalid_type(name, value, shape, "object"),
            },
            ShapeType::List => self.list(value, shape, name),
            ShapeType::Map => self.map(value, shape, name),
            ShapeType::String | ShapeType::Character => match value.as_str() {
                Some(s) => self.min_length(name, s.chars().count(), target, shape),
                None => self.invalid_type(name, value, shape, "string"),
            },
            ShapeType::Boolean if !value.is_boolean() => self.invalid_type(name, value, shape, "boolean"),
            ShapeType::Boolean => {}
            ShapeType::Integer | ShapeType::Long | ShapeType::Short | ShapeType::Byte | ShapeType::BigInteger => {
                match value {
                    Document::Number(n) if n.is_i64() || n.is_u64() => self.min_value(name, n, shape),
                    _ => self.invalid_type(name, value, shape, "integer"),
                }
            }
            ShapeType::Float | ShapeType::Double | ShapeType::BigDecimal => match value {
                Document::Number(n) => self.min_value(name, n, shape),
                Document::String(s) if matches!(s.as_str(), "NaN" | "Infinity" | "-Infinity") => {}
                _ => self.invalid_type(name, value, shape, "float, integer, \"NaN\", \"Infinity\", \"-Infinity\""),
            },
            ShapeType::Blob => match value.as_str() {
                Some(text) if crate::protocol::ser::decode_base64(text).is_some() => {}
                Some(_) => self.problems.push(Problem::InvalidBase64 { name: name.to_owned() }),
                None => self.invalid_type(name, value, shape, "base64 string"),
            },
            ShapeType::Timestamp if timestamp::from_document(value).is_none() => {
                self.invalid_type(name, value, shape, "timestamp string (RFC 3339), epoch seconds")
            }
            ShapeType::Timestamp => {}
        }
    }

    fn structure(&mut self, object: &serde_json::Map<String, Document>, shape: &Shape, name: &str) {
        let set: Vec<&String> = object.iter().filter(|(_, v)| !v.is_null()).map(|(k, _)| k).collect();
        if shape.union && set.len() != 1 {
            let members = shape.members.keys().cloned().collect();
            self.problems.push(match set.len() {
                0 => Problem::UnionEmpty { name: name.to_owned(), members },
                _ => Problem::UnionMany { name: name.to_owned(), members },
            });
        }
        for required in &shape.required {
            if !set.contains(&required) {
                self.problems.push(Problem::MissingRequired { name: name.to_owned(), member: required.clone() });
            }
        }
        for key in object.keys().filter(|k| !shape.members.contains_key(k.as_str())) {
            let valid = shape.members.keys().cloned().collect();
            self.problems.push(Problem::Unknown { name: name.to_owned(), member: key.clone(), valid });
        }
        for key in set {
            let Some(target) = shape.members.get(key.as_str()) else { continue };
            let member_name = format!("{name}.{key}");
            match self.model.shape(&target.shape) {
                Some(member_shape) => self.value(&object[key.as_str()], target, member_shape, &member_name),
                None => self.missing_shape(&member_name, &target.shape),
            }
        }
    }

    fn list(&mut self, value: &Document, shape: &Shape, name: &str) {
        let Some(items) = value.as_array() else { return self.invalid_type(name, value, shape, "list") };
        self.min_length_of(name, items.len(), shape.min);
        let Some(item_ref) = shape.member.as_deref() else { return };
        let Some(item_shape) = self.model.shape(&item_ref.shape) else {
            return self.missing_shape(name, &item_ref.shape);
        };
        for (i, item) in items.iter().enumerate() {
            let item_name = format!("{name}[{i}]");
            if item.is_null() {
                if !shape.sparse {
                    self.invalid_type(&item_name, item, item_shape, expected_type(item_shape));
                }
                continue;
            }
            self.value(item, item_ref, item_shape, &item_name);
        }
    }

    fn map(&mut self, value: &Document, shape: &Shape, name: &str) {
        let Some(entries) = value.as_object() else { return self.invalid_type(name, value, shape, "object") };
        let (Some(key_ref), Some(value_ref)) = (shape.key.as_deref(), shape.value.as_deref()) else { return };
        let (Some(key_shape), Some(value_shape)) =
            (self.model.shape(&key_ref.shape), self.model.shape(&value_ref.shape))
        else {
            return self.missing_shape(name, &value_ref.shape);
        };
        for (key, entry) in entries {
            self.value(&Document::String(key.clone()), key_ref, key_shape, &format!("{name} (key: {key})"));
            let entry_name = format!("{name}.{key}");
            if entry.is_null() {
                if !shape.sparse {
                    self.invalid_type(&entry_name, entry, value_shape, expected_type(value_shape));
                }
                continue;
            }
            self.value(entry, value_ref, value_shape, &entry_name);
        }
    }

    fn min_length(&mut self, name: &str, length: usize, target: &MemberRef, shape: &Shape) {
        let min = shape.min.or(target.host_label.then_some(1.0));
        self.min_length_of(name, length, min);
    }

    fn min_length_of(&mut self, name: &str, length: usize, min: Option<f64>) {
        if let Some(min) = min.filter(|min| (length as f64) < *min) {
            self.problems.push(Problem::InvalidLength { name: name.to_owned(), length, min });
        }
    }

    fn min_value(&mut self, name: &str, value: &serde_json::Number, shape: &Shape) {
        let (Some(min), Some(value)) = (shape.min, value.as_f64()) else { return };
        if value < min {
            self.problems.push(Problem::InvalidRange { name: name.to_owned(), value, min });
        }
    }

    fn invalid_type(&mut self, name: &str, value: &Document, shape: &Shape, valid: &'static str) {
        let value = Shown::new(value, shape.sensitive);
        self.problems.push(Problem::InvalidType { name: name.to_owned(), value, valid });
    }

    fn missing_shape(&mut self, name: &str, shape: &str) {
        self.problems.push(Problem::Model { name: name.to_owned(), shape: shape.to_owned() });
    }
}

/// What a value of `shape` must be, for a `null` where none is allowed.
fn expected_type(shape: &Shape) -> &'static str {
    match shape.shape_type {
        ShapeType::Structure | ShapeType::Map => "object",
        ShapeType::List => "list",
        ShapeType::String | ShapeType::Character => "string",
        ShapeType::Boolean => "boolean",
        ShapeType::Blob => "base64 string",
        ShapeType::Timestamp => "timestamp string (RFC 3339), epoch seconds",
        ShapeType::Float | ShapeType::Double | ShapeType::BigDecimal => "float, integer",
        _ => "integer",
    }
}

#[cfg(test)]
mod tests;

//! Gives command-line values the types their members have in the service model.
//!
//! Shorthand and plain arguments are text; the model says `MaxKeys` is an integer and
//! `Values` a list. Coercion converts what converts cleanly (`"10"` → `10`, `"true"` →
//! `true`, a single value → a one-item list) and leaves everything else as it is, so the
//! SDK's parameter validation reports the problem naming the parameter, as botocore does.

use serde_json::{Map, Number, Value};
use stratus_core::model::{ServiceModel, ShapeType};

/// Coerces `value` to the shape named `shape`.
pub fn coerce(model: &ServiceModel, shape: &str, value: Value) -> Value {
    let Some(def) = model.shape(shape) else { return value };
    match def.shape_type {
        ShapeType::Structure => match value {
            Value::Object(map) => Value::Object(coerce_members(model, shape, map)),
            other => other,
        },
        ShapeType::List => {
            let Some(member) = &def.member else { return value };
            match value {
                Value::Array(items) => {
                    Value::Array(items.into_iter().map(|v| coerce(model, &member.shape, v)).collect())
                }
                Value::Null => Value::Null,
                single => Value::Array(vec![coerce(model, &member.shape, single)]),
            }
        }
        ShapeType::Map => match (value, &def.value) {
            (Value::Object(map), Some(value_ref)) => {
                Value::Object(map.into_iter().map(|(k, v)| (k, coerce(model, &value_ref.shape, v))).collect())
            }
            (other, _) => other,
        },
        ShapeType::Integer | ShapeType::Long | ShapeType::Short | ShapeType::Byte | ShapeType::BigInteger => {
            map_text(value, |s| s.parse::<i64>().ok().map(Value::from))
        }
        ShapeType::Float | ShapeType::Double | ShapeType::BigDecimal => {
            map_text(value, |s| s.parse::<f64>().ok().and_then(Number::from_f64).map(Value::Number))
        }
        ShapeType::Boolean => map_text(value, |s| match s.to_ascii_lowercase().as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        }),
        ShapeType::Timestamp => map_text(value, |s| s.parse::<i64>().ok().map(Value::from)),
        ShapeType::String | ShapeType::Character | ShapeType::Blob => value,
    }
}

/// Coerces each member of a structure value that the model knows; unknown members are
/// kept for validation to report.
fn coerce_members(model: &ServiceModel, shape: &str, map: Map<String, Value>) -> Map<String, Value> {
    let members = model.shape(shape).map(|s| &s.members);
    map.into_iter()
        .map(|(name, value)| {
            let member = members.and_then(|m| m.get(&name));
            let value = match member {
                Some(member) => coerce(model, &member.shape, value),
                None => value,
            };
            (name, value)
        })
        .collect()
}

/// Applies `convert` to a string value; keeps the value when it is not a string or does
/// not convert.
fn map_text(value: Value, convert: impl Fn(&str) -> Option<Value>) -> Value {
    match &value {
        Value::String(s) => convert(s.trim()).unwrap_or(value),
        _ => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn model() -> Result<ServiceModel, stratus_core::model::ModelError> {
        ServiceModel::from_json(
            r#"{"shapes": {
                "In": {"type": "structure", "members": {
                    "MaxKeys": {"shape": "Int"}, "Flag": {"shape": "Bool"}, "Ratio": {"shape": "Dbl"},
                    "Filters": {"shape": "FilterList"}, "Tags": {"shape": "TagMap"}}},
                "FilterList": {"type": "list", "member": {"shape": "Filter"}},
                "Filter": {"type": "structure", "members": {"Name": {"shape": "Str"}, "Values": {"shape": "StrList"}}},
                "StrList": {"type": "list", "member": {"shape": "Str"}},
                "TagMap": {"type": "map", "key": {"shape": "Str"}, "value": {"shape": "Int"}},
                "Int": {"type": "integer"}, "Bool": {"type": "boolean"}, "Dbl": {"type": "double"},
                "Str": {"type": "string"}}}"#,
        )
    }

    #[test]
    fn scalars_lists_and_maps_get_their_model_types() -> Result<(), stratus_core::model::ModelError> {
        let model = model()?;
        let input = json!({"MaxKeys": "10", "Flag": "TRUE", "Ratio": "0.5",
            "Filters": {"Name": "domain", "Values": "vpc"}, "Tags": {"a": "1"}, "Other": "x"});
        let expected = json!({"MaxKeys": 10, "Flag": true, "Ratio": 0.5,
            "Filters": [{"Name": "domain", "Values": ["vpc"]}], "Tags": {"a": 1}, "Other": "x"});
        assert_eq!(coerce(&model, "In", input), expected);
        Ok(())
    }

    #[test]
    fn values_that_do_not_convert_are_left_for_validation() -> Result<(), stratus_core::model::ModelError> {
        let model = model()?;
        assert_eq!(coerce(&model, "In", json!({"MaxKeys": "ten"})), json!({"MaxKeys": "ten"}));
        Ok(())
    }
}

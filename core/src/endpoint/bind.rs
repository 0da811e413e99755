//! [`bind_params`]: the rule-set parameters of one operation call, filled as the AWS SDKs
//! fill them.

use crate::error::Error;
use crate::model::{Operation, ServiceModel};
use crate::Document;

use super::builtins::BuiltIns;
use super::context_path;
use super::ruleset::RuleSet;
use super::types::{Parameter, Params, Value};

/// Fills every parameter `rules` declares for a call of `operation` with `input`.
///
/// Each parameter takes the first value found, in botocore's precedence:
/// 1. the operation's `staticContextParams`;
/// 2. the input member that carries `"contextParam": {"name": ...}` for it;
/// 3. the operation's `operationContextParams` path, evaluated on `input`
///    (a JMESPath subset: fields, indexes, `[*]` projections, `[]` flatten,
///    multi-select lists and `keys()`);
/// 4. `client_context` (client context params, keyed by parameter name, e.g.
///    `ForcePathStyle`, `Accelerate`, `DisableS3ExpressSessionAuth`);
/// 5. the built-in it names (`AWS::Region`...), from `builtins`;
/// 6. its default.
///
/// Null input values count as absent. Fails (`Error::Endpoint`) when a found value is not a
/// string, boolean or list of strings, or (`Error::Model`) on an unsupported path.
pub fn bind_params(
    rules: &RuleSet,
    model: &ServiceModel,
    operation: &Operation,
    input: &Document,
    builtins: &BuiltIns,
    client_context: &Params,
) -> Result<Params, Error> {
    let mut params = Params::new();
    for parameter in rules.parameters() {
        let name = parameter.name.as_str();
        let value = match from_operation(parameter, model, operation, input)? {
            Some(value) => Some(value),
            None => client_context
                .get(name)
                .cloned()
                .or_else(|| parameter.built_in.as_deref().and_then(|b| builtins.get(b))),
        };
        if let Some(value) = value {
            params.set(name, value);
        }
    }
    rules.apply_defaults(&mut params);
    Ok(params)
}

/// Steps 1 to 3: the value the operation and its input give `parameter`.
fn from_operation(
    parameter: &Parameter,
    model: &ServiceModel,
    operation: &Operation,
    input: &Document,
) -> Result<Option<Value>, Error> {
    let name = parameter.name.as_str();
    if let Some(static_param) = operation.static_context_params.get(name) {
        return to_value(name, &static_param.value);
    }
    let input_shape = operation.input.as_ref().and_then(|r| model.shape(&r.shape));
    let member = input_shape
        .and_then(|shape| shape.members.iter().find(|(_, m)| m.context_param.as_ref().is_some_and(|c| c.name == name)));
    if let Some(value) = member.and_then(|(member, _)| input.get(member)) {
        if let Some(value) = to_value(name, value)? {
            return Ok(Some(value));
        }
    }
    match operation.operation_context_params.get(name) {
        Some(param) => to_value(name, &context_path::search(&param.path, input)?),
        None => Ok(None),
    }
}

fn to_value(name: &str, json: &Document) -> Result<Option<Value>, Error> {
    if json.is_null() {
        return Ok(None);
    }
    Value::from_json(json).map(Some).ok_or_else(|| Error::Endpoint(format!("Value ({name}) is the wrong type: {json}")))
}

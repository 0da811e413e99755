//! Preparing a rule set: `endpoint-rule-set-1.json` into [`rules`](super::rules) values.
//!
//! Names are bound lexically: parameters are visible everywhere, a condition's `assign`
//! is visible to the later conditions of its rule and to everything inside the rule. A
//! reference to a name not visible there, an assignment that would shadow a visible name,
//! an unknown function or a wrong number of arguments is an error here, once, rather than
//! at resolution. Each name owns one scope slot; parameters take slots `0..parameters`.

use std::collections::HashMap;

use serde_json::{Map, Value as Json};

use crate::error::Error;

use super::functions::attr::AttrPath;
use super::functions::{Function, MAX_ARITY};
use super::rules::{Action, Call, Condition, EndpointRule, Expr, Property, Rule};
use super::template::{Slot, Template};
use super::types::{Parameter, ParameterType, Value};
use super::val::Val;

/// An error in the rule set's text.
pub(crate) fn invalid(why: impl std::fmt::Display) -> Error {
    Error::Model(format!("endpoint rule set: {why}"))
}

/// Binds names to slots while rules are prepared.
#[derive(Debug, Default)]
pub(crate) struct Preparer {
    slots: HashMap<String, Slot>,
    visible: Vec<String>,
}

impl Preparer {
    /// Starts with the parameters visible, in slots `0..parameters.len()`.
    pub(crate) fn new(parameters: &[Parameter]) -> Self {
        let mut preparer = Preparer::default();
        for p in parameters {
            let slot = preparer.slots.len();
            preparer.slots.insert(p.name.clone(), slot);
            preparer.visible.push(p.name.clone());
        }
        preparer
    }

    /// Number of slots the scope needs.
    pub(crate) fn slot_count(&self) -> usize {
        self.slots.len()
    }

    fn bind(&self, name: &str) -> Result<Slot, Error> {
        match self.slots.get(name) {
            Some(&slot) if self.visible.iter().any(|v| v == name) => Ok(slot),
            _ => Err(invalid(format!("reference to `{name}`, which is not in scope"))),
        }
    }

    fn assign(&mut self, name: &str) -> Result<Slot, Error> {
        if self.visible.iter().any(|v| v == name) {
            return Err(invalid(format!("assignment to `{name}`, which is already in scope")));
        }
        let next = self.slots.len();
        let slot = *self.slots.entry(name.to_owned()).or_insert(next);
        self.visible.push(name.to_owned());
        Ok(slot)
    }

    /// Prepares a list of rules.
    pub(crate) fn rules(&mut self, rules: &Json) -> Result<Vec<Rule>, Error> {
        let rules = rules.as_array().ok_or_else(|| invalid("`rules` is not an array"))?;
        rules.iter().map(|r| self.rule(r)).collect()
    }

    fn rule(&mut self, rule: &Json) -> Result<Rule, Error> {
        let mark = self.visible.len();
        let prepared = self.rule_in_scope(rule);
        self.visible.truncate(mark);
        prepared
    }

    fn rule_in_scope(&mut self, rule: &Json) -> Result<Rule, Error> {
        let rule = rule.as_object().ok_or_else(|| invalid("a rule is not an object"))?;
        let conditions = match rule.get("conditions") {
            Some(Json::Array(items)) => items.iter().map(|c| self.condition(c)).collect::<Result<_, _>>()?,
            None => Vec::new(),
            Some(_) => return Err(invalid("`conditions` is not an array")),
        };
        Ok(Rule { conditions, action: self.action(rule)? })
    }

    fn action(&mut self, rule: &Map<String, Json>) -> Result<Action, Error> {
        let field = |name: &str| rule.get(name).ok_or_else(|| invalid(format!("rule without `{name}`")));
        match rule.get("type").and_then(Json::as_str) {
            Some("endpoint") => Ok(Action::Endpoint(Box::new(self.endpoint(field("endpoint")?)?))),
            Some("error") => Ok(Action::Error(self.expr(field("error")?)?)),
            Some("tree") => Ok(Action::Tree(self.rules(field("rules")?)?)),
            other => Err(invalid(format!("unknown rule type {other:?}"))),
        }
    }

    fn condition(&mut self, condition: &Json) -> Result<Condition, Error> {
        let call = self.call(condition)?;
        let assign = match condition.get("assign") {
            Some(Json::String(name)) => Some(self.assign(name)?),
            None => None,
            Some(_) => return Err(invalid("`assign` is not a string")),
        };
        Ok(Condition { call, assign })
    }

    fn call(&self, call: &Json) -> Result<Call, Error> {
        let name = call.get("fn").and_then(Json::as_str).ok_or_else(|| invalid("a call without `fn`"))?;
        let argv =
            call.get("argv").and_then(Json::as_array).ok_or_else(|| invalid(format!("`{name}` without `argv`")))?;
        let arity_error = |n: usize| invalid(format!("`{name}` takes {n} arguments, got {}", argv.len()));
        if name == "getAttr" {
            let [value, Json::String(path)] = argv.as_slice() else {
                return Err(arity_error(2));
            };
            let function = Function::GetAttr(AttrPath::parse(path).map_err(invalid)?);
            return Ok(Call { function, args: vec![self.expr(value)?] });
        }
        let (function, arity) =
            Function::from_name(name).ok_or_else(|| invalid(format!("unknown function `{name}`")))?;
        if argv.len() != arity || arity > MAX_ARITY {
            return Err(arity_error(arity));
        }
        let args = argv.iter().map(|a| self.expr(a)).collect::<Result<_, _>>()?;
        Ok(Call { function, args })
    }

    /// Prepares an expression: `{"fn": ...}`, `{"ref": ...}`, a (template) string or a
    /// literal.
    fn expr(&self, expr: &Json) -> Result<Expr, Error> {
        match expr {
            Json::Object(object) if object.contains_key("fn") => Ok(Expr::Call(Box::new(self.call(expr)?))),
            Json::Object(object) => match object.get("ref") {
                Some(Json::String(name)) => Ok(Expr::Ref(self.bind(name)?)),
                _ => Err(invalid(format!("unsupported expression {expr}"))),
            },
            Json::String(text) if Template::is_template(text) => Ok(Expr::Template(self.template(text)?)),
            other => {
                Val::from_json(other).map(Expr::Literal).ok_or_else(|| invalid(format!("unsupported literal {other}")))
            }
        }
    }

    fn template(&self, text: &str) -> Result<Template, Error> {
        Template::parse(text, &mut |name| self.bind(name)).map_err(invalid)
    }

    fn endpoint(&self, endpoint: &Json) -> Result<EndpointRule, Error> {
        let url = self.expr(endpoint.get("url").ok_or_else(|| invalid("endpoint without `url`"))?)?;
        let mut headers = Vec::new();
        for (name, values) in endpoint.get("headers").and_then(Json::as_object).into_iter().flatten() {
            let values = values.as_array().ok_or_else(|| invalid(format!("header `{name}` is not a list")))?;
            headers.push((name.clone(), values.iter().map(|v| self.expr(v)).collect::<Result<_, _>>()?));
        }
        let properties = match endpoint.get("properties") {
            Some(Json::Object(object)) => self.object(object)?,
            None => Vec::new(),
            Some(_) => return Err(invalid("endpoint `properties` is not an object")),
        };
        Ok(EndpointRule { url, headers, properties })
    }

    fn object(&self, object: &Map<String, Json>) -> Result<Vec<(String, Property)>, Error> {
        object.iter().map(|(k, v)| Ok((k.clone(), self.property(v)?))).collect()
    }

    fn property(&self, value: &Json) -> Result<Property, Error> {
        Ok(match value {
            Json::String(text) if Template::is_template(text) => Property::Template(self.template(text)?),
            Json::Object(object) => Property::Object(self.object(object)?),
            Json::Array(items) => Property::Array(items.iter().map(|i| self.property(i)).collect::<Result<_, _>>()?),
            other => Property::Literal(other.clone()),
        })
    }
}

/// Reads the `parameters` object of a rule set.
pub(crate) fn parameters(json: &Json) -> Result<Vec<Parameter>, Error> {
    let object = json.as_object().ok_or_else(|| invalid("`parameters` is not an object"))?;
    object.iter().map(|(name, spec)| parameter(name, spec)).collect()
}

fn parameter(name: &str, spec: &Json) -> Result<Parameter, Error> {
    let type_name = spec.get("type").and_then(Json::as_str).unwrap_or_default();
    let parameter_type = ParameterType::from_name(type_name)
        .ok_or_else(|| invalid(format!("parameter `{name}` has unknown type `{type_name}`")))?;
    let default = match spec.get("default") {
        None | Some(Json::Null) => None,
        Some(value) => match Value::from_json(value) {
            Some(v) if v.parameter_type() == parameter_type => Some(v),
            _ => return Err(invalid(format!("parameter `{name}` has a default of the wrong type"))),
        },
    };
    Ok(Parameter {
        name: name.to_owned(),
        parameter_type,
        built_in: spec.get("builtIn").and_then(Json::as_str).map(str::to_owned),
        default,
        required: spec.get("required").and_then(Json::as_bool).unwrap_or(false),
    })
}

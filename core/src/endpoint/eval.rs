//! Evaluating prepared rules against a scope of parameter values.
//!
//! Rules are tried in order; a rule whose conditions all hold ends resolution with its
//! endpoint or error, or (a tree) tries its sub-rules. Conditions are evaluated left to
//! right and stop at the first that does not hold. Assignments write their slot; a slot is
//! only read where the preparer proved its assignment ran first, so nothing needs undoing
//! when evaluation backs out of a rule.

use std::borrow::Cow;

use crate::error::Error;

use super::functions::partition::Partitions;
use super::functions::MAX_ARITY;
use super::rules::{Action, Call, EndpointRule, Expr, Property, Rule};
use super::types::Endpoint;
use super::val::Val;

/// One resolution in progress.
#[derive(Debug)]
pub(crate) struct Evaluator<'p> {
    /// Variable values, indexed by slot.
    pub(crate) scope: Vec<Val>,
    pub(crate) partitions: &'p Partitions,
}

impl Evaluator<'_> {
    /// Evaluates `rules` in order: `Ok(Some)` for an endpoint, `Err` for an error rule (or
    /// a function failure), `Ok(None)` when no rule matched.
    pub(crate) fn rules(&mut self, rules: &[Rule]) -> Result<Option<Endpoint>, Error> {
        for rule in rules {
            if let Some(endpoint) = self.rule(rule)? {
                return Ok(Some(endpoint));
            }
        }
        Ok(None)
    }

    fn rule(&mut self, rule: &Rule) -> Result<Option<Endpoint>, Error> {
        for condition in &rule.conditions {
            let result = self.call(&condition.call)?;
            let holds = result.holds();
            if let Some(slot) = condition.assign {
                if let Some(var) = self.scope.get_mut(slot) {
                    *var = result;
                }
            }
            if !holds {
                return Ok(None);
            }
        }
        match &rule.action {
            Action::Endpoint(endpoint) => self.endpoint(endpoint).map(Some),
            Action::Error(message) => Err(Error::Endpoint(self.expr(message)?.to_string())),
            Action::Tree(rules) => self.rules(rules),
        }
    }

    fn call(&self, call: &Call) -> Result<Val, Error> {
        // No function takes more than `MAX_ARITY` arguments (checked at preparation), so
        // they fit on the stack.
        let mut args: [Cow<'_, Val>; MAX_ARITY] = Default::default();
        for (arg, expr) in args.iter_mut().zip(&call.args) {
            *arg = self.expr(expr)?;
        }
        call.function.call(&args[..call.args.len().min(MAX_ARITY)], self.partitions)
    }

    fn expr<'a>(&'a self, expr: &'a Expr) -> Result<Cow<'a, Val>, Error> {
        Ok(match expr {
            Expr::Literal(value) => Cow::Borrowed(value),
            Expr::Ref(slot) => Cow::Borrowed(self.scope.get(*slot).unwrap_or(&Val::None)),
            Expr::Call(call) => Cow::Owned(self.call(call)?),
            Expr::Template(template) => Cow::Owned(Val::Str(template.render(&self.scope)?)),
        })
    }

    fn string(&self, expr: &Expr, what: &str) -> Result<String, Error> {
        match self.expr(expr)? {
            Cow::Owned(Val::Str(s)) => Ok(s),
            Cow::Borrowed(Val::Str(s)) => Ok(s.clone()),
            other => Err(Error::Endpoint(format!("{what} is a {}, not a string", other.type_name()))),
        }
    }

    fn endpoint(&self, rule: &EndpointRule) -> Result<Endpoint, Error> {
        let url = self.string(&rule.url, "endpoint url")?;
        let mut headers = Vec::with_capacity(rule.headers.len());
        for (name, values) in &rule.headers {
            let values = values.iter().map(|v| self.string(v, "header value")).collect::<Result<_, _>>()?;
            headers.push((name.clone(), values));
        }
        let mut properties = serde_json::Map::new();
        for (name, value) in &rule.properties {
            properties.insert(name.clone(), self.property(value)?);
        }
        Ok(Endpoint { url, headers, properties })
    }

    fn property(&self, property: &Property) -> Result<serde_json::Value, Error> {
        Ok(match property {
            Property::Literal(value) => value.clone(),
            Property::Template(template) => serde_json::Value::String(template.render(&self.scope)?),
            Property::Object(fields) => {
                let mut object = serde_json::Map::new();
                for (name, value) in fields {
                    object.insert(name.clone(), self.property(value)?);
                }
                serde_json::Value::Object(object)
            }
            Property::Array(items) => items.iter().map(|i| self.property(i)).collect::<Result<_, _>>()?,
        })
    }
}

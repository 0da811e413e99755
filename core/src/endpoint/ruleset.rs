//! [`RuleSet`]: a service's endpoint rule set, prepared once and resolved many times.

use crate::error::Error;

use super::eval::Evaluator;
use super::functions::partition::Partitions;
use super::prepare::{self, invalid, Preparer};
use super::rules::Rule;
use super::types::{Endpoint, Parameter, Params};
use super::val::Val;

/// A prepared `endpoint-rule-set-1.json`.
///
/// Build it once per client with [`RuleSet::from_json`] (all JSON parsing, name binding
/// and validation happen there), then call [`RuleSet::resolve`] for each request. It is
/// immutable, `Send` and `Sync`.
#[derive(Debug, Clone)]
pub struct RuleSet {
    version: String,
    parameters: Vec<Parameter>,
    rules: Vec<Rule>,
    slot_count: usize,
}

impl RuleSet {
    /// Reads and prepares a rule set. Fails (`Error::Model`) on invalid JSON, an unknown
    /// parameter type, rule type or function, a wrong number of arguments, or a reference
    /// to a name that is not in scope.
    pub fn from_json(text: &str) -> Result<RuleSet, Error> {
        let json: serde_json::Value = serde_json::from_str(text).map_err(invalid)?;
        Self::from_value(&json)
    }

    /// [`RuleSet::from_json`] for an already parsed document.
    pub fn from_value(json: &serde_json::Value) -> Result<RuleSet, Error> {
        let parameters = prepare::parameters(json.get("parameters").unwrap_or(&serde_json::Value::Null))?;
        let mut preparer = Preparer::new(&parameters);
        let rules = preparer.rules(json.get("rules").unwrap_or(&serde_json::Value::Null))?;
        let version = json.get("version").and_then(|v| v.as_str()).unwrap_or_default().to_owned();
        Ok(RuleSet { version, parameters, rules, slot_count: preparer.slot_count() })
    }

    /// The rule set's `version` (`1.0`).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The declared parameters, in rule-set order.
    pub fn parameters(&self) -> &[Parameter] {
        &self.parameters
    }

    /// The parameter called `name`.
    pub fn parameter(&self, name: &str) -> Option<&Parameter> {
        self.parameters.iter().find(|p| p.name == name)
    }

    /// Sets every declared parameter that `params` lacks and that has a default.
    pub fn apply_defaults(&self, params: &mut Params) {
        for p in &self.parameters {
            if let (false, Some(default)) = (params.contains(&p.name), &p.default) {
                params.set(p.name.clone(), default.clone());
            }
        }
    }

    /// Resolves the endpoint for `params` (undeclared names are ignored, defaults fill
    /// the gaps). Errors are `Error::Endpoint` with the rule set's own message (an invalid
    /// bucket name, ARN, region...), or with botocore's message for a missing required
    /// parameter, a value of the wrong type, or no matching rule.
    pub fn resolve(&self, params: &Params, partitions: &Partitions) -> Result<Endpoint, Error> {
        let mut scope = vec![Val::None; self.slot_count];
        for (slot, p) in self.parameters.iter().enumerate() {
            let Some(value) = params.get(&p.name).or(p.default.as_ref()) else {
                if p.required {
                    return Err(Error::Endpoint(format!("Cannot find value for required parameter {}", p.name)));
                }
                continue;
            };
            if value.parameter_type() != p.parameter_type {
                return Err(Error::Endpoint(format!(
                    "Value ({}) is the wrong type. Must be {}.",
                    p.name, p.parameter_type
                )));
            }
            if let Some(var) = scope.get_mut(slot) {
                *var = Val::from(value);
            }
        }
        let mut evaluator = Evaluator { scope, partitions };
        match evaluator.rules(&self.rules)? {
            Some(endpoint) => Ok(endpoint),
            None => Err(self.no_match(params)),
        }
    }

    fn no_match(&self, params: &Params) -> Error {
        let mut message = String::from("No endpoint found for parameters:");
        for p in &self.parameters {
            if let Some(value) = params.get(&p.name).or(p.default.as_ref()) {
                message.push_str(&format!("\n{}: {}", p.name, value.to_json()));
            }
        }
        Error::Endpoint(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &str = r#"{
        "version": "1.0",
        "parameters": {
            "Region": {"type": "String", "builtIn": "AWS::Region", "required": true},
            "UseFIPS": {"type": "Boolean", "default": false, "required": true}
        },
        "rules": [
            {"type": "tree", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}], "rules": [
                {"type": "endpoint", "conditions": [{"fn": "stringEquals", "argv": [{"ref": "Region"}, "nowhere"]}],
                 "endpoint": {"url": "https://never"}}
            ]},
            {"type": "endpoint",
             "conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "p"}],
             "endpoint": {"url": "https://svc.{Region}.{p#dnsSuffix}",
                          "headers": {"x-fips": ["{UseFIPS}"]},
                          "properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "{Region}"}]}}}
        ]
    }"#;

    fn resolve(params: &Params) -> Result<Endpoint, Error> {
        let partitions = Partitions::embedded()?;
        RuleSet::from_json(RULES)?.resolve(params, partitions)
    }

    #[test]
    fn resolves_with_defaults_and_tree_fall_through() {
        let endpoint = resolve(&Params::new().with("Region", "eu-west-1").with("UseFIPS", true));
        let endpoint = endpoint.map_err(|e| e.to_string());
        assert_eq!(endpoint.as_ref().map(|e| e.url.as_str()), Ok("https://svc.eu-west-1.amazonaws.com"));
        assert_eq!(endpoint.as_ref().map(|e| e.headers.clone()), Ok(vec![("x-fips".into(), vec!["true".into()])]));
        let scheme = endpoint.ok().and_then(|e| e.signing_scheme().ok().flatten());
        assert_eq!(scheme.and_then(|s| s.signing_region), Some("eu-west-1".into()));
    }

    #[test]
    fn parameter_errors() {
        let missing = resolve(&Params::new());
        assert_eq!(missing, Err(Error::Endpoint("Cannot find value for required parameter Region".into())));
        let wrong = resolve(&Params::new().with("Region", true));
        assert_eq!(wrong, Err(Error::Endpoint("Value (Region) is the wrong type. Must be string.".into())));
    }

    #[test]
    fn preparation_rejects_bad_rule_sets() {
        let bad = |rules: &str| {
            let text =
                format!(r#"{{"version": "1.0", "parameters": {{"A": {{"type": "string"}}}}, "rules": [{rules}]}}"#);
            RuleSet::from_json(&text).map(|_| ()).map_err(|e| e.to_string())
        };
        let ok = r#"{"type": "error", "conditions": [{"fn": "isSet", "argv": [{"ref": "A"}]}], "error": "{A}"}"#;
        assert_eq!(bad(ok), Ok(()));
        let unknown_fn = r#"{"type": "error", "conditions": [{"fn": "nope", "argv": []}], "error": "x"}"#;
        assert!(bad(unknown_fn).is_err_and(|e| e.contains("unknown function `nope`")));
        let unbound = r#"{"type": "error", "conditions": [], "error": "{B}"}"#;
        assert!(bad(unbound).is_err_and(|e| e.contains("`B`")));
        let shadow = r#"{"type": "error", "conditions": [{"fn": "isSet", "argv": [{"ref": "A"}], "assign": "A"}], "error": "x"}"#;
        assert!(bad(shadow).is_err_and(|e| e.contains("already in scope")));
        let arity = r#"{"type": "error", "conditions": [{"fn": "not", "argv": [true, false]}], "error": "x"}"#;
        assert!(bad(arity).is_err_and(|e| e.contains("takes 1 arguments")));
        let scope_leak = r#"{"type": "tree", "conditions": [], "rules": [
            {"type": "error", "conditions": [{"fn": "isSet", "argv": [{"ref": "A"}], "assign": "x"}], "error": "{x}"},
            {"type": "error", "conditions": [], "error": "{x}"}]}"#;
        assert!(bad(scope_leak).is_err_and(|e| e.contains("`x`")));
    }

    #[test]
    fn rule_sets_are_shareable() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<RuleSet>();
        assert_send_sync::<Partitions>();
    }
}

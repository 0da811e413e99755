//! Endpoint resolution: an interpreter for botocore's `endpoint-rule-set-1.json`, for
//! every service.
//!
//! ```text
//! RuleSet::from_json(model::embedded("s3").endpoint_rules)   // once per client
//! Partitions::embedded()                                      // once per process
//! bind_params(&rules, &model, op, &input, &builtins, &client_context)  // per call
//!   -> RuleSet::resolve(&params, partitions) -> Endpoint { url, headers, properties }
//!   -> Endpoint::signing_scheme()                             // sigv4 / none, or an error
//! ```
//!
//! A [`RuleSet`] is prepared once: JSON parsing, name binding, function lookup and template
//! parsing all happen in [`RuleSet::from_json`], so [`RuleSet::resolve`] only evaluates.
//! Rule errors (an invalid bucket name, ARN or region) come back as
//! [`Error::Endpoint`](crate::Error::Endpoint) carrying the rule set's message.
//! Semantics follow botocore 1.44.5, whose endpoint tests this module passes
//! (`tests/tests/endpoint_tests.rs`).
//!
//! Layout: [`types`] (values, params, endpoint), `prepare` (JSON to rules), `eval`
//! (running them), `template`, `functions` (the standard library and AWS functions,
//! one file per family), [`bind`] (parameters of a call), [`builtins`], `auth`
//! (`authSchemes`), [`custom`] (custom endpoints).

// `Error` is the crate-wide error type and is large (its `Service` variant holds a whole
// `ServiceError`); shrinking it (boxing that variant) is the error module's decision.
// Until then every fallible function here would trip this lint.

mod auth;
pub mod bind;
pub mod builtins;
mod context_path;
pub mod custom;
mod eval;
mod functions;
mod prepare;
mod rules;
mod ruleset;
mod template;
pub mod types;
mod val;

pub use auth::{AuthScheme, SUPPORTED_AUTH_SCHEMES};
pub use bind::bind_params;
pub use builtins::{BuiltIns, BUILT_IN_NAMES};
pub use custom::{custom_endpoint_needs_path_style, validate_custom_endpoint};
pub use functions::partition::Partitions;
pub use ruleset::RuleSet;
pub use types::{Endpoint, Parameter, ParameterType, Params, Value};

#[cfg(all(test, feature = "s3"))]
mod tests;

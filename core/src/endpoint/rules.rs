//! The prepared form of a rule set: expressions with every name bound to a scope slot,
//! every function resolved and every template parsed, so resolution does no JSON work.

use super::functions::Function;
use super::template::{Slot, Template};
use super::val::Val;

/// An expression: a literal, a variable, a function call or a string template.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Literal(Val),
    Ref(Slot),
    Call(Box<Call>),
    Template(Template),
}

/// A function applied to argument expressions.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Call {
    pub(crate) function: Function,
    pub(crate) args: Vec<Expr>,
}

/// A rule condition: a call whose result must be set and not `false`, optionally
/// assigned to a variable visible to the rest of the rule.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Condition {
    pub(crate) call: Call,
    pub(crate) assign: Option<Slot>,
}

/// A rule: conditions, and what happens when they all hold.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rule {
    pub(crate) conditions: Vec<Condition>,
    pub(crate) action: Action,
}

/// What a rule does once its conditions hold.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Action {
    /// `"type": "endpoint"`: resolution ends with this endpoint.
    Endpoint(Box<EndpointRule>),
    /// `"type": "error"`: resolution ends with this message.
    Error(Expr),
    /// `"type": "tree"`: the first sub-rule that ends resolution does; if none does,
    /// evaluation continues after the tree (as botocore).
    Tree(Vec<Rule>),
}

/// The endpoint an endpoint rule builds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EndpointRule {
    pub(crate) url: Expr,
    pub(crate) headers: Vec<(String, Vec<Expr>)>,
    pub(crate) properties: Vec<(String, Property)>,
}

/// A property value: JSON whose strings may be templates.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Property {
    Literal(serde_json::Value),
    Template(Template),
    Object(Vec<(String, Property)>),
    Array(Vec<Property>),
}

//! `waiters-2.json`: each waiter's operation, delay, attempt budget and acceptors, with
//! the acceptors' JMESPath arguments compiled.

use std::time::Duration;

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

use crate::jmespath::Expression;
use crate::model::ModelError;

/// The state a matching acceptor moves the waiter to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AcceptorState {
    /// Done: the resource reached the awaited state.
    Success,
    /// Done: the awaited state can no longer be reached.
    Failure,
    /// Poll again.
    Retry,
}

/// What the `error` matcher expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorExpectation {
    /// `true`: any error.
    AnyError,
    /// `false`: no error.
    NoError,
    /// An error with this code.
    Code(String),
}

/// How an acceptor inspects a response.
#[derive(Debug, Clone, PartialEq)]
pub enum Matcher {
    /// The expression's value equals `expected`.
    Path { argument: Expression, expected: Value },
    /// The expression gives a non-empty list whose every element equals `expected`.
    PathAll { argument: Expression, expected: Value },
    /// The expression gives a non-empty list with an element equal to `expected`.
    PathAny { argument: Expression, expected: Value },
    /// The HTTP status equals this.
    Status(u16),
    /// See [`ErrorExpectation`].
    Error(ErrorExpectation),
}

/// One acceptor: when `matcher` matches, the waiter moves to `state`.
#[derive(Debug, Clone, PartialEq)]
pub struct Acceptor {
    pub state: AcceptorState,
    pub matcher: Matcher,
}

/// One waiter.
#[derive(Debug, Clone, PartialEq)]
pub struct WaiterConfig {
    /// The waiter's name (`BucketExists`).
    pub name: String,
    /// The operation it polls (`HeadBucket`).
    pub operation: String,
    /// Time between attempts.
    pub delay: Duration,
    pub max_attempts: u32,
    /// Checked in order; the first that matches decides.
    pub acceptors: Vec<Acceptor>,
}

#[derive(Debug, Deserialize)]
struct RawAcceptor {
    state: AcceptorState,
    matcher: String,
    argument: Option<String>,
    expected: Value,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawWaiter {
    operation: String,
    delay: u64,
    max_attempts: u32,
    acceptors: Vec<RawAcceptor>,
}

#[derive(Debug, Deserialize)]
struct RawModel {
    version: u32,
    waiters: IndexMap<String, RawWaiter>,
}

fn matcher_from_raw(raw: RawAcceptor) -> Result<Matcher, String> {
    let argument = || -> Result<Expression, String> {
        let source = raw.argument.as_deref().ok_or("a path matcher needs an argument")?;
        Expression::compile(source).map_err(|e| e.to_string())
    };
    let expected = raw.expected.clone();
    match raw.matcher.as_str() {
        "path" => Ok(Matcher::Path { argument: argument()?, expected }),
        "pathAll" => Ok(Matcher::PathAll { argument: argument()?, expected }),
        "pathAny" => Ok(Matcher::PathAny { argument: argument()?, expected }),
        "status" => expected
            .as_u64()
            .and_then(|s| u16::try_from(s).ok())
            .map(Matcher::Status)
            .ok_or_else(|| format!("status matcher expects an HTTP status, got {expected}")),
        "error" => match expected {
            Value::Bool(true) => Ok(Matcher::Error(ErrorExpectation::AnyError)),
            Value::Bool(false) => Ok(Matcher::Error(ErrorExpectation::NoError)),
            Value::String(code) => Ok(Matcher::Error(ErrorExpectation::Code(code))),
            other => Err(format!("error matcher expects a code or a boolean, got {other}")),
        },
        other => Err(format!("Unknown acceptor: {other}")),
    }
}

/// A service's waiters, by name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WaiterModel {
    pub waiters: IndexMap<String, WaiterConfig>,
}

impl WaiterModel {
    /// The only `waiters-2.json` format version there is.
    pub const SUPPORTED_VERSION: u32 = 2;

    /// Reads and compiles a `waiters-2.json` document.
    pub fn from_json(text: &str) -> Result<Self, ModelError> {
        let raw: RawModel = serde_json::from_str(text).map_err(|e| ModelError(format!("waiters: {e}")))?;
        if raw.version != Self::SUPPORTED_VERSION {
            return Err(ModelError(format!(
                "Unsupported waiter version, supported version must be: {}, but version of waiter config is: {}",
                Self::SUPPORTED_VERSION,
                raw.version
            )));
        }
        let mut waiters = IndexMap::with_capacity(raw.waiters.len());
        for (name, waiter) in raw.waiters {
            let acceptors = waiter
                .acceptors
                .into_iter()
                .map(|a| Ok(Acceptor { state: a.state, matcher: matcher_from_raw(a)? }))
                .collect::<Result<Vec<_>, String>>()
                .map_err(|e| ModelError(format!("waiter {name}: {e}")))?;
            let config = WaiterConfig {
                name: name.clone(),
                operation: waiter.operation,
                delay: Duration::from_secs(waiter.delay),
                max_attempts: waiter.max_attempts,
                acceptors,
            };
            waiters.insert(name, config);
        }
        Ok(Self { waiters })
    }

    /// The waiter called `name`.
    pub fn waiter(&self, name: &str) -> Option<&WaiterConfig> {
        self.waiters.get(name)
    }
}

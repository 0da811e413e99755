//! Matching acceptors against one response, as botocore's `AcceptorConfig`.

use serde_json::Value;

use crate::jmespath::{json_eq, Expression};
use crate::{Document, ServiceError};

use super::config::{Acceptor, ErrorExpectation, Matcher};

/// One response of the polled operation: its HTTP status and its output or error.
#[derive(Debug, Clone, PartialEq)]
pub struct WaiterResponse {
    pub status: u16,
    pub result: Result<Document, ServiceError>,
}

impl WaiterResponse {
    /// A response from `result`: an error's status is its own; an output's is its
    /// `ResponseMetadata.HTTPStatusCode` when present, else 200.
    pub fn from_result(result: Result<Document, ServiceError>) -> Self {
        let status = match &result {
            Err(e) => e.status,
            Ok(doc) => doc
                .pointer("/ResponseMetadata/HTTPStatusCode")
                .and_then(Value::as_u64)
                .and_then(|s| u16::try_from(s).ok())
                .unwrap_or(200),
        };
        Self { status, result }
    }
}

/// The search result, `None` when it fails (a function given the wrong type): such an
/// acceptor does not match.
fn search(argument: &Expression, output: &Document) -> Option<Value> {
    argument.search(output).ok()
}

impl Matcher {
    /// True when this matcher accepts `response`. Path matchers never match an error.
    pub fn matches(&self, response: &WaiterResponse) -> bool {
        match (self, &response.result) {
            (Self::Status(expected), _) => response.status == *expected,
            (Self::Error(expectation), result) => match (expectation, result) {
                (ErrorExpectation::AnyError, Err(_)) | (ErrorExpectation::NoError, Ok(_)) => true,
                (ErrorExpectation::Code(code), Err(e)) => e.code == *code,
                _ => false,
            },
            (_, Err(_)) => false,
            (Self::Path { argument, expected }, Ok(output)) => {
                search(argument, output).is_some_and(|v| json_eq(&v, expected))
            }
            (Self::PathAll { argument, expected }, Ok(output)) => match search(argument, output) {
                Some(Value::Array(items)) => !items.is_empty() && items.iter().all(|i| json_eq(i, expected)),
                _ => false,
            },
            (Self::PathAny { argument, expected }, Ok(output)) => match search(argument, output) {
                Some(Value::Array(items)) => items.iter().any(|i| json_eq(i, expected)),
                _ => false,
            },
        }
    }
}

/// `expected` as botocore's messages print it (Python's `str()`).
fn show(expected: &Value) -> String {
    match expected {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => "None".into(),
        other => other.to_string(),
    }
}

impl Acceptor {
    /// botocore's explanation of why this acceptor matched.
    pub fn explanation(&self) -> String {
        match &self.matcher {
            Matcher::Path { argument, expected } => {
                format!("For expression \"{argument}\" we matched expected path: \"{}\"", show(expected))
            }
            Matcher::PathAll { argument, expected } => {
                format!("For expression \"{argument}\" all members matched expected path: \"{}\"", show(expected))
            }
            Matcher::PathAny { argument, expected } => {
                format!("For expression \"{argument}\" we matched expected path: \"{}\" at least once", show(expected))
            }
            Matcher::Status(status) => format!("Matched expected HTTP status code: {status}"),
            Matcher::Error(expectation) => {
                let expected = match expectation {
                    ErrorExpectation::AnyError => "True".to_owned(),
                    ErrorExpectation::NoError => "False".to_owned(),
                    ErrorExpectation::Code(code) => code.clone(),
                };
                format!("Matched expected service error code: {expected}")
            }
        }
    }
}

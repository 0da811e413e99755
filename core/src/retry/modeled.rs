//! What a service model says about retrying: the `retryable` trait of error shapes
//! (`"retryable": {"throttling": true}`) and whether an operation is idempotent.

use std::collections::HashMap;

use serde::Deserialize;

use crate::model::{ModelError, Operation, ServiceModel};

/// What the operation's model says about the error code a response carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ModeledError {
    /// The code matches none of the operation's modeled errors (or nobody looked).
    #[default]
    Unmodeled,
    /// A modeled error without a `retryable` trait.
    NotRetryable,
    /// A modeled error with `"retryable": {"throttling": false}`.
    Transient,
    /// A modeled error with `"retryable": {"throttling": true}`.
    Throttling,
}

/// The `retryable` trait of an error shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub struct RetryableTrait {
    #[serde(default)]
    pub throttling: bool,
}

#[derive(Debug, Clone, Deserialize)]
struct ErrorShape {
    #[serde(default)]
    exception: bool,
    error: Option<ErrorCode>,
    retryable: Option<RetryableTrait>,
}

#[derive(Debug, Clone, Deserialize)]
struct ErrorCode {
    code: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct ShapesOnly {
    #[serde(default)]
    shapes: HashMap<String, ErrorShape>,
}

/// The error shapes of a service with the code each answers to and its `retryable`
/// trait, read from `service-2.json` (the typed [`ServiceModel`] does not keep the trait).
#[derive(Debug, Clone, Default)]
pub struct RetryableErrors {
    /// Shape name → (error code, retryable trait).
    shapes: HashMap<String, (String, Option<RetryableTrait>)>,
}

impl RetryableErrors {
    /// Reads the error shapes of a `service-2.json` document.
    pub fn from_service_json(text: &str) -> Result<Self, ModelError> {
        let model: ShapesOnly = serde_json::from_str(text).map_err(|e| ModelError(e.to_string()))?;
        let shapes = model
            .shapes
            .into_iter()
            .filter(|(_, s)| s.exception || s.error.is_some() || s.retryable.is_some())
            .map(|(name, s)| {
                let code = s.error.and_then(|e| e.code).unwrap_or_else(|| name.clone());
                (name, (code, s.retryable))
            })
            .collect();
        Ok(Self { shapes })
    }

    /// What `operation`'s modeled errors say about `code`: an error matches by its
    /// modeled `error.code`, else by its shape name (botocore's rule).
    pub fn lookup(&self, operation: &Operation, code: &str) -> ModeledError {
        let matching = operation
            .errors
            .iter()
            .filter_map(|r| self.shapes.get(&r.shape))
            .find(|(modeled_code, _)| modeled_code == code);
        match matching {
            None => ModeledError::Unmodeled,
            Some((_, None)) => ModeledError::NotRetryable,
            Some((_, Some(t))) if t.throttling => ModeledError::Throttling,
            Some(_) => ModeledError::Transient,
        }
    }

    /// Number of error shapes known.
    pub fn len(&self) -> usize {
        self.shapes.len()
    }

    /// True when the service models no errors.
    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }
}

/// True when repeating `operation` is safe by its model: it is marked `idempotent`, or
/// its input has an idempotency token member (filled once per call, repeated by retries).
pub fn is_idempotent(model: &ServiceModel, operation: &Operation) -> bool {
    if operation.idempotent {
        return true;
    }
    let input = operation.input.as_ref().and_then(|r| model.shape(&r.shape));
    input.is_some_and(|shape| shape.members.values().any(|m| m.idempotency_token))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = r#"{
        "metadata": {"protocol": "json"},
        "operations": {
            "Put": {"input": {"shape": "PutInput"}, "errors": [{"shape": "Busy"}, {"shape": "Flaky"}, {"shape": "Bad"}]},
            "Get": {"idempotent": true}
        },
        "shapes": {
            "PutInput": {"type": "structure", "members": {"Token": {"shape": "S", "idempotencyToken": true}}},
            "S": {"type": "string"},
            "Busy": {"type": "structure", "members": {}, "exception": true, "retryable": {"throttling": true}},
            "Flaky": {"type": "structure", "members": {}, "exception": true, "error": {"code": "FlakyCode"}, "retryable": {"throttling": false}},
            "Bad": {"type": "structure", "members": {}, "exception": true}
        }
    }"#;

    #[test]
    fn modeled_retryable_traits() -> Result<(), ModelError> {
        let model = ServiceModel::from_json(MODEL)?;
        let errors = RetryableErrors::from_service_json(MODEL)?;
        let put = model.operation("Put").ok_or(ModelError("no Put".into()))?;
        assert_eq!(errors.lookup(put, "Busy"), ModeledError::Throttling);
        assert_eq!(errors.lookup(put, "FlakyCode"), ModeledError::Transient);
        assert_eq!(errors.lookup(put, "Flaky"), ModeledError::Unmodeled);
        assert_eq!(errors.lookup(put, "Bad"), ModeledError::NotRetryable);
        assert_eq!(errors.lookup(put, "Other"), ModeledError::Unmodeled);
        assert!(is_idempotent(&model, put));
        let get = model.operation("Get").ok_or(ModelError("no Get".into()))?;
        assert!(is_idempotent(&model, get));
        Ok(())
    }
}

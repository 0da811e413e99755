//! What a service model says about retrying: the `retryable` trait of error shapes
//! (`"retryable": {"throttling": true}`) and whether an operation is idempotent.

use crate::model::{Operation, ServiceModel};

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

pub use crate::model::RetryableTrait;

/// What `operation`'s modeled errors say about `code`: an error matches by its modeled
/// `error.code`, else by its shape name (botocore's rule).
pub fn modeled_error(model: &ServiceModel, operation: &Operation, code: &str) -> ModeledError {
    let matching = operation.errors.iter().find_map(|r| {
        let shape = model.shape(&r.shape)?;
        let modeled_code = shape.error.as_ref().and_then(|e| e.code.as_deref()).unwrap_or(&r.shape);
        (modeled_code == code).then_some(shape)
    });
    match matching.map(|shape| shape.retryable) {
        None => ModeledError::Unmodeled,
        Some(None) => ModeledError::NotRetryable,
        Some(Some(t)) if t.throttling => ModeledError::Throttling,
        Some(Some(_)) => ModeledError::Transient,
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
    use crate::model::ModelError;

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
        let put = model.operation("Put").ok_or(ModelError("no Put".into()))?;
        assert_eq!(modeled_error(&model, put, "Busy"), ModeledError::Throttling);
        assert_eq!(modeled_error(&model, put, "FlakyCode"), ModeledError::Transient);
        assert_eq!(modeled_error(&model, put, "Flaky"), ModeledError::Unmodeled);
        assert_eq!(modeled_error(&model, put, "Bad"), ModeledError::NotRetryable);
        assert_eq!(modeled_error(&model, put, "Other"), ModeledError::Unmodeled);
        assert!(is_idempotent(&model, put));
        let get = model.operation("Get").ok_or(ModelError("no Get".into()))?;
        assert!(is_idempotent(&model, get));
        Ok(())
    }
}

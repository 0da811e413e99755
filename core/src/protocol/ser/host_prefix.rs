//! `endpoint.hostPrefix`: an operation-specific prefix for the endpoint host, such as
//! `{AccountId}.` for S3 Control or `data.` for some data-plane APIs.

use crate::model::Operation;
use crate::{Document, Error, ParamValidationError};

/// Expands the operation's host prefix with the input's values for its `{Label}`s.
///
/// Labels name top-level input members; each value must be a non-empty string of ASCII
/// letters, digits, `-` and `.` (botocore's rule), otherwise the input is rejected with a
/// [`ParamValidationError`] naming every offending member. `None` when the operation has no
/// host prefix.
pub(crate) fn expand(operation: &Operation, input: &Document) -> Result<Option<String>, Error> {
    let Some(template) = operation.endpoint.as_ref().map(|e| e.host_prefix.as_str()) else {
        return Ok(None);
    };
    let mut out = String::with_capacity(template.len() + 16);
    let mut problems = Vec::new();
    let mut bad_labels = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
        out.push_str(&rest[..open]);
        let label = &rest[open + 1..close];
        match input.get(label).and_then(Document::as_str) {
            Some(value) if is_host_label(value) => out.push_str(value),
            Some(_) => bad_labels.push(label),
            None => problems.push(format!("Missing required parameter in input: \"{label}\"")),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    if !bad_labels.is_empty() {
        problems.push(format!(
            "Invalid value for parameter(s): {}. Must contain only alphanumeric characters, hyphen, or period.",
            bad_labels.join(", ")
        ));
    }
    if problems.is_empty() {
        Ok(Some(out))
    } else {
        Err(Error::Validation(ParamValidationError { problems }))
    }
}

fn is_host_label(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EndpointTrait;

    fn operation(prefix: &str) -> Option<Operation> {
        let json = serde_json::json!({"name": "Op", "endpoint": {"hostPrefix": prefix}});
        serde_json::from_value(json).ok()
    }

    #[test]
    fn expands_labels() {
        let op = operation("foo.{label}.").expect("operation");
        let input = serde_json::json!({"label": "bar"});
        assert_eq!(expand(&op, &input).ok().flatten().as_deref(), Some("foo.bar."));
        assert!(op.endpoint.as_ref().is_some_and(|e: &EndpointTrait| e.host_prefix == "foo.{label}."));
    }

    #[test]
    fn rejects_bad_labels() {
        let op = operation("{a}.{b}.").expect("operation");
        let input = serde_json::json!({"a": "x/y"});
        let Err(Error::Validation(e)) = expand(&op, &input) else { panic!("expected a validation error") };
        assert_eq!(e.problems.len(), 2);
        assert!(e.problems[1].contains("parameter(s): a."));
    }
}

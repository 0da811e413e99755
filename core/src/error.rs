//! The error types shared by every part of the core.
//!
//! [`ServiceError`] is what an AWS service said; [`ParamValidationError`] is raised before
//! anything is sent; [`Error`] gathers every failure a call can end with.

use std::fmt;

/// An error response from an AWS service, parsed from any protocol.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServiceError {
    /// The error code (`NoSuchBucket`, `ThrottlingException`, `404` for a HEAD without body).
    pub code: String,
    /// The human message, empty when the service gave none.
    pub message: String,
    /// HTTP status of the response.
    pub status: u16,
    /// `x-amzn-requestid` / `x-amz-request-id` / `<RequestId>`.
    pub request_id: Option<String>,
    /// S3's `x-amz-id-2`.
    pub host_id: Option<String>,
    /// Every other field of the error (modeled members, `Type`, `BucketName`, ...).
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code)?;
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        write!(f, " (HTTP {}", self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for ServiceError {}

/// Invalid input found before a request was built, as botocore's `ParamValidationError`:
/// every problem found, each naming the parameter path.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParamValidationError {
    pub problems: Vec<String>,
}

impl fmt::Display for ParamValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Parameter validation failed:")?;
        for p in &self.problems {
            write!(f, "\n{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ParamValidationError {}

/// Every way a call can fail.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with an error.
    Service(ServiceError),
    /// The input did not match the operation's model.
    Validation(ParamValidationError),
    /// No region was configured for a service that needs one.
    NoRegion,
    /// No credentials were found by the provider chain.
    NoCredentials(String),
    /// The operation does not exist in the service model.
    UnknownOperation { service: String, operation: String },
    /// The input could not be serialized (e.g. a value outside the protocol's range).
    Serialization(String),
    /// The response could not be parsed.
    Parse(String),
    /// Endpoint resolution failed (the rule set's error message).
    Endpoint(String),
    /// Signing failed (e.g. an unsupported auth scheme, an invalid expiry).
    Signing(String),
    /// The service model is unusable.
    Model(String),
    /// A configuration value is invalid.
    Config(String),
    /// The transport failed (connection, timeout). Set by transports.
    Transport(String),
    /// A waiter ended in failure or ran out of attempts.
    Waiter(Box<crate::waiter::WaiterError>),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Service(e) => e.fmt(f),
            Self::Validation(e) => e.fmt(f),
            Self::NoRegion => f.write_str("You must specify a region."),
            Self::NoCredentials(why) => write!(f, "Unable to locate credentials: {why}"),
            Self::UnknownOperation { service, operation } => {
                write!(f, "unknown operation {operation} for service {service}")
            }
            Self::Serialization(m) => write!(f, "could not serialize request: {m}"),
            Self::Parse(m) => write!(f, "could not parse response: {m}"),
            Self::Endpoint(m) => write!(f, "endpoint resolution failed: {m}"),
            Self::Signing(m) => write!(f, "signing failed: {m}"),
            Self::Model(m) => write!(f, "invalid service model: {m}"),
            Self::Config(m) => write!(f, "invalid configuration: {m}"),
            Self::Transport(m) => write!(f, "transport error: {m}"),
            Self::Waiter(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Service(e) => Some(e),
            Self::Validation(e) => Some(e),
            _ => None,
        }
    }
}

impl From<ServiceError> for Error {
    fn from(e: ServiceError) -> Self {
        Self::Service(e)
    }
}

impl From<ParamValidationError> for Error {
    fn from(e: ParamValidationError) -> Self {
        Self::Validation(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_error_display_has_code_and_message() {
        let e = ServiceError {
            code: "NoSuchBucket".into(),
            message: "The specified bucket does not exist".into(),
            status: 404,
            request_id: Some("R1".into()),
            ..Default::default()
        };
        assert_eq!(e.to_string(), "NoSuchBucket: The specified bucket does not exist (HTTP 404, request id R1)");
    }
}

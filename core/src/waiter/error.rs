//! How a wait can fail.

use std::fmt;

use super::matcher::WaiterResponse;

/// Why the wait failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WaiterErrorKind {
    /// An acceptor with state `failure` matched.
    FailureState,
    /// The operation failed with an error no acceptor matched.
    UnexpectedError,
    /// The attempt budget ran out.
    MaxAttemptsExceeded,
}

/// A failed wait, as botocore's `WaiterError`: `Waiter <name> failed: <reason>`.
#[derive(Debug, Clone, PartialEq)]
pub struct WaiterError {
    /// The waiter's name.
    pub name: String,
    pub kind: WaiterErrorKind,
    /// botocore's reason text (`Max attempts exceeded`, ...).
    pub reason: String,
    /// The last response received.
    pub last_response: Option<Box<WaiterResponse>>,
}

impl fmt::Display for WaiterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Waiter {} failed: {}", self.name, self.reason)
    }
}

impl std::error::Error for WaiterError {}

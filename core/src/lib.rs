//! # stratus-core
//!
//! The sans-IO heart of Stratus, an AWS SDK. From AWS's own service models it builds and
//! SigV4-signs request descriptions ([`http::HttpRequest`]) and parses responses
//! ([`http::HttpResponse`]) into documents or typed errors.
//!
//! Nothing in this crate opens a socket or a file, reads the clock or the environment, or
//! draws random numbers: callers pass the current time, random values, file contents and
//! environment variables in, and transports send the requests it describes.
//!
//! Map of the crate:
//! - [`model`]: botocore service models (embedded per cargo feature).
//! - [`protocol`]: the six wire protocols, serializing inputs and parsing outputs/errors.
//! - [`sigv4`]: AWS Signature Version 4 (headers, presigned URLs, streaming, POST policies).
//! - [`endpoint`]: endpoint rule-set evaluation.
//! - [`config`]: shared config/credentials file parsing.
//! - [`credentials`]: credentials and their provider chain.
//! - [`error`]: error types.
//! - [`transfer`]: S3 transfers (upload, download, copy) as sans-IO planners.

pub mod checksum;
pub mod client;
pub mod compression;
pub mod config;
pub mod credentials;
pub mod endpoint;
pub mod error;
pub mod http;
pub mod jmespath;
pub mod model;
pub mod paginate;
pub mod protocol;
mod python_json;
pub mod retry;
pub mod sigv4;
pub mod transfer;
pub mod transport;
pub mod validate;
pub mod waiter;

pub use error::{Error, ParamValidationError, ServiceError};

/// The dynamic document: inputs and outputs of every operation, for every service.
///
/// Conventions: structures and maps are JSON objects (member order preserved), lists are
/// arrays; blobs are base64 strings on output and base64 strings on input;
/// timestamps are accepted as RFC 3339 strings or epoch seconds and produced as RFC 3339
/// strings (UTC, `Z`).
pub type Document = serde_json::Value;

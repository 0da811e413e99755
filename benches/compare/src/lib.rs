//! Same-process comparisons of Stratus with the incumbents, on the fixtures of
//! `stratus-benches` so both sides get the same inputs.
//!
//! - [`aws_sigv4`]: the requests of `stratus_benches::sigv4_requests` signed with the
//!   `aws-sigv4` crate, set up as aws-sdk-s3 sets it up for S3.
//! - [`aws_sdk`] (feature `sdk`): an aws-sdk-s3 client over a canned HTTP client.

#[cfg(feature = "sdk")]
pub mod aws_sdk;
pub mod aws_sigv4;

//! Benchmarks of Stratus: the shared harness and fixtures.
//!
//! The bench targets (`benches/*.rs`, run with `cargo bench -p stratus-benches`) print one
//! plain line per figure; BENCHMARKS.md at the project root quotes them. Comparisons with
//! the incumbents (aws-sigv4, aws-sdk-s3) live in `benches/compare`, a separate Cargo
//! project that reuses these fixtures so both sides get the same inputs.
//!
//! - [`harness`]: time a closure, print a result or a ratio.
//! - [`sigv4_requests`]: the requests the SigV4 benchmarks sign.
//! - [`list_objects`]: a 1000-key ListObjectsV2 response, built here.
//! - [`canned`] (feature `client`): a canned in-process transport for `stratus::Client`.
//! - [`list_objects_call`] (feature `client`): the end-to-end ListObjectsV2 call over it.

#[cfg(feature = "client")]
pub mod canned;
pub mod harness;
pub mod list_objects;
#[cfg(feature = "client")]
pub mod list_objects_call;
pub mod sigv4_requests;

pub use harness::{human, line, measure, preamble, ratio, report, report_against_reference, report_ratio, Timing};

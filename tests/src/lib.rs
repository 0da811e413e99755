//! Shared helpers for Stratus's data-driven conformance runners.
//!
//! Every runner walks a folder of vectors vendored from botocore (see `tests/vectors/README.md`),
//! runs each case, consults `tests/known-failures.toml`-style skip lists, prints one line
//! `<name>: N passed, N failed, N skipped` and fails unless every case on disk was run or
//! skipped with a reason.

pub mod endpoint_tests;
pub mod peers;
pub mod protocol_files;
pub mod protocol_input;
pub mod protocol_output;
pub mod tally;

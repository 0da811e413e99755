//! Waiters, from botocore's `waiters-2.json` with botocore's semantics
//! (`botocore/waiter.py`): a sans-IO [`Waiter`] that polls an operation until an
//! acceptor decides success or failure, or the attempt budget runs out.
//!
//! Acceptors are checked in order and the first match decides: `success` and `failure`
//! end the wait, `retry` polls again. An error that no acceptor matches ends the wait
//! with a failure. Path matchers never match an error response; a path argument that
//! cannot be evaluated (a function given the wrong type) does not match.
//!
//! ```
//! use serde_json::json;
//! use stratus_core::waiter::{Waiter, WaiterModel, WaiterOverrides, WaiterStep};
//!
//! let model = WaiterModel::from_json(r#"{"version": 2, "waiters": {"Ready": {
//!     "operation": "Describe", "delay": 5, "maxAttempts": 3, "acceptors": [
//!     {"state": "success", "matcher": "path", "argument": "Status", "expected": "READY"}]}}}"#)?;
//! let config = model.waiter("Ready").ok_or("no waiter")?;
//! let mut waiter = Waiter::new(config, json!({"Id": "x"}), WaiterOverrides::default());
//! let mut outputs = vec![json!({"Status": "CREATING"}), json!({"Status": "READY"})].into_iter();
//! let result = loop {
//!     match waiter.poll() {
//!         WaiterStep::Call(_input) => waiter.handle_output(Ok(outputs.next().ok_or("no output")?)),
//!         WaiterStep::Sleep(_delay) => {} // sleep here
//!         WaiterStep::Done(result) => break result,
//!     }
//! };
//! assert_eq!(result?, json!({"Status": "READY"}));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod config;
mod error;
mod matcher;
mod state;

pub use config::{Acceptor, AcceptorState, ErrorExpectation, Matcher, WaiterConfig, WaiterModel};
pub use error::{WaiterError, WaiterErrorKind};
pub use matcher::WaiterResponse;
pub use state::{Waiter, WaiterOverrides, WaiterStep};

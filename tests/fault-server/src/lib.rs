//! A scripted HTTP/1.1 server for retry, backoff and timeout tests.
//!
//! It listens on 127.0.0.1 only, answers the Nth request with the Nth step of a
//! [`Script`] (AWS-style errors, dropped connections, delays, canned 200s), records every
//! request with its arrival time, and stops by itself after a bounded time and number of
//! requests. Use it in-process:
//!
//! ```
//! use stratus_fault_server::{FaultServer, Script};
//!
//! let server = FaultServer::start(Script::parse("500,throttle,ok").unwrap()).unwrap();
//! // ... point a client at server.url() ...
//! let log = server.log(); // one RequestRecord per attempt: seq, at, method, path, headers
//! assert!(log.is_empty());
//! server.stop();
//! ```
//!
//! or as the `stratus-fault-server` binary (`--help`; `scripts/peers/fault.sh`), which also
//! serves the control endpoints:
//!
//! - `GET /__log`: `{"requests":[{"seq","connection","at_ms","unix_ms","method","target",
//!   "path","headers":[[name,value]...],"body_len","body","step"}...]}`
//! - `POST /__script` (body: script text): replace the script, rewind, clear the log
//! - `POST /__reset`: rewind the script and clear the log
//! - `POST /__shutdown`: stop
//! - `GET /__health`: 200 `ok`
//!
//! Requests whose target starts with `/__` are never scripted or logged.
//!
//! A `reset` step closes the socket without a response. The client sees the connection
//! end before a status line; whether the kernel sends FIN or RST depends on whether unread
//! bytes remain, since std cannot set `SO_LINGER`.

mod http;
mod log;
mod script;
mod server;

pub use log::{json_escape, log_json, RequestRecord, BODY_KEPT};
pub use script::{Action, CannedResponse, ParseError, ParseOptions, Script, Step};
pub use server::{FaultServer, Options};

//! # stratus
//!
//! boto3's job in Rust: a [`Session`] with profiles, regions and the credential chain;
//! clients for every AWS service in the botocore models; the same [`Client`] over any
//! transport — async reqwest ([`Session::client`]), blocking ureq
//! ([`Session::blocking_client`]), or `fetch` on wasm32 ([`Session::client_with`]).
//!
//! ```no_run
//! use serde_json::json;
//! use stratus::{ClientOptions, Session};
//!
//! let session = Session::builder().region_name("eu-west-1").build()?;
//! let s3 = session.blocking_client("s3", &ClientOptions::default())?;
//! let buckets = s3.call("ListBuckets", json!({}))?;
//! println!("{}", buckets["Buckets"]);
//! # Ok::<(), stratus::Error>(())
//! ```
//!
//! Inputs and outputs are [`Document`]s (JSON values) shaped as in boto3; errors are
//! [`Error`], with [`Error::Service`] carrying the service's code, message and request id.

#[cfg(feature = "ureq")]
pub mod blocking;
mod client;
mod credentials;
mod driver;
mod os;
mod paginate;
mod session;
pub mod transfer;

pub use client::{CallOptions, CallOutput, Client};
pub use credentials::CredentialsProvider;
pub use paginate::Pages;
pub use session::{ClientOptions, Session, SessionBuilder};
pub use stratus_core::config::ExplicitConfig as Config;
pub use stratus_core::credentials::Credentials;
pub use stratus_core::http::Payload;
pub use stratus_core::paginate::PaginationConfig;
pub use stratus_core::transport::{BodySink, Transport};
pub use stratus_core::waiter::WaiterOverrides;
pub use stratus_core::{Document, Error, ServiceError};
#[cfg(feature = "reqwest")]
pub use stratus_reqwest::{ReqwestOptions, ReqwestTransport};
#[cfg(feature = "ureq")]
pub use stratus_ureq::{UreqOptions, UreqTransport};
pub use transfer::{CopySource, DownloadOutput, TransferConfig, TransferError, TransferOptions};

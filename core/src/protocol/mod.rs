//! The six AWS wire protocols (`rest-xml`, `rest-json`, `json`, `query`, `ec2`,
//! `smithy-rpc-v2-cbor`): [`ser`] turns an operation's input [`crate::Document`] into an
//! [`crate::http::HttpRequest`], [`de`] turns an [`crate::http::HttpResponse`] into the
//! output document or a service error, and [`timestamp`] holds the timestamp formats both
//! directions share.

pub mod de;
pub mod ser;
pub mod timestamp;

pub use ser::{serialize_request, SerializeOptions};

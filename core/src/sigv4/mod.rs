//! AWS Signature Version 4.
//!
//! Sans-IO: signing reads a [`HttpRequest`](crate::http::HttpRequest) by reference and
//! returns what to add ([`SigningOutput`]); the caller passes the time in and owns the
//! [`SigningKeyCache`]. Nothing here reads the clock, allocates threads or panics.
//!
//! - Requests: [`sign`] into an `Authorization` header or, with
//!   [`SignatureLocation::QueryParams`], a presigned URL. Every quirk (double URI encoding,
//!   path normalization, `x-amz-content-sha256`, session-token placement, excluded headers,
//!   expiry) is a field of [`SigningSettings`]; [`SigningSettings::s3`] holds S3's rules.
//! - Streaming: [`ChunkSigner`] frames `aws-chunked` bodies (signed chunks, signed or
//!   unsigned trailers); [`aws_chunked_headers`] gives the lengths to announce.
//! - Browser uploads: [`presign_post`] builds and signs an S3 POST policy.
//!
//! The SigV4 steps are separate and public, named as in the specification, so each stage
//! can be checked against the AWS test suite: [`CanonicalRequest`] (with
//! [`canonical_uri()`], [`CanonicalQuery`], [`CanonicalHeaders`]), [`string_to_sign()`],
//! [`derive_signing_key`], [`calculate_signature`].
//!
//! ```
//! use stratus_core::credentials::Credentials;
//! use stratus_core::http::HttpRequest;
//! use stratus_core::sigv4::{sign, SignableBody, SigningKeyCache, SigningParams, SigningSettings};
//!
//! let credentials = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None);
//! let settings = SigningSettings::s3();
//! let params = SigningParams {
//!     credentials: &credentials,
//!     region: "us-east-1",
//!     service: "s3",
//!     time: time::macros::datetime!(2015-08-30 12:36:00 UTC),
//!     settings: &settings,
//! };
//! let mut cache = SigningKeyCache::new();
//! let mut request = HttpRequest::new("GET", "https://bucket.s3.amazonaws.com/key");
//! let output = sign(&request, &SignableBody::Bytes(b""), &params, &mut cache)?;
//! output.apply_to(&mut request);
//! assert!(request.headers.get("authorization").is_some());
//! # Ok::<(), stratus_core::sigv4::SigningError>(())
//! ```

mod canonical_headers;
mod canonical_query;
mod canonical_request;
mod canonical_uri;
mod chunked;
mod chunked_length;
mod encoding;
mod error;
mod output;
mod params;
mod payload;
mod post_policy;
mod scope;
mod settings;
mod sign;
mod signature;
mod signing_key;
mod string_to_sign;

#[cfg(test)]
mod s3_doc_examples;

pub use canonical_headers::CanonicalHeaders;
pub use canonical_query::{canonical_query_string, CanonicalQuery};
pub use canonical_request::CanonicalRequest;
pub use canonical_uri::{canonical_uri, normalize_path};
pub use chunked::{ChunkSigner, ChunkedFormat};
pub use chunked_length::{aws_chunked_headers, aws_chunked_length};
pub use error::SigningError;
pub use output::{SigningInstructions, SigningOutput};
pub use params::SigningParams;
pub use payload::{
    SignableBody, EMPTY_PAYLOAD_SHA256, STREAMING_SIGNED_PAYLOAD, STREAMING_SIGNED_PAYLOAD_TRAILER,
    STREAMING_UNSIGNED_PAYLOAD_TRAILER, UNSIGNED_PAYLOAD,
};
pub use post_policy::{presign_post, PresignedPost, PresignedPostRequest};
pub use scope::{CredentialScope, SigningTime};
pub use settings::{
    PathNormalization, PayloadChecksumKind, SessionTokenMode, SignatureLocation, SigningSettings, UriEncoding,
    DEFAULT_EXCLUDED_HEADERS, DEFAULT_EXPIRES_IN, MAX_EXPIRES_IN,
};
pub use sign::sign;
pub use signature::calculate_signature;
pub use signing_key::{derive_signing_key, SigningKey, SigningKeyCache};
pub use string_to_sign::{chunk_string_to_sign, string_to_sign, trailer_string_to_sign, ALGORITHM};

//! Presigned URLs for any operation (boto3's `generate_presigned_url`).

use std::time::Duration;

use time::OffsetDateTime;

use crate::credentials::Credentials;
use crate::sigv4::SigningKeyCache;
use crate::{Document, Error};

use super::prepare::RequestPurpose;
use super::signing::AuthDecision;
use super::{ClientCore, PrepareOptions};

/// What a presigned URL is made with.
#[derive(Debug, Clone, Copy)]
pub struct PresignOptions<'a> {
    /// The credentials whose authority the URL carries.
    pub credentials: &'a Credentials,
    /// The signing time (the caller's "now").
    pub now: OffsetDateTime,
    /// Validity: 1 s to 7 days (boto3's `ExpiresIn`, default 3600 s).
    pub expires_in: Duration,
}

impl ClientCore {
    /// A presigned URL for `operation` with `input`: the endpoint comes from the rule set,
    /// the signature from the query signer (`X-Amz-*` parameters), the body is unsigned.
    /// Header-bound input members (e.g. S3 `ContentType`) become signed headers that the
    /// user of the URL must send, as with boto3.
    pub fn presign(
        &self,
        operation: &str,
        input: &Document,
        options: &PresignOptions<'_>,
        cache: &mut SigningKeyCache,
    ) -> Result<String, Error> {
        let op = self.operation(operation)?;
        let opts = PrepareOptions { purpose: RequestPurpose::Presign, ..PrepareOptions::default() };
        let prepared = self.prepare(op, input, &opts)?;
        let request = prepared.request;
        match prepared.auth {
            AuthDecision::Anonymous => Ok(request.url),
            AuthDecision::SigV4(plan) => {
                plan.presign(&request, options.credentials, options.now, options.expires_in, cache)
            }
        }
    }
}

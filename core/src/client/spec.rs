//! The resolved configuration of a client, as the session hands it to core.

use crate::checksum::{RequestChecksumCalculation, ResponseChecksumValidation};
use crate::endpoint::{BuiltIns, Params};
use crate::retry::RetryConfig;
use crate::Error;

/// Everything a client is configured with, already resolved from arguments, environment
/// and profile (see [`crate::config`]).
#[derive(Debug, Clone, Default)]
pub struct ClientSpec {
    /// botocore's service name (`s3`, `ses`, `ec2`).
    pub service: String,
    /// Endpoint built-ins: region, FIPS, dual-stack, custom endpoint URL, S3 options.
    pub builtins: BuiltIns,
    /// Client context parameters of the rule set (e.g. S3's `DisableS3ExpressSessionAuth`).
    pub client_context: Params,
    /// Retry mode and attempts.
    pub retry: RetryConfig,
    /// `request_checksum_calculation`.
    pub request_checksum_calculation: RequestChecksumCalculation,
    /// `response_checksum_validation`.
    pub response_checksum_validation: ResponseChecksumValidation,
    /// `disable_request_compression` / `request_min_compression_size_bytes`.
    pub request_compression: crate::compression::RequestCompressionConfig,
    /// `user_agent_appid`, appended to the User-Agent as `app/<id>`.
    pub app_id: Option<String>,
    /// Allow an `http://` custom endpoint (boto3 allows it silently; Stratus asks).
    pub allow_http: bool,
    /// S3's `payload_signing_enabled` (boto3's `Config(s3={...})`): `Some(false)` sends
    /// `UNSIGNED-PAYLOAD` even over plain HTTP (only a checksum header, when one is sent,
    /// then protects the body: keep `request_checksum_calculation` at `when_supported`),
    /// `Some(true)` always hashes the body, `None` follows botocore's rule.
    pub s3_payload_signing: Option<bool>,
}

impl ClientSpec {
    /// A spec for `service` in `region` with every other setting at its default.
    pub fn new(service: impl Into<String>, region: Option<String>) -> Self {
        let mut spec = Self { service: service.into(), ..Self::default() };
        spec.builtins.region = region;
        spec
    }

    /// Checks what can be checked before any call.
    pub(crate) fn check(&self) -> Result<(), Error> {
        if let Some(url) = &self.builtins.endpoint {
            crate::endpoint::validate_custom_endpoint(url, self.allow_http)?;
        }
        if let Some(id) = &self.app_id {
            if id.len() > 50 || id.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(Error::Config(format!(
                    "user agent app id must be at most 50 characters with no spaces: {id:?}"
                )));
            }
        }
        Ok(())
    }

    /// The `User-Agent` header value: `stratus/<version> md/rust api/<service> [app/<id>]`.
    pub(crate) fn user_agent(&self) -> String {
        let mut ua = format!("stratus/{} md/rust api/{}", env!("CARGO_PKG_VERSION"), self.service);
        if let Some(id) = &self.app_id {
            ua.push_str(" app/");
            ua.push_str(id);
        }
        ua
    }
}

//! How a request is signed: chosen from the resolved endpoint's auth schemes, the
//! operation's auth traits and the service model. Every quirk becomes a field of
//! [`SigningSettings`]; nothing is decided by a transport.

use crate::credentials::Credentials;
use crate::endpoint::Endpoint;
use crate::http::{Body, HttpRequest};
use crate::model::{Operation, ServiceModel};
use crate::sigv4::{
    self, PathNormalization, SignableBody, SigningKeyCache, SigningParams, SigningSettings, UriEncoding,
};
use crate::Error;

/// Whether and how a request is signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthDecision {
    /// Sent without a signature (`authtype: none`, `smithy.api#noAuth`, or an endpoint
    /// scheme `none`).
    Anonymous,
    /// SigV4 with these parameters.
    SigV4(SigningPlan),
}

/// The SigV4 parameters of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningPlan {
    /// The signing name (`s3`, `ses`, `execute-api`).
    pub service: String,
    /// The signing region.
    pub region: String,
    /// Double URI encoding, normalization, `x-amz-content-sha256`...
    pub settings: SigningSettings,
    /// The body is not covered by the signature (`UNSIGNED-PAYLOAD`).
    pub unsigned_payload: bool,
    /// S3's `payload_signing_enabled`: `Some` forces the choice for S3 requests, `None`
    /// follows botocore's rule (see [`SigningPlan::sign`]).
    pub s3_payload_signing: Option<bool>,
    /// The operation's input has a streaming blob payload (S3 `PutObject`, `UploadPart`).
    pub streaming_input: bool,
}

fn has_checksum_header(request: &HttpRequest) -> bool {
    request.headers.iter().any(|(k, _)| {
        let k = k.to_ascii_lowercase();
        k.starts_with("x-amz-checksum-") || k == "content-md5"
    })
}

fn is_s3_like(signing_name: &str) -> bool {
    matches!(signing_name, "s3" | "s3-object-lambda" | "s3-outposts" | "s3express")
}

pub(crate) fn operation_is_anonymous(model: &ServiceModel, op: &Operation) -> bool {
    op.authtype.as_deref() == Some("none")
        || op.auth.first().is_some_and(|a| a == "smithy.api#noAuth")
        || (op.auth.is_empty() && model.metadata.auth.first().is_some_and(|a| a == "smithy.api#noAuth"))
}

/// Decides how to sign `op` sent to `endpoint`; `region` is the client's region, used when
/// the endpoint names no signing region.
pub(crate) fn decide(
    model: &ServiceModel,
    op: &Operation,
    endpoint: &Endpoint,
    region: Option<&str>,
    s3_payload_signing: Option<bool>,
) -> Result<AuthDecision, Error> {
    if operation_is_anonymous(model, op) {
        return Ok(AuthDecision::Anonymous);
    }
    let scheme = endpoint.signing_scheme()?;
    if scheme.as_ref().is_some_and(|s| s.name == "none") {
        return Ok(AuthDecision::Anonymous);
    }
    let service = scheme
        .as_ref()
        .and_then(|s| s.signing_name.clone())
        .or_else(|| model.signing_name().map(str::to_owned))
        .ok_or_else(|| Error::Signing("the service model names no signing name".into()))?;
    let region = scheme
        .as_ref()
        .and_then(|s| s.signing_region.clone())
        .or_else(|| region.map(str::to_owned))
        .ok_or(Error::NoRegion)?;
    let mut settings = if is_s3_like(&service) { SigningSettings::s3() } else { SigningSettings::default() };
    if let Some(scheme) = &scheme {
        if scheme.disable_double_encoding == Some(true) {
            settings.uri_encoding = UriEncoding::Single;
        }
        if scheme.disable_normalize_path == Some(true) {
            settings.path_normalization = PathNormalization::Disabled;
        }
    }
    let unsigned_payload = op.unsigned_payload || op.authtype.as_deref() == Some("v4-unsigned-body");
    let streaming_input = model.streaming_payload(op.input.as_ref()).is_some();
    Ok(AuthDecision::SigV4(SigningPlan {
        service,
        region,
        settings,
        unsigned_payload,
        s3_payload_signing,
        streaming_input,
    }))
}

impl SigningPlan {
    /// What the payload hash covers, as botocore (`S3SigV4Auth`) decides: a body streamed by
    /// the caller → `UNSIGNED-PAYLOAD`; for S3, `payload_signing_enabled` when set, else
    /// `UNSIGNED-PAYLOAD` for an unsigned-body operation or a streaming upload over HTTPS
    /// with a checksum header protecting it; for other services, the operation's rule.
    /// Anything else is hashed.
    fn signable_body<'a>(&self, request: &'a HttpRequest) -> SignableBody<'a> {
        let unsigned = match &request.body {
            Body::External { .. } => true,
            _ if is_s3_like(&self.service) => match self.s3_payload_signing {
                Some(sign) => !sign,
                None => {
                    self.unsigned_payload
                        || (self.streaming_input && request.scheme() == "https" && has_checksum_header(request))
                }
            },
            _ => self.unsigned_payload,
        };
        if unsigned {
            SignableBody::UnsignedPayload
        } else {
            SignableBody::Bytes(request.body.bytes())
        }
    }

    /// Signs `request` in place at `time`.
    pub fn sign(
        &self,
        request: &mut HttpRequest,
        credentials: &Credentials,
        time: time::OffsetDateTime,
        cache: &mut SigningKeyCache,
    ) -> Result<(), Error> {
        let params =
            SigningParams { credentials, region: &self.region, service: &self.service, time, settings: &self.settings };
        let output = sigv4::sign(request, &self.signable_body(request), &params, cache)?;
        output.apply_to(request);
        Ok(())
    }

    /// A presigned URL for `request`, valid for `expires_in`.
    pub fn presign(
        &self,
        request: &HttpRequest,
        credentials: &Credentials,
        time: time::OffsetDateTime,
        expires_in: std::time::Duration,
        cache: &mut SigningKeyCache,
    ) -> Result<String, Error> {
        let settings = self.settings.clone().presigned(expires_in);
        let params =
            SigningParams { credentials, region: &self.region, service: &self.service, time, settings: &settings };
        let output = sigv4::sign(request, &SignableBody::UnsignedPayload, &params, cache)?;
        Ok(output.presigned_url(request))
    }
}

/// Signs `request` with SigV4's generic-service rules (credential-provider calls such as
/// STS `AssumeRole`, which core's credential chain asks to have signed).
pub fn sign_with_default_rules(
    request: &mut HttpRequest,
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: time::OffsetDateTime,
) -> Result<(), Error> {
    let settings = SigningSettings::default();
    let params = SigningParams { credentials, region, service, time, settings: &settings };
    let output =
        sigv4::sign(request, &SignableBody::Bytes(request.body.bytes()), &params, &mut SigningKeyCache::new())?;
    output.apply_to(request);
    Ok(())
}

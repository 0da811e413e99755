//! Building the unsigned request of a call: validate → bind endpoint parameters → resolve
//! the endpoint → customizations → serialize → checksums → standard headers.

use crate::endpoint::bind_params;
use crate::http::{HttpRequest, Payload};
use crate::model::Operation;
use crate::protocol::{serialize_request, SerializeOptions};
use crate::{Document, Error};

use super::customize;
use super::signing::{self, AuthDecision};
use super::ClientCore;

/// Per-call values the caller supplies (core draws no random numbers).
#[derive(Debug, Clone, Copy, Default)]
pub struct PrepareOptions<'a> {
    /// The value for idempotency-token members the input leaves unset (a UUID v4 the
    /// driver generated); `None` leaves them unset.
    pub idempotency_token: Option<&'a str>,
    /// The `amz-sdk-invocation-id` header: one random UUID per call, the same on retries.
    pub invocation_id: Option<&'a str>,
    /// What the request is for.
    pub purpose: RequestPurpose,
    /// The bytes of the operation's streaming blob payload (S3 `PutObject`/`UploadPart`
    /// `Body`), given raw instead of base64 in the input document. Ignored by operations
    /// without one.
    pub payload: Option<Payload<'a>>,
}

/// Whether a request is sent by the client or handed out as a presigned URL. Presigned
/// requests get no checksums (the body is not known) and no SDK headers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RequestPurpose {
    #[default]
    Send,
    Presign,
}

/// A serialized, not yet signed request and how to sign it.
#[derive(Debug, Clone)]
pub struct PreparedRequest {
    /// The request without signature headers.
    pub request: HttpRequest,
    /// Anonymous or SigV4 (with signing name, region and settings).
    pub auth: AuthDecision,
}

impl ClientCore {
    /// Builds the unsigned request for `operation` with `input`.
    ///
    /// Errors: [`Error::Validation`] naming every bad parameter (nothing is built),
    /// [`Error::Endpoint`] with the rule set's message, [`Error::Signing`] for an auth scheme
    /// Stratus cannot sign, [`Error::Serialization`] for values the protocol cannot carry.
    pub fn prepare(
        &self,
        operation: &Operation,
        input: &Document,
        opts: &PrepareOptions<'_>,
    ) -> Result<PreparedRequest, Error> {
        let spec = self.spec();
        let model = self.model();
        let presign = opts.purpose == RequestPurpose::Presign;
        // As botocore: parameter handlers (CopySource, SSE-C keys) run before validation.
        let input = customize::before_serialize(&spec.service, operation, input);
        crate::validate::validate_input(model, operation, &input)?;
        let input = if presign {
            input
        } else {
            crate::checksum::response_checksum_to_validate(operation, &input, spec.response_checksum_validation)
        };
        let params = bind_params(self.rules(), model, operation, &input, &spec.builtins, &spec.client_context)?;
        let endpoint = self.rules().resolve(&params, self.partitions())?;
        let auth =
            signing::decide(model, operation, &endpoint, spec.builtins.region.as_deref(), spec.s3_payload_signing)?;
        let serialized_op = customize::operation_for(&spec.service, operation);
        let opts_ser = SerializeOptions { endpoint: &endpoint.url, idempotency_token: opts.idempotency_token };
        let mut request = serialize_request(model, &serialized_op, &input, &opts_ser)?;
        for (name, values) in &endpoint.headers {
            request.headers.insert(name.clone(), values.join(","));
        }
        customize::after_serialize(&spec.service, model, &mut request);
        if let (Some(payload), Some(_)) = (opts.payload, self.streaming_input_member(operation)) {
            request.body = payload.to_body();
            customize::expect_continue(&spec.service, operation, &mut request);
        }
        if presign {
            return Ok(PreparedRequest { request, auth });
        }
        crate::compression::compress_request(operation, &mut request, &spec.request_compression)?;
        crate::checksum::apply_request_checksum(
            model,
            operation,
            &input,
            &mut request,
            spec.request_checksum_calculation,
        )?;
        request.headers.insert("User-Agent", self.user_agent());
        if let Some(id) = opts.invocation_id {
            request.headers.insert("amz-sdk-invocation-id", id);
        }
        Ok(PreparedRequest { request, auth })
    }
}

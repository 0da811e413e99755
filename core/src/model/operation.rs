//! Operations: HTTP binding, input/output shapes, errors and endpoint context.

use indexmap::IndexMap;
use serde::Deserialize;

use super::shape::MemberRef;

/// `"http": {"method": "PUT", "requestUri": "/{Bucket}?cors", "responseCode": 200}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpTrait {
    #[serde(default = "default_method")]
    pub method: String,
    #[serde(default = "default_uri")]
    pub request_uri: String,
    pub response_code: Option<u16>,
}

fn default_method() -> String {
    "POST".to_owned()
}

fn default_uri() -> String {
    "/".to_owned()
}

impl Default for HttpTrait {
    fn default() -> Self {
        Self { method: default_method(), request_uri: default_uri(), response_code: None }
    }
}

/// `"endpoint": {"hostPrefix": "{AccountId}."}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointTrait {
    pub host_prefix: String,
}

/// `"httpChecksum"`: flexible checksum configuration of an operation.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpChecksumTrait {
    #[serde(default)]
    pub request_checksum_required: bool,
    pub request_algorithm_member: Option<String>,
    pub request_validation_mode_member: Option<String>,
    #[serde(default)]
    pub response_algorithms: Vec<String>,
}

/// `"staticContextParams": {"UseS3ExpressControlEndpoint": {"value": true}}`.
#[derive(Debug, Clone, Deserialize)]
pub struct StaticContextParam {
    pub value: serde_json::Value,
}

/// `"operationContextParams": {"DeleteObjectKeys": {"path": "Delete.Objects[*].Key"}}`.
#[derive(Debug, Clone, Deserialize)]
pub struct OperationContextParam {
    pub path: String,
}

/// `"requestcompression": {"encodings": ["gzip"]}`.
#[derive(Debug, Clone, Deserialize)]
pub struct RequestCompression {
    #[serde(default)]
    pub encodings: Vec<String>,
}

/// One operation of a service model.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// Set from the map key when the model omits it.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub http: HttpTrait,
    pub input: Option<MemberRef>,
    pub output: Option<MemberRef>,
    #[serde(default)]
    pub errors: Vec<MemberRef>,
    pub endpoint: Option<EndpointTrait>,
    #[serde(default)]
    pub http_checksum_required: bool,
    pub http_checksum: Option<HttpChecksumTrait>,
    #[serde(default)]
    pub static_context_params: IndexMap<String, StaticContextParam>,
    #[serde(default)]
    pub operation_context_params: IndexMap<String, OperationContextParam>,
    #[serde(default)]
    pub idempotent: bool,
    #[serde(default)]
    pub readonly: bool,
    #[serde(default)]
    pub deprecated: bool,
    /// `"authtype": "none" | "v4-unsigned-body" | ...`.
    pub authtype: Option<String>,
    /// Smithy auth schemes in preference order, e.g. `["aws.auth#sigv4"]`.
    #[serde(default)]
    pub auth: Vec<String>,
    #[serde(default)]
    pub unsigned_payload: bool,
    pub requestcompression: Option<RequestCompression>,
}

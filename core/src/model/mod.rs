//! Service models: botocore's `service-2.json` read into typed Rust values.
//!
//! A [`ServiceModel`] is built once per client from the embedded, documentation-stripped
//! JSON (see [`embedded`]) or from any `service-2.json` text ([`ServiceModel::from_json`]).
//! Everything protocol-, validation- and endpoint-related reads it; nothing mutates it.

mod operation;
mod registry;
mod shape;

use std::collections::HashMap;

use indexmap::IndexMap;
use serde::Deserialize;

pub use operation::{
    EndpointTrait, HttpChecksumTrait, HttpTrait, Operation, OperationContextParam, RequestCompression,
    StaticContextParam,
};
pub use shape::{
    ContextParam, ErrorTrait, Location, MemberRef, RetryableTrait, Shape, ShapeType, XmlNamespace, XmlNamespaceTrait,
};

/// The wire protocol of a service (`metadata.protocol`, or the first of `metadata.protocols`
/// that Stratus supports).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub enum Protocol {
    #[serde(rename = "rest-xml")]
    RestXml,
    #[serde(rename = "rest-json")]
    RestJson,
    #[serde(rename = "json")]
    Json,
    #[serde(rename = "query")]
    Query,
    #[serde(rename = "ec2")]
    Ec2,
    #[serde(rename = "smithy-rpc-v2-cbor")]
    RpcV2Cbor,
}

impl Protocol {
    /// The protocol's name as the model spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RestXml => "rest-xml",
            Self::RestJson => "rest-json",
            Self::Json => "json",
            Self::Query => "query",
            Self::Ec2 => "ec2",
            Self::RpcV2Cbor => "smithy-rpc-v2-cbor",
        }
    }

    /// Parses a protocol name; `None` for one Stratus does not know.
    pub fn from_name(name: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
    }
}

/// `metadata` of a service model.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    #[serde(default)]
    pub api_version: String,
    pub endpoint_prefix: Option<String>,
    pub json_version: Option<String>,
    #[serde(default)]
    pub protocol: String,
    #[serde(default)]
    pub protocols: Vec<String>,
    pub service_id: Option<String>,
    pub service_full_name: Option<String>,
    pub signature_version: Option<String>,
    pub signing_name: Option<String>,
    pub target_prefix: Option<String>,
    pub xml_namespace: Option<String>,
    pub uid: Option<String>,
    #[serde(default)]
    pub auth: Vec<String>,
    pub global_endpoint: Option<String>,
    /// `awsQueryCompatible: {}` marks JSON/CBOR services that keep query-protocol error codes.
    pub aws_query_compatible: Option<serde_json::Value>,
    pub protocol_settings: Option<serde_json::Value>,
    pub checksum_format: Option<String>,
}

/// A whole service model: metadata, operations and shapes.
#[derive(Debug, Clone, Deserialize)]
pub struct ServiceModel {
    #[serde(default)]
    pub metadata: Metadata,
    #[serde(default)]
    pub operations: IndexMap<String, Operation>,
    #[serde(default)]
    pub shapes: HashMap<String, Shape>,
}

/// A model that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError(pub String);

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid service model: {}", self.0)
    }
}

impl std::error::Error for ModelError {}

impl ServiceModel {
    /// Reads a `service-2.json` document.
    pub fn from_json(text: &str) -> Result<Self, ModelError> {
        let mut model: ServiceModel = serde_json::from_str(text).map_err(|e| ModelError(e.to_string()))?;
        model.fill_operation_names();
        Ok(model)
    }

    /// Builds a model from an already parsed JSON value (the protocol test files embed
    /// `metadata` and `shapes` inline).
    pub fn from_value(value: serde_json::Value) -> Result<Self, ModelError> {
        let mut model: ServiceModel = serde_json::from_value(value).map_err(|e| ModelError(e.to_string()))?;
        model.fill_operation_names();
        Ok(model)
    }

    fn fill_operation_names(&mut self) {
        for (name, op) in &mut self.operations {
            if op.name.is_empty() {
                op.name.clone_from(name);
            }
        }
    }

    /// The protocol Stratus uses for this service: the first of `metadata.protocols`
    /// it supports, else `metadata.protocol`.
    pub fn protocol(&self) -> Option<Protocol> {
        self.metadata
            .protocols
            .iter()
            .find_map(|p| Protocol::from_name(p))
            .or_else(|| Protocol::from_name(&self.metadata.protocol))
    }

    /// Looks up a shape by name.
    pub fn shape(&self, name: &str) -> Option<&Shape> {
        self.shapes.get(name)
    }

    /// Looks up an operation by its model name (`PutBucketCors`).
    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations.get(name)
    }

    /// The member of the structure `shape` refers to that is a streaming blob payload (S3
    /// `PutObject`/`GetObject` `Body`), if any.
    pub fn streaming_payload(&self, shape: Option<&MemberRef>) -> Option<&str> {
        let shape = self.shape(&shape?.shape)?;
        let name = shape.payload.as_deref()?;
        let member = shape.members.get(name)?;
        let target = self.shape(&member.shape)?;
        (target.shape_type == ShapeType::Blob && (member.streaming || target.streaming)).then_some(name)
    }

    /// The name used for signing: `metadata.signingName`, else `endpointPrefix`.
    pub fn signing_name(&self) -> Option<&str> {
        self.metadata.signing_name.as_deref().or(self.metadata.endpoint_prefix.as_deref())
    }
}

/// One service's data compiled into this build (behind its cargo feature).
#[derive(Debug, Clone, Copy)]
pub struct EmbeddedService {
    /// botocore's service name (`s3`, `sesv2`, `application-autoscaling`).
    pub name: &'static str,
    /// `service-2.json`, documentation stripped.
    pub service: &'static str,
    /// `endpoint-rule-set-1.json`.
    pub endpoint_rules: Option<&'static str>,
    /// `paginators-1.json`.
    pub paginators: Option<&'static str>,
    /// `waiters-2.json`.
    pub waiters: Option<&'static str>,
}

/// The service data embedded under `name`, if its feature is enabled.
pub fn embedded(name: &str) -> Option<&'static EmbeddedService> {
    registry::SERVICES.iter().find(|s| s.name == name)
}

/// Names of all services compiled into this build.
pub fn embedded_services() -> impl Iterator<Item = &'static str> {
    registry::SERVICES.iter().map(|s| s.name)
}

/// `partitions.json`, as used by the `aws.partition` endpoint function.
pub const PARTITIONS_JSON: &str = include_str!("../../data/partitions.json");

//! Shapes and member references, as botocore's `service-2.json` spells them.

use indexmap::IndexMap;
use serde::Deserialize;

/// The type of a shape (`"type"` in the model).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShapeType {
    Structure,
    List,
    Map,
    String,
    Integer,
    Long,
    Float,
    Double,
    Boolean,
    Timestamp,
    Blob,
    Byte,
    Short,
    #[serde(rename = "bigdecimal")]
    BigDecimal,
    #[serde(rename = "biginteger")]
    BigInteger,
    Character,
}

/// Where an input member is bound in the HTTP request (`"location"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Location {
    Uri,
    Querystring,
    Header,
    Headers,
    StatusCode,
}

/// An XML namespace trait: `{"prefix": "xsi", "uri": "..."}` (prefix optional).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct XmlNamespace {
    #[serde(default)]
    pub prefix: Option<String>,
    pub uri: String,
}

/// `"xmlNamespace"` may be a bare URI string or an object.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum XmlNamespaceTrait {
    Uri(String),
    Full(XmlNamespace),
}

impl XmlNamespaceTrait {
    /// The namespace as prefix + uri.
    pub fn namespace(&self) -> XmlNamespace {
        match self {
            Self::Uri(uri) => XmlNamespace { prefix: None, uri: uri.clone() },
            Self::Full(ns) => ns.clone(),
        }
    }
}

/// `"contextParam": {"name": "Bucket"}` on a member.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ContextParam {
    pub name: String,
}

/// A reference to a shape with the traits the referencing site adds
/// (a structure member, or a list's `member`, a map's `key`/`value`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberRef {
    /// Name of the target shape.
    pub shape: String,
    pub location: Option<Location>,
    pub location_name: Option<String>,
    /// EC2 protocol: overrides the query key.
    pub query_name: Option<String>,
    pub xml_namespace: Option<XmlNamespaceTrait>,
    #[serde(default)]
    pub xml_attribute: bool,
    #[serde(default)]
    pub flattened: bool,
    #[serde(default)]
    pub jsonvalue: bool,
    pub timestamp_format: Option<String>,
    #[serde(default)]
    pub idempotency_token: bool,
    #[serde(default)]
    pub host_label: bool,
    #[serde(default)]
    pub eventpayload: bool,
    #[serde(default)]
    pub streaming: bool,
    #[serde(default)]
    pub deprecated: bool,
    pub context_param: Option<ContextParam>,
    /// Query protocol: the element wrapping an operation's output (`"resultWrapper"` on
    /// the operation's `output` reference, e.g. `GetCallerIdentityResult`).
    pub result_wrapper: Option<String>,
}

/// Error trait on an exception shape: `"error": {"code": "...", "httpStatusCode": 400, "senderFault": true}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorTrait {
    pub code: Option<String>,
    pub http_status_code: Option<u16>,
    #[serde(default)]
    pub sender_fault: bool,
}

/// The `retryable` trait of an error shape: `{"throttling": true}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub struct RetryableTrait {
    #[serde(default)]
    pub throttling: bool,
}

/// One shape of a service model.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shape {
    #[serde(rename = "type")]
    pub shape_type: ShapeType,
    /// Structure members, in model order.
    #[serde(default)]
    pub members: IndexMap<String, MemberRef>,
    #[serde(default)]
    pub required: Vec<String>,
    /// Structure: the member that is the whole HTTP payload.
    pub payload: Option<String>,
    /// List element.
    pub member: Option<Box<MemberRef>>,
    /// Map key and value.
    pub key: Option<Box<MemberRef>>,
    pub value: Option<Box<MemberRef>>,
    #[serde(default)]
    pub flattened: bool,
    pub location_name: Option<String>,
    pub xml_namespace: Option<XmlNamespaceTrait>,
    pub timestamp_format: Option<String>,
    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<String>>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub pattern: Option<String>,
    #[serde(default)]
    pub exception: bool,
    #[serde(default)]
    pub fault: bool,
    pub error: Option<ErrorTrait>,
    /// Error shapes only: retrying this error may succeed.
    pub retryable: Option<RetryableTrait>,
    #[serde(default)]
    pub union: bool,
    #[serde(default)]
    pub document: bool,
    #[serde(default)]
    pub streaming: bool,
    #[serde(default)]
    pub requires_length: bool,
    #[serde(default)]
    pub eventstream: bool,
    #[serde(default)]
    pub event: bool,
    #[serde(default)]
    pub sensitive: bool,
    #[serde(default)]
    pub sparse: bool,
    #[serde(default)]
    pub wrapper: bool,
    #[serde(default)]
    pub synthetic: bool,
    #[serde(default)]
    pub jsonvalue: bool,
}

impl Shape {
    /// True for a structure member that must be present (`required`).
    pub fn is_required(&self, member: &str) -> bool {
        self.required.iter().any(|r| r == member)
    }
}

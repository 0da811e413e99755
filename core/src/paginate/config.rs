//! `paginators-1.json`: the pagination configuration of each paginated operation, with
//! its JMESPath expressions compiled.

use indexmap::IndexMap;
use serde::Deserialize;

use crate::jmespath::{Expression, JmespathError, JmespathErrorKind};
use crate::model::{ModelError, ServiceModel, ShapeType};
use crate::Document;

/// A field path into a response (`Contents`, `DistributionList.Items`), where pages keep
/// items to aggregate (`result_key`) or values to keep from the first page
/// (`non_aggregate_keys`).
#[derive(Debug, Clone, PartialEq)]
pub struct ResultKey {
    expression: Expression,
    path: Vec<String>,
}

impl ResultKey {
    fn compile(source: &str) -> Result<Self, JmespathError> {
        let expression = Expression::compile(source)?;
        let path = expression.field_path().map(|p| p.into_iter().map(str::to_owned).collect());
        match path {
            Some(path) => Ok(Self { expression, path }),
            None => Err(JmespathError {
                kind: JmespathErrorKind::Unsupported,
                expression: source.to_owned(),
                offset: None,
                message: "a result key must be a plain field path".into(),
            }),
        }
    }

    /// The key as written in the model.
    pub fn expression(&self) -> &Expression {
        &self.expression
    }

    /// Its member names.
    pub fn path(&self) -> Vec<&str> {
        self.path.iter().map(String::as_str).collect()
    }

    /// The value at this key in `document`, if present.
    pub fn get<'a>(&self, document: &'a Document) -> Option<&'a Document> {
        self.path.iter().try_fold(document, |node, name| node.get(name.as_str()))
    }

    /// The value at this key in `document`, mutably.
    pub fn get_mut<'a>(&self, document: &'a mut Document) -> Option<&'a mut Document> {
        self.path.iter().try_fold(document, |node, name| node.get_mut(name.as_str()))
    }

    /// Sets the value at this key, creating objects on the way.
    pub fn set(&self, document: &mut Document, value: Document) {
        crate::jmespath::set_path(document, &self.path(), value);
    }
}

/// How the operation's input models its `limit_key` member: the page size is sent as
/// that type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LimitKeyType {
    #[default]
    Integer,
    /// e.g. Route 53's `MaxItems`.
    String,
}

/// One operation's pagination configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct PaginatorConfig {
    /// Input members that carry the continuation token(s).
    pub input_token: Vec<String>,
    /// Where each token is found in a page (same order as `input_token`).
    pub output_token: Vec<Expression>,
    /// When present and false on a page, that page is the last.
    pub more_results: Option<Expression>,
    /// Input member that sets the page size.
    pub limit_key: Option<String>,
    pub limit_key_type: LimitKeyType,
    /// Lists aggregated across pages; the first is the primary one `max_items` counts.
    pub result_key: Vec<ResultKey>,
    /// Values kept from the first page in full results.
    pub non_aggregate_keys: Vec<ResultKey>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            Self::One(s) => vec![s],
            Self::Many(v) => v,
        }
    }
}

#[derive(Debug, Deserialize)]
struct RawConfig {
    input_token: OneOrMany,
    output_token: OneOrMany,
    more_results: Option<String>,
    limit_key: Option<String>,
    result_key: Option<OneOrMany>,
    #[serde(default)]
    non_aggregate_keys: Vec<String>,
}

impl PaginatorConfig {
    fn from_raw(raw: RawConfig) -> Result<Self, JmespathError> {
        let compile_all = |sources: Vec<String>| -> Result<Vec<Expression>, JmespathError> {
            sources.iter().map(|s| Expression::compile(s)).collect()
        };
        let keys = |sources: Vec<String>| -> Result<Vec<ResultKey>, JmespathError> {
            sources.iter().map(|s| ResultKey::compile(s)).collect()
        };
        Ok(Self {
            input_token: raw.input_token.into_vec(),
            output_token: compile_all(raw.output_token.into_vec())?,
            more_results: raw.more_results.as_deref().map(Expression::compile).transpose()?,
            limit_key: raw.limit_key,
            limit_key_type: LimitKeyType::Integer,
            result_key: keys(raw.result_key.map(OneOrMany::into_vec).unwrap_or_default())?,
            non_aggregate_keys: keys(raw.non_aggregate_keys)?,
        })
    }
}

#[derive(Debug, Deserialize)]
struct RawModel {
    pagination: IndexMap<String, RawConfig>,
}

/// A service's paginators, by operation name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PaginatorModel {
    pub paginators: IndexMap<String, PaginatorConfig>,
}

impl PaginatorModel {
    /// Reads and compiles a `paginators-1.json` document.
    pub fn from_json(text: &str) -> Result<Self, ModelError> {
        let raw: RawModel = serde_json::from_str(text).map_err(|e| ModelError(format!("paginators: {e}")))?;
        let mut paginators = IndexMap::with_capacity(raw.pagination.len());
        for (operation, config) in raw.pagination {
            let config =
                PaginatorConfig::from_raw(config).map_err(|e| ModelError(format!("paginator {operation}: {e}")))?;
            paginators.insert(operation, config);
        }
        Ok(Self { paginators })
    }

    /// The paginator of `operation`.
    pub fn paginator(&self, operation: &str) -> Option<&PaginatorConfig> {
        self.paginators.get(operation)
    }

    /// Reads each paginator's `limit_key` type from the operation's input shape in
    /// `model` (botocore converts the page size to it).
    pub fn set_limit_key_types(&mut self, model: &ServiceModel) {
        for (operation, config) in &mut self.paginators {
            let Some(limit_key) = &config.limit_key else { continue };
            let member = model
                .operation(operation)
                .and_then(|op| op.input.as_ref())
                .and_then(|input| model.shape(&input.shape))
                .and_then(|shape| shape.members.get(limit_key))
                .and_then(|member| model.shape(&member.shape));
            if member.is_some_and(|shape| shape.shape_type == ShapeType::String) {
                config.limit_key_type = LimitKeyType::String;
            }
        }
    }
}

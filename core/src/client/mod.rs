//! The client core: everything a call needs that does not depend on I/O, prepared once
//! per client (model, endpoint rule set, configuration) and used for every call.
//!
//! Flow of one call (see [`Call`]): validate → bind endpoint parameters → resolve the
//! endpoint → serialize → customizations (S3...) → checksums → sign → *(transport sends)*
//! → parse → retry decision → done.

mod call;
mod customize;
mod prepare;
mod presign;
mod signing;
mod spec;

pub use call::{Call, CallStep};
pub use prepare::{PrepareOptions, PreparedRequest, RequestPurpose};
pub use presign::PresignOptions;
pub use signing::{sign_with_default_rules, AuthDecision, SigningPlan};
pub use spec::ClientSpec;

use std::sync::OnceLock;

use crate::endpoint::{Partitions, RuleSet};
use crate::http::HttpResponse;
use crate::model::{Operation, ServiceModel};
use crate::paginate::PaginatorModel;
use crate::waiter::WaiterModel;
use crate::{Document, Error};

/// A prepared client for one service: its model, rule set and configuration.
///
/// Built once ([`ClientCore::new`]) and shared by every call; holds no mutable state (the
/// retry quota and signing-key cache belong to the driver, which passes them in).
#[derive(Debug)]
pub struct ClientCore {
    spec: ClientSpec,
    model: ServiceModel,
    rules: RuleSet,
    partitions: &'static Partitions,
    user_agent: String,
    paginators: OnceLock<Result<PaginatorModel, Error>>,
    waiters: OnceLock<Result<WaiterModel, Error>>,
}

impl ClientCore {
    /// Prepares a client for `spec.service` from the models embedded in this build.
    pub fn new(spec: ClientSpec) -> Result<Self, Error> {
        let embedded = crate::model::embedded(&spec.service).ok_or_else(|| {
            Error::Config(format!(
                "unknown service '{}' (or its cargo feature is not enabled in this build)",
                spec.service
            ))
        })?;
        let model = ServiceModel::from_json(embedded.service).map_err(|e| Error::Model(e.0))?;
        let rules_json = embedded
            .endpoint_rules
            .ok_or_else(|| Error::Model(format!("{} has no endpoint rule set", spec.service)))?;
        let rules = RuleSet::from_json(rules_json)?;
        Self::from_parts(spec, model, rules)
    }

    /// Prepares a client from a model and rule set the caller loaded.
    pub fn from_parts(spec: ClientSpec, model: ServiceModel, rules: RuleSet) -> Result<Self, Error> {
        spec.check()?;
        let partitions = Partitions::embedded()?;
        let user_agent = spec.user_agent();
        Ok(Self { spec, model, rules, partitions, user_agent, paginators: OnceLock::new(), waiters: OnceLock::new() })
    }

    /// The configuration this client was built with.
    pub fn spec(&self) -> &ClientSpec {
        &self.spec
    }

    /// The service model.
    pub fn model(&self) -> &ServiceModel {
        &self.model
    }

    /// The endpoint rule set.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Finds an operation by model name (`PutBucketCors`) or in snake case (`put_bucket_cors`,
    /// as boto3 spells it) or kebab case (`put-bucket-cors`, as aws-cli does).
    pub fn operation(&self, name: &str) -> Result<&Operation, Error> {
        if let Some(op) = self.model.operation(name) {
            return Ok(op);
        }
        let wanted: String = name.chars().filter(|c| *c != '_' && *c != '-').collect();
        self.model
            .operations
            .values()
            .find(|op| op.name.eq_ignore_ascii_case(&wanted))
            .ok_or_else(|| Error::UnknownOperation { service: self.spec.service.clone(), operation: name.to_owned() })
    }

    /// Parses a response of `operation` (success or service error), validating response
    /// checksums as the configuration says.
    pub fn parse(&self, operation: &Operation, response: &HttpResponse) -> Result<Document, Error> {
        let output = crate::protocol::de::parse_response(&self.model, operation, response)?;
        if response.status < 300 {
            crate::checksum::validate_response_checksum(operation, response)?;
        }
        Ok(output)
    }

    /// False for operations sent unsigned by their model (`authtype: none`, `smithy.api#noAuth`).
    pub fn requires_credentials(&self, operation: &Operation) -> bool {
        !signing::operation_is_anonymous(&self.model, operation)
    }

    /// The service's paginators (`paginators-1.json`), read on first use and kept.
    pub fn paginators(&self) -> Result<&PaginatorModel, Error> {
        let loaded = self.paginators.get_or_init(|| {
            let text = self.embedded_text(|s| s.paginators, "paginators")?;
            let mut model = PaginatorModel::from_json(text).map_err(|e| Error::Model(e.0))?;
            model.set_limit_key_types(&self.model);
            Ok(model)
        });
        loaded.as_ref().map_err(Clone::clone)
    }

    /// The service's waiters (`waiters-2.json`), read on first use and kept.
    pub fn waiters(&self) -> Result<&WaiterModel, Error> {
        let loaded = self.waiters.get_or_init(|| {
            let text = self.embedded_text(|s| s.waiters, "waiters")?;
            WaiterModel::from_json(text).map_err(|e| Error::Model(e.0))
        });
        loaded.as_ref().map_err(Clone::clone)
    }

    fn embedded_text(
        &self,
        pick: impl Fn(&crate::model::EmbeddedService) -> Option<&'static str>,
        what: &str,
    ) -> Result<&'static str, Error> {
        let service = &self.spec.service;
        crate::model::embedded(service).and_then(pick).ok_or_else(|| Error::Config(format!("{service} has no {what}")))
    }

    /// The member of `operation`'s input that is a streaming blob payload (S3
    /// `PutObject`/`UploadPart` `Body`), if any.
    pub fn streaming_input_member(&self, operation: &Operation) -> Option<&str> {
        self.model.streaming_payload(operation.input.as_ref())
    }

    /// The member of `operation`'s output that is a streaming blob payload (S3
    /// `GetObject` `Body`), if any.
    pub fn streaming_output_member(&self, operation: &Operation) -> Option<&str> {
        self.model.streaming_payload(operation.output.as_ref())
    }

    pub(crate) fn partitions(&self) -> &Partitions {
        self.partitions
    }

    pub(crate) fn user_agent(&self) -> &str {
        &self.user_agent
    }
}

//! `Session`, as boto3 shapes it: profile, region and explicit keys, then
//! `session.client("s3")` for any service in the models.
//!
//! The session reads the process environment and the shared config files once, when it is
//! built (natively; on wasm32 there are neither), and hands them to core as plain data.

use std::collections::HashMap;

use stratus_core::checksum::{RequestChecksumCalculation, ResponseChecksumValidation};
use stratus_core::client::{ClientCore, ClientSpec};
use stratus_core::config::{
    self, AddressingStyle, ChecksumMode, ClientConfig, ConfigInputs, ExplicitConfig, ProfileSet, RegionalEndpoints,
    ServiceRef,
};
use stratus_core::credentials::{ExplicitCredentials, SecretString};
use stratus_core::endpoint::RuleSet;
use stratus_core::model::{embedded, ServiceModel};
use stratus_core::retry::{RetryConfig, RetryMode};
use stratus_core::transport::Transport;
use stratus_core::Error;

use crate::credentials::{ChainConfig, CredentialsProvider};
use crate::Client;

/// Per-client options: boto3's client arguments and `botocore.config.Config` fields
/// (`region_name`, `endpoint_url`, `Config(retries=..., s3=..., ...)`), plus `allow_http`.
#[derive(Debug, Clone, Default)]
pub struct ClientOptions {
    /// Explicit settings; unset fields come from the environment, then the profile.
    pub config: ExplicitConfig,
    /// Allow an `http://` endpoint URL (local servers such as moto, MinIO).
    pub allow_http: bool,
}

impl ClientOptions {
    /// Options with a custom endpoint (`endpoint_url=`), allowing `http://` for it.
    pub fn with_endpoint_url(url: impl Into<String>) -> Self {
        let url = url.into();
        let allow_http = url.starts_with("http://");
        Self { config: ExplicitConfig { endpoint_url: Some(url), ..Default::default() }, allow_http }
    }
}

/// Builds a [`Session`].
#[derive(Debug, Clone, Default)]
pub struct SessionBuilder {
    profile_name: Option<String>,
    region_name: Option<String>,
    access_key_id: Option<String>,
    secret_access_key: Option<SecretString>,
    session_token: Option<SecretString>,
    env: Option<HashMap<String, String>>,
    config_text: Option<String>,
    credentials_text: Option<String>,
}

impl SessionBuilder {
    /// boto3's `profile_name`.
    pub fn profile_name(mut self, name: impl Into<String>) -> Self {
        self.profile_name = Some(name.into());
        self
    }

    /// boto3's `region_name`.
    pub fn region_name(mut self, region: impl Into<String>) -> Self {
        self.region_name = Some(region.into());
        self
    }

    /// Explicit keys (`aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`).
    pub fn credentials(
        mut self,
        access_key_id: impl Into<String>,
        secret: impl Into<String>,
        token: Option<String>,
    ) -> Self {
        self.access_key_id = Some(access_key_id.into());
        self.secret_access_key = Some(SecretString::new(secret));
        self.session_token = token.map(SecretString::new);
        self
    }

    /// Uses `env` instead of the process environment (tests, embedding).
    pub fn environment(mut self, env: HashMap<String, String>) -> Self {
        self.env = Some(env);
        self
    }

    /// Uses this text as `~/.aws/config` and `~/.aws/credentials` instead of reading them.
    pub fn config_files(mut self, config: Option<String>, credentials: Option<String>) -> Self {
        self.config_text = Some(config.unwrap_or_default());
        self.credentials_text = Some(credentials.unwrap_or_default());
        self
    }

    /// Reads what was not given and checks the profile exists (boto3's `ProfileNotFound`).
    pub fn build(self) -> Result<Session, Error> {
        let env = self.env.unwrap_or_else(crate::os::environment);
        let config_text = self.config_text.or_else(|| crate::os::read_file(&config::config_file_path(&env)));
        let credentials_text =
            self.credentials_text.or_else(|| crate::os::read_file(&config::credentials_file_path(&env)));
        let profiles = ProfileSet::parse(config_text.as_deref(), credentials_text.as_deref());
        if let Some(name) = &self.profile_name {
            if profiles.profile(name).is_none() {
                return Err(config::profile_not_found(name));
            }
        }
        let explicit = ExplicitCredentials {
            access_key_id: self.access_key_id,
            secret_access_key: self.secret_access_key,
            session_token: self.session_token,
        };
        let credentials = CredentialsProvider::chain(ChainConfig {
            explicit,
            env: env.clone(),
            profiles: profiles.clone(),
            profile_name: self.profile_name.clone(),
            region: self.region_name.clone(),
        });
        Ok(Session { env, profiles, profile_name: self.profile_name, region_name: self.region_name, credentials })
    }
}

/// A boto3-style session: configuration and credentials shared by the clients it makes.
/// `Debug` never shows secrets (environment values, keys, tokens).
#[derive(Clone)]
pub struct Session {
    env: HashMap<String, String>,
    profiles: ProfileSet,
    profile_name: Option<String>,
    region_name: Option<String>,
    credentials: CredentialsProvider,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("env", &stratus_core::config::env::RedactedEnv(&self.env))
            .field("profiles", &self.profiles)
            .field("profile_name", &self.profile_name)
            .field("region_name", &self.region_name)
            .field("credentials", &self.credentials)
            .finish()
    }
}

impl Session {
    /// The default session: environment and shared config files, default profile.
    pub fn new() -> Result<Self, Error> {
        Self::builder().build()
    }

    /// A builder for a session with a profile, region or keys.
    pub fn builder() -> SessionBuilder {
        SessionBuilder::default()
    }

    /// boto3's `available_profiles`.
    pub fn available_profiles(&self) -> Vec<String> {
        self.profiles.profile_names().map(str::to_owned).collect()
    }

    /// The profile in use (explicit, then `AWS_PROFILE`/`AWS_DEFAULT_PROFILE`, then `default`).
    pub fn profile_name(&self) -> String {
        config::select_profile(self.profile_name.as_deref(), &self.env).0.to_owned()
    }

    /// The region clients get when none is passed (`None` when none is configured).
    pub fn region_name(&self) -> Result<Option<String>, Error> {
        let explicit = ExplicitConfig { region_name: self.region_name.clone(), ..Default::default() };
        self.inputs(&explicit).configured_region()
    }

    /// The credentials provider shared by this session's clients.
    pub fn credentials_provider(&self) -> &CredentialsProvider {
        &self.credentials
    }

    fn inputs<'a>(&'a self, explicit: &'a ExplicitConfig) -> ConfigInputs<'a> {
        ConfigInputs { explicit, env: &self.env, profiles: &self.profiles, profile_name: self.profile_name.as_deref() }
    }

    /// Resolves a client's configuration (arguments → environment → profile) and prepares
    /// its core. Fails before any request: unknown service, no region (`You must specify a
    /// region.`), invalid settings.
    pub fn client_core(&self, service: &str, options: &ClientOptions) -> Result<(ClientCore, ClientConfig), Error> {
        let data = embedded(service).ok_or_else(|| {
            Error::Config(format!("unknown service '{service}' (or its cargo feature is not enabled in this build)"))
        })?;
        let model = ServiceModel::from_json(data.service).map_err(|e| Error::Model(e.0))?;
        let rules_json = data.endpoint_rules.ok_or_else(|| Error::Model(format!("{service} has no endpoint rules")))?;
        let rules = RuleSet::from_json(rules_json)?;
        let mut explicit = options.config.clone();
        if explicit.region_name.is_none() {
            explicit.region_name.clone_from(&self.region_name);
        }
        let endpoint_prefix = model.metadata.endpoint_prefix.clone().unwrap_or_else(|| service.to_owned());
        let service_id = model.metadata.service_id.clone().unwrap_or_else(|| service.to_owned());
        let resolved = self
            .inputs(&explicit)
            .resolve(ServiceRef { endpoint_prefix: &endpoint_prefix, service_id: &service_id })?;
        let spec = client_spec(service, &resolved, options.allow_http)?;
        Ok((ClientCore::from_parts(spec, model, rules)?, resolved))
    }

    /// A client for `service` over `transport`.
    pub fn client_with<T: Transport>(
        &self,
        service: &str,
        options: &ClientOptions,
        transport: T,
    ) -> Result<Client<T>, Error> {
        let (core, _) = self.client_core(service, options)?;
        Ok(Client::from_core(std::sync::Arc::new(core), transport, self.credentials.clone()))
    }

    /// An async client over reqwest (with the configured timeouts).
    #[cfg(feature = "reqwest")]
    pub fn client(&self, service: &str, options: &ClientOptions) -> Result<Client<crate::ReqwestTransport>, Error> {
        let (core, resolved) = self.client_core(service, options)?;
        let transport = crate::ReqwestTransport::new(stratus_reqwest::ReqwestOptions {
            connect_timeout: resolved.connect_timeout,
            read_timeout: resolved.read_timeout,
        });
        Ok(Client::from_core(std::sync::Arc::new(core), transport, self.credentials.clone()))
    }

    /// A blocking client over ureq (with the configured timeouts).
    #[cfg(feature = "ureq")]
    pub fn blocking_client(&self, service: &str, options: &ClientOptions) -> Result<crate::blocking::Client, Error> {
        let (core, resolved) = self.client_core(service, options)?;
        let transport = crate::UreqTransport::new(stratus_ureq::UreqOptions {
            connect_timeout: resolved.connect_timeout,
            read_timeout: resolved.read_timeout,
        });
        let inner = Client::from_core(std::sync::Arc::new(core), transport, self.credentials.clone());
        Ok(crate::blocking::Client::from_async(inner))
    }
}

fn checksum_request(mode: ChecksumMode) -> RequestChecksumCalculation {
    match mode {
        ChecksumMode::WhenSupported => RequestChecksumCalculation::WhenSupported,
        ChecksumMode::WhenRequired => RequestChecksumCalculation::WhenRequired,
    }
}

fn checksum_response(mode: ChecksumMode) -> ResponseChecksumValidation {
    match mode {
        ChecksumMode::WhenSupported => ResponseChecksumValidation::WhenSupported,
        ChecksumMode::WhenRequired => ResponseChecksumValidation::WhenRequired,
    }
}

fn retry_mode(mode: config::RetryMode) -> RetryMode {
    match mode {
        config::RetryMode::Legacy => RetryMode::Legacy,
        config::RetryMode::Standard => RetryMode::Standard,
        config::RetryMode::Adaptive => RetryMode::Adaptive,
    }
}

/// Maps resolved configuration onto core's client spec (endpoint built-ins, retries,
/// checksum policy, user agent).
fn client_spec(service: &str, config: &ClientConfig, allow_http: bool) -> Result<ClientSpec, Error> {
    let mut spec = ClientSpec::new(service, Some(config.region.clone()));
    spec.allow_http = allow_http;
    let b = &mut spec.builtins;
    b.use_fips = Some(config.use_fips_endpoint);
    b.use_dual_stack = Some(config.use_dualstack_endpoint);
    b.s3_force_path_style = match config.s3.addressing_style {
        AddressingStyle::Path => Some(true),
        AddressingStyle::Virtual => Some(false),
        AddressingStyle::Auto => None,
    };
    b.s3_accelerate = Some(config.s3.use_accelerate_endpoint);
    b.s3_use_global_endpoint = Some(config.s3.us_east_1_regional_endpoint == RegionalEndpoints::Legacy);
    b.sts_use_global_endpoint = Some(config.sts_regional_endpoints == RegionalEndpoints::Legacy);
    b.account_id_endpoint_mode = Some(config.account_id_endpoint_mode.as_str().to_owned());
    if let Some(url) = &config.endpoint_url {
        b.set_custom_endpoint(url, allow_http)?;
    }
    spec.retry = RetryConfig {
        mode: retry_mode(config.retry_mode),
        max_attempts: Some(config.max_attempts),
        ..RetryConfig::default()
    };
    spec.request_checksum_calculation = checksum_request(config.request_checksum_calculation);
    spec.response_checksum_validation = checksum_response(config.response_checksum_validation);
    spec.app_id.clone_from(&config.user_agent_app_id);
    spec.s3_payload_signing = config.s3.payload_signing_enabled;
    Ok(spec)
}

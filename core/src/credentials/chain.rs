//! The default credential provider chain as a sans-IO state machine.
//!
//! Order (botocore's `create_credential_resolver`, first match wins):
//!
//! 1. explicit keys (boto3's `Session(aws_access_key_id=..., aws_secret_access_key=...)`);
//! 2. environment variables — skipped when a profile is named in code, as botocore does;
//! 3. assume-role profiles (`role_arn` with `source_profile` or `credential_source`);
//! 4. web identity (`AWS_WEB_IDENTITY_TOKEN_FILE`... or the profile's `web_identity_token_file`);
//! 5. SSO (`sso_session` / legacy `sso_start_url` profiles);
//! 6. the shared credentials file's static keys;
//! 7. `credential_process`;
//! 8. the config file's static keys;
//! 9. container credentials (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` / `_FULL_URI`);
//! 10. EC2 instance metadata (IMDS).
//!
//! Which provider applies is decided from configuration alone when the chain is created; only
//! IMDS can turn out to have nothing, which ends the chain with [`Error::NoCredentials`]
//! listing what was tried. (Not implemented: botocore's `login` provider, the legacy
//! `AWS_CREDENTIAL_FILE` and `~/.boto` providers.)

use std::collections::HashMap;

use time::OffsetDateTime;

use super::flow::{Flow, Input, Need, Progress};
use super::imds::{ImdsConfig, ImdsFlow};
use super::step::{ProcessOutput, RedactedRequest, Step};
use super::sts::StsTarget;
use super::{assume_role, container::ContainerFlow, env, profile, Credentials, SecretString};
use crate::config::{self, ConfigInputs, ExplicitConfig, Profile, ProfileSet, ProfileSource, ServiceRef};
use crate::http::HttpResponse;
use crate::Error;

/// Credentials given in code. Both keys are needed; one alone is an error (botocore's
/// `PartialCredentialsError`), a session token alone is ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExplicitCredentials {
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<SecretString>,
    pub session_token: Option<SecretString>,
}

/// Everything the chain reads. Core never reads the environment, files or the clock itself.
/// `Debug` redacts secret environment values.
#[derive(Clone)]
pub struct ChainInputs<'a> {
    pub explicit: ExplicitCredentials,
    pub env: &'a HashMap<String, String>,
    pub profiles: &'a ProfileSet,
    /// A profile named in code (boto3's `Session(profile_name=...)`): environment credentials
    /// are then skipped. `AWS_PROFILE` is read from `env` otherwise.
    pub profile_name: Option<&'a str>,
    /// The client's region, for STS calls; `None` uses the configured region, else the
    /// global STS endpoint.
    pub region: Option<&'a str>,
    /// The home directory for `~/.aws/sso/cache`; `None` derives it from `env`.
    pub home_dir: Option<&'a str>,
    pub now: OffsetDateTime,
}

impl std::fmt::Debug for ChainInputs<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChainInputs")
            .field("explicit", &self.explicit)
            .field("env", &config::env::RedactedEnv(self.env))
            .field("profiles", self.profiles)
            .field("profile_name", &self.profile_name)
            .field("region", &self.region)
            .field("now", &self.now)
            .finish_non_exhaustive()
    }
}

impl<'a> ChainInputs<'a> {
    /// Inputs with no explicit keys, profile, region or home directory.
    pub fn new(env: &'a HashMap<String, String>, profiles: &'a ProfileSet, now: OffsetDateTime) -> Self {
        Self {
            explicit: ExplicitCredentials::default(),
            env,
            profiles,
            profile_name: None,
            region: None,
            home_dir: None,
            now,
        }
    }
}

/// What planning needs, shared by the provider modules.
pub(crate) struct PlanContext<'a> {
    pub env: &'a HashMap<String, String>,
    pub profiles: &'a ProfileSet,
    /// The selected profile, when it exists.
    pub scoped: Option<&'a Profile>,
    pub explicit_profile: Option<&'a str>,
    pub region: Option<&'a str>,
    pub home_dir: Option<String>,
    pub now: OffsetDateTime,
}

impl std::fmt::Debug for PlanContext<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlanContext")
            .field("env", &config::env::RedactedEnv(self.env))
            .field("scoped", &self.scoped)
            .field("explicit_profile", &self.explicit_profile)
            .field("region", &self.region)
            .finish_non_exhaustive()
    }
}

impl PlanContext<'_> {
    /// Where STS calls go: the client region (or the configured one), the profile's
    /// `sts_regional_endpoints`, and any configured STS endpoint URL.
    pub fn sts(&self) -> Result<StsTarget, Error> {
        let explicit = ExplicitConfig::default();
        let inputs = ConfigInputs {
            explicit: &explicit,
            env: self.env,
            profiles: self.profiles,
            profile_name: self.explicit_profile,
        };
        let config = inputs.resolve(ServiceRef { endpoint_prefix: "sts", service_id: "STS" })?;
        let region = self.region.unwrap_or(&config.region);
        Ok(StsTarget::new(Some(region), config.sts_regional_endpoints, config.endpoint_url))
    }
}

/// The providers considered, for the `NoCredentials` message.
const TRIED: &str = "explicit keys, environment variables, assume-role profile, web identity, SSO, \
                     shared credentials file, credential_process, config file, container credentials, \
                     instance metadata";

fn explicit_credentials(explicit: &ExplicitCredentials) -> Result<Option<Credentials>, Error> {
    match (&explicit.access_key_id, &explicit.secret_access_key) {
        (Some(key), Some(secret)) => Ok(Some(Credentials {
            access_key_id: key.clone(),
            secret_access_key: secret.clone(),
            session_token: explicit.session_token.clone(),
            expiration: None,
            provider: "explicit",
        })),
        (Some(_), None) => Err(env::partial("explicit", "aws_secret_access_key")),
        (None, Some(_)) => Err(env::partial("explicit", "aws_access_key_id")),
        (None, None) => Ok(None),
    }
}

/// Picks the provider; `Ok(None)` when none applies.
fn plan(inputs: &ChainInputs<'_>) -> Result<Option<Flow>, Error> {
    let (name, source) = config::select_profile(inputs.profile_name, inputs.env);
    let scoped = config::scoped_profile(inputs.profiles, inputs.profile_name, inputs.env)?;
    let ctx = PlanContext {
        env: inputs.env,
        profiles: inputs.profiles,
        scoped,
        explicit_profile: inputs.profile_name,
        region: inputs.region,
        home_dir: inputs.home_dir.map(str::to_owned).or_else(|| config::home_dir(inputs.env)),
        now: inputs.now,
    };
    if let Some(c) = explicit_credentials(&inputs.explicit)? {
        return Ok(Some(Flow::Ready(c)));
    }
    let env_enabled = source != ProfileSource::Explicit;
    if env_enabled {
        if let Some(c) = env::credentials(inputs.env)? {
            return Ok(Some(Flow::Ready(c)));
        }
    }
    if scoped.is_some_and(assume_role::has_role) {
        return assume_role::plan(&ctx, name).map(Some);
    }
    if let Some(flow) = profile::profile_flow(&ctx, name, env_enabled)? {
        return Ok(Some(flow));
    }
    if let Some(flow) = ContainerFlow::from_env(inputs.env) {
        return flow.map(|f| Some(Flow::Container(f)));
    }
    Ok(ImdsConfig::resolve(inputs.env, scoped)?.map(|c| Flow::Imds(ImdsFlow::new(c))))
}

#[derive(Debug)]
enum State {
    Running(Box<Flow>),
    Finished(Result<Credentials, Error>),
}

/// The default credential chain, driven by its caller.
///
/// Contract: call [`CredentialChain::poll`] until it returns [`Step::Done`] or
/// [`Step::Failed`]. After a `Need*` step, do what it asks and report the result with the
/// matching `handle_*` method before polling again: `NeedHttp` → [`handle_response`] or
/// [`handle_transport_error`]; `NeedFile` → [`handle_file`]; `NeedProcess` →
/// [`handle_process_output`]; `NeedMfaCode` → [`handle_mfa_code`]. Polling again without
/// handling returns the same step; a `handle_*` call that does not answer the pending step
/// fails the chain. Terminal steps repeat on further polls.
///
/// [`handle_response`]: CredentialChain::handle_response
/// [`handle_transport_error`]: CredentialChain::handle_transport_error
/// [`handle_file`]: CredentialChain::handle_file
/// [`handle_process_output`]: CredentialChain::handle_process_output
/// [`handle_mfa_code`]: CredentialChain::handle_mfa_code
pub struct CredentialChain {
    provider: Option<&'static str>,
    state: State,
    awaiting: Option<Need>,
}

impl CredentialChain {
    /// Chooses the provider from `inputs` (no I/O happens here).
    pub fn new(inputs: ChainInputs<'_>) -> Self {
        let state = match plan(&inputs) {
            Ok(Some(flow)) => State::Running(Box::new(flow)),
            Ok(None) => State::Finished(Err(no_credentials("instance metadata is disabled"))),
            Err(e) => State::Finished(Err(e)),
        };
        let provider = match &state {
            State::Running(flow) => Some(flow.provider()),
            State::Finished(_) => None,
        };
        Self { provider, state, awaiting: None }
    }

    /// The provider the chain chose (botocore's method name: `env`, `assume-role`, `sso`,
    /// `shared-credentials-file`, `iam-role`...), `None` when none applied.
    pub fn provider(&self) -> Option<&'static str> {
        self.provider
    }

    /// The next step. See the type's documentation for the call order.
    pub fn poll(&mut self) -> Step {
        if let Some(need) = &self.awaiting {
            return step_for(need.clone());
        }
        let flow = match &mut self.state {
            State::Finished(Ok(c)) => return Step::Done(c.clone()),
            State::Finished(Err(e)) => return Step::Failed(e.clone()),
            State::Running(flow) => flow,
        };
        let outcome = match flow.poll() {
            Progress::Need(need) => {
                self.awaiting = Some(need.clone());
                return step_for(need);
            }
            Progress::Done(c) => Ok(c),
            Progress::Failed(e) => Err(e),
            Progress::Unavailable(why) => Err(no_credentials(&why)),
        };
        self.state = State::Finished(outcome);
        self.poll()
    }

    /// The answer to [`Step::NeedHttp`].
    pub fn handle_response(&mut self, response: HttpResponse) {
        self.answer(Input::Response(response));
    }

    /// The transport could not complete [`Step::NeedHttp`] (connection refused, timeout...).
    pub fn handle_transport_error(&mut self, error: impl Into<String>) {
        self.answer(Input::TransportError(error.into()));
    }

    /// The answer to [`Step::NeedFile`]: the file's text, `None` when it cannot be read.
    pub fn handle_file(&mut self, contents: Option<String>) {
        self.answer(Input::File(contents));
    }

    /// The answer to [`Step::NeedProcess`].
    pub fn handle_process_output(&mut self, output: ProcessOutput) {
        self.answer(Input::Process(output));
    }

    /// The answer to [`Step::NeedMfaCode`].
    pub fn handle_mfa_code(&mut self, code: impl Into<String>) {
        self.answer(Input::MfaCode(code.into()));
    }

    fn answer(&mut self, input: Input) {
        let Some(need) = self.awaiting.take() else {
            if let State::Running(_) = self.state {
                self.state = State::Finished(Err(super::flow::unexpected(&input)));
            }
            return;
        };
        match &mut self.state {
            State::Running(flow) if need.accepts(&input) => flow.handle(input),
            State::Running(_) => self.state = State::Finished(Err(super::flow::unexpected(&input))),
            State::Finished(_) => {}
        }
    }
}

impl std::fmt::Debug for CredentialChain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match &self.state {
            State::Running(_) => "running",
            State::Finished(Ok(_)) => "done",
            State::Finished(Err(_)) => "failed",
        };
        let awaiting = self.awaiting.as_ref().map(|n| match n {
            Need::Http(call) => format!("{:?}", RedactedRequest(&call.request)),
            Need::File(r) => format!("{r:?}"),
            Need::Process(r) => format!("{r:?}"),
            Need::MfaCode(serial) => format!("MFA code for {serial}"),
        });
        f.debug_struct("CredentialChain")
            .field("provider", &self.provider)
            .field("state", &state)
            .field("awaiting", &awaiting)
            .finish()
    }
}

fn step_for(need: Need) -> Step {
    match need {
        Need::Http(call) => {
            let super::flow::HttpCall { request, sign_with, timeout } = *call;
            Step::NeedHttp { request, sign_with, timeout }
        }
        Need::File(r) => Step::NeedFile(r),
        Need::Process(r) => Step::NeedProcess(r),
        Need::MfaCode(mfa_serial) => Step::NeedMfaCode { mfa_serial },
    }
}

fn no_credentials(why: &str) -> Error {
    Error::NoCredentials(format!("tried {TRIED}; {why}"))
}

//! botocore's `AssumeRoleProvider`: profiles with `role_arn`, whose source credentials come
//! from `source_profile` (possibly another role, forming a chain) or `credential_source`
//! (`Environment`, `EcsContainer`, `Ec2InstanceMetadata`).
//!
//! Planning walks the `source_profile` links with botocore's cycle rule: a profile already
//! visited is an infinite loop, except a profile naming itself that also holds static keys.
//! Running assumes the innermost role first, each `AssumeRole` signed with the previous
//! credentials. `mfa_serial` makes the chain ask for a code ([`Need::MfaCode`]);
//! `role_session_name` defaults to `botocore-session-<unix seconds>` of the passed-in `now`;
//! an unreadable `duration_seconds` is ignored, as botocore does.

use super::chain::PlanContext;
use super::container::ContainerFlow;
use super::flow::{unexpected, Flow, Input, Need, Progress};
use super::imds::{ImdsConfig, ImdsFlow};
use super::profile::{has_static_keys, profile_flow};
use super::step::SignWith;
use super::sts::{self, AssumeRoleParams, StsTarget};
use super::web_identity::default_session_name;
use super::{env, Credentials};
use crate::config::Profile;
use crate::Error;

/// The provider's name.
pub(crate) const PROVIDER: &str = "assume-role";

/// True when `profile` configures a role for this provider (botocore ignores profiles with a
/// `web_identity_token_file`: those belong to the web identity provider).
pub(crate) fn has_role(profile: &Profile) -> bool {
    profile.contains("role_arn") && !profile.contains("web_identity_token_file")
}

fn config_error(message: String) -> Error {
    Error::Config(message)
}

fn source_error(source: &str, profile: &str) -> Error {
    Error::NoCredentials(format!(
        "Error when retrieving credentials from {source}: No credentials found in credential_source referenced in profile {profile}"
    ))
}

enum Source<'a> {
    Profile(&'a str),
    Named(&'a str),
}

/// The role settings of `name`, and where its source credentials come from.
fn role_config<'a>(
    ctx: &PlanContext<'a>,
    name: &str,
    profile: &'a Profile,
) -> Result<(AssumeRoleParams, Source<'a>), Error> {
    let role_arn = profile.get("role_arn").unwrap_or_default().to_owned();
    let params = AssumeRoleParams {
        role_arn,
        role_session_name: profile
            .get("role_session_name")
            .map_or_else(|| default_session_name(ctx.now), str::to_owned),
        external_id: profile.get("external_id").map(str::to_owned),
        mfa_serial: profile.get("mfa_serial").map(str::to_owned),
        duration_seconds: profile.get("duration_seconds").and_then(|d| d.trim().parse().ok()),
    };
    let source = match (profile.get("source_profile"), profile.get("credential_source")) {
        (Some(_), Some(_)) => {
            return Err(config_error(format!(
                "The profile \"{name}\" contains both source_profile and credential_source."
            )))
        }
        (None, None) => return Err(env::partial(PROVIDER, "source_profile or credential_source")),
        (Some(source), None) => Source::Profile(source),
        (None, Some(named)) => Source::Named(named),
    };
    Ok((params, source))
}

/// botocore's `_validate_source_profile`.
fn check_source_profile<'a>(
    ctx: &PlanContext<'a>,
    parent: &str,
    source: &str,
    visited: &[&str],
) -> Result<&'a Profile, Error> {
    let profile = ctx.profiles.profile(source).ok_or_else(|| {
        config_error(format!("The source_profile \"{source}\" referenced in the profile \"{parent}\" does not exist."))
    })?;
    let self_reference_ok = source == parent && has_static_keys(profile);
    if visited.contains(&source) && !self_reference_ok {
        return Err(config_error(format!(
            "Infinite loop in credential configuration detected. Attempting to load from profile {source} \
             which has already been visited. Visited profiles: {visited:?}"
        )));
    }
    Ok(profile)
}

/// The flow for `credential_source`, and the text of its "no credentials" error.
fn named_source(ctx: &PlanContext<'_>, named: &str, profile: &str) -> Result<Flow, Error> {
    let missing = || source_error(named, profile);
    match named {
        "Environment" => env::credentials(ctx.env)?.map(Flow::Ready).ok_or_else(missing),
        "EcsContainer" => Ok(Flow::Container(ContainerFlow::from_env(ctx.env).ok_or_else(missing)??)),
        "Ec2InstanceMetadata" => {
            let config = ImdsConfig::resolve(ctx.env, ctx.scoped)?.ok_or_else(missing)?;
            Ok(Flow::Imds(ImdsFlow::new(config)))
        }
        other => Err(config_error(format!(
            "The credential source \"{other}\" referenced in profile \"{profile}\" is not valid."
        ))),
    }
}

/// Plans the role chain starting at profile `name` (which has a role: see [`has_role`]).
pub(crate) fn plan(ctx: &PlanContext<'_>, name: &str) -> Result<Flow, Error> {
    let mut roles = Vec::new();
    let mut visited = vec![name];
    let mut current = name;
    let (base, label) = loop {
        let profile = ctx.profiles.profile(current).ok_or_else(|| crate::config::profile_not_found(current))?;
        let (params, source) = role_config(ctx, current, profile)?;
        roles.push(params);
        let source_name = match source {
            Source::Named(named) => break (named_source(ctx, named, current)?, source_error(named, current)),
            Source::Profile(source_name) => source_name,
        };
        let source_profile = check_source_profile(ctx, current, source_name, &visited)?;
        visited.push(source_name);
        if has_static_keys(source_profile) || !has_role(source_profile) {
            let flow = profile_flow(ctx, source_name, false)?
                .ok_or_else(|| config_error(format!("The source profile \"{source_name}\" must have credentials.")))?;
            break (flow, source_error(source_name, current));
        }
        current = source_name;
    };
    roles.reverse();
    let sts = ctx.sts()?;
    Ok(Flow::AssumeRole(Box::new(AssumeRoleFlow::new(base, label, roles, sts))))
}

#[derive(Debug)]
enum State {
    Running,
    AwaitingMfa,
    AwaitingSts,
    Finished(Result<Credentials, Error>),
}

/// Gets the source credentials, then assumes each role in turn.
#[derive(Debug)]
pub(crate) struct AssumeRoleFlow {
    source: Flow,
    unavailable: Error,
    roles: Vec<AssumeRoleParams>,
    sts: StsTarget,
    credentials: Option<Credentials>,
    next: usize,
    mfa_code: Option<String>,
    state: State,
}

impl AssumeRoleFlow {
    fn new(source: Flow, unavailable: Error, roles: Vec<AssumeRoleParams>, sts: StsTarget) -> Self {
        Self { source, unavailable, roles, sts, credentials: None, next: 0, mfa_code: None, state: State::Running }
    }

    pub fn poll(&mut self) -> Progress {
        loop {
            match &self.state {
                State::Finished(outcome) => return outcome.clone().into(),
                State::AwaitingMfa | State::AwaitingSts => {
                    return Progress::Failed(unexpected(&Input::MfaCode(String::new())))
                }
                State::Running => {}
            }
            let Some(credentials) = &self.credentials else {
                match self.source.poll() {
                    Progress::Done(c) => self.credentials = Some(c),
                    Progress::Failed(e) => self.state = State::Finished(Err(e)),
                    Progress::Unavailable(_) => self.state = State::Finished(Err(self.unavailable.clone())),
                    need @ Progress::Need(_) => return need,
                }
                continue;
            };
            let Some(role) = self.roles.get(self.next) else {
                let mut done = credentials.clone();
                done.provider = PROVIDER;
                self.state = State::Finished(Ok(done));
                continue;
            };
            if let (Some(serial), None) = (&role.mfa_serial, &self.mfa_code) {
                let serial = serial.clone();
                self.state = State::AwaitingMfa;
                return Progress::Need(Need::MfaCode(serial));
            }
            let request = sts::assume_role_request(&self.sts, role, self.mfa_code.as_deref());
            let sign_with = SignWith {
                credentials: credentials.clone(),
                region: self.sts.signing_region.clone(),
                service: "sts".to_owned(),
            };
            self.state = State::AwaitingSts;
            return Progress::Need(Need::http_with(request, Some(sign_with), None));
        }
    }

    pub fn handle(&mut self, input: Input) {
        if self.credentials.is_none() {
            return self.source.handle(input);
        }
        self.state = match (&self.state, input) {
            (State::AwaitingMfa, Input::MfaCode(code)) => {
                self.mfa_code = Some(code);
                State::Running
            }
            (State::AwaitingSts, Input::Response(response)) => match sts::parse_credentials(&response, PROVIDER) {
                Ok(c) => {
                    self.credentials = Some(c);
                    self.next += 1;
                    self.mfa_code = None;
                    State::Running
                }
                Err(e) => State::Finished(Err(e)),
            },
            (State::AwaitingSts, Input::TransportError(e)) => State::Finished(Err(Error::Transport(e))),
            (_, other) => State::Finished(Err(unexpected(&other))),
        };
    }
}

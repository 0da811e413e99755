//! The contract between [`super::CredentialChain`] and each provider's state machine.
//!
//! A provider flow is polled until it returns something other than [`Progress::Need`]. After
//! a `Need`, the chain calls [`Flow::handle`] exactly once, with the matching [`Input`], before
//! polling again (the chain enforces this; flows may rely on it).

use std::time::Duration;

use super::assume_role::AssumeRoleFlow;
use super::container::ContainerFlow;
use super::imds::ImdsFlow;
use super::process::ProcessFlow;
use super::sso::SsoFlow;
use super::step::{FileRequest, ProcessOutput, ProcessRequest, SignWith};
use super::web_identity::WebIdentityFlow;
use super::Credentials;
use crate::http::{HttpRequest, HttpResponse};
use crate::Error;

/// An HTTP call a flow needs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HttpCall {
    pub request: HttpRequest,
    pub sign_with: Option<SignWith>,
    pub timeout: Option<Duration>,
}

/// Something a flow needs from the outside world.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Need {
    Http(Box<HttpCall>),
    File(FileRequest),
    Process(ProcessRequest),
    MfaCode(String),
}

impl Need {
    /// An HTTP request sent unsigned with the transport's default timeout.
    pub fn http(request: HttpRequest) -> Self {
        Self::Http(Box::new(HttpCall { request, sign_with: None, timeout: None }))
    }

    /// An HTTP request with a signing instruction and a timeout hint.
    pub fn http_with(request: HttpRequest, sign_with: Option<SignWith>, timeout: Option<Duration>) -> Self {
        Self::Http(Box::new(HttpCall { request, sign_with, timeout }))
    }

    /// True when `input` answers this need.
    pub fn accepts(&self, input: &Input) -> bool {
        matches!(
            (self, input),
            (Self::Http(_), Input::Response(_) | Input::TransportError(_))
                | (Self::File(_), Input::File(_))
                | (Self::Process(_), Input::Process(_))
                | (Self::MfaCode(_), Input::MfaCode(_))
        )
    }
}

/// The caller's answer to a [`Need`].
#[derive(Debug)]
pub(crate) enum Input {
    Response(HttpResponse),
    TransportError(String),
    File(Option<String>),
    Process(ProcessOutput),
    MfaCode(String),
}

/// Where a flow stands.
#[derive(Debug)]
pub(crate) enum Progress {
    Done(Credentials),
    Failed(Error),
    /// The provider has no credentials here (only IMDS: not on EC2, or no role attached).
    Unavailable(String),
    Need(Need),
}

impl From<Result<Credentials, Error>> for Progress {
    fn from(result: Result<Credentials, Error>) -> Self {
        match result {
            Ok(c) => Self::Done(c),
            Err(e) => Self::Failed(e),
        }
    }
}

/// The error for an input a flow did not ask for (the chain prevents it).
pub(crate) fn unexpected(input: &Input) -> Error {
    let kind = match input {
        Input::Response(_) => "an HTTP response",
        Input::TransportError(_) => "a transport error",
        Input::File(_) => "file contents",
        Input::Process(_) => "process output",
        Input::MfaCode(_) => "an MFA code",
    };
    Error::Config(format!("credential provider received {kind} it did not ask for"))
}

/// One provider's state machine.
#[derive(Debug)]
pub(crate) enum Flow {
    /// Credentials known without I/O (explicit, environment, files' static keys).
    Ready(Credentials),
    AssumeRole(Box<AssumeRoleFlow>),
    WebIdentity(WebIdentityFlow),
    Sso(SsoFlow),
    Process(ProcessFlow),
    Container(ContainerFlow),
    Imds(ImdsFlow),
}

impl Flow {
    /// The provider's name (botocore's `method`).
    pub fn provider(&self) -> &'static str {
        match self {
            Self::Ready(c) => c.provider,
            Self::AssumeRole(_) => "assume-role",
            Self::WebIdentity(_) => "assume-role-with-web-identity",
            Self::Sso(_) => "sso",
            Self::Process(_) => "custom-process",
            Self::Container(_) => "container-role",
            Self::Imds(_) => "iam-role",
        }
    }

    pub fn poll(&mut self) -> Progress {
        match self {
            Self::Ready(c) => Progress::Done(c.clone()),
            Self::AssumeRole(f) => f.poll(),
            Self::WebIdentity(f) => f.poll(),
            Self::Sso(f) => f.poll(),
            Self::Process(f) => f.poll(),
            Self::Container(f) => f.poll(),
            Self::Imds(f) => f.poll(),
        }
    }

    pub fn handle(&mut self, input: Input) {
        match self {
            Self::Ready(_) => {}
            Self::AssumeRole(f) => f.handle(input),
            Self::WebIdentity(f) => f.handle(input),
            Self::Sso(f) => f.handle(input),
            Self::Process(f) => f.handle(input),
            Self::Container(f) => f.handle(input),
            Self::Imds(f) => f.handle(input),
        }
    }
}

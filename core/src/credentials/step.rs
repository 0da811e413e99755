//! What the credential chain asks its caller to do, and the answers the caller gives.

use std::fmt;
use std::time::Duration;

use super::Credentials;
use crate::http::HttpRequest;
use crate::Error;

/// Headers whose values are credentials: never printed.
const SECRET_HEADERS: &[&str] =
    &["authorization", "x-amz-security-token", "x-amz-sso_bearer_token", "x-aws-ec2-metadata-token"];

/// "Sign this request with SigV4 before sending it."
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignWith {
    pub credentials: Credentials,
    pub region: String,
    /// The signing name (`sts`).
    pub service: String,
}

/// Why the chain wants a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilePurpose {
    /// `AWS_WEB_IDENTITY_TOKEN_FILE` / `web_identity_token_file`.
    WebIdentityToken,
    /// `~/.aws/sso/cache/<sha1>.json`.
    SsoTokenCache,
    /// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`.
    ContainerAuthorizationToken,
}

/// A file to read, whole, as UTF-8 text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRequest {
    pub path: String,
    pub purpose: FilePurpose,
}

/// A `credential_process` to run (native callers only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessRequest {
    /// The profile's `credential_process` value, as written.
    pub command_line: String,
    /// The same split POSIX-shell style (botocore's `compat_shell_split` on non-Windows):
    /// program first. Run it without a shell.
    pub argv: Vec<String>,
}

/// What a finished `credential_process` produced.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct ProcessOutput {
    /// The exit code; `None` when the process was killed by a signal or could not start.
    pub status: Option<i32>,
    /// Standard output: the credentials JSON. Never printed by `Debug`.
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl fmt::Debug for ProcessOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProcessOutput")
            .field("status", &self.status)
            .field("stdout", &format_args!("{} bytes, redacted", self.stdout.len()))
            .field("stderr", &String::from_utf8_lossy(&self.stderr))
            .finish()
    }
}

/// The next thing the caller must do for a [`super::CredentialChain`].
#[derive(Clone, PartialEq)]
pub enum Step {
    /// Credentials were found. The chain is finished.
    Done(Credentials),
    /// The chain failed. The chain is finished.
    Failed(Error),
    /// Send `request` (after SigV4-signing it when `sign_with` is set) and report the answer
    /// with `handle_response`, or a transport failure with `handle_transport_error`.
    /// `timeout` is the time limit botocore uses for this call (1 s for IMDS, 2 s for
    /// container credentials), `None` for the transport's default.
    NeedHttp { request: HttpRequest, sign_with: Option<SignWith>, timeout: Option<Duration> },
    /// Read this file and report its text with `handle_file` (`None` when it cannot be read).
    NeedFile(FileRequest),
    /// Run this process and report what it produced with `handle_process_output`.
    NeedProcess(ProcessRequest),
    /// The role to assume requires an MFA code for `mfa_serial`: ask the user, then call
    /// `handle_mfa_code`. Callers that cannot ask should treat this as a failure.
    NeedMfaCode { mfa_serial: String },
}

impl fmt::Debug for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Done(c) => f.debug_tuple("Done").field(c).finish(),
            Self::Failed(e) => f.debug_tuple("Failed").field(e).finish(),
            Self::NeedHttp { request, sign_with, timeout } => f
                .debug_struct("NeedHttp")
                .field("request", &RedactedRequest(request))
                .field("sign_with", sign_with)
                .field("timeout", timeout)
                .finish(),
            Self::NeedFile(r) => f.debug_tuple("NeedFile").field(r).finish(),
            Self::NeedProcess(r) => f.debug_tuple("NeedProcess").field(r).finish(),
            Self::NeedMfaCode { mfa_serial } => f.debug_struct("NeedMfaCode").field("mfa_serial", mfa_serial).finish(),
        }
    }
}

/// `Debug` for a request with credential headers hidden.
pub(crate) struct RedactedRequest<'a>(pub &'a HttpRequest);

impl fmt::Debug for RedactedRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .0
            .headers
            .iter()
            .map(|(name, value)| {
                let secret = SECRET_HEADERS.iter().any(|s| s.eq_ignore_ascii_case(name));
                (name, if secret { "** redacted **" } else { value })
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.0.method)
            .field("url", &self.0.url)
            .field("headers", &headers)
            .field("body", &self.0.body)
            .finish()
    }
}

//! The session and client options a command runs with, made from the global options.

use std::time::Duration;

use stratus::{ClientOptions, Config, Session};

use crate::args::GlobalArgs;
use crate::errors::CliError;

/// What `--no-verify-ssl` answers.
const NO_VERIFY_SSL_REFUSED: &str = "--no-verify-ssl is refused: Stratus never turns off TLS certificate \
verification, since anyone on the network path could then read your credentials and data.\n\
For a local server (moto, MinIO, LocalStack) use plain HTTP, which is allowed when asked for \
explicitly: --endpoint-url http://127.0.0.1:PORT. For a server with a private certificate \
authority, put a certificate from a publicly trusted authority in front of it.";

/// "No limit" for a timeout given as 0 (aws-cli's meaning): one year.
const NO_TIMEOUT: Duration = Duration::from_secs(365 * 24 * 3600);

/// A session plus the per-client options every client of this command gets.
#[derive(Debug)]
pub struct Context {
    pub globals: GlobalArgs,
    session: Session,
    options: ClientOptions,
}

impl Context {
    /// Builds the session (profile, region, credentials chain) and client options.
    /// Fails on `--no-verify-ssl` and on a profile that does not exist.
    pub fn new(globals: GlobalArgs) -> Result<Self, CliError> {
        if globals.no_verify_ssl {
            return Err(CliError::usage(NO_VERIFY_SSL_REFUSED));
        }
        let mut builder = Session::builder();
        if let Some(profile) = &globals.profile {
            builder = builder.profile_name(profile);
        }
        if let Some(region) = &globals.region {
            builder = builder.region_name(region);
        }
        let session = builder.build()?;
        let options = client_options(&globals);
        Ok(Self { globals, session, options })
    }

    /// A blocking client for `service` (its botocore name).
    pub fn client(&self, service: &str) -> Result<stratus::blocking::Client, CliError> {
        Ok(self.session.blocking_client(service, &self.options)?)
    }

    /// The region clients use, if one is configured.
    pub fn region(&self) -> Option<String> {
        self.session.region_name().ok().flatten()
    }
}

/// A timeout option in seconds (0: no limit).
fn timeout(seconds: Option<u64>) -> Option<Duration> {
    seconds.map(|s| if s == 0 { NO_TIMEOUT } else { Duration::from_secs(s) })
}

/// True when `AWS_ENDPOINT_URL` or an `AWS_ENDPOINT_URL_<SERVICE>` variable is set to a
/// plain `http://` URL.
fn http_endpoint_in_environment() -> bool {
    std::env::vars_os().any(|(name, value)| {
        name.to_str().is_some_and(|n| n.starts_with("AWS_ENDPOINT_URL"))
            && value.to_str().is_some_and(|v| v.trim().starts_with("http://"))
    })
}

/// Endpoint and timeouts from the global options; everything else comes from the
/// environment and the profile, as with boto3. Plain HTTP is allowed for an endpoint
/// the user named explicitly: `--endpoint-url`, or `AWS_ENDPOINT_URL[_<SERVICE>]`.
fn client_options(globals: &GlobalArgs) -> ClientOptions {
    let config = Config {
        endpoint_url: globals.endpoint_url.clone(),
        connect_timeout: timeout(globals.cli_connect_timeout),
        read_timeout: timeout(globals.cli_read_timeout),
        ..Config::default()
    };
    let allow_http = match globals.endpoint_url.as_deref() {
        Some(url) => url.starts_with("http://"),
        None => http_endpoint_in_environment(),
    };
    ClientOptions { config, allow_http }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_verify_ssl_is_refused_with_advice() {
        let globals = GlobalArgs { no_verify_ssl: true, ..GlobalArgs::default() };
        let Err(CliError::Usage(message)) = Context::new(globals) else {
            panic!("--no-verify-ssl must be refused");
        };
        assert!(message.contains("--endpoint-url http://"));
    }

    #[test]
    fn http_is_allowed_only_for_an_explicit_http_endpoint() {
        let globals = GlobalArgs { endpoint_url: Some("http://127.0.0.1:1".into()), ..GlobalArgs::default() };
        assert!(client_options(&globals).allow_http);
        let https = GlobalArgs { endpoint_url: Some("https://example.com".into()), ..GlobalArgs::default() };
        assert!(!client_options(&https).allow_http);
    }

    #[test]
    fn zero_means_no_timeout() {
        assert_eq!(timeout(Some(0)), Some(NO_TIMEOUT));
        assert_eq!(timeout(Some(5)), Some(Duration::from_secs(5)));
        assert_eq!(timeout(None), None);
    }
}

//! Credentials for clients: fixed keys, or boto3's provider chain run by core's
//! [`CredentialChain`] with this crate doing the I/O it asks for (HTTP through the client's
//! transport, files, `credential_process`), cached and refreshed ahead of expiry.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use stratus_core::config::ProfileSet;
use stratus_core::credentials::{
    CacheState, ChainInputs, CredentialChain, Credentials, CredentialsCache, ExplicitCredentials, Step,
};
use stratus_core::transport::Transport;
use stratus_core::Error;

/// Where a client's credentials come from. Cloning shares the cache, so every client of a
/// session refreshes once.
#[derive(Clone, Debug)]
pub struct CredentialsProvider {
    inner: Arc<Inner>,
}

#[derive(Debug)]
enum Source {
    Fixed(Credentials),
    Chain(Box<ChainConfig>),
}

/// What the chain reads, captured when the session was made. `Debug` redacts secrets.
#[derive(Clone)]
pub(crate) struct ChainConfig {
    pub explicit: ExplicitCredentials,
    pub env: HashMap<String, String>,
    pub profiles: ProfileSet,
    pub profile_name: Option<String>,
    pub region: Option<String>,
}

impl std::fmt::Debug for ChainConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChainConfig")
            .field("explicit", &self.explicit)
            .field("env", &stratus_core::config::env::RedactedEnv(&self.env))
            .field("profiles", &self.profiles)
            .field("profile_name", &self.profile_name)
            .field("region", &self.region)
            .finish()
    }
}

#[derive(Debug)]
struct Inner {
    source: Source,
    cache: Mutex<CredentialsCache>,
}

impl CredentialsProvider {
    /// Always these credentials (no refresh).
    pub fn fixed(credentials: Credentials) -> Self {
        Self::from_source(Source::Fixed(credentials))
    }

    pub(crate) fn chain(config: ChainConfig) -> Self {
        Self::from_source(Source::Chain(Box::new(config)))
    }

    fn from_source(source: Source) -> Self {
        Self { inner: Arc::new(Inner { source, cache: Mutex::new(CredentialsCache::new()) }) }
    }

    /// Current credentials: cached ones while fresh, else the chain is run (by one caller at
    /// a time; others wait for it or keep using still-valid credentials).
    pub async fn get<T: Transport>(&self, transport: &T) -> Result<Credentials, Error> {
        let config = match &self.inner.source {
            Source::Fixed(credentials) => return Ok(credentials.clone()),
            Source::Chain(config) => config,
        };
        loop {
            let state = lock(&self.inner.cache).get(transport.now());
            match state {
                CacheState::Fresh(credentials) => return Ok(credentials),
                CacheState::RefreshInProgress => transport.sleep(Duration::from_millis(20)).await,
                CacheState::NeedsRefresh(ticket) => {
                    let result = run_chain(config, transport).await;
                    return lock(&self.inner.cache).complete(ticket, result, transport.now());
                }
            }
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Runs core's provider chain, doing the I/O each step asks for.
async fn run_chain<T: Transport>(config: &ChainConfig, transport: &T) -> Result<Credentials, Error> {
    let mut inputs = ChainInputs::new(&config.env, &config.profiles, transport.now());
    inputs.explicit = config.explicit.clone();
    inputs.profile_name = config.profile_name.as_deref();
    inputs.region = config.region.as_deref();
    let mut chain = CredentialChain::new(inputs);
    loop {
        match chain.poll() {
            Step::Done(credentials) => {
                tracing::debug!(provider = credentials.provider, "found credentials");
                return Ok(credentials);
            }
            Step::Failed(error) => return Err(error),
            Step::NeedHttp { mut request, sign_with, timeout: _ } => {
                if let Some(sign) = sign_with {
                    stratus_core::client::sign_with_default_rules(
                        &mut request,
                        &sign.credentials,
                        &sign.region,
                        &sign.service,
                        transport.now(),
                    )?;
                }
                match transport.send(request).await {
                    Ok(response) => chain.handle_response(response),
                    Err(error) => chain.handle_transport_error(error.to_string()),
                }
            }
            Step::NeedFile(file) => chain.handle_file(crate::os::read_file(&file.path)),
            Step::NeedProcess(process) => chain.handle_process_output(crate::os::run_process(&process.argv)),
            Step::NeedMfaCode { mfa_serial } => {
                return Err(Error::NoCredentials(format!(
                    "the profile's role requires an MFA code for {mfa_serial}; pass credentials explicitly"
                )))
            }
        }
    }
}

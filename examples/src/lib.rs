//! Shared set-up for the examples: a session from the usual places (environment, profile)
//! and, when `STRATUS_ENDPOINT_URL` is set (e.g. a local moto), that endpoint.

use stratus::{ClientOptions, Session};

/// The default session and client options, honouring `STRATUS_ENDPOINT_URL`.
pub fn setup() -> Result<(Session, ClientOptions), stratus::Error> {
    let session = Session::new()?;
    let options = match std::env::var("STRATUS_ENDPOINT_URL") {
        Ok(url) => ClientOptions::with_endpoint_url(url),
        Err(_) => ClientOptions::default(),
    };
    Ok((session, options))
}

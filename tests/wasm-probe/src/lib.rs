//! Links stratus-core's main entry points into a wasm32 module so that CI can list the
//! module's imports (`cargo run -p xtask -- wasm-imports ...`): a sans-IO core imports
//! nothing at all. Each export keeps one part of the core alive in the module; their
//! inputs come from the caller so nothing is constant-folded away.

use serde_json::json;
use stratus_core::client::{ClientCore, ClientSpec, PrepareOptions};
use stratus_core::credentials::Credentials;
use stratus_core::http::HttpResponse;
use stratus_core::sigv4::SigningKeyCache;

fn time(seconds: u32) -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp(i64::from(seconds)).unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

/// Loads the embedded S3 model and returns its operation count (0 on failure).
#[no_mangle]
pub extern "C" fn probe_model() -> u32 {
    stratus_core::model::embedded("s3")
        .and_then(|svc| stratus_core::model::ServiceModel::from_json(svc.service).ok())
        .map_or(0, |m| m.operations.len() as u32)
}

/// A whole S3 call in core: endpoint rules, validation, serialization, checksums, SigV4
/// signing of every attempt, response parsing and the retry decision. Returns the number
/// of bytes of the parsed output (0 on failure).
#[no_mangle]
pub extern "C" fn probe_call(now: u32, status: u32) -> u32 {
    let Ok(core) = ClientCore::new(ClientSpec::new("s3", Some("eu-west-1".into()))) else { return 0 };
    let credentials = Credentials::new("AKIDEXAMPLE", "secret", None);
    let input = json!({"Bucket": "b", "Key": format!("k{now}"), "Body": "aGVsbG8="});
    let Ok(mut call) = core.start_call("PutObject", &input, &PrepareOptions::default(), Some(credentials)) else {
        return 0;
    };
    let mut shared = stratus_core::retry::ClientRetryState::new(&core.spec().retry);
    let mut keys = SigningKeyCache::new();
    let step = call.poll(time(now), &mut shared, &mut keys);
    let response = HttpResponse { status: status as u16, ..Default::default() };
    call.handle_response(response, time(now), 0.5, &mut shared);
    let done = call.poll(time(now), &mut shared, &mut keys);
    format!("{step:?}{done:?}").len() as u32
}

/// The credential chain over an environment map and profile text, plus the config
/// resolution a session does.
#[no_mangle]
pub extern "C" fn probe_credentials(now: u32) -> u32 {
    let env = std::collections::HashMap::from([
        ("AWS_ACCESS_KEY_ID".to_owned(), format!("AKID{now}")),
        ("AWS_SECRET_ACCESS_KEY".to_owned(), "secret".to_owned()),
    ]);
    let profiles = stratus_core::config::ProfileSet::parse(Some("[default]\nregion = eu-west-1\n"), None);
    let mut chain = stratus_core::credentials::CredentialChain::new(stratus_core::credentials::ChainInputs::new(
        &env,
        &profiles,
        time(now),
    ));
    format!("{:?}", chain.poll()).len() as u32
}

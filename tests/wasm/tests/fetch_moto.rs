//! The fetch transport under `wasm-bindgen-test`, against moto. The runtime is chosen by
//! `wasm-bindgen-test-runner`: Node by default, headless Chromium with
//! `WASM_BINDGEN_USE_BROWSER=1`. `scripts/test-wasm` runs both (and workerd).
//!
//! The endpoints are baked in at compile time (a wasm test has no process environment):
//! `MOTO_URL` (required) and `STRATUS_WASM_HANG_URL` (a server that accepts connections and
//! never answers, for the timeout test). In Chromium, `MOTO_URL` points at the CORS proxy
//! in `support/servers.mjs` (see README.md for why).
#![cfg(target_arch = "wasm32")]

use stratus_wasm_tests::{run, Endpoints};
use wasm_bindgen_test::wasm_bindgen_test;

fn endpoints() -> Endpoints {
    let Some(moto) = option_env!("MOTO_URL") else {
        panic!(
            "MOTO_URL was not set when this test was compiled: run scripts/test-wasm (it starts moto), \
             or set MOTO_URL=http://127.0.0.1:PORT for cargo test --target wasm32-unknown-unknown"
        )
    };
    Endpoints { moto: moto.to_owned(), hang: option_env!("STRATUS_WASM_HANG_URL").map(str::to_owned) }
}

async fn scenario(name: &str) {
    match run(name, &endpoints()).await {
        Ok(summary) => wasm_bindgen_test::console_log!("{name}: {summary}"),
        Err(message) => panic!("{name}: {message}"),
    }
}

#[wasm_bindgen_test]
async fn s3_put_get_list() {
    scenario("s3_put_get_list").await;
}

#[wasm_bindgen_test]
async fn s3_no_such_key() {
    scenario("s3_no_such_key").await;
}

#[wasm_bindgen_test]
async fn s3_dot_segments_refused() {
    scenario("s3_dot_segments_refused").await;
}

#[wasm_bindgen_test]
async fn s3_multipart_transfer() {
    scenario("s3_multipart_transfer").await;
}

#[wasm_bindgen_test]
async fn ses_identities_and_templates() {
    scenario("ses_identities_and_templates").await;
}

#[wasm_bindgen_test]
async fn sts_caller_identity() {
    scenario("sts_caller_identity").await;
}

#[wasm_bindgen_test]
async fn timeout_aborts_and_retries() {
    scenario("timeout_aborts_and_retries").await;
}

/// Every scenario of the library has a test here (the worker runs them all by name).
#[wasm_bindgen_test]
fn every_scenario_has_a_test() {
    let tested = [
        "s3_put_get_list",
        "s3_no_such_key",
        "s3_dot_segments_refused",
        "s3_multipart_transfer",
        "ses_identities_and_templates",
        "sts_caller_identity",
        "timeout_aborts_and_retries",
    ];
    assert_eq!(stratus_wasm_tests::SCENARIOS, tested);
}

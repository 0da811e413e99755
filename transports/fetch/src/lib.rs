//! # stratus-fetch
//!
//! A [`Transport`] over the global `fetch`, for `wasm32-unknown-unknown`. It binds the
//! *global* `fetch`, `setTimeout` and `crypto.getRandomValues` (not `window.*`), so one
//! build works in a browser page, in Node (18+) and in a Cloudflare-style worker.
//! Timeouts abort the request through an `AbortController`.
//!
//! It only moves bytes: `stratus-core` makes every protocol, signing and retry decision.

use std::time::Duration;

use js_sys::{Promise, Uint8Array};
use stratus_core::http::{Body, HttpRequest, HttpResponse};
use stratus_core::transport::{Transport, TransportError, TransportErrorKind};
use time::OffsetDateTime;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &web_sys::Request) -> Promise;

    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &js_sys::Function, millis: f64) -> JsValue;

    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);

    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues, catch)]
    fn get_random_values(buf: &mut [u8]) -> Result<JsValue, JsValue>;
}

/// Options for the fetch transport.
#[derive(Debug, Clone, Copy)]
pub struct FetchOptions {
    /// Abort a request that has not completed (headers and body) within this time.
    pub timeout: Duration,
}

impl Default for FetchOptions {
    fn default() -> Self {
        Self { timeout: Duration::from_secs(60) }
    }
}

/// The fetch transport.
#[derive(Debug, Clone, Copy, Default)]
pub struct FetchTransport {
    options: FetchOptions,
}

impl FetchTransport {
    /// A transport with the given options.
    pub fn new(options: FetchOptions) -> Self {
        Self { options }
    }
}

fn js_error(kind: TransportErrorKind, value: &JsValue) -> TransportError {
    let text = value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "fetch failed".to_owned());
    TransportError::new(kind, text)
}

fn build_request(request: &HttpRequest, signal: &web_sys::AbortSignal) -> Result<web_sys::Request, TransportError> {
    let headers = web_sys::Headers::new().map_err(|e| js_error(TransportErrorKind::Other, &e))?;
    for (name, value) in request.headers.iter() {
        // The browser sets these itself and refuses them from scripts.
        if name.eq_ignore_ascii_case("host") || name.eq_ignore_ascii_case("content-length") {
            continue;
        }
        headers.append(name, value).map_err(|e| js_error(TransportErrorKind::Other, &e))?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(&request.method);
    init.set_headers(&headers);
    init.set_signal(Some(signal));
    match &request.body {
        Body::Empty => {}
        Body::Bytes(bytes) => init.set_body(&Uint8Array::from(bytes.as_slice())),
        Body::External { .. } => {
            return Err(TransportError::new(
                TransportErrorKind::Other,
                "a streaming body must be sent through the transfer API",
            ))
        }
    }
    web_sys::Request::new_with_str_and_init(&request.url, &init)
        .map_err(|e| js_error(TransportErrorKind::Other, &e))
}

async fn read_response(response: web_sys::Response) -> Result<HttpResponse, TransportError> {
    let status = response.status();
    let mut headers = stratus_core::http::Headers::new();
    let entries = js_sys::try_iter(&response.headers())
        .ok()
        .flatten()
        .ok_or_else(|| TransportError::new(TransportErrorKind::Other, "response headers are not iterable"))?;
    for entry in entries {
        let pair: js_sys::Array = entry.map_err(|e| js_error(TransportErrorKind::Other, &e))?.into();
        headers.append(pair.get(0).as_string().unwrap_or_default(), pair.get(1).as_string().unwrap_or_default());
    }
    let buffer = response.array_buffer().map_err(|e| js_error(TransportErrorKind::Other, &e))?;
    let buffer = JsFuture::from(buffer).await.map_err(|e| js_error(TransportErrorKind::ConnectionReset, &e))?;
    Ok(HttpResponse { status, headers, body: Uint8Array::new(&buffer).to_vec() })
}

impl Transport for FetchTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let controller = web_sys::AbortController::new().map_err(|e| js_error(TransportErrorKind::Other, &e))?;
        let js_request = build_request(&request, &controller.signal())?;
        let abort = Closure::once_into_js(move || controller.abort());
        let timer = set_timeout(abort.unchecked_ref(), self.options.timeout.as_millis() as f64);
        let result = async {
            let response = JsFuture::from(global_fetch(&js_request)).await.map_err(|e| {
                let aborted = e.dyn_ref::<js_sys::Error>().is_some_and(|e| e.name() == "AbortError");
                let kind = if aborted { TransportErrorKind::ReadTimeout } else { TransportErrorKind::Connect };
                js_error(kind, &e)
            })?;
            read_response(response.unchecked_into()).await
        }
        .await;
        clear_timeout(&timer);
        result
    }

    async fn sleep(&self, duration: Duration) {
        let millis = duration.as_millis() as f64;
        let promise = Promise::new(&mut |resolve, _reject| {
            set_timeout(&resolve, millis);
        });
        let _ = JsFuture::from(promise).await;
    }

    fn now(&self) -> OffsetDateTime {
        let millis = js_sys::Date::now();
        OffsetDateTime::from_unix_timestamp_nanos((millis * 1_000_000.0) as i128)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    fn fill_random(&self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(65536) {
            if get_random_values(chunk).is_err() {
                stratus_core::transport::fill_from_seed(js_sys::Date::now() as u64, chunk);
            }
        }
    }
}

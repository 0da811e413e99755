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
use stratus_core::transport::{sink_failed, streams_body, BodySink, Transport, TransportError, TransportErrorKind};
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

/// A JS value's `name` property (`"AbortError"`, `"TypeError"`...), if it has one.
fn error_name(value: &JsValue) -> Option<String> {
    js_sys::Reflect::get(value, &JsValue::from_str("name")).ok()?.as_string()
}

/// The text of a thrown JS value; for Node's `TypeError: fetch failed`, with its `cause`
/// (`ECONNREFUSED ...`), which says what actually went wrong.
fn error_text(value: &JsValue) -> String {
    let message =
        |v: &JsValue| v.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| v.as_string());
    let mut text = message(value).unwrap_or_else(|| "fetch failed".to_owned());
    let cause = js_sys::Reflect::get(value, &JsValue::from_str("cause")).ok();
    if let Some(cause) = cause.as_ref().and_then(message) {
        text = format!("{text}: {cause}");
    }
    text
}

fn js_error(kind: TransportErrorKind, value: &JsValue) -> TransportError {
    TransportError::new(kind, error_text(value))
}

/// A failed `fetch()` or body read: aborted by our timer is a timeout; otherwise `failed`.
fn fetch_error(value: &JsValue, failed: TransportErrorKind) -> TransportError {
    let aborted = matches!(error_name(value).as_deref(), Some("AbortError" | "TimeoutError"));
    js_error(if aborted { TransportErrorKind::ReadTimeout } else { failed }, value)
}

/// The `web_sys::Request` for `request`, aborted by `signal`.
fn build_request(request: &HttpRequest, signal: &web_sys::AbortSignal) -> Result<web_sys::Request, TransportError> {
    let headers = web_sys::Headers::new().map_err(|e| js_error(TransportErrorKind::Other, &e))?;
    for (name, value) in request.headers.iter() {
        // The browser sets these itself and refuses them from scripts (Node's fetch throws
        // on `expect`: it cannot wait for 100 Continue).
        if ["host", "content-length", "expect"].iter().any(|h| name.eq_ignore_ascii_case(h)) {
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
        Body::Shared(bytes) => init.set_body(&Uint8Array::from(&bytes[..])),
        Body::External { .. } => {
            return Err(TransportError::new(
                TransportErrorKind::Other,
                "a streaming body must be sent through the transfer API",
            ))
        }
    }
    web_sys::Request::new_with_str_and_init(&request.url, &init).map_err(|e| js_error(TransportErrorKind::Other, &e))
}

/// The status and headers of `response`, with an empty body.
fn read_head(response: &web_sys::Response) -> Result<HttpResponse, TransportError> {
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
    Ok(HttpResponse { status, headers, body: Vec::new() })
}

/// The whole body of `response`.
async fn read_body(response: &web_sys::Response) -> Result<Vec<u8>, TransportError> {
    let buffer = response.array_buffer().map_err(|e| js_error(TransportErrorKind::Other, &e))?;
    let buffer = JsFuture::from(buffer).await.map_err(|e| fetch_error(&e, TransportErrorKind::ConnectionReset))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Hands the body of `response` to `sink` chunk by chunk, as the stream's reader delivers
/// it. A sink that refuses bytes cancels the stream.
async fn stream_body(response: &web_sys::Response, sink: &mut (dyn BodySink + Send)) -> Result<(), TransportError> {
    let Some(stream) = response.body() else { return Ok(()) };
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let field = |object: &JsValue, name: &str| js_sys::Reflect::get(object, &JsValue::from_str(name));
    let mut chunk = Vec::new();
    loop {
        let next =
            JsFuture::from(reader.read()).await.map_err(|e| fetch_error(&e, TransportErrorKind::ConnectionReset))?;
        let done = field(&next, "done").map_err(|e| js_error(TransportErrorKind::Other, &e))?;
        if done.is_truthy() {
            return Ok(());
        }
        let value: Uint8Array =
            field(&next, "value").map_err(|e| js_error(TransportErrorKind::Other, &e))?.unchecked_into();
        chunk.resize(value.length() as usize, 0);
        value.copy_to(&mut chunk);
        if let Err(error) = sink.write(&chunk) {
            let _ = reader.cancel();
            return Err(sink_failed(&error));
        }
    }
}

impl FetchTransport {
    /// One exchange under the timeout: a 2xx body goes to `sink` when there is one, any
    /// other body is read whole.
    async fn exchange(
        &self,
        request: HttpRequest,
        sink: Option<&mut (dyn BodySink + Send)>,
    ) -> Result<HttpResponse, TransportError> {
        if request.has_dot_segments() {
            return Err(TransportError::new(
                TransportErrorKind::Other,
                "the URL path has '.' or '..' segments, which fetch would remove (WHATWG URL rules)",
            ));
        }
        let controller = web_sys::AbortController::new().map_err(|e| js_error(TransportErrorKind::Other, &e))?;
        let js_request = build_request(&request, &controller.signal())?;
        // `controller.abort` bound to the controller: a plain JS function, so nothing on the
        // Rust side is leaked when the timer is cleared instead of firing.
        let abort = js_sys::Reflect::get(&controller, &JsValue::from_str("abort"))
            .map_err(|e| js_error(TransportErrorKind::Other, &e))?
            .unchecked_into::<js_sys::Function>()
            .bind0(&controller);
        let timer = set_timeout(&abort, self.options.timeout.as_millis() as f64);
        let result = async {
            let response: web_sys::Response = JsFuture::from(global_fetch(&js_request))
                .await
                .map_err(|e| fetch_error(&e, TransportErrorKind::Connect))?
                .unchecked_into();
            let mut result = read_head(&response)?;
            match sink {
                Some(sink) if streams_body(result.status) => stream_body(&response, sink).await?,
                _ => result.body = read_body(&response).await?,
            }
            Ok(result)
        }
        .await;
        clear_timeout(&timer);
        result
    }
}

impl Transport for FetchTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.exchange(request, None).await
    }

    async fn send_streaming(
        &self,
        request: HttpRequest,
        sink: &mut (dyn BodySink + Send),
    ) -> Result<HttpResponse, TransportError> {
        self.exchange(request, Some(sink)).await
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
        OffsetDateTime::from_unix_timestamp_nanos((millis * 1_000_000.0) as i128).unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    fn fill_random(&self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(65536) {
            if get_random_values(chunk).is_err() {
                stratus_core::transport::fill_from_seed(js_sys::Date::now() as u64, chunk);
            }
        }
    }
}

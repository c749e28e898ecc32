//! HTTP to the auth server: JSON in, status + headers + bytes out, cookies always included.

use super::js::{set, set_str};
use crate::error::{Error, ErrorKind, Result};
use crate::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

// One import each for what web-sys binds several times over: `fetch` of the global scope (window
// or worker: web-sys has one per scope), and `new Request(input, init)` (web-sys has one per
// type of `input` and with or without `init`; `init` may be `undefined`).
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &web_sys::Request) -> js_sys::Promise;

    #[wasm_bindgen(extends = web_sys::Request, js_name = Request)]
    type NewRequest;

    #[wasm_bindgen(catch, constructor, js_class = "Request")]
    fn new(input: &JsValue, init: &JsValue) -> core::result::Result<NewRequest, JsValue>;

    /// `new Request(url, init)`, the URL passed as Rust's string.
    #[wasm_bindgen(catch, constructor, js_class = "Request")]
    fn to(url: &str, init: &JsValue) -> core::result::Result<NewRequest, JsValue>;
}

/// `new Request(url, init)`.
pub(crate) fn request_to(
    url: &str,
    init: &JsValue,
) -> core::result::Result<web_sys::Request, JsValue> {
    NewRequest::to(url, init).map(JsCast::unchecked_into)
}

/// An `AbortSignal` that aborts after [`REQUEST_TIMEOUT_MS`].
fn timeout_signal() -> web_sys::AbortSignal {
    web_sys::AbortSignal::timeout_with_u32(REQUEST_TIMEOUT_MS)
}

/// `new Request(input, init)`: `input` a URL string or a `Request`, `init` a `RequestInit` or
/// `undefined`.
pub(crate) fn new_request(
    input: &JsValue,
    init: &JsValue,
) -> core::result::Result<web_sys::Request, JsValue> {
    NewRequest::new(input, init).map(JsCast::unchecked_into)
}

/// What came back from the auth server.
pub(crate) struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    /// The JWT from Better Auth's `set-auth-jwt` header (get-session only).
    pub auth_jwt: Option<String>,
    /// `x-retry-after` (Better Auth's 429) or `retry-after`, in seconds.
    pub retry_after_s: Option<u64>,
}

impl Reply {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The reply when its status is 2xx, else the error its body describes (server code kept).
    pub fn success(self) -> Result<Self> {
        if self.is_success() {
            Ok(self)
        } else {
            Err(crate::api::error_from_response(self.status, &self.body))
        }
    }

    /// The body as JSON, or `INVALID_RESPONSE`.
    pub fn json(&self) -> Result<crate::json::Value> {
        // Through the JSON reader the token and the JWKS use (one parser in the wasm), as
        // `serde_json::from_slice` reads.
        crate::json::parse_value(&self.body).ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidResponse,
                "the server's answer is not JSON",
            )
        })
    }
}

/// The message of a JavaScript exception or rejection (`fetch`'s `TypeError`), or its text.
fn js_message(e: &wasm_bindgen::JsValue) -> String {
    match e.dyn_ref::<js_sys::Error>() {
        Some(e) => crate::json::js_string(e),
        None => e.as_string().unwrap_or_default(),
    }
}

fn network_error(e: &wasm_bindgen::JsValue) -> Error {
    Error::new(
        ErrorKind::Network,
        ["network error: ", &js_message(e)].concat(),
    )
}

/// `INVALID_CONFIG`: the browser would not build the request (a URL it refuses).
fn cannot_build(e: &wasm_bindgen::JsValue) -> Error {
    Error::new(
        ErrorKind::InvalidConfig,
        ["cannot build the request: ", &js_message(e)].concat(),
    )
}

/// How long a request to the auth server may take before it is aborted, in ms.
pub(crate) const REQUEST_TIMEOUT_MS: u32 = 15_000;

/// Sends `method url` with an optional JSON body and the browser's cookies for that site.
///
/// A missing response (offline, CORS refusal, reset, no answer within [`REQUEST_TIMEOUT_MS`]) is
/// `NETWORK_ERROR`, never an exception.
pub(crate) async fn send(
    method: &str,
    url: &str,
    body: Option<&crate::json::Value>,
) -> Result<Reply> {
    // The init dictionary as a plain object, written like every other (web-sys's setters are an
    // import each).
    let init = js_sys::Object::new();
    set_str(&init, "method", method);
    set_str(&init, "credentials", "include");
    // A server that accepts the connection and never answers must not wedge the refresh (the
    // core's watchdog only fires after 30 s): the fetch is aborted, which reads as NETWORK_ERROR.
    set(&init, "signal", &timeout_signal());
    if let Some(b) = body {
        // Better Auth ignores a body that has no JSON content-type.
        let headers = js_sys::Object::new();
        set_str(&headers, "content-type", "application/json");
        set(&init, "headers", &headers);
        set_str(&init, "body", &b.to_json());
    }
    let request = request_to(url, &init).map_err(|e| cannot_build(&e))?;
    // Fetch resolving to something other than a Response is refused as a network error.
    let response = send_raw(&request).await.map_err(|e| network_error(&e))?;
    let status = response.status();
    let headers = response.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    let auth_jwt = header("set-auth-jwt").filter(|t| !t.is_empty());
    let retry_after_s = header("x-retry-after")
        .or_else(|| header("retry-after"))
        .and_then(|v| crate::num::decimal(v.trim_ascii().as_bytes()));
    let body = match response.array_buffer() {
        Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await,
        Err(e) => Err(e),
    }
    .map_err(|e| network_error(&e))?;
    let body = js_sys::Uint8Array::new(&body).to_vec();
    Ok(Reply {
        status,
        body,
        auth_jwt,
        retry_after_s,
    })
}

/// `fetch(request)` from the global scope (window or worker); an answer that is not a `Response`
/// is an error, not a panic.
pub(crate) async fn send_raw(
    request: &web_sys::Request,
) -> core::result::Result<web_sys::Response, wasm_bindgen::JsValue> {
    let promise = global_fetch(request);
    wasm_bindgen_futures::JsFuture::from(promise)
        .await?
        .dyn_into()
}

/// Whether `url` answers a `no-cors` GET without credentials (an opaque answer): tells a server
/// that refuses this page's origin by CORS (it answers) from one that is unreachable (it does
/// not). Bounded by [`REQUEST_TIMEOUT_MS`] like every request.
pub(crate) async fn answers_no_cors(url: &str) -> bool {
    let init = js_sys::Object::new();
    set_str(&init, "mode", "no-cors");
    set_str(&init, "credentials", "omit");
    set(&init, "signal", &timeout_signal());
    match request_to(url, &init) {
        Ok(request) => send_raw(&request).await.is_ok(),
        Err(_) => false,
    }
}

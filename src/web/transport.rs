//! HTTP to the auth server: JSON in, status + headers + bytes out, cookies always included.

use crate::error::{Error, ErrorKind, Result};
use gloo_net::http::{Request, RequestBuilder};
use wasm_bindgen::JsCast;
use web_sys::RequestCredentials;

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

fn network_error(e: gloo_net::Error) -> Error {
    Error::new(
        ErrorKind::Network,
        format!("network error: {}", describe(&e)),
    )
}

/// What gloo-net's `Display` says.
fn describe(e: &gloo_net::Error) -> &dyn core::fmt::Display {
    match e {
        gloo_net::Error::JsError(js) => js,
        gloo_net::Error::GlooError(message) => message,
    }
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
    let builder: RequestBuilder = match method {
        "GET" => Request::get(url),
        _ => Request::post(url),
    }
    .credentials(RequestCredentials::Include)
    // A server that accepts the connection and never answers must not wedge the refresh (the
    // core's watchdog only fires after 30 s): the fetch is aborted, which reads as NETWORK_ERROR.
    .abort_signal(Some(&web_sys::AbortSignal::timeout_with_u32(
        REQUEST_TIMEOUT_MS,
    )));
    let request = match body {
        // Better Auth ignores a body that has no JSON content-type.
        Some(b) => builder
            .header("content-type", "application/json")
            .body(b.to_json()),
        None => builder.build(),
    }
    .map_err(|e| {
        Error::new(
            ErrorKind::InvalidConfig,
            format!("cannot build the request: {}", describe(&e)),
        )
    })?;
    // gloo-net's `send` panics, with a debug print of the value, when fetch resolves to
    // something other than a Response (and that print is kilobytes of wasm and glue): the shared
    // fetch refuses it as a network error instead.
    let response = send_raw(&request.into())
        .await
        .map_err(|e| {
            let text = match e.dyn_ref::<js_sys::Error>() {
                Some(e) => String::from(e.to_string()),
                None => e.as_string().unwrap_or_default(),
            };
            Error::new(ErrorKind::Network, ["network error: ", &text].concat())
        })
        .map(gloo_net::http::Response::from)?;
    let status = response.status();
    let headers = response.headers();
    let auth_jwt = headers.get("set-auth-jwt").filter(|t| !t.is_empty());
    let retry_after_s = headers
        .get("x-retry-after")
        .or_else(|| headers.get("retry-after"))
        .and_then(|v| v.trim().parse::<u64>().ok());
    let body = response.binary().await.map_err(network_error)?;
    Ok(Reply {
        status,
        body,
        auth_jwt,
        retry_after_s,
    })
}

/// `fetch(request)` from the global scope (window or worker), without gloo-net's panicking
/// conversion of the answer.
pub(crate) async fn send_raw(
    request: &web_sys::Request,
) -> std::result::Result<web_sys::Response, wasm_bindgen::JsValue> {
    // `fetch` from the global scope: window or worker.
    let global: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
    let promise = match web_sys::window() {
        Some(w) => w.fetch_with_request(request),
        None => global.fetch_with_request(request),
    };
    wasm_bindgen_futures::JsFuture::from(promise)
        .await?
        .dyn_into()
}

/// Whether `url` answers a `no-cors` GET without credentials (an opaque answer): tells a server
/// that refuses this page's origin by CORS (it answers) from one that is unreachable (it does
/// not). Bounded by [`REQUEST_TIMEOUT_MS`] like every request.
pub(crate) async fn answers_no_cors(url: &str) -> bool {
    let init = web_sys::RequestInit::new();
    init.set_mode(web_sys::RequestMode::NoCors);
    init.set_credentials(RequestCredentials::Omit);
    init.set_signal(Some(&web_sys::AbortSignal::timeout_with_u32(
        REQUEST_TIMEOUT_MS,
    )));
    match web_sys::Request::new_with_str_and_init(url, &init) {
        Ok(request) => send_raw(&request).await.is_ok(),
        Err(_) => false,
    }
}

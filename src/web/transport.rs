//! HTTP to the auth server: JSON text in, status + headers + the body (as text, and as
//! `JSON.parse` reads it) out, cookies always included.

use crate::error::{Error, ErrorKind, Result};
use crate::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// What came back from the auth server.
pub(crate) struct Reply {
    pub status: u16,
    /// The body as `Response.text()` decodes it.
    pub body: String,
    /// The body as `JSON.parse` reads it, as Better Auth's client reads an answer; `undefined`
    /// when it is not JSON. What the caller receives: Rust only reads the members it decides on.
    pub data: JsValue,
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
            Err(crate::api::error_from_answer(self.status, &self.data))
        }
    }

    /// The body as JSON (see [`Reply::data`]), or `INVALID_RESPONSE`.
    pub fn json(self) -> Result<JsValue> {
        if self.data.is_undefined() {
            Err(not_json())
        } else {
            Ok(self.data)
        }
    }
}

/// `INVALID_RESPONSE`: the answer is not JSON.
pub(crate) fn not_json() -> Error {
    Error::new(
        ErrorKind::InvalidResponse,
        "the server's answer is not JSON",
    )
}

/// How long a request to the auth server may take before it is aborted, in ms.
pub(crate) const REQUEST_TIMEOUT_MS: u32 = 15_000;

#[wasm_bindgen(module = "/src/web/browser.js")]
extern "C" {
    /// See browser.js: resolves `[status, text, set-auth-jwt, retry-after, JSON.parse(text)]`, or
    /// a code and a message; never rejects.
    #[wasm_bindgen(js_name = send)]
    fn js_send(
        method: &str,
        url: &str,
        body: &str,
        timeout_ms: u32,
        probe: bool,
    ) -> js_sys::Promise;
}

/// Sends `method url` with a JSON body (its text; "" for none) and the browser's cookies for that
/// site.
///
/// A missing response (offline, CORS refusal, reset, no answer within [`REQUEST_TIMEOUT_MS`]) is
/// `NETWORK_ERROR`, never an exception; a request the browser will not build (a URL it refuses),
/// `INVALID_CONFIG`. A plain function returning the request's future, not an `async fn`: no state
/// machine of its own in each caller's.
pub(crate) fn send(method: &str, url: &str, body: &str) -> Sending {
    Sending(super::tasks::settled(js_send(
        method,
        url,
        body,
        REQUEST_TIMEOUT_MS,
        false,
    )))
}

/// A request to the auth server on its way: resolves its [`Reply`] (see [`send`]).
pub(crate) struct Sending(super::tasks::Settled);

impl core::future::Future for Sending {
    type Output = Result<Reply>;

    fn poll(
        mut self: core::pin::Pin<&mut Self>,
        cx: &mut core::task::Context<'_>,
    ) -> core::task::Poll<Result<Reply>> {
        core::pin::Pin::new(&mut self.0)
            .poll(cx)
            .map(|answer| reply(answer.unwrap_or_default()))
    }
}

/// What browser.js's `send` resolved, read.
fn reply(answer: JsValue) -> Result<Reply> {
    if let Some(failed) = answer.as_string() {
        let (code, said) = crate::web::js::coded(&failed);
        return Err(match code {
            Some(b'1') => Error::new(
                ErrorKind::InvalidConfig,
                ["cannot build the request: ", said].concat(),
            ),
            _ => Error::new(ErrorKind::Network, ["network error: ", said].concat()),
        });
    }
    let answer: js_sys::Array = answer.unchecked_into();
    let header = |i| answer.get(i).as_string();
    Ok(Reply {
        status: answer.get(0).as_f64().unwrap_or_default() as u16,
        body: answer.get(1).as_string().unwrap_or_default(),
        auth_jwt: header(2).filter(|t| !t.is_empty()),
        retry_after_s: header(3).and_then(|v| crate::num::decimal(v.trim_ascii().as_bytes())),
        data: answer.get(4),
    })
}

/// Whether `url` answers a `no-cors` GET without credentials (an opaque answer): tells a server
/// that refuses this page's origin by CORS (it answers) from one that is unreachable (it does
/// not). Bounded by [`REQUEST_TIMEOUT_MS`] like every request.
pub(crate) async fn answers_no_cors(url: &str) -> bool {
    let answer = js_send("GET", url, "", REQUEST_TIMEOUT_MS, true);
    let answered = super::tasks::settled(answer).await;
    answered.is_ok_and(|a| !a.is_string())
}

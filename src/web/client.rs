//! `WasmAuthClient`: the flows, the in-memory token and the authenticated fetch.

use super::js::{js_error, result_object, to_js};
use super::options::Options;
use super::transport::{send, Reply};
use crate::api::{error_from_response, Endpoint, SignInEmail, SignUpEmail};
use crate::error::{Error, ErrorKind, Result};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

/// Shared state. Borrows are short and never cross an `.await` (exported methods take `&self`,
/// so overlapping calls from JavaScript cannot trip wasm-bindgen's borrow checks).
struct Inner {
    opts: Options,
    /// The current JWT. Lives only here, in this module's memory.
    token: RefCell<Option<String>>,
}

/// The low-level client that `pkg-template`'s `createAuthClient` wraps. Prefer the wrapper.
#[wasm_bindgen]
pub struct WasmAuthClient {
    inner: Rc<Inner>,
}

fn page_origin() -> Option<String> {
    web_sys::window().and_then(|w| w.location().origin().ok())
}

fn from_js<T: serde::de::DeserializeOwned>(value: JsValue, what: &str) -> Result<T> {
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| Error::new(ErrorKind::InvalidConfig, format!("{what}: {e}")))
}

/// Resolves `future` into a `{ data, error }` object; never rejects.
fn data_or_error<F>(future: F) -> js_sys::Promise
where
    F: std::future::Future<Output = Result<JsValue>> + 'static,
{
    future_to_promise(async move { Ok(result_object(future.await)) })
}

impl Inner {
    async fn call(&self, endpoint: Endpoint, body: Option<&serde_json::Value>) -> Result<Reply> {
        let reply = send(endpoint.method(), &self.opts.url(endpoint.path()), body).await?;
        if reply.is_success() {
            Ok(reply)
        } else {
            Err(error_from_response(reply.status, &reply.body))
        }
    }

    fn set_token(&self, token: Option<String>) {
        *self.token.borrow_mut() = token;
    }

    fn current_token(&self) -> Option<String> {
        self.token.borrow().clone()
    }

    /// `GET /get-session`: the session (or `null`) and, when there is one, a fresh JWT.
    async fn get_session(&self) -> Result<serde_json::Value> {
        let reply = self.call(Endpoint::GetSession, None).await?;
        let body = reply.json()?;
        if body.is_null() {
            self.set_token(None);
        } else if let Some(jwt) = reply.auth_jwt {
            self.set_token(Some(jwt));
        }
        Ok(body)
    }

    /// `GET /token`: a fresh JWT for the session cookie.
    async fn fetch_token(&self) -> Result<String> {
        let reply = match self.call(Endpoint::Token, None).await {
            Err(e) if e.status() == Some(401) => {
                self.set_token(None);
                return Err(Error::new(
                    ErrorKind::NoSession,
                    "no session: sign in first",
                ));
            }
            other => other?,
        };
        let parsed: crate::api::TokenResponse =
            serde_json::from_slice(&reply.body).map_err(|e| {
                Error::new(
                    ErrorKind::InvalidResponse,
                    format!("unexpected /token answer: {e}"),
                )
            })?;
        self.set_token(Some(parsed.token.clone()));
        Ok(parsed.token)
    }

    async fn token(&self) -> Result<String> {
        match self.current_token() {
            Some(t) => Ok(t),
            None => self.fetch_token().await,
        }
    }

    /// After sign-in or sign-up: one get-session gives both the session and the first JWT.
    async fn after_sign_in(&self) {
        // A failure here does not undo the sign-in; the token is fetched again when needed.
        let _ = self.get_session().await;
    }

    fn may_receive_token(&self, url: &str) -> bool {
        crate::api::origin_of(url).is_some_and(|o| self.opts.api_origins.contains(&o))
    }

    /// `fetch` with `Authorization: Bearer` for allowed origins, retried once on 401.
    async fn auth_fetch(&self, request: web_sys::Request) -> std::result::Result<JsValue, JsValue> {
        let window = web_sys::window().ok_or_else(|| js_error(&no_window()))?;
        if !self.may_receive_token(&request.url()) {
            return JsFuture::from(window.fetch_with_request(&request)).await;
        }
        let token = self.token().await.map_err(|e| js_error(&e))?;
        // Cloned before the first send, so that the body can be sent again.
        let retry = request.clone()?;
        request
            .headers()
            .set("authorization", &format!("Bearer {token}"))?;
        let first: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
            .await?
            .dyn_into()?;
        if first.status() != 401 {
            return Ok(first.into());
        }
        // The token may have been revoked or rotated: one fresh token, one retry, never a loop.
        self.set_token(None);
        let Ok(fresh) = self.fetch_token().await else {
            return Ok(first.into());
        };
        if fresh == token {
            return Ok(first.into());
        }
        retry
            .headers()
            .set("authorization", &format!("Bearer {fresh}"))?;
        JsFuture::from(window.fetch_with_request(&retry)).await
    }
}

fn no_window() -> Error {
    Error::new(
        ErrorKind::InvalidConfig,
        "no window: this client runs in a browser page",
    )
}

#[wasm_bindgen]
impl WasmAuthClient {
    /// Creates a client. `options`: `{ baseURL?, basePath?, jwksPath?, apiOrigins? }`.
    ///
    /// # Errors
    /// Throws an `Error` with code `INVALID_CONFIG` for options it cannot use.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> std::result::Result<WasmAuthClient, JsValue> {
        let opts =
            Options::from_js(&options, page_origin().as_deref()).map_err(|e| js_error(&e))?;
        Ok(Self {
            inner: Rc::new(Inner {
                opts,
                token: RefCell::new(None),
            }),
        })
    }

    /// The resolved `{baseURL}{basePath}`.
    #[wasm_bindgen(getter, js_name = baseURL)]
    pub fn base_url(&self) -> String {
        self.inner.opts.base.clone()
    }

    /// `POST /sign-up/email`, then one get-session for the first JWT. Resolves `{ data, error }`.
    #[wasm_bindgen(js_name = signUpEmail)]
    pub fn sign_up_email(&self, body: JsValue) -> js_sys::Promise {
        let inner = Rc::clone(&self.inner);
        data_or_error(async move {
            let body: SignUpEmail = from_js(body, "signUp.email")?;
            let body = serde_json::to_value(&body)
                .map_err(|e| Error::new(ErrorKind::InvalidConfig, e.to_string()))?;
            let reply = inner.call(Endpoint::SignUpEmail, Some(&body)).await?;
            let data = reply.json()?;
            inner.after_sign_in().await;
            Ok(to_js(&data))
        })
    }

    /// `POST /sign-in/email`, then one get-session for the first JWT. Resolves `{ data, error }`.
    #[wasm_bindgen(js_name = signInEmail)]
    pub fn sign_in_email(&self, body: JsValue) -> js_sys::Promise {
        let inner = Rc::clone(&self.inner);
        data_or_error(async move {
            let body: SignInEmail = from_js(body, "signIn.email")?;
            let body = serde_json::to_value(&body)
                .map_err(|e| Error::new(ErrorKind::InvalidConfig, e.to_string()))?;
            let reply = inner.call(Endpoint::SignInEmail, Some(&body)).await?;
            let data = reply.json()?;
            inner.after_sign_in().await;
            Ok(to_js(&data))
        })
    }

    /// `POST /sign-out`; forgets the token whatever the server answers. Resolves `{ data, error }`.
    #[wasm_bindgen(js_name = signOut)]
    pub fn sign_out(&self) -> js_sys::Promise {
        let inner = Rc::clone(&self.inner);
        data_or_error(async move {
            inner.set_token(None);
            let reply = inner
                .call(Endpoint::SignOut, Some(&serde_json::json!({})))
                .await?;
            Ok(to_js(&reply.json()?))
        })
    }

    /// `GET /get-session`: `{ data: { session, user } | null, error }`.
    #[wasm_bindgen(js_name = getSession)]
    pub fn get_session(&self) -> js_sys::Promise {
        let inner = Rc::clone(&self.inner);
        data_or_error(async move { Ok(to_js(&inner.get_session().await?)) })
    }

    /// The JWT for the session: `{ data: { token }, error }`. Served from memory when held.
    pub fn token(&self) -> js_sys::Promise {
        let inner = Rc::clone(&self.inner);
        data_or_error(async move {
            let token = inner.token().await?;
            Ok(to_js(&serde_json::json!({ "token": token })))
        })
    }

    /// `fetch(input, init)` that attaches `Authorization: Bearer <jwt>` when the URL's origin is in
    /// `apiOrigins`, and on a 401 fetches a fresh token and retries exactly once.
    ///
    /// # Errors
    /// Rejects like `fetch` on a network failure; rejects with code `NO_SESSION` when the target
    /// needs a token and there is no session.
    pub fn fetch(&self, input: JsValue, init: JsValue) -> js_sys::Promise {
        let inner = Rc::clone(&self.inner);
        future_to_promise(async move {
            let request = build_request(&input, &init)?;
            inner.auth_fetch(request).await
        })
    }

    /// `GET {jwksPath}`: the server's public keys, `{ data: { keys }, error }`.
    pub fn jwks(&self) -> js_sys::Promise {
        let inner = Rc::clone(&self.inner);
        data_or_error(async move {
            let url = inner.opts.url(&inner.opts.jwks_path);
            let reply = send("GET", &url, None).await?;
            if !reply.is_success() {
                return Err(error_from_response(reply.status, &reply.body));
            }
            Ok(to_js(&reply.json()?))
        })
    }

    /// Forgets the in-memory token (for tests and for callers that know it is stale).
    #[wasm_bindgen(js_name = clearToken)]
    pub fn clear_token(&self) {
        self.inner.set_token(None);
    }
}

/// A `Request` from `fetch`'s arguments: a string, URL or Request, plus an optional init dictionary.
fn build_request(
    input: &JsValue,
    init: &JsValue,
) -> std::result::Result<web_sys::Request, JsValue> {
    let has_init = init.is_object();
    if let Some(req) = input.dyn_ref::<web_sys::Request>() {
        return if has_init {
            web_sys::Request::new_with_request_and_init(req, init.unchecked_ref())
        } else {
            web_sys::Request::new_with_request(req)
        };
    }
    let url = input
        .as_string()
        .or_else(|| input.dyn_ref::<web_sys::Url>().map(web_sys::Url::href));
    let Some(url) = url else {
        let err = Error::new(
            ErrorKind::InvalidConfig,
            "fetch: input must be a string, URL or Request",
        );
        return Err(js_error(&err));
    };
    if has_init {
        web_sys::Request::new_with_str_and_init(&url, init.unchecked_ref())
    } else {
        web_sys::Request::new_with_str(&url)
    }
}

//! `WasmAuthClient`: the `#[wasm_bindgen]` surface. Every method takes `&self`, clones the
//! `Rc<Inner>` into its future and returns a Promise, so no borrow outlives a call.

use super::inner::{Inner, Status};
use super::js::{js_error, json_of, result_object, to_js};
use super::options::Options;
use super::transport::{send, Reply};
use crate::api::{origin_of, Endpoint};
use crate::core::Input;
use crate::error::{quoted, Error, ErrorKind, Result};
use crate::jwt::VerifiedJwt;
use js_sys::{Function, Reflect};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

/// The low-level client that `pkg-template`'s `createAuthClient` wraps. Prefer the wrapper.
#[wasm_bindgen]
pub struct WasmAuthClient {
    inner: Rc<Inner>,
}

fn page_origin() -> Option<String> {
    web_sys::window().and_then(|w| w.location().origin().ok())
}

/// A JavaScript value as JSON (see [`json_of`]); `INVALID_CONFIG` when it is not representable.
fn from_js(value: &JsValue, what: &str) -> Result<serde_json::Value> {
    json_of(value).ok_or_else(|| bad_input(what, "not representable as JSON"))
}

fn bad_input(what: &str, why: &str) -> Error {
    Error::new(ErrorKind::InvalidConfig, [what, ": ", why].concat())
}

/// Whether a body member is a string, a boolean, or either of them optional.
#[derive(Clone, Copy, PartialEq)]
enum Member {
    Text,
    OptionalText,
    OptionalFlag,
}

/// The request body of an email flow: the `members` of `body` (read as `body[name]`, so
/// inherited ones count), checked against their kind, absent or `null` optional ones left out;
/// then the body's other own members as they are (JSON values; `undefined` and `null` left out),
/// as Better Auth's client sends them: the server's `user.additionalFields` arrive that way.
/// Checked by hand rather than by derived readers, whose type errors format floats (13 KB of wasm).
fn email_body(body: &JsValue, what: &str, members: &[(&str, Member)]) -> Result<serde_json::Value> {
    use serde_json::Value;
    if !body.is_object() {
        return Err(bad_input(what, "not an object"));
    }
    let mut out = serde_json::Map::new();
    for &(name, kind) in members {
        let v = Reflect::get(body, &JsValue::from_str(name)).unwrap_or_default();
        match (from_js(&v, what)?, kind) {
            (Value::Null, Member::Text) => {
                return Err(bad_input(what, &["missing string `", name, "`"].concat()))
            }
            (Value::Null, _) => {}
            (v @ Value::String(_), Member::Text | Member::OptionalText)
            | (v @ Value::Bool(_), Member::OptionalFlag) => {
                out.insert(name.to_owned(), v);
            }
            _ => {
                let kind = if kind == Member::OptionalFlag {
                    "a boolean"
                } else {
                    "a string"
                };
                return Err(bad_input(what, &["`", name, "` must be ", kind].concat()));
            }
        }
    }
    let object: &js_sys::Object = body.unchecked_ref();
    for key in js_sys::Object::keys(object).iter() {
        let Some(name) = key.as_string() else {
            continue;
        };
        if members.iter().any(|&(known, _)| known == name) {
            continue;
        }
        let v = Reflect::get(body, &key).unwrap_or_default();
        match from_js(&v, what)? {
            Value::Null => {}
            v => {
                out.insert(name, v);
            }
        }
    }
    Ok(serde_json::Value::Object(out))
}

/// Resolves `future` into a `{ data, error }` object; never rejects.
fn data_or_error<F>(future: F) -> js_sys::Promise
where
    F: std::future::Future<Output = Result<JsValue>> + 'static,
{
    promise(async move { Ok(result_object(future.await)) })
}

/// The one `future_to_promise` of the module: the futures are boxed so that its machinery is
/// compiled once rather than once per exported method.
fn promise<F>(future: F) -> js_sys::Promise
where
    F: std::future::Future<Output = std::result::Result<JsValue, JsValue>> + 'static,
{
    drive(Box::pin(future))
}

type Job =
    std::pin::Pin<Box<dyn std::future::Future<Output = std::result::Result<JsValue, JsValue>>>>;

#[inline(never)]
fn drive(job: Job) -> js_sys::Promise {
    future_to_promise(job)
}

impl Inner {
    async fn call(&self, endpoint: Endpoint, body: Option<&serde_json::Value>) -> Result<Reply> {
        send(endpoint.method(), &self.opts.url(endpoint.path()), body)
            .await?
            .success()
    }

    /// `GET /get-session`; updates the state and the lifecycle with what it says.
    pub(crate) async fn load_session(&self) -> Result<serde_json::Value> {
        self.load_session_after(false).await
    }

    /// `GET /get-session`. `signed_in`: the user just signed in (perhaps as someone else), so any
    /// token held belongs to the previous session and the lifecycle starts over.
    async fn load_session_after(&self, signed_in: bool) -> Result<serde_json::Value> {
        let epoch = self.epoch.get();
        let reply = self.call(Endpoint::GetSession, None).await;
        if self.epoch.get() != epoch {
            // A sign-in or sign-out happened meanwhile: this answer describes the session before
            // it and must not overwrite what came after.
            return reply.and_then(|r| r.json());
        }
        // A body that is not JSON counts as a failed load too (else the state stays "loading").
        let parsed = reply.and_then(|r| {
            let body = r.json()?;
            Ok((r, body))
        });
        let (reply, body) = match parsed {
            Ok(r) => r,
            Err(e) => {
                if self.status() == Status::Loading {
                    // Unknown, not signed out: keep what we had, but stop saying "loading", and
                    // ask again when the tab comes back or the network does (see listeners).
                    self.session_unknown.set(true);
                    self.set_session(Status::Unauthenticated, serde_json::Value::Null);
                }
                return Err(e);
            }
        };
        self.session_unknown.set(false);
        if body.is_null() {
            let was_in = self.status() == Status::Authenticated;
            self.set_session(Status::Unauthenticated, serde_json::Value::Null);
            if was_in {
                // The server forgot the session (revoked, expired): stop handing out tokens.
                self.input(Input::SignOut);
            }
            return Ok(body);
        }
        let jwt = match reply.auth_jwt {
            Some(raw) => self.verify_token(&raw).await.ok(),
            None => None,
        };
        if self.epoch.get() != epoch {
            return Ok(body);
        }
        let user_id = |v: &serde_json::Value| {
            v.get("user")
                .and_then(|u| u.get("id"))
                .and_then(|i| i.as_str())
                .map(str::to_owned)
        };
        let same_user = user_id(&self.session_json()) == user_id(&body);
        let continuing = !signed_in
            && same_user
            && self.status() == Status::Authenticated
            && self.lc.borrow().generation() > 0;
        self.set_session(Status::Authenticated, body.clone());
        if continuing {
            if let Some(jwt) = jwt {
                // An unasked token: taken unless a refresh is in flight.
                self.input(Input::TokenReceived {
                    fetch: None,
                    jwt: Box::new(jwt),
                });
            }
        } else {
            self.start_session(jwt);
        }
        Ok(body)
    }

    /// Sign-up or sign-in: the request, then the new session and its first JWT, then the news to
    /// the other tabs. Returns the server's body.
    async fn sign_in_with(
        &self,
        endpoint: Endpoint,
        body: &serde_json::Value,
    ) -> Result<serde_json::Value> {
        self.new_epoch();
        let data = self.call(endpoint, Some(body)).await?.json()?;
        self.after_sign_in(data.get("user")).await;
        self.broadcast_signed_in();
        Ok(data)
    }

    /// After a successful sign-in or sign-up: one get-session gives the session and the first JWT.
    async fn after_sign_in(&self, user: Option<&serde_json::Value>) {
        if self.load_session_after(true).await.is_err() {
            // The sign-in stands; the lifecycle fetches its token itself.
            // Not `json!`: it goes through `to_value(..).unwrap()` for each interpolated value,
            // which brings serde_json's whole error formatting into the wasm.
            let mut session = serde_json::Map::new();
            session.insert("user".into(), user.cloned().unwrap_or_default());
            session.insert("session".into(), serde_json::Value::Null);
            let session = serde_json::Value::Object(session);
            self.set_session(Status::Authenticated, session);
            self.start_session(None::<VerifiedJwt>);
        }
    }

    async fn token(&self) -> Result<String> {
        self.booted().await;
        let usable = self
            .lc
            .borrow()
            .usable_token(self.now())
            .map(|t| t.raw.clone());
        if let Some(t) = usable {
            return Ok(t);
        }
        let waiter = self.next_waiter_id();
        let result = self
            .wait_for_token(waiter, Input::NeedToken { waiter })
            .await;
        self.request_done(waiter);
        result.map(|(raw, _)| raw)
    }
}

/// Navigation after sign-in with a callbackURL: only to this page's origin or a relative path.
fn checked_redirect(url: &str) -> Result<String> {
    let page = page_origin();
    let same_origin = origin_of(url).is_some_and(|o| Some(&o) == page.as_ref());
    let relative = url.starts_with('/') && !url.starts_with("//");
    if same_origin || relative {
        Ok(url.to_owned())
    } else {
        Err(Error::new(
            ErrorKind::Server {
                status: 0,
                code: "INVALID_CALLBACK_URL".into(),
            },
            ["refusing to navigate off-site to ", &quoted(url)].concat(),
        ))
    }
}

#[wasm_bindgen]
impl WasmAuthClient {
    /// Creates a client and starts loading the session. `options`: see `AuthClientOptions`.
    ///
    /// # Errors
    /// Throws an `Error` with code `INVALID_CONFIG` for options it cannot use.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> std::result::Result<WasmAuthClient, JsValue> {
        let opts =
            Options::from_js(&options, page_origin().as_deref()).map_err(|e| js_error(&e))?;
        let inner = Inner::new(opts);
        let callback = |name: &str| {
            Reflect::get(&options, &name.into())
                .ok()
                .and_then(|f| f.dyn_into::<Function>().ok())
        };
        if options.is_object() {
            *inner.on_unauthorized.borrow_mut() = callback("onUnauthorized");
            let mut hooks = inner.hooks.borrow_mut();
            hooks.on_request = callback("onRequest");
            hooks.on_response = callback("onResponse");
        }
        inner.load_stored_jwks();
        inner.install_listeners();
        inner.open_channel();
        let boot = Rc::clone(&inner);
        let booted = promise(async move {
            let _ = boot.load_session().await;
            Ok(JsValue::UNDEFINED)
        });
        *inner.boot.borrow_mut() = Some(booted);
        Ok(Self { inner })
    }

    /// The resolved `{baseURL}{basePath}`.
    #[wasm_bindgen(getter, js_name = baseURL)]
    pub fn base_url(&self) -> String {
        self.inner.opts.base.clone()
    }

    /// `POST /sign-up/email`, then one get-session for the session and the first JWT.
    #[wasm_bindgen(js_name = signUpEmail)]
    pub fn sign_up_email(&self, body: JsValue) -> js_sys::Promise {
        let inner = Rc::clone(&self.inner);
        data_or_error(async move {
            let body = email_body(
                &body,
                "signUp.email",
                &[
                    ("name", Member::Text),
                    ("email", Member::Text),
                    ("password", Member::Text),
                    ("image", Member::OptionalText),
                    ("callbackURL", Member::OptionalText),
                    ("rememberMe", Member::OptionalFlag),
                ],
            )?;
            let data = inner.sign_in_with(Endpoint::SignUpEmail, &body).await?;
            Ok(to_js(&data))
        })
    }

    /// `POST /sign-in/email`, then one get-session. With a `callbackURL` the server trusts, the
    /// page navigates there (same origin or relative paths only), as Better Auth's client does.
    #[wasm_bindgen(js_name = signInEmail)]
    pub fn sign_in_email(&self, body: JsValue) -> js_sys::Promise {
        let inner = Rc::clone(&self.inner);
        data_or_error(async move {
            let body = email_body(
                &body,
                "signIn.email",
                &[
                    ("email", Member::Text),
                    ("password", Member::Text),
                    ("callbackURL", Member::OptionalText),
                    ("rememberMe", Member::OptionalFlag),
                ],
            )?;
            let data = inner.sign_in_with(Endpoint::SignInEmail, &body).await?;
            let redirect = data.get("redirect").and_then(serde_json::Value::as_bool) == Some(true);
            if let (true, Some(url)) = (redirect, data.get("url").and_then(|u| u.as_str())) {
                let url = checked_redirect(url)?;
                if let Some(w) = web_sys::window() {
                    let _ = w.location().set_href(&url);
                }
            }
            Ok(to_js(&data))
        })
    }

    /// `POST /sign-out`. The token is dropped before the request leaves, whatever the answer.
    #[wasm_bindgen(js_name = signOut)]
    pub fn sign_out(&self) -> js_sys::Promise {
        let inner = Rc::clone(&self.inner);
        data_or_error(async move {
            inner.signing_out.set(true);
            inner.new_epoch();
            inner.input(Input::SignOut);
            let result = inner
                .call(Endpoint::SignOut, Some(&serde_json::json!({})))
                .await;
            inner.set_session(Status::Unauthenticated, serde_json::Value::Null);
            inner.signing_out.set(false);
            inner.broadcast_signed_out();
            Ok(to_js(&result?.json()?))
        })
    }

    /// `GET /get-session`: `{ data: { session, user } | null, error }`; also updates the state.
    #[wasm_bindgen(js_name = getSession)]
    pub fn get_session(&self) -> js_sys::Promise {
        let inner = Rc::clone(&self.inner);
        data_or_error(async move { Ok(to_js(&inner.load_session().await?)) })
    }

    /// The verified JWT: `{ data: { token }, error }`. From memory when fresh; otherwise waits for
    /// the (single, shared) refresh.
    pub fn token(&self) -> js_sys::Promise {
        let inner = Rc::clone(&self.inner);
        data_or_error(async move {
            let token = inner.token().await?;
            let mut data = serde_json::Map::new();
            data.insert("token".into(), serde_json::Value::String(token));
            Ok(to_js(&serde_json::Value::Object(data)))
        })
    }

    /// `method {baseURL}{path}` with an optional JSON `body` and `query` object, cookies included:
    /// `{ data, error }`. The flows without a method of their own go through here (update-user,
    /// change-password, list-sessions, revoke-session(s), request-password-reset, ...). After a
    /// call that changes the session, the session is loaded again, as Better Auth's client does.
    pub fn request(
        &self,
        method: String,
        path: String,
        body: JsValue,
        query: JsValue,
    ) -> js_sys::Promise {
        let inner = Rc::clone(&self.inner);
        data_or_error(async move {
            let method = method.to_ascii_uppercase();
            if method != "GET" && method != "POST" {
                return Err(Error::new(
                    ErrorKind::InvalidConfig,
                    format!("method must be GET or POST, got {method}"),
                ));
            }
            let path = checked_path(&path)?;
            let body: Option<serde_json::Value> = if body.is_undefined() || body.is_null() {
                None
            } else {
                Some(from_js(&body, "body")?)
            };
            let query = query_string(&query)?;
            let url = format!("{}{path}{query}", inner.opts.base);
            // Better Auth answers 404 to POST without a JSON body on some routes: send `{}`.
            let body = match (&*method, body) {
                ("POST", None) => Some(serde_json::json!({})),
                (_, b) => b,
            };
            let reply = send(&method, &url, body.as_ref()).await?.success()?;
            let data = if reply.body.is_empty() {
                serde_json::Value::Null
            } else {
                reply.json()?
            };
            if changes_session(path) {
                inner.signing_out.set(true);
                let _ = inner.load_session().await;
                inner.signing_out.set(false);
            }
            Ok(to_js(&data))
        })
    }

    /// `GET {jwksPath}`: the server's public keys, `{ data: { keys }, error }`.
    pub fn jwks(&self) -> js_sys::Promise {
        let inner = Rc::clone(&self.inner);
        data_or_error(async move {
            let url = inner.opts.url(&inner.opts.jwks_path);
            let reply = send("GET", &url, None).await?.success()?;
            Ok(to_js(&reply.json()?))
        })
    }

    /// `fetch(input, init)` that attaches `Authorization: Bearer <jwt>` when the URL's origin is in
    /// `apiOrigins`, and on a 401 shares one refresh and retries exactly once.
    ///
    /// # Errors
    /// Rejects like `fetch` on a network failure; rejects with code `NO_SESSION` when the target
    /// needs a token and there is no session.
    pub fn fetch(&self, input: JsValue, init: JsValue) -> js_sys::Promise {
        let inner = Rc::clone(&self.inner);
        promise(async move {
            let request = build_request(&input, &init)?;
            inner.auth_fetch(request).await
        })
    }

    /// Calls `listener(event)` on every change (`event.type`: `state`, `signedIn`,
    /// `tokenRefreshed`, `refreshFailed`, `signedOut`, `unauthorized`; `event.state`: the new
    /// state). Returns the function that unsubscribes.
    pub fn subscribe(&self, listener: Function) -> Function {
        let id = self.inner.subscribe(listener);
        let weak = Rc::downgrade(&self.inner);
        Closure::<dyn FnMut()>::new(move || {
            if let Some(inner) = weak.upgrade() {
                inner.unsubscribe(id);
            }
        })
        .into_js_value()
        .unchecked_into()
    }

    /// The current state: `{ status, user, session, tokenExpiresAt, tokenGeneration, lifecycle }`.
    /// The same object until something changes.
    #[wasm_bindgen(js_name = getState)]
    pub fn get_state(&self) -> JsValue {
        self.inner.snapshot()
    }

    /// Stops the timer and the listeners, fails waiting requests, drops subscribers. Idempotent.
    pub fn dispose(&self) {
        self.inner.dispose();
    }
}

/// Paths after which Better Auth's client refetches the session.
fn changes_session(path: &str) -> bool {
    matches!(
        path,
        "/update-user"
            | "/update-session"
            | "/change-password"
            | "/change-email"
            | "/delete-user"
            | "/verify-email"
            | "/revoke-session"
            | "/revoke-sessions"
            | "/revoke-other-sessions"
    )
}

/// A path below the base URL: `/segment/segment`, letters, digits, `-`, `_`, `.` only, no `..`.
fn checked_path(path: &str) -> Result<&str> {
    let ok = path.starts_with('/')
        && !path.as_bytes().windows(2).any(|w| w == b"//")
        && !path.split('/').any(|seg| seg == ".." || seg == ".")
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'));
    if ok {
        Ok(path)
    } else {
        Err(Error::new(
            ErrorKind::InvalidConfig,
            ["not an endpoint path: ", &quoted(path)].concat(),
        ))
    }
}

/// `?k=v&...` from a plain object of strings, numbers and booleans (empty for none).
fn query_string(query: &JsValue) -> Result<String> {
    if query.is_undefined() || query.is_null() {
        return Ok(String::new());
    }
    let serde_json::Value::Object(map) = from_js(query, "query")? else {
        return Err(bad_input("query", "not an object"));
    };
    let mut out = String::new();
    for (k, v) in &map {
        let v = match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => continue,
            // The same text as `to_string()`, through the writer request bodies already use.
            other => serde_json::to_string(other).unwrap_or_default(),
        };
        out.push(if out.is_empty() { '?' } else { '&' });
        out.push_str(&String::from(js_sys::encode_uri_component(k)));
        out.push('=');
        out.push_str(&String::from(js_sys::encode_uri_component(&v)));
    }
    Ok(out)
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

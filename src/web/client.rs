//! `WasmAuthClient` and the `#[wasm_bindgen]` surface, [`create`]: the client as one JavaScript
//! function. Every method takes `&self` (the function may be re-entered: a subscriber reads the
//! state while it is told of a change), clones the
//! `Rc<Inner>` into its future and returns a Promise, so no borrow outlives a call. Every call to
//! the auth server goes through the session funnel (`Inner::call_route`).

use super::inner::{disposed, Hooks, Inner};
use super::input::{bad_input, checked_path, email_body, json_text, query_string, Member};
use super::js::js_error;
use super::options::Options;
use super::tasks::{data_or_error, promise};
use super::transport::send;
use crate::api::routes::{method_for, Method};
use crate::core::session::Input as SessionInput;
use crate::core::Input;
use crate::error::Result;
use crate::prelude::*;
use alloc::rc::Rc;
use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The client. JavaScript reaches it through `create`'s function (which `pkg-template`'s
/// `createAuthClient` wraps); Rust callers (the tests) through its methods.
pub struct WasmAuthClient {
    inner: Rc<Inner>,
}

#[wasm_bindgen(module = "/src/web/browser.js")]
extern "C" {
    /// See browser.js: `location.origin`, `None` outside a window (a worker).
    #[wasm_bindgen(js_name = origin)]
    pub(crate) fn page_origin() -> Option<String>;
    /// See browser.js: the page goes to `url`.
    pub(crate) fn go(url: &str);
}

impl Inner {
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

/// The client as one JavaScript function, `client(what, a, b, c, d)`: `what` 0 to 3 is
/// [`WasmAuthClient::answer`]`(what)`, 4 `request(a, b, c, d)`, 5 `fetch(a, b)`, and 6 to 8
/// [`WasmAuthClient::control`]`(what - 6, a)`; anything else answers `undefined`. One export and
/// one function rather than a class with five methods (issue #13: each exported method costs the
/// module a borrow-checking shim, and the glue a class). The client lives as long as the
/// function: it is disposed when the function is garbage-collected, if `dispose` (8) was not
/// called before.
///
/// # Errors
/// Throws an `Error` with code `INVALID_CONFIG` for options it cannot use (see
/// [`WasmAuthClient::new`]).
#[wasm_bindgen]
pub fn create(
    options: JsValue,
    load_ed25519: Option<Function>,
) -> core::result::Result<JsValue, JsValue> {
    let client = WasmAuthClient::new(options, load_ed25519)?;
    let call = move |what: u32, a: JsValue, b: JsValue, c: JsValue, d: JsValue| match what {
        0..=3 => client.answer(what as u8).into(),
        4 => client.request(a, b, c, d).into(),
        5 => client.fetch(a, b).into(),
        _ => client.control(u8::try_from(what - 6).unwrap_or(u8::MAX), a),
    };
    Ok(
        Closure::<dyn Fn(u32, JsValue, JsValue, JsValue, JsValue) -> JsValue>::new(call)
            .into_js_value(),
    )
}

impl WasmAuthClient {
    /// Creates a client and starts loading the session. `options`: see `AuthClientOptions`.
    /// `load_ed25519`: `() => Promise<(key, message, signature) => boolean>`, the Ed25519
    /// verifier for browsers whose WebCrypto has none (index.js passes one that imports
    /// ed25519.js); without it, such a browser cannot verify Ed25519 tokens.
    ///
    /// # Errors
    /// Throws an `Error` with code `INVALID_CONFIG` for options it cannot use.
    pub fn new(
        options: JsValue,
        load_ed25519: Option<Function>,
    ) -> core::result::Result<WasmAuthClient, JsValue> {
        let opts =
            Options::from_js(&options, page_origin().as_deref()).map_err(|e| js_error(&e))?;
        // `options` is an object, or null or undefined (`from_js` refused anything else), on
        // which `Reflect.get` throws: no callbacks.
        let callback = |name: &str| super::js::get(&options, name).dyn_into::<Function>().ok();
        let hooks = Hooks {
            on_request: callback("onRequest"),
            on_response: callback("onResponse"),
            on_unauthorized: callback("onUnauthorized"),
            on_two_factor: callback("onTwoFactorRedirect"),
            load_ed25519,
        };
        let inner = Inner::new(opts, hooks);
        inner.load_stored_jwks();
        inner.install_listeners();
        inner.open_channel();
        let boot = Rc::clone(&inner);
        let booted = promise(async move {
            boot.session_step(SessionInput::Boot).await;
            Ok(JsValue::UNDEFINED)
        });
        *inner.boot.borrow_mut() = Some(booted);
        Ok(Self { inner })
    }

    /// `getSession()` (`what` 0), `token()` (1), `jwks()` (2) and the resolved
    /// `{baseURL}{basePath}` (3, for `diagnose()`), resolving the data (see `run`): one
    /// entry for the four (see the methods of the same names).
    pub fn answer(&self, what: u8) -> js_sys::Promise {
        self.run(match what {
            0 => Op::Session,
            1 => Op::Token,
            2 => Op::Jwks,
            _ => Op::Base,
        })
    }

    /// Any endpoint: `method {baseURL}{path}` with an optional JSON `body` and `query` object,
    /// cookies included, resolving the server's answer (see `run`). `method` (`"GET"` or
    /// `"POST"`) may be left undefined: the route table's, else `POST` with a body and `GET`
    /// without. What the route does to the session is carried out before the call resolves (see
    /// `api::routes`).
    pub fn request(
        &self,
        method: JsValue,
        path: JsValue,
        body: JsValue,
        query: JsValue,
    ) -> js_sys::Promise {
        // Taken as JavaScript values (a string's conversion happens here, not in the glue); a
        // path that is not a string is refused as an empty one.
        self.run(Op::Call {
            method: method.as_string(),
            path: path.as_string().unwrap_or_default(),
            body,
            query,
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
            let request = super::fetch::build_request(&input, &init)?;
            inner.auth_fetch(request).await
        })
    }

    /// `getState()` (`what` 0), `subscribe(listener)` (1: without the unsubscribe function,
    /// which index.js's single subscriber never calls) and `dispose()` (2): one synchronous
    /// entry for the three (see the methods of the same names). Anything else does nothing.
    pub fn control(&self, what: u8, listener: JsValue) -> JsValue {
        match what {
            0 => return self.inner.snapshot(),
            1 => {
                if let Ok(f) = listener.dyn_into::<Function>() {
                    self.inner.subscribe(f);
                }
            }
            2 => self.inner.dispose(),
            _ => {}
        }
        JsValue::UNDEFINED
    }
}

/// What JavaScript reaches through `create`'s function (`request`, `answer` and `control`),
/// as methods of their own for Rust callers (the tests).
impl WasmAuthClient {
    /// Calls `listener(event)` on every change (`event.type`: `state`, `signedIn`,
    /// `tokenRefreshed`, `refreshFailed`, `signedOut`, `unauthorized`; `event.state`: the new
    /// state). Returns the function that unsubscribes.
    pub fn subscribe(&self, listener: Function) -> Function {
        let id = self.inner.subscribe(listener);
        let weak = Rc::downgrade(&self.inner);
        Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
            if let Some(inner) = weak.upgrade() {
                inner.unsubscribe(id);
            }
        })
        .into_js_value()
        .unchecked_into()
    }

    /// The current state: `{ status, user, session, tokenExpiresAt, tokenGeneration, lifecycle }`.
    /// The same object until something changes.
    pub fn get_state(&self) -> JsValue {
        self.inner.snapshot()
    }

    /// Stops the timer and the listeners, fails waiting requests, drops subscribers. Idempotent.
    pub fn dispose(&self) {
        self.inner.dispose();
    }

    /// The resolved `{baseURL}{basePath}` (JavaScript: `client(3)`).
    pub fn base_url(&self) -> String {
        self.inner.opts.base.clone()
    }

    /// `POST /sign-up/email` through the funnel: the new session and its first JWT, then the news
    /// to the other tabs.
    pub fn sign_up_email(&self, body: JsValue) -> js_sys::Promise {
        self.run(Op::route("/sign-up/email", body))
    }

    /// `POST /sign-in/email` through the funnel. With a `callbackURL` the server trusts, the page
    /// navigates there (same origin or relative paths only), as Better Auth's client does. A user
    /// with two-factor on gets `{ twoFactorRedirect: true, twoFactorMethods }` and no session yet.
    pub fn sign_in_email(&self, body: JsValue) -> js_sys::Promise {
        self.run(Op::route("/sign-in/email", body))
    }

    /// `POST /sign-out`. The token is dropped before the request leaves, whatever the answer.
    pub fn sign_out(&self) -> js_sys::Promise {
        self.run(Op::route("/sign-out", JsValue::UNDEFINED))
    }

    /// `GET /get-session`: `{ session, user }` or `null`; also updates the state.
    pub fn get_session(&self) -> js_sys::Promise {
        self.run(Op::Session)
    }

    /// The verified JWT: `{ token }`. From memory when fresh; otherwise waits for
    /// the (single, shared) refresh.
    pub fn token(&self) -> js_sys::Promise {
        self.run(Op::Token)
    }

    /// `GET {jwksPath}` (or `jwksUrl`): the server's public keys, `{ keys }`.
    pub fn jwks(&self) -> js_sys::Promise {
        self.run(Op::Jwks)
    }
}

/// The members of the email flows' bodies (see [`email_body`]), with the name errors carry.
type EmailBody = Option<(&'static str, &'static [(&'static str, Member)])>;

/// The email flows' bodies are checked member by member, whichever way they are called
/// (`signUp.email`, `$fetch("/sign-up/email")`).
fn email_flow(path: &str) -> EmailBody {
    match path {
        "/sign-up/email" => SIGN_UP,
        "/sign-in/email" => SIGN_IN,
        _ => None,
    }
}

const SIGN_UP: EmailBody = Some((
    "signUp.email",
    &[
        ("name", Member::Text),
        ("email", Member::Text),
        ("password", Member::Text),
        ("image", Member::OptionalText),
        ("callbackURL", Member::OptionalText),
        ("rememberMe", Member::OptionalFlag),
    ],
));

const SIGN_IN: EmailBody = Some((
    "signIn.email",
    &[
        ("email", Member::Text),
        ("password", Member::Text),
        ("callbackURL", Member::OptionalText),
        ("rememberMe", Member::OptionalFlag),
    ],
));

/// What a method that resolves its data (see [`WasmAuthClient::run`]) does.
enum Op {
    /// An endpoint, through the route table (the email flows' bodies checked: [`email_flow`]).
    Call {
        method: Option<String>,
        path: String,
        body: JsValue,
        query: JsValue,
    },
    Session,
    Token,
    Jwks,
    Base,
}

impl Op {
    /// A call whose method is the route table's and that has no query.
    fn route(path: &str, body: JsValue) -> Op {
        Op::Call {
            method: None,
            path: path.into(),
            body,
            query: JsValue::UNDEFINED,
        }
    }
}

impl WasmAuthClient {
    /// Every method that resolves its data, through one (non-generic) path: one async state
    /// machine in the module rather than one per method. A failure rejects with a coded `Error`
    /// (`name` `BetterAuthWasmError`, `code`, `message`, `status`), of which index.js makes Better
    /// Auth's `{ data: null, error }`.
    fn run(&self, op: Op) -> js_sys::Promise {
        let inner = Rc::clone(&self.inner);
        data_or_error(async move {
            let data = match op {
                Op::Call {
                    method,
                    path,
                    body,
                    query,
                } => {
                    let explicit = match method.as_deref() {
                        None | Some("") => None,
                        Some(m) => Some(
                            Method::parse(m)
                                .ok_or_else(|| bad_input("method", "must be GET or POST"))?,
                        ),
                    };
                    let path = checked_path(&path)?;
                    let body = match email_flow(path) {
                        Some((what, members)) => Some(email_body(&body, what, members)?),
                        None if body.is_undefined() || body.is_null() => None,
                        None => Some(json_text(&body, "body")?),
                    };
                    let query = query_string(&query)?;
                    let method = method_for(path, explicit, body.is_some());
                    inner.call_route(path, method, body, &query).await?
                }
                Op::Session => {
                    let loaded = inner.session_step(SessionInput::Refetch).await;
                    loaded.unwrap_or_else(|| Err(disposed()))?
                }
                Op::Token => {
                    let token = inner.token().await?;
                    let data = js_sys::Object::new();
                    super::js::set_str(&data, "token", &token);
                    return Ok(data.into());
                }
                Op::Jwks => {
                    let url = inner.opts.jwks_url();
                    send("GET", &url, "").await?.success()?.json()?
                }
                Op::Base => return Ok(inner.opts.base.as_str().into()),
            };
            Ok(data)
        })
    }
}

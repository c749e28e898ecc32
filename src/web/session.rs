//! Carries out what the session core decides ([`crate::core::session`]): the funnel every call to
//! the auth server goes through, the `get-session` loads, and the effects on the token lifecycle,
//! the state, the other tabs and the application's callbacks. Nothing is decided here.

use super::inner::Inner;
use super::js::get;
use super::tasks::{Filled, Slot};
use super::transport::{not_json, send, Reply};
use crate::api::routes::{effect_of, Effect, Method};
use crate::api::{misconfig, redirect_allowed};
use crate::core::session::{needs_refresh, Action, Answer, Fields, Input, Loaded, Outcome};
use crate::core::Input as TokenInput;
use crate::error::{quoted, Error, ErrorKind, Result};
use crate::prelude::*;
use alloc::rc::Rc;
use js_sys::Object;
use wasm_bindgen::JsValue;

const GET_SESSION: &str = "/get-session";

/// What a 404 from a request means (see [`Inner::named`]).
#[derive(Clone, Copy)]
pub(crate) enum NotFound {
    /// Nothing more than the server said (a plugin's route the server lacks).
    Kept,
    /// `get-session`: no Better Auth handler at the base URL.
    BasePath,
    /// `/token`: no jwt plugin.
    JwtPlugin,
}

/// A request's place in [`Inner::turn`]'s queue: the next one leaves when this is dropped.
pub(crate) struct Turn(Rc<Slot<()>>);

impl Drop for Turn {
    fn drop(&mut self) {
        self.0.fill(());
    }
}

impl Inner {
    /// Waits until the requests before it that may write the session cookie have been answered:
    /// get-session loads, and the calls that sign in, change the session or end it, leave one at
    /// a time. The browser keeps the cookie of whichever answer arrives last, and a get-session
    /// refresh writes the cookie it was sent with (`POST /get-session` under the server's
    /// `deferSessionRefresh`, or `GET` once a session is `updateAge` old): sent before a
    /// sign-in, sign-out or session switch and answered after it, it would put the old session
    /// back, or clear the new one. A request is given 15 s at most, so no turn waits longer for
    /// the one before it.
    pub(crate) async fn turn(&self) -> Turn {
        let mine = Rc::<Slot<()>>::default();
        let turn = Turn(Rc::clone(&mine));
        if let Some(before) = self.cookie_queue.replace(Some(mine)) {
            Filled(before).await;
        }
        turn
    }

    /// Feeds the session core (nothing once disposed).
    pub(crate) fn session_input(&self, input: Input) -> Vec<Action> {
        if self.disposed.get() {
            return Vec::new();
        }
        self.session.borrow_mut().handle(input)
    }

    /// Feeds the session core and carries out what it answers, loads included, before returning.
    /// Returns what the last load answered (for `getSession`).
    pub(crate) async fn session_step(&self, input: Input) -> Option<Result<JsValue>> {
        let actions = self.session_input(input);
        self.run(actions).await
    }

    /// Carries out `actions` in order. A load is awaited, and what the core makes of its answer
    /// joins the queue.
    pub(crate) async fn run(&self, actions: Vec<Action>) -> Option<Result<JsValue>> {
        // A list read front to back while loads append to it: a VecDeque's code costs wasm.
        let mut queue = actions;
        let mut next = 0;
        let mut last = None;
        while let Some(action) = queue.get(next).cloned() {
            next += 1;
            match action {
                Action::Load { epoch } => {
                    // A token carried in by the input that led here belongs to that input only.
                    self.carried.take();
                    let (result, loaded) = self.load().await;
                    last = Some(result);
                    queue.extend(self.session_input(Input::Loaded {
                        epoch,
                        session: loaded,
                    }));
                }
                // The session that load brought: the core only adopts a load it did not find
                // stale, so nothing a stale load said is ever shown.
                Action::Adopt => {
                    if let Some(Ok(body)) = &last {
                        *self.data.borrow_mut() = body.clone();
                    }
                }
                other => self.carry_out(other),
            }
        }
        self.carried.take();
        last
    }

    /// One action that needs no waiting.
    pub(crate) fn carry_out(&self, action: Action) {
        match action {
            Action::Load { .. } => {
                // Only reached from a synchronous caller: run it as a task of its own.
                if let Some(this) = self.rc() {
                    super::tasks::spawn(async move {
                        this.run(vec![action]).await;
                        super::tasks::DONE
                    });
                }
            }
            // Only ever follows a load, which `run` carries out itself.
            Action::Adopt => {}
            Action::AdoptAnswer => {
                let data = self.answered_user.take();
                *self.data.borrow_mut() = data;
            }
            Action::Publish => self.changed(None),
            Action::StartTokens => {
                let carried = self.carried.take();
                self.start_session(carried);
            }
            Action::OfferToken => {
                let carried = self.carried.take();
                if let Some((jwt, sent_at_ms)) = carried {
                    self.input(TokenInput::TokenReceived {
                        fetch: None,
                        jwt,
                        sent_at_ms,
                    });
                }
            }
            Action::StopTokens => self.input(TokenInput::SignOut),
            Action::Tell(peer) => self.tell(peer),
            Action::TwoFactor => self.two_factor(),
            Action::CallOnUnauthorized => self.call_on_unauthorized(&JsValue::UNDEFINED),
            Action::CookieNotStored => {
                self.cookie_lost.set(true);
                let page = super::client::page_origin();
                self.report(&misconfig::cookie_not_stored(
                    page.as_deref(),
                    &self.opts.base,
                ));
            }
        }
    }

    /// `GET /get-session` (then `POST /get-session` when it answers `needsRefresh`, as Better
    /// Auth's client does), with the JWT its `set-auth-jwt` header brought, verified and dated
    /// from when the request that brought it was sent.
    async fn load(&self) -> (Result<JsValue>, Loaded) {
        let url = self.opts.url(GET_SESSION);
        let answer = async {
            let _turn = self.turn().await;
            // GET, then POST once when the GET's answer asks for it: one await site for both.
            let mut post = false;
            loop {
                let sent = self.now();
                let (method, body) = if post { ("POST", "{}") } else { ("GET", "") };
                let mut reply = send(method, &url, body).await?.success()?;
                let body = match core::mem::take(&mut reply.data) {
                    body if !body.is_undefined() => body,
                    _ if post => return Err(not_json()),
                    _ => {
                        return Err(misconfig::not_better_auth(
                            &url,
                            &self.opts.base,
                            self.opts.base_url_set,
                        ))
                    }
                };
                if post || !needs_refresh(&body) {
                    return Ok((body, reply, sent));
                }
                post = true;
            }
        };
        let (body, reply, sent): (JsValue, Reply, u64) = match answer.await {
            Ok(r) => r,
            Err(e) => {
                let e = self.named("GET", &url, e, NotFound::BasePath).await;
                self.report(&e);
                return (Err(e), Loaded::Failed);
            }
        };
        self.clear_error();
        if body.is_null() {
            return (Ok(body), Loaded::Null);
        }
        if let Some(raw) = reply.auth_jwt {
            let jwt = self.verify_token(&raw).await.ok();
            self.carried.set(jwt.map(|jwt| (Rc::new(jwt), sent)));
        }
        let user_id = get(&get(&body, "user"), "id").as_string();
        (Ok(body), Loaded::Session { user_id })
    }

    /// The funnel: `method {base}{path}{query}` with `body`, and what its route's session effect
    /// makes of the answer, carried out before it returns. Resolves the server's body.
    pub(crate) async fn call_route(
        &self,
        path: &str,
        method: Method,
        body: Option<String>,
        query: &str,
    ) -> Result<JsValue> {
        let effect = effect_of(path);
        self.session_step(Input::Sending(effect)).await;
        let body = match method {
            // Better Auth drops a GET body; some POST routes refuse a request without one.
            Method::Get => None,
            Method::Post => Some(body.unwrap_or_else(|| "{}".into())),
        };
        let url = [&self.opts.url(path), query].concat();
        let answer = async {
            let _turn = match effect {
                Effect::None => None,
                _ => Some(self.turn().await),
            };
            let reply = send(method.as_str(), &url, body.as_deref().unwrap_or_default())
                .await?
                .success()?;
            if reply.body.is_empty() {
                Ok(JsValue::NULL)
            } else {
                reply.json()
            }
        };
        let data = match answer.await {
            Ok(data) => data,
            Err(e) => {
                let e = self.named(method.as_str(), &url, e, NotFound::Kept).await;
                self.session_step(Input::Failed(effect)).await;
                return Err(e);
            }
        };
        let outcome = Outcome::of(effect, Answer::read(&data));
        match outcome {
            Outcome::Created => {
                // Shown if the session cannot be loaded: the sign-in stands with the user it
                // answered.
                let fallback = Object::new();
                super::js::set(&fallback, "user", &shown(&data, "user"));
                super::js::set(&fallback, "session", &JsValue::NULL);
                self.answered_user.set(fallback.into());
            }
            Outcome::Challenged => {
                self.challenge.set(shown(&data, "twoFactorMethods"));
            }
            _ => {}
        }
        self.cookie_lost.set(false);
        self.session_step(Input::Answered(outcome)).await;
        if outcome == Outcome::Created {
            // An answer asking to leave the page's origin is refused first; a sign-in that left
            // nobody signed in does not navigate, and says why (the state's error).
            let lost = self.cookie_lost.take();
            follow_redirect(&data, !lost)?;
            if lost {
                return Err(self
                    .error
                    .borrow()
                    .clone()
                    .unwrap_or_else(|| misconfig::cookie_not_stored(None, &self.opts.base)));
            }
        }
        Ok(data)
    }

    /// A failed request to the auth server, named: no answer becomes `CORS_REFUSED` when the
    /// server answers a `no-cors` request (asked once per run of failures), else a
    /// `NETWORK_ERROR` that names the URL; a 404 becomes `not_found()`; anything else stays.
    pub(crate) async fn named(
        &self,
        method: &str,
        url: &str,
        error: Error,
        not_found: NotFound,
    ) -> Error {
        match error.kind() {
            ErrorKind::Network => {
                let reachable = match self.reachable.get() {
                    Some(r) => r,
                    None => {
                        let r = super::transport::answers_no_cors(url).await;
                        self.reachable.set(Some(r));
                        r
                    }
                };
                let page = super::client::page_origin();
                let cause = error.message();
                let cause = cause.strip_prefix("network error: ").unwrap_or(cause);
                misconfig::unanswered(method, url, page.as_deref(), reachable, cause)
            }
            ErrorKind::Server { status: 404, .. } => match not_found {
                NotFound::Kept => error,
                NotFound::BasePath => misconfig::base_path_not_found(url, &self.opts.base),
                NotFound::JwtPlugin => misconfig::token_not_found(url),
            },
            _ => error,
        }
    }

    /// `onTwoFactorRedirect({ twoFactorMethods })` and a `twoFactorRedirect` event.
    fn two_factor(&self) {
        let methods = self.challenge.take();
        let context = Object::new();
        super::js::set(&context, "twoFactorMethods", &methods);
        if let Some(f) = &self.hooks.on_two_factor {
            let _ = f.call1(&JsValue::NULL, &context);
        }
        super::js::set_str(&context, "type", "twoFactorRedirect");
        self.changed(Some(context.into()));
    }
}

/// A member of an answer: `null` when it is absent.
fn shown(data: &JsValue, name: &str) -> JsValue {
    let member = get(data, name);
    if member.is_undefined() {
        JsValue::NULL
    } else {
        member
    }
}

/// After a sign-in that answered `redirect: true` and a `url` (a trusted `callbackURL`), the page
/// goes there, as Better Auth's client does: only within this page's origin.
fn follow_redirect(data: &JsValue, go: bool) -> Result<()> {
    if !data.is_true("redirect") {
        return Ok(());
    }
    let Some(url) = get(data, "url").as_string() else {
        return Ok(());
    };
    if !redirect_allowed(&url, super::client::page_origin().as_deref()) {
        return Err(Error::new(
            ErrorKind::UnsafeRedirect,
            [
                "refusing to navigate off this page's origin to ",
                &quoted(&url),
            ]
            .concat(),
        ));
    }
    if go {
        super::client::go(&url);
    }
    Ok(())
}

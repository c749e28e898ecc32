//! The client's shared state and the executor of the core's actions.
//!
//! Every exported method holds an `Rc<Inner>`; `RefCell` borrows are short and never cross an
//! `.await` (clippy's `await_holding_refcell_ref` is denied), so overlapping calls from JavaScript
//! are safe.

use super::options::Options;
use super::tasks::{settled, Filled, Slot};
use crate::core::session::{Input as SessionInput, Session, Status};
use crate::core::{Action, Event, Input, Lifecycle, SharedFailure, State};
use crate::error::{Error, ErrorKind};
use crate::jwt::{JwksCache, JwksCacheConfig, VerifiedJwt};
use crate::prelude::*;
use alloc::rc::{Rc, Weak};
use core::cell::{Cell, RefCell};
use core::future::Future;
use js_sys::{Function, Object, Promise};
use wasm_bindgen::prelude::*;

/// What a waiting request is handed: the token and its generation, or why there is none.
type Outcome = Result<(String, u64), Error>;

/// A request waiting for the core to hand it a token: where the outcome is left, and the waker of
/// the task that awaits it. All in Rust: no promise, no JavaScript object or `Error` made to
/// carry it. A dispose settles every waiter with `CLIENT_DISPOSED`.
type Waiter = Rc<Slot<Outcome>>;

#[wasm_bindgen(module = "/src/web/browser.js")]
extern "C" {
    /// The lifecycle's single timer (browser.js): calls its function once armed time has run out.
    type Timer;
    /// A timer that calls `fire`; not armed.
    #[wasm_bindgen(constructor)]
    fn new(fire: &JsValue) -> Timer;
    /// Arms it for `ms` from now, replacing the time armed before.
    #[wasm_bindgen(method)]
    fn arm(this: &Timer, ms: f64);
    /// Disarms it.
    #[wasm_bindgen(method)]
    fn disarm(this: &Timer);
    /// See browser.js: the state object, frozen.
    fn state(
        status: &str,
        data: &JsValue,
        expires_at: Option<f64>,
        generation: Option<f64>,
        lifecycle: &str,
        error: &JsValue,
    ) -> JsValue;
}

/// The channel to the other tabs, and its message handler (kept alive with it).
pub(crate) type Channel = (super::tabs::TabChannel, Closure<dyn FnMut(JsValue)>);

/// The window's and the document's event listeners: the function that removes them, and the
/// handler they call (kept alive with them).
pub(crate) type Listeners = (js_sys::Function, Closure<dyn FnMut(JsValue)>);

/// A verified token and the local time the request that brought it was sent (the core counts its
/// lifetime from there). Shared, not copied: a token another tab sent is kept for a fetch waiting
/// for the lock and handed to the core.
pub(crate) type Dated = (Rc<VerifiedJwt>, u64);

/// The caller's callbacks, given with the options and fixed for the client's life.
#[derive(Default)]
pub(crate) struct Hooks {
    /// `onRequest` / `onResponse`, around each attempt of `fetch`.
    pub on_request: Option<Function>,
    pub on_response: Option<Function>,
    /// `onUnauthorized` (see [`Inner::call_on_unauthorized`]).
    pub on_unauthorized: Option<Function>,
    /// `onTwoFactorRedirect`, on a sign-in answered with a two-factor challenge.
    pub on_two_factor: Option<Function>,
    /// The Ed25519 verifier's loader, for browsers whose WebCrypto has no Ed25519
    /// ([`super::webcrypto::verify_pending`]): the constructor's second argument.
    pub load_ed25519: Option<Function>,
}

pub(crate) struct Inner {
    pub opts: Options,
    pub lc: RefCell<Lifecycle>,
    pub jwks: RefCell<JwksCache>,
    this: Weak<Inner>,
    /// Requests waiting for a token, by id. A list: a few dozen at most, and a hash map's code
    /// is 2 KB of wasm.
    waiters: RefCell<Vec<(u64, Waiter)>>,
    next_waiter: Cell<u64>,
    /// The lifecycle's timer, and the closure it calls (made once, kept alive with it).
    timer: (Timer, Closure<dyn FnMut(JsValue)>),
    subscribers: RefCell<Vec<(u64, Function)>>,
    next_subscriber: Cell<u64>,
    /// Who is signed in, and what to do when that changes: the pure core decides, this layer
    /// carries it out (see `session`).
    pub session: RefCell<Session>,
    /// The `{ session, user }` shown while the status is authenticated, as JavaScript: the state's
    /// `user` and `session` stay the same objects until the session's data changes (a token
    /// refresh gives React's memoised consumers the same `user`).
    pub data: RefCell<JsValue>,
    /// What `AdoptAnswer` shows: `{ user, session: null }` from the last sign-in's answer.
    pub answered_user: Cell<JsValue>,
    /// A verified token that came with the input being carried out (a load's `set-auth-jwt`,
    /// another tab's message), for `StartTokens` or `OfferToken`.
    pub carried: Cell<Option<Dated>>,
    /// The `twoFactorMethods` of the last challenge.
    pub challenge: Cell<JsValue>,
    /// The state object handed to subscribers; rebuilt only when something changes, so that
    /// React's `useSyncExternalStore` sees a stable snapshot.
    snapshot: RefCell<JsValue>,
    pub hooks: Hooks,
    pub disposed: Cell<bool>,
    /// The first get-session, started by the constructor. Requests that need a token while it is
    /// in flight wait for it instead of concluding there is no session.
    pub boot: RefCell<Option<Promise>>,
    /// The channel to the other tabs and its message handler (see `tabs`).
    pub channel: RefCell<Option<Channel>>,
    /// The last token another tab shared, with the local time it was received here.
    pub shared: RefCell<Option<(u64, Dated)>>,
    /// The last failure another tab shared, with the local time it was received here.
    pub failed: RefCell<Option<(u64, SharedFailure)>>,
    /// Window listeners, removed by `dispose()`.
    pub listeners: RefCell<Option<Listeners>>,
    /// What keeps the client from a session or a token now (the state's `error`), reported once
    /// (see [`Inner::report`]); cleared by the next success.
    pub error: RefCell<Option<Error>>,
    /// What the last key-set request answered when it failed (0: no answer, or not a key set);
    /// `None` after a success.
    pub jwks_failure: Cell<Option<u16>>,
    /// Whether the auth server answered a `no-cors` request, asked once per run of failures.
    pub reachable: Cell<Option<bool>>,
    /// Set by the session core's `CookieNotStored`, for the sign-in that led to it.
    pub cookie_lost: Cell<bool>,
    /// The last in the queue of requests that may write the session cookie (see
    /// [`Inner::turn`]): the slot its request fills when it is done.
    pub cookie_queue: Cell<Option<Rc<Slot<()>>>>,
}

/// The local clock (ms since the epoch). Only ever differences and deadlines derived from it are
/// used, never comparisons with the server's clock.
pub(crate) fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

impl Inner {
    pub fn new(opts: Options, hooks: Hooks) -> Rc<Self> {
        // Jitter seed: different per client so that tabs and browsers spread out.
        let seed = (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64;
        let inner = Rc::new_cyclic(|this| Inner {
            lc: RefCell::new(Lifecycle::new(opts.lifecycle, seed)),
            jwks: RefCell::new(JwksCache::new(JwksCacheConfig::default())),
            opts,
            this: this.clone(),
            waiters: RefCell::new(Vec::new()),
            next_waiter: Cell::new(1),
            timer: {
                let weak = this.clone();
                let fire = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
                    if let Some(this) = weak.upgrade() {
                        this.input(Input::Timer);
                    }
                });
                (Timer::new(fire.as_ref()), fire)
            },
            subscribers: RefCell::new(Vec::new()),
            next_subscriber: Cell::new(1),
            session: RefCell::new(Session::new()),
            data: RefCell::new(JsValue::NULL),
            answered_user: Cell::new(JsValue::NULL),
            carried: Cell::new(None),
            challenge: Cell::new(JsValue::NULL),
            snapshot: RefCell::new(JsValue::UNDEFINED),
            hooks,
            disposed: Cell::new(false),
            boot: RefCell::new(None),
            channel: RefCell::new(None),
            shared: RefCell::new(None),
            failed: RefCell::new(None),
            listeners: RefCell::new(None),
            error: RefCell::new(None),
            jwks_failure: Cell::new(None),
            reachable: Cell::new(None),
            cookie_lost: Cell::new(false),
            cookie_queue: Cell::new(None),
        });
        inner.rebuild_snapshot();
        inner
    }

    pub fn now(&self) -> u64 {
        now_ms()
    }

    pub fn rc(&self) -> Option<Rc<Inner>> {
        self.this.upgrade()
    }

    /// Feeds the core and executes what it answers.
    pub fn input(&self, input: Input) {
        self.input_under_lock(input, None);
    }

    /// Feeds the core and executes what it answers, `lock` being the token lock a fetch was made
    /// under, if any: a failure is shared with the other tabs before the lock is released, and
    /// released [`super::tabs::NEWS_MS`] later (so a tab waiting for it adopts the failure instead
    /// of trying in the same round), and everything else, subscribers included, runs after.
    fn input_under_lock(&self, input: Input, lock: Option<super::tabs::LockGuard>) {
        if self.disposed.get() {
            return;
        }
        let actions = self.lc.borrow_mut().handle(input, self.now());
        let mut rest = Vec::with_capacity(actions.len());
        let mut shared = false;
        for action in actions {
            if matches!(action, Action::ShareFailure(_)) {
                shared = true;
                self.execute(action);
            } else {
                rest.push(action);
            }
        }
        match lock {
            Some(lock) if shared => lock.release_after(super::tabs::NEWS_MS),
            lock => drop(lock),
        }
        for action in rest {
            self.execute(action);
        }
    }

    /// `Input::Start` for a session we know exists. When a verified token is already in hand
    /// (get-session's `set-auth-jwt`), it answers the core's `FetchToken` instead of a request.
    pub fn start_session(&self, prefetched: Option<Dated>) {
        if self.disposed.get() {
            return;
        }
        let mut prefetched = prefetched;
        let mut answered = None;
        let actions = self.lc.borrow_mut().handle(Input::Start, self.now());
        for action in actions {
            match (action, prefetched.take()) {
                (Action::FetchToken { fetch, .. }, Some(jwt)) => answered = Some((fetch, jwt)),
                (action, p) => {
                    prefetched = p;
                    self.execute(action);
                }
            }
        }
        // The fetch is answered only after the rest of the batch ran, as a real (asynchronous)
        // fetch would be: answering inside the loop let the batch's later `ArmTimer` (the fetch
        // watchdog) replace the refresh timer armed by the answer.
        if let Some((fetch, (jwt, sent_at_ms))) = answered {
            self.input(Input::TokenReceived {
                fetch: Some(fetch),
                jwt,
                sent_at_ms,
            });
        }
    }

    fn execute(&self, action: Action) {
        match action {
            Action::FetchToken {
                fetch,
                lock_wait_ms,
            } => {
                let Some(this) = self.rc() else { return };
                super::tasks::spawn(async move {
                    let (result, lock) = this.fetch_token_for_all_tabs(lock_wait_ms).await;
                    let input = match result {
                        Ok((jwt, sent_at_ms)) => Input::TokenReceived {
                            fetch: Some(fetch),
                            jwt,
                            sent_at_ms,
                        },
                        Err(super::tabs::Failed::Here(failure)) => {
                            Input::RefreshFailed { fetch, failure }
                        }
                        Err(super::tabs::Failed::Peer(failure)) => Input::PeerFailed {
                            fetch: Some(fetch),
                            failure,
                        },
                    };
                    this.input_under_lock(input, lock);
                    super::tasks::DONE
                });
            }
            Action::ArmTimer { at_ms } => self.arm_timer(at_ms),
            Action::DisarmTimer => self.disarm_timer(),
            Action::Resolve { waiters, token } => {
                for id in waiters {
                    if let Some(w) = self.take_waiter(id) {
                        w.fill(Ok((token.raw.clone(), token.generation)));
                    }
                }
            }
            Action::Reject { waiters, error } => {
                for id in waiters {
                    if let Some(w) = self.take_waiter(id) {
                        w.fill(Err(error.clone()));
                    }
                }
            }
            Action::Notify(event) => self.notify(event),
            Action::ShareFailure(failure) => self.share_failure(failure),
        }
    }

    fn arm_timer(&self, at_ms: u64) {
        // setTimeout clamps anything above 2^31-1 ms; the core never asks for more than 24 h.
        let delay = at_ms.saturating_sub(self.now()).min(i32::MAX as u64);
        self.timer.0.arm(delay as f64);
    }

    fn disarm_timer(&self) {
        self.timer.0.disarm();
    }

    /// The token (raw, generation) the core's `Resolve` hands `waiter`, or its `Reject`'s error;
    /// the waiter is registered before `input` is fed (the core may answer at once). Both happen
    /// when this is called, not when the future is first polled: every caller awaits it at once.
    pub fn wait_for_token(&self, waiter: u64, input: Input) -> impl Future<Output = Outcome> {
        let slot = Waiter::default();
        self.waiters.borrow_mut().push((waiter, Rc::clone(&slot)));
        self.input(input);
        Filled(slot)
    }

    /// Waits for the first get-session when it has not answered yet.
    pub async fn booted(&self) {
        if self.status() != Status::Loading {
            return;
        }
        let boot = self.boot.borrow().clone();
        if let Some(p) = boot {
            let _ = settled(p).await;
        }
    }

    pub fn next_waiter_id(&self) -> u64 {
        let id = self.next_waiter.get();
        self.next_waiter.set(id + 1);
        id
    }

    /// Forgets a finished request (its retry record, and a waiter left by an abort).
    pub fn request_done(&self, waiter: u64) {
        self.take_waiter(waiter);
        self.input(Input::RequestDone { waiter });
    }

    fn take_waiter(&self, id: u64) -> Option<Waiter> {
        let mut waiters = self.waiters.borrow_mut();
        let at = waiters.iter().position(|(w, _)| *w == id)?;
        Some(waiters.swap_remove(at).1)
    }

    // ---- state and subscribers -------------------------------------------------------------

    pub fn status(&self) -> Status {
        self.session.borrow().status()
    }

    pub fn snapshot(&self) -> JsValue {
        self.snapshot.borrow().clone()
    }

    fn rebuild_snapshot(&self) {
        let lc = self.lc.borrow();
        let token = lc.current_token();
        let error = self.error.borrow();
        let snapshot = state(
            self.status().as_str(),
            &self.data.borrow(),
            token.map(|t| t.expires_at_ms as f64),
            token.map(|t| t.generation as f64),
            state_name(lc.state()),
            &error
                .as_ref()
                .map_or(JsValue::NULL, super::js::error_object),
        );
        *self.snapshot.borrow_mut() = snapshot;
    }

    /// Rebuilds the snapshot and tells subscribers, with the event when there is one.
    pub fn changed(&self, event: Option<JsValue>) {
        self.rebuild_snapshot();
        let event = event.unwrap_or_else(|| {
            let o = Object::new();
            super::js::set_str(&o, "type", "state");
            o.into()
        });
        super::js::set(&event, "state", &self.snapshot());
        // Call a copy: a listener may unsubscribe (or subscribe) while being called.
        let subscribers: Vec<Function> = self
            .subscribers
            .borrow()
            .iter()
            .map(|(_, f)| f.clone())
            .collect();
        for f in subscribers {
            let _ = f.call1(&JsValue::NULL, &event);
        }
    }

    pub fn subscribe(&self, listener: Function) -> u64 {
        let id = self.next_subscriber.get();
        self.next_subscriber.set(id + 1);
        self.subscribers.borrow_mut().push((id, listener));
        id
    }

    pub fn unsubscribe(&self, id: u64) {
        self.subscribers.borrow_mut().retain(|(i, _)| *i != id);
    }

    fn notify(&self, event: Event) {
        let obj = Object::new();
        let set = |k: &str, v: JsValue| super::js::set(&obj, k, &v);
        let set_str = |k: &str, v: &str| super::js::set_str(&obj, k, v);
        let set_num = |k: &str, v: f64| super::js::set_num(&obj, k, v);
        match &event {
            Event::SignedIn { generation } => {
                self.clear_error();
                set_str("type", "signedIn");
                set_num("generation", *generation as f64);
            }
            Event::TokenRefreshed { generation } => {
                self.clear_error();
                set_str("type", "tokenRefreshed");
                set_num("generation", *generation as f64);
            }
            Event::RefreshFailed { error, retry_at_ms } => {
                set_str("type", "refreshFailed");
                set("error", super::js::error_object(error));
                set_num("retryAt", *retry_at_ms as f64);
            }
            Event::SignedOut => set_str("type", "signedOut"),
            Event::Unauthorized { generation } => {
                set_str("type", "unauthorized");
                set_num("generation", *generation as f64);
            }
        }
        // The session core hears of the lifecycle's end (the token endpoint answered 401, or a
        // sign-out stopped it) and of the API's refusal before subscribers see the state.
        let told = match &event {
            Event::SignedOut => self.session_input(SessionInput::TokensEnded),
            Event::Unauthorized { .. } => self.session_input(SessionInput::TokenRefused),
            _ => Vec::new(),
        };
        let obj: JsValue = obj.into();
        if let Event::RefreshFailed { error, .. } = &event {
            self.report(error);
        }
        self.changed(Some(obj.clone()));
        for action in told {
            match action {
                crate::core::session::Action::CallOnUnauthorized => self.call_on_unauthorized(&obj),
                other => self.carry_out(other),
            }
        }
    }

    /// Makes `error` the state's `error`. A new one (another code than the state shows) is also
    /// written to the console, once, and told to subscribers as an `error` event; the same error
    /// again (a retry failing the same way) only replaces the message.
    pub fn report(&self, error: &Error) {
        let new = self
            .error
            .replace(Some(error.clone()))
            .is_none_or(|old| old.code() != error.code());
        if new {
            web_sys::console::error_1(
                &["better-auth-wasm: ", error.code(), ": ", error.message()]
                    .concat()
                    .into(),
            );
            let event = Object::new();
            super::js::set_str(&event, "type", "error");
            super::js::set(&event, "error", &super::js::error_object(error));
            self.changed(Some(event.into()));
        }
    }

    /// Something worked: the state's `error` is gone (shown at the next change of state).
    pub fn clear_error(&self) {
        self.error.borrow_mut().take();
        self.reachable.set(None);
    }

    /// `onUnauthorized(event)`: the API refused a fresh token, or the session ended without the
    /// user signing out (revoked, expired). The session core calls it once per session.
    pub fn call_on_unauthorized(&self, event: &JsValue) {
        if let Some(f) = &self.hooks.on_unauthorized {
            let _ = f.call1(&JsValue::NULL, event);
        }
    }

    /// Stops timers and listeners and fails waiting requests. Idempotent.
    pub fn dispose(&self) {
        if self.disposed.replace(true) {
            return;
        }
        self.disarm_timer();
        let listeners = self.listeners.borrow_mut().take();
        if let Some((remove, _)) = listeners {
            let _ = remove.call1(&JsValue::UNDEFINED, &JsValue::UNDEFINED);
        }
        let waiters = core::mem::take(&mut *self.waiters.borrow_mut());
        for (_, w) in waiters {
            w.fill(Err(disposed()));
        }
        self.subscribers.borrow_mut().clear();
        let channel = self.channel.borrow_mut().take();
        if let Some((c, _)) = channel {
            c.close();
        }
    }
}

/// A client dropped without `dispose()` (wasm-bindgen's `free()`, JavaScript's `using`) is
/// disposed as it goes: its listeners, its timer and its channel would otherwise stay with the
/// browser and call into the closures dropped with it (each call throwing).
impl Drop for Inner {
    fn drop(&mut self) {
        self.dispose();
    }
}

/// The lifecycle state as the snapshot names it: its variant name, as `Debug` writes it.
fn state_name(state: State) -> &'static str {
    match state {
        State::NoSession => "NoSession",
        State::Fresh => "Fresh",
        State::RefreshDue => "RefreshDue",
        State::Refreshing => "Refreshing",
        State::Failing => "Failing",
        State::SignedOut => "SignedOut",
    }
}

pub(crate) fn disposed() -> Error {
    Error::new(ErrorKind::ClientDisposed, "the client was disposed")
}

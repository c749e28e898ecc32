//! All tabs, one refresh: a Web Lock serialises token fetches across the tabs of an origin, and a
//! BroadcastChannel shares the new token and sign-in/sign-out with the others, which then need no
//! request of their own. Where either API is missing, each tab refreshes for itself.
//!
//! The lock is held only for the fetch and verification of a token (and [`NEWS_MS`] after a
//! failure, see below), never while subscribers or other user callbacks run. A tab waits for it
//! as long as the core's `FetchToken` says, then steals it (see
//! [`Inner::fetch_token_for_all_tabs`]).
//!
//! A failed fetch is shared too (`failed`: its error, its retry time and when it was tried): the
//! other tabs adopt it and wait with it (the core's `PeerFailed`), and a tab that waited for the
//! lock meanwhile takes it instead of trying again, so a browser makes one attempt per backoff
//! round whatever its number of tabs.
//!
//! The failure is posted before the lock is released, but that is not enough: a browser orders
//! neither a channel's messages after a lock's release nor the tasks that deliver them, and the
//! tab granted the lock next could decide before the news arrived (seen in CI: two attempts in
//! one round). After a failure the lock is therefore held [`NEWS_MS`] longer.
//!
//! A token travels with the local time its request was sent (`sentAt`): the receiving tab counts
//! its lifetime from there, as the sender does, and never from when the message arrived (the
//! sender may have been frozen between its fetch and its message).

use super::inner::{Dated, Inner};
use super::tasks::settled;
use crate::core::session::{Input as SessionInput, Peer};
use crate::core::{Failure, SharedFailure};
use crate::error::{Error, ErrorKind};
use crate::prelude::*;
use alloc::rc::Rc;
use js_sys::{Function, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A token as the tabs pass it: the compact JWS and the local time its request was sent.
type Raw = (String, u64);

/// A message between tabs: a refreshed token, or news of the session with the token that goes
/// with it (so that the other tabs drop the old identity's token at once).
enum Message {
    Token(Raw),
    Session(Peer, Option<Raw>),
    Failed(SharedFailure),
}

/// How a fetch for all tabs ended without a token.
pub(crate) enum Failed {
    /// This tab tried.
    Here(Failure),
    /// Another tab tried while this one waited for the lock (adopted, no request).
    Peer(SharedFailure),
}

#[wasm_bindgen(module = "/src/web/browser.js")]
extern "C" {
    /// See browser.js: resolves the lock's release function once it is held, or `undefined`.
    fn lock(name: &str, wait_ms: u32) -> Promise;

    /// See browser.js: a BroadcastChannel calling `receive(data)` per message, or `undefined`.
    fn open(name: &str, receive: &JsValue) -> JsValue;

    /// The channel to the other tabs that browser.js's `open` makes.
    pub(crate) type TabChannel;

    /// Posts to the other tabs; never throws.
    #[wasm_bindgen(method)]
    fn post(this: &TabChannel, message: &JsValue);

    /// Stops listening and closes the channel.
    #[wasm_bindgen(method)]
    pub(crate) fn close(this: &TabChannel);
}

/// How long the token lock stays held after a failure was shared under it: the time the news has
/// to reach the other tabs before one of them, granted the lock next, decides whether to try.
/// Below the core's least lock wait (`DEFAULT_MIN_LOCK_WAIT_MS`, 1 s), so that no tab waiting for
/// the lock takes this for a stuck holder and steals it.
pub(crate) const NEWS_MS: u64 = 500;

/// Holds a Web Lock until dropped.
pub(crate) struct LockGuard {
    release: Option<Function>,
}

impl LockGuard {
    /// Releases the lock `ms` from now rather than when dropped (at once where no timer can be
    /// set).
    pub(crate) fn release_after(mut self, ms: u64) {
        if let Some(release) = self.release.take() {
            if super::js::set_timeout(&release, ms as f64).is_err() {
                let _ = release.call1(&JsValue::NULL, &JsValue::UNDEFINED);
            }
        }
    }
}

impl Drop for LockGuard {
    fn drop(&mut self) {
        // `call1` with `undefined` where `call0` would do: one import for both (issue #13).
        if let Some(release) = &self.release {
            let _ = release.call1(&JsValue::NULL, &JsValue::UNDEFINED);
        }
    }
}

/// Takes the exclusive Web Lock `name`, waiting at most `wait_ms`, or at once by stealing it from
/// its holder when `wait_ms` is 0. `None` when the API is missing or the wait timed out.
async fn acquire(name: &str, wait_ms: u64) -> Option<LockGuard> {
    let wait_ms = u32::try_from(wait_ms).unwrap_or(u32::MAX);
    let release = settled(lock(name, wait_ms)).await.ok()?;
    Some(LockGuard {
        release: Some(release.dyn_into().ok()?),
    })
}

impl Inner {
    fn lock_name(&self) -> String {
        ["better-auth-wasm:", &self.opts.base].concat()
    }

    /// Opens the channel and listens to the other tabs (when cross-tab is on and supported).
    pub(crate) fn open_channel(self: &Rc<Self>) {
        if !self.opts.cross_tab {
            return;
        }
        let weak = Rc::downgrade(self);
        let on_message = Closure::<dyn FnMut(JsValue)>::new(move |data: JsValue| {
            if let (Some(this), Some(msg)) = (weak.upgrade(), decode(&data)) {
                super::tasks::spawn(async move {
                    this.on_tab_message(msg).await;
                    super::tasks::DONE
                });
            }
        });
        let channel = open(&self.lock_name(), on_message.as_ref());
        if !channel.is_undefined() {
            *self.channel.borrow_mut() = Some((channel.unchecked_into(), on_message));
        }
    }

    fn post(&self, msg: Message) {
        let channel = self.channel.borrow();
        if let Some((c, _)) = channel.as_ref() {
            c.post(&encode(&msg));
        }
    }

    /// Tells the other tabs that this tab's fetch failed (the core's `ShareFailure`).
    pub(crate) fn share_failure(&self, failure: SharedFailure) {
        self.post(Message::Failed(failure));
    }

    /// Tells the other tabs what the session core decided they must hear, with the token now
    /// held when the session was created or changed.
    pub(crate) fn tell(&self, peer: Peer) {
        let raw = match peer {
            Peer::SignedOut => None,
            _ => self
                .lc
                .borrow()
                .current_token()
                .map(|t| (t.raw.clone(), t.sent_at_ms)),
        };
        self.post(Message::Session(peer, raw));
    }

    async fn on_tab_message(&self, msg: Message) {
        let (input, raw) = match msg {
            Message::Token(raw) => (SessionInput::PeerToken, Some(raw)),
            Message::Session(peer, raw) => (SessionInput::Peer(peer), raw),
            Message::Failed(failure) => {
                *self.failed.borrow_mut() = Some((self.now(), failure.clone()));
                self.input(crate::core::Input::PeerFailed {
                    fetch: None,
                    failure,
                });
                return;
            }
        };
        // Verified like any other token before it is held; dated as its sender dated it.
        let jwt = match raw {
            Some((raw, sent)) => self
                .verify_token(&raw)
                .await
                .ok()
                .map(|jwt| (Rc::new(jwt), sent)),
            None => None,
        };
        if let (SessionInput::PeerToken, Some(jwt)) = (&input, &jwt) {
            *self.shared.borrow_mut() = Some((self.now(), jwt.clone()));
        }
        let actions = self.session_input(input);
        self.carried.set(jwt);
        self.run(actions).await;
    }

    /// Executes the core's `FetchToken` once for all tabs: under the lock, a token another tab
    /// shared while we waited is taken instead of a request; a token we fetch is shared.
    ///
    /// After `lock_wait_ms` (the core's choice: the token held serves the calls until then) the
    /// lock is stolen rather than done without. A holder that slow is stuck: frozen by the
    /// browser, paused in a debugger, or a page that never releases it. Stealing releases its
    /// hold for good (its lock callback keeps running, its `request` promise rejects, and its
    /// next request queues normally), so the next refresh finds the lock free instead of waiting
    /// for the same dead holder on every cycle, and the tabs still queued behind it stay
    /// serialised behind this tab and take the token it shares. Fetching without the lock for a
    /// while instead would leave every tab to time out on the holder once and then fetch on its
    /// own. The cost, when the holder was only slow, is one extra token request; it is not
    /// harmed: its token is dated from its own request, like any.
    ///
    /// The lock comes back with the result, held: the caller feeds the result to the core, whose
    /// `ShareFailure` posts a failure, and only then releases it ([`NEWS_MS`] later). Released
    /// before the news arrived, a tab waiting for the lock could try again in the same round.
    pub(crate) async fn fetch_token_for_all_tabs(
        &self,
        lock_wait_ms: u64,
    ) -> (Result<Dated, Failed>, Option<LockGuard>) {
        let mut guard = None;
        if self.opts.cross_tab {
            let asked_at = self.now();
            let name = self.lock_name();
            guard = match acquire(&name, lock_wait_ms).await {
                None => acquire(&name, 0).await,
                held => held,
            };
            let shared = self
                .shared
                .borrow()
                .as_ref()
                .filter(|(received, _)| *received >= asked_at)
                .map(|(received, jwt)| (*received, jwt.clone()));
            // Another tab tried while we waited, and failed (after any token it shared): adopted.
            let failed = self
                .failed
                .borrow()
                .as_ref()
                .filter(|(received, _)| {
                    *received >= asked_at && shared.as_ref().is_none_or(|(t, _)| received > t)
                })
                .map(|(_, f)| f.clone());
            if let Some(f) = failed {
                return (Err(Failed::Peer(f)), guard);
            }
            if let Some((_, jwt)) = shared {
                return (Ok(jwt), guard);
            }
        }
        let result = self.fetch_verified_token().await.map_err(Failed::Here);
        if let (true, Ok((jwt, sent))) = (self.opts.cross_tab, &result) {
            self.post(Message::Token((jwt.raw.clone(), *sent)));
        }
        (result, guard)
    }
}

fn peer_name(peer: Peer) -> &'static str {
    match peer {
        Peer::SignedIn => "signedIn",
        Peer::Changed => "changed",
        Peer::SignedOut => "signedOut",
    }
}

fn encode(msg: &Message) -> JsValue {
    let o = Object::new();
    let set = |k: &str, v: JsValue| {
        super::js::set(&o, k, &v);
    };
    let (kind, raw) = match msg {
        Message::Token(raw) => ("token", Some(raw)),
        Message::Session(peer, raw) => (peer_name(*peer), raw.as_ref()),
        Message::Failed(f) => {
            super::js::set_str(&o, "code", f.error.code());
            super::js::set_str(&o, "message", f.error.message());
            if let Some(status) = f.error.status() {
                super::js::set_num(&o, "status", status.into());
            }
            super::js::set_num(&o, "retryAt", f.retry_at_ms as f64);
            super::js::set_num(&o, "attemptedAt", f.attempted_at_ms as f64);
            set("strict", f.strict.into());
            ("failed", None)
        }
    };
    super::js::set_str(&o, "kind", kind);
    if let Some((raw, sent)) = raw {
        super::js::set_str(&o, "raw", raw);
        super::js::set_num(&o, "sentAt", *sent as f64);
    }
    o.into()
}

fn decode(data: &JsValue) -> Option<Message> {
    let get = |k: &str| super::js::get(data, k);
    let kind = get("kind").as_string()?;
    if kind == "failed" {
        let status = get("status").as_f64().map(|s| s as u16);
        let error = Error::new(
            ErrorKind::from_code(&get("code").as_string()?, status)?,
            get("message").as_string().unwrap_or_default(),
        );
        return Some(Message::Failed(SharedFailure {
            error,
            retry_at_ms: get("retryAt").as_f64()? as u64,
            attempted_at_ms: get("attemptedAt").as_f64()? as u64,
            strict: get("strict").as_bool().unwrap_or(false),
        }));
    }
    // A token without its `sentAt` (from a tab running an older version) is dated 1970: too old
    // for the core to take.
    let sent = get("sentAt").as_f64().unwrap_or(0.0) as u64;
    let raw = get("raw").as_string().map(|raw| (raw, sent));
    let peer = [Peer::SignedIn, Peer::Changed, Peer::SignedOut]
        .into_iter()
        .find(|p| peer_name(*p) == kind);
    match (kind.as_str(), peer) {
        ("token", _) => Some(Message::Token(raw?)),
        (_, Some(peer)) => Some(Message::Session(peer, raw)),
        _ => None,
    }
}

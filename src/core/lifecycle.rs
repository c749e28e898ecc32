//! The token lifecycle state machine.

use crate::prelude::*;

use super::config::{Config, MAX_TIMER_DELAY_MS};
use super::rng::Rng;
use super::token::{Handed, Token};
use crate::error::{Error, ErrorKind};
use crate::jwt::VerifiedJwt;
use crate::num::saturating_mul;
use alloc::rc::Rc;

/// How many waiter ids that already had their one 401 retry are remembered. Defaults to `1024`;
/// the browser layer forgets them with [`Input::RequestDone`], this only bounds memory if it
/// does not.
pub const MAX_REMEMBERED_RETRIES: usize = 1024;

/// Where the lifecycle is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// No session is known: the initial state, and after the token endpoint said 401 before any
    /// token was received. Requests are refused with `NO_SESSION`.
    NoSession,
    /// A token is held and its refresh is not due yet.
    Fresh,
    /// A token is needed or its refresh is due, but the browser is offline; the fetch starts on
    /// [`Input::Online`].
    RefreshDue,
    /// A token fetch is in flight (waiting for the cross-tab lock, or for the server). Requests
    /// still get the token held until its cut-off (see [`Lifecycle::usable_token`]); the others
    /// wait for the fetch.
    Refreshing,
    /// The last fetch failed; the next one is scheduled after a backoff. The old token is still
    /// handed out until shortly before its expiry.
    Failing,
    /// The user signed out, or the session ended. Requests are refused with `NO_SESSION`.
    SignedOut,
}

/// Why a token fetch failed, as the browser layer reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The error: [`ErrorKind::Network`], [`ErrorKind::Server`] (its status decides: 401 ends the
    /// session, 429 honours `retry_after_s`, anything else backs off), or a `JWT_*` error when the
    /// token did not verify (backs off: the JWKS may be rotating).
    pub error: Error,
    /// The `x-retry-after` (or `retry-after`) of a 429 or 503 response, in seconds, if any.
    pub retry_after_s: Option<u64>,
}

impl From<Error> for Failure {
    /// A failure whose answer asked for no particular wait.
    fn from(error: Error) -> Self {
        Failure {
            error,
            retry_after_s: None,
        }
    }
}

/// A failed token fetch as the tabs share it: the tab that tried tells the others
/// ([`Action::ShareFailure`]), which adopt it ([`Input::PeerFailed`]) and wait with it, so that a
/// browser makes one attempt per backoff round whatever its number of tabs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedFailure {
    /// What went wrong.
    pub error: Error,
    /// When the tab that tried retries (local ms; the tabs of a browser share its clock).
    pub retry_at_ms: u64,
    /// When that tab's attempt started (local ms): calls probe at most once per
    /// [`Config::probe_interval_ms`] counted from the last attempt of any tab.
    pub attempted_at_ms: u64,
    /// No probe before `retry_at_ms`: the server asked for the wait (`Retry-After` of a 429 or
    /// 503), or the error cannot heal by itself.
    pub strict: bool,
}

/// Something that happened, fed to [`Lifecycle::handle`] with the local time.
#[derive(Debug, Clone, PartialEq)]
// A tag byte of its own rather than a niche in a field: each match is one jump on one byte
// (issue #13, measured: smaller wasm).
#[repr(u8)]
pub enum Input {
    /// A session may exist: the page loaded, or the user just signed in (or in as someone else).
    /// Drops any token held, abandons any fetch in flight and fetches a new token.
    Start,
    /// A token arrived and verified. `fetch` is the id of the [`Action::FetchToken`] it answers,
    /// or `None` for a token that came unasked (Better Auth's `set-auth-jwt` response header);
    /// answers to abandoned fetches are ignored, and unasked tokens are ignored while a fetch is
    /// in flight, when no session is active, or when not issued after the token held. Its local
    /// expiry is `sent_at_ms + (exp − iat − 1 s)` (the claims count whole seconds). A token that
    /// arrives with less life left than the cut-off ([`Config::attach_safety_ms`], at most half
    /// its lifetime) spent that long on the way (a frozen or paused tab): the answer to a fetch is
    /// then dropped for a new fetch, at once (it can only recur as often as a normal refresh
    /// would), and an unasked one is ignored.
    /// Shared (`Rc`): the browser layer keeps the token another tab sent for a fetch waiting for
    /// the lock as well as handing it here, without copying its claims.
    TokenReceived {
        /// The fetch this answers.
        fetch: Option<u64>,
        /// The verified token.
        jwt: Rc<VerifiedJwt>,
        /// Local time the request that brought it was sent: for a fetch, when `GET /token` left
        /// (after the cross-tab lock was granted); for `set-auth-jwt`, when its get-session left;
        /// for a token another tab shared, the time its sender's request left, which the message
        /// carries (never the time it was received: a token processed late, after a freeze or a
        /// debugger pause, was minted long before). Clamped to `now`.
        sent_at_ms: u64,
    },
    /// Another tab's token fetch failed (see [`SharedFailure`]). With `fetch: None` (the news
    /// arrived by itself), a tab that is not fetching adopts it when its own refresh would come
    /// before that tab's retry (the server is failing: it would fail too); a tab waiting for the
    /// cross-tab lock ignores it and, once it holds the lock, reports it with the id of its
    /// fetch instead of fetching (`fetch: Some(id)`). Adopting means waiting for the same retry
    /// time, as if the fetch had failed here (waiters are answered, [`Event::RefreshFailed`]),
    /// but not sharing it again.
    PeerFailed {
        /// The fetch this answers, when it was waiting for the lock.
        fetch: Option<u64>,
        /// The other tab's failure.
        failure: SharedFailure,
    },
    /// The fetch with this id failed.
    RefreshFailed {
        /// The fetch this answers.
        fetch: u64,
        /// What went wrong.
        failure: Failure,
    },
    /// A request wants a token to attach. Answered by [`Action::Resolve`] or [`Action::Reject`]
    /// naming `waiter`, at once or later.
    NeedToken {
        /// Opaque id chosen by the browser layer, unique among live requests.
        waiter: u64,
    },
    /// A request sent with the token of `generation` got 401 from the API. It may be retried once,
    /// with a newer token, which arrives as [`Action::Resolve`]; a second 401 for the same
    /// `waiter` is answered by [`Action::Reject`] and [`Event::Unauthorized`].
    Unauthorized {
        /// The request's id.
        waiter: u64,
        /// [`Token::generation`] of the token the request carried.
        generation: u64,
    },
    /// The request `waiter` finished or was aborted: forget it.
    RequestDone {
        /// The request's id.
        waiter: u64,
    },
    /// The user signed out (call it when sign-out starts, so no token is handed out meanwhile).
    SignOut,
    /// The tab became visible (timers may have been throttled while hidden).
    Visible,
    /// The browser went online: a fetch that failed for lack of network is retried now.
    Online,
    /// The browser went offline: no fetch is started until [`Input::Online`].
    Offline,
    /// The timer armed by [`Action::ArmTimer`] fired.
    Timer,
}

/// What subscribers are told.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The first token of a session arrived.
    SignedIn {
        /// Its generation.
        generation: u64,
    },
    /// A newer token replaced the previous one.
    TokenRefreshed {
        /// Its generation.
        generation: u64,
    },
    /// A fetch failed; the next try is at `retry_at_ms` (local).
    RefreshFailed {
        /// What went wrong.
        error: Error,
        /// When the next fetch starts, local ms.
        retry_at_ms: u64,
    },
    /// The session ended: explicit sign-out, or the token endpoint answered 401.
    SignedOut,
    /// The API refused a token even after its one refresh: the session is valid for Better Auth
    /// but not for the API (wrong issuer or audience, revoked user...).
    Unauthorized {
        /// The generation the API refused.
        generation: u64,
    },
}

/// What the browser layer must do, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Start `GET /api/auth/token`; report [`Input::TokenReceived`] or [`Input::RefreshFailed`]
    /// with this `fetch` id.
    FetchToken {
        /// Id to report back.
        fetch: u64,
        /// How long to wait for another tab's fetch of the token (the cross-tab lock) before
        /// taking the lock from it, ms: until the cut-off of the token held, while it serves the
        /// calls meanwhile, within [`Config::min_lock_wait_ms`]..=[`Config::lock_wait_ms`]; the
        /// longest when no token is held.
        lock_wait_ms: u64,
    },
    /// (Re)arm the single timer to fire [`Input::Timer`] at local time `at_ms` (never in the
    /// past, never more than 24 h ahead). Replaces any timer armed before.
    ArmTimer {
        /// Local ms.
        at_ms: u64,
    },
    /// Cancel the timer.
    DisarmTimer,
    /// Give `token` to these waiting requests.
    Resolve {
        /// Waiter ids.
        waiters: Vec<u64>,
        /// The token to attach (what a request needs of the held [`Token`], not a copy of its
        /// claims).
        token: Handed,
    },
    /// Fail these waiting requests with `error`.
    Reject {
        /// Waiter ids.
        waiters: Vec<u64>,
        /// Why.
        error: Error,
    },
    /// Tell subscribers.
    Notify(Event),
    /// Tell the other tabs that this tab's fetch failed (post it on the BroadcastChannel, and keep
    /// it for a tab waiting for the lock): they adopt it with [`Input::PeerFailed`].
    ShareFailure(SharedFailure),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    NoSession,
    SignedOut,
    Active,
}

/// The ids of the waiters `picked` picks, and the other waiters, in their order. By hand rather
/// than `Iterator::partition`, and over `dyn Fn`: one copy of the loop in the wasm.
fn split(waiters: Vec<Waiter>, picked: &dyn Fn(&Waiter) -> bool) -> (Vec<u64>, Vec<Waiter>) {
    let mut ids = Vec::new();
    let mut rest = Vec::new();
    for w in waiters {
        if picked(&w) {
            ids.push(w.id);
        } else {
            rest.push(w);
        }
    }
    (ids, rest)
}

#[derive(Debug, Clone, Copy)]
struct Waiter {
    id: u64,
    /// 0 for a first attempt; `g + 1` for a retry after a 401 with generation `g`.
    min_generation: u64,
}

/// The waiters' ids, in their order. Through [`split`]'s loop: `drain(..).map().collect()` or
/// `iter().map().collect()` each cost an iterator adapter in the wasm.
fn ids(waiters: Vec<Waiter>) -> Vec<u64> {
    split(waiters, &|_| true).0
}

#[derive(Debug, Clone, Copy)]
struct Retry {
    at_ms: u64,
    /// Set for a 429: going online does not cut the wait short.
    strict: bool,
}

/// The token lifecycle. Pure: time comes in as `now_ms`, IO goes out as [`Action`]s.
#[derive(Debug, Clone)]
pub struct Lifecycle {
    config: Config,
    rng: Rng,
    phase: Phase,
    token: Option<Token>,
    generation: u64,
    /// Whether the current session has had a token (decides SignedIn vs TokenRefreshed).
    session_had_token: bool,
    next_fetch: u64,
    in_flight: Option<(u64, u64)>,
    waiters: Vec<Waiter>,
    retried: Vec<u64>,
    retry: Option<Retry>,
    last_backoff_ms: u64,
    last_error: Option<Error>,
    online: bool,
    armed: Option<u64>,
    /// The deadline the armed timer serves (later than `armed` when it was capped).
    armed_for: Option<u64>,
    state: State,
    /// When a 401 from the API last started a refresh (local ms).
    last_unauthorized_refresh_ms: Option<u64>,
    /// When the last token fetch of this tab, or the last failed one of another tab, started
    /// (local ms): a call probes at most once per [`Config::probe_interval_ms`] after it.
    last_attempt_ms: Option<u64>,
    /// The generation the API last answered 401 to (0: none): not handed out while its refresh is
    /// in flight.
    refused: u64,
}

impl Lifecycle {
    /// A lifecycle in [`State::NoSession`]. `seed` feeds the jitter: pass something random per
    /// client (e.g. from `crypto.getRandomValues`) so clients spread out; tests pass a constant.
    pub fn new(config: Config, seed: u64) -> Self {
        Lifecycle {
            config,
            rng: Rng::new(seed),
            phase: Phase::NoSession,
            token: None,
            generation: 0,
            session_had_token: false,
            next_fetch: 1,
            in_flight: None,
            waiters: Vec::new(),
            retried: Vec::new(),
            retry: None,
            last_backoff_ms: 0,
            last_error: None,
            online: true,
            armed: None,
            armed_for: None,
            state: State::NoSession,
            last_unauthorized_refresh_ms: None,
            last_attempt_ms: None,
            refused: 0,
        }
    }

    /// The state after the last [`Self::handle`].
    pub fn state(&self) -> State {
        self.state
    }

    /// The generation of the newest token accepted, 0 before any.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The token held, if any, whether or not it is due for refresh.
    pub fn current_token(&self) -> Option<&Token> {
        self.token.as_ref()
    }

    /// The token if a request may attach it right now without asking: fresh; or, until its
    /// cut-off ([`Config::attach_safety_ms`] before expiry), while its refresh is on its way
    /// (waiting for the cross-tab lock or for the server, unless the API refused it), failing, or
    /// waiting for the network. Otherwise send [`Input::NeedToken`]: a due token is refreshed
    /// first.
    pub fn usable_token(&self, now_ms: u64) -> Option<&Token> {
        let t = self.token.as_ref()?;
        if self.phase != Phase::Active {
            return None;
        }
        let fresh = self.in_flight.is_none() && self.retry.is_none() && now_ms < t.refresh_at_ms;
        // A refresh in flight may wait for another tab's (possibly frozen) lock for seconds: the
        // token held is as good meanwhile as while refreshes fail.
        let pending = match self.in_flight {
            Some(_) => t.generation != self.refused,
            None => self.retry.is_some() || !self.online,
        };
        let before_cutoff = now_ms.saturating_add(self.config.attach_safety_ms) < t.expires_at_ms;
        (fresh || pending && before_cutoff).then_some(t)
    }

    /// The id of the fetch in flight, if any.
    pub fn in_flight_fetch(&self) -> Option<u64> {
        self.in_flight.map(|(id, _)| id)
    }

    /// When the armed timer fires (local ms), if one is armed.
    pub fn next_timeout(&self) -> Option<u64> {
        self.armed
    }

    /// Feeds one input at local time `now_ms` and returns what to do, in order.
    pub fn handle(&mut self, input: Input, now_ms: u64) -> Vec<Action> {
        let mut out = Vec::new();
        match input {
            Input::Start => {
                self.phase = Phase::Active;
                self.last_unauthorized_refresh_ms = None;
                self.token = None;
                self.session_had_token = false;
                self.in_flight = None;
                self.clear_failures();
                self.start_fetch(now_ms, &mut out);
            }
            Input::TokenReceived {
                fetch,
                jwt,
                sent_at_ms,
            } => {
                let live = match fetch {
                    Some(id) => self.in_flight.map(|(f, _)| f) == Some(id),
                    // A late response can carry a token no newer than the one held (or the
                    // same one): nothing to gain.
                    None => {
                        self.phase == Phase::Active
                            && self.in_flight.is_none()
                            && match (self.token.as_ref().and_then(|t| t.iat), jwt.claims.iat) {
                                (Some(held), Some(new)) => new > held,
                                _ => true,
                            }
                    }
                };
                if live {
                    let asked = self.in_flight.take().is_some();
                    let sent = sent_at_ms.min(now_ms);
                    if !self.accept(&jwt, sent, now_ms, &mut out) && asked {
                        self.start_fetch(now_ms, &mut out);
                    }
                }
            }
            Input::RefreshFailed { fetch, failure } => {
                if self.in_flight.map(|(f, _)| f) == Some(fetch) {
                    self.in_flight = None;
                    self.fail(failure, now_ms, &mut out);
                }
            }
            Input::PeerFailed { fetch, failure } => {
                self.peer_failed(fetch, failure, now_ms, &mut out)
            }
            Input::NeedToken { waiter } => {
                self.serve(
                    Waiter {
                        id: waiter,
                        min_generation: 0,
                    },
                    now_ms,
                    &mut out,
                );
            }
            Input::Unauthorized { waiter, generation } => {
                self.unauthorized(waiter, generation, now_ms, &mut out)
            }
            Input::RequestDone { waiter } => {
                self.retried.retain(|w| *w != waiter);
                self.waiters.retain(|w| w.id != waiter);
            }
            Input::SignOut => {
                let was_active = self.phase == Phase::Active;
                self.phase = Phase::SignedOut;
                self.end_session(&mut out);
                if was_active {
                    out.push(Action::Notify(Event::SignedOut));
                }
            }
            Input::Visible => {}
            Input::Online => {
                self.online = true;
                if let Some(r) = &mut self.retry {
                    if !r.strict {
                        r.at_ms = r.at_ms.min(now_ms);
                    }
                }
            }
            Input::Offline => self.online = false,
            Input::Timer => self.armed = None,
        }
        self.settle(now_ms, &mut out);
        out
    }

    fn clear_failures(&mut self) {
        self.retry = None;
        self.last_backoff_ms = 0;
        self.last_error = None;
    }

    fn end_session(&mut self, out: &mut Vec<Action>) {
        self.token = None;
        self.session_had_token = false;
        self.in_flight = None;
        self.clear_failures();
        let ids = self.take_waiters();
        if !ids.is_empty() {
            out.push(Action::Reject {
                waiters: ids,
                error: no_session(),
            });
        }
    }

    fn start_fetch(&mut self, now_ms: u64, out: &mut Vec<Action>) {
        self.last_attempt_ms = Some(now_ms);
        let id = self.next_fetch;
        self.next_fetch = self.next_fetch.wrapping_add(1);
        self.in_flight = Some((id, now_ms));
        let max = self.config.lock_wait_ms;
        // While the token held serves the calls, waiting for the lock past its cut-off would
        // stall them all behind a tab that may be frozen; with no token, calls wait either way.
        let lock_wait_ms = self.token.as_ref().map_or(max, |t| {
            t.expires_at_ms
                .saturating_sub(self.config.attach_safety_ms)
                .saturating_sub(now_ms)
                .max(self.config.min_lock_wait_ms)
                .min(max)
        });
        out.push(Action::FetchToken {
            fetch: id,
            lock_wait_ms,
        });
    }

    /// A verified token whose timing we cannot schedule counts as a failed fetch (backs off).
    fn unschedulable(&mut self, why: &str, now_ms: u64, out: &mut Vec<Action>) {
        let error = Error::new(ErrorKind::JwtClaimsInvalid, why);
        let failure = Failure::from(error);
        self.fail(failure, now_ms, out);
    }

    /// Takes a token whose request was sent at `sent_ms`; false (nothing done) when it arrived
    /// too late to be used.
    fn accept(
        &mut self,
        jwt: &VerifiedJwt,
        sent_ms: u64,
        now_ms: u64,
        out: &mut Vec<Action>,
    ) -> bool {
        // The API refused the token held, and the refresh brought the very same bytes (minted in
        // the same second): sending them again can only be refused again.
        if let Some(held) = self
            .token
            .as_ref()
            .filter(|t| t.generation == self.refused && t.raw == jwt.raw)
        {
            let generation = held.generation;
            self.same_token_again(generation, now_ms, out);
            return true;
        }
        let Some(exp) = jwt.claims.exp else {
            self.unschedulable("token has no exp; cannot schedule its refresh", now_ms, out);
            return true;
        };
        let iat = jwt.claims.iat;
        let lifetime_ms = match iat {
            // The server's clock is used only for a difference: immune to local clock error.
            // `iat` is rounded down to the second, so the token may have been minted up to 1 s
            // after it: that second is not counted (the safe side, like counting from the send).
            Some(iat) => saturating_mul(exp.saturating_sub(iat).saturating_sub(1), 1000),
            // No iat: we must trust the local clock; the bounds limit the damage if it is wrong.
            // (`max` then `min` here and below, not `clamp`: its `min <= max` assertion formats
            // two u64s, which kept core's integer formatting in the wasm.)
            None => {
                let (lo, hi) = self.config.no_iat_lifetime_range_ms;
                saturating_mul(exp, 1000)
                    .saturating_sub(sent_ms)
                    .max(lo)
                    .min(hi.max(lo))
            }
        };
        if lifetime_ms < 1000 {
            self.unschedulable("token lifetime is under a second", now_ms, out);
            return true;
        }
        // Counted from when the request left: the token was minted after that.
        let expires_at_ms = sent_ms.saturating_add(lifetime_ms);
        // Less than half its life left bounds a refetch to the pace of normal refreshes (their
        // margin is at most half the lifetime), so a slow network cannot turn this into a loop.
        let cutoff = self.config.attach_safety_ms.min(lifetime_ms / 2);
        if expires_at_ms.saturating_sub(now_ms) <= cutoff {
            return false;
        }
        let margin = self.config.margin_ms(lifetime_ms);
        // The first token after failures was fetched by a herd that recovered together (an
        // outage's end): its refresh is spread over the token's life, from 10 % of it plus a
        // margin on (for a 15 min token: 3 to 13.5 min after it came, rather than 12 to 13.5),
        // so that the herd does not come back together a lifetime later (the "echo"). That one
        // refresh comes earlier than it would have. Short tokens (margin = half the lifetime)
        // keep the usual jitter.
        let usual = self.config.max_jitter_ms(lifetime_ms);
        let max_jitter = if self.retry.is_some() && self.config.jitter_percent > 0 {
            usual.max((lifetime_ms / 10 * 9).saturating_sub(saturating_mul(margin, 2)))
        } else {
            usual
        };
        let jitter = self.rng.between(0, max_jitter);
        // margin + jitter <= 0.6·lifetime, or 0.9·lifetime − margin after failures: the deadline
        // lies in [now + 0.1·lifetime, expiry), strictly before expiry and not in the past.
        let refresh_at_ms = expires_at_ms
            .saturating_sub(margin.saturating_add(jitter))
            .max(now_ms);
        self.generation = self.generation.saturating_add(1);
        let token = Token {
            raw: jwt.raw.clone(),
            generation: self.generation,
            iat,
            exp,
            sent_at_ms: sent_ms,
            expires_at_ms,
            refresh_at_ms,
        };
        self.clear_failures();
        let event = if self.session_had_token {
            Event::TokenRefreshed {
                generation: self.generation,
            }
        } else {
            Event::SignedIn {
                generation: self.generation,
            }
        };
        self.session_had_token = true;
        self.phase = Phase::Active;
        // Every waiter wanted a generation <= the old one + 1, so the new token satisfies all.
        let ids = self.take_waiters();
        if !ids.is_empty() {
            out.push(Action::Resolve {
                waiters: ids,
                token: token.handed(),
            });
        }
        self.token = Some(token);
        out.push(Action::Notify(event));
        true
    }

    /// The refresh a 401 from the API asked for brought the token the API refused: the requests
    /// waiting for a newer one fail with that 401 (never resent with the same bytes); the others
    /// keep the token. A refresh that was due anyway is retried after a backoff.
    fn same_token_again(&mut self, generation: u64, now_ms: u64, out: &mut Vec<Action>) {
        let (refused, rest) = split(core::mem::take(&mut self.waiters), &|w| {
            w.min_generation > generation
        });
        self.waiters = rest;
        if !refused.is_empty() {
            out.push(Action::Reject {
                waiters: refused,
                error: unauthorized(),
            });
            out.push(Action::Notify(Event::Unauthorized { generation }));
        }
        let due = self
            .token
            .as_ref()
            .is_some_and(|t| now_ms >= t.refresh_at_ms);
        if due || self.retry.is_some() {
            // Not a 401 of the token endpoint: the session lives. Backs off like a failure.
            let error = Error::new(
                ErrorKind::InvalidResponse,
                "the token endpoint answered the token the API refused",
            );
            self.fail(Failure::from(error), now_ms, out);
        } else {
            let ids = self.take_waiters();
            if let (Some(t), false) = (self.token.as_ref(), ids.is_empty()) {
                out.push(Action::Resolve {
                    waiters: ids,
                    token: t.handed(),
                });
            }
        }
    }

    /// Another tab's failure: adopted when it answers our fetch (we waited for the lock while
    /// that tab tried), or when we are not fetching and would try before that tab retries.
    fn peer_failed(
        &mut self,
        fetch: Option<u64>,
        failure: SharedFailure,
        now_ms: u64,
        out: &mut Vec<Action>,
    ) {
        if self.phase != Phase::Active || failure.error.status() == Some(401) {
            return;
        }
        let attempted = failure.attempted_at_ms.min(now_ms);
        let adopt = match (fetch, self.in_flight) {
            (Some(id), Some((f, _))) if id == f => {
                self.in_flight = None;
                true
            }
            (None, None) => {
                self.retry.is_some()
                    || self
                        .token
                        .as_ref()
                        .is_none_or(|t| t.refresh_at_ms < failure.retry_at_ms)
            }
            _ => false,
        };
        if !adopt {
            return;
        }
        self.last_attempt_ms = Some(self.last_attempt_ms.map_or(attempted, |a| a.max(attempted)));
        // The next round starts from the other tab's wait, so that whichever tab tries next keeps
        // growing it.
        self.last_backoff_ms = failure
            .retry_at_ms
            .saturating_sub(attempted)
            .max(self.config.backoff_base_ms)
            .min(self.config.backoff_cap_ms.max(1));
        let mut retry = Retry {
            at_ms: failure.retry_at_ms,
            strict: failure.strict,
        };
        // A wait the server asked of this tab (or minutes for an error that cannot heal) is not
        // cut short by another tab's failure.
        if let Some(own) = self.retry.filter(|r| r.strict && r.at_ms > now_ms) {
            retry.at_ms = retry.at_ms.max(own.at_ms);
            retry.strict = true;
        }
        self.enter_failing(failure.error, retry, now_ms, out);
    }

    fn fail(&mut self, failure: Failure, now_ms: u64, out: &mut Vec<Action>) {
        let status = failure.error.status();
        if status == Some(401) {
            // The session cookie is gone or revoked: retrying cannot help.
            let had = self.session_had_token;
            self.phase = if had {
                Phase::SignedOut
            } else {
                Phase::NoSession
            };
            self.end_session(out);
            if had {
                out.push(Action::Notify(Event::SignedOut));
            }
            return;
        }
        let base = self.config.backoff_base_ms.max(1);
        let cap = self.config.backoff_cap_ms.max(base);
        // Grows ×3 per failure from the base up to the cap, jittered over the upper half of each
        // step, never below the base ("equal jitter"), so that clients that failed together retry
        // apart. Unlike decorrelated jitter,
        // whose draws reach down to the base at every step (a client waiting 30 s on average at
        // the cap, with bursts of 1 s retries), a client at the cap waits 30 to 60 s: a down
        // server sees a third fewer retries, and recovery is still noticed within the cap.
        //
        // While the token held still serves calls for longer than the cap, nobody is waiting for
        // this refresh: no quick retries (they would only add load to a server that is failing,
        // at the moment a whole population's refreshes start failing with it), the cap's step at
        // once. Once calls need the server, the ×3 steps from the base.
        let serving = self.token.as_ref().is_some_and(|t| {
            now_ms
                .saturating_add(cap)
                .saturating_add(self.config.attach_safety_ms)
                < t.expires_at_ms
        });
        let step = if serving {
            cap
        } else if self.last_backoff_ms == 0 {
            base
        } else {
            saturating_mul(self.last_backoff_ms, 3)
        }
        .min(cap);
        let backoff = self.rng.between((step - step / 2).max(base), step);
        self.last_backoff_ms = step;
        let (delay, strict) = match (status, failure.retry_after_s) {
            _ if permanent(&failure.error) => {
                let long = self.config.permanent_backoff_ms.max(base);
                (self.rng.between(long - long / 5, long), true)
            }
            (Some(429 | 503), Some(s)) => (
                saturating_mul(s, 1000)
                    .max(base)
                    .min(self.config.max_retry_after_ms.max(base)),
                true,
            ),
            (Some(429), None) => (backoff, true),
            _ => (backoff, false),
        };
        let mut retry = Retry {
            at_ms: now_ms.saturating_add(delay),
            strict,
        };
        // A call's probe failed ahead of the retry planned: the retry is never brought forward
        // by it (nor its `Retry-After` shortened).
        if let Some(planned) = self.retry.filter(|r| r.at_ms > now_ms) {
            retry.at_ms = retry.at_ms.max(planned.at_ms);
            retry.strict |= planned.strict;
        }
        out.push(Action::ShareFailure(SharedFailure {
            error: failure.error.clone(),
            retry_at_ms: retry.at_ms,
            attempted_at_ms: self.last_attempt_ms.unwrap_or(now_ms),
            strict: retry.strict,
        }));
        self.enter_failing(failure.error, retry, now_ms, out);
    }

    /// Waits for `retry` after `error`: the waiting requests get the token held if it is still
    /// good, else the error (a request should not hang for a whole backoff).
    fn enter_failing(&mut self, error: Error, retry: Retry, now_ms: u64, out: &mut Vec<Action>) {
        let retry_at_ms = retry.at_ms;
        self.retry = Some(retry);
        self.last_error = Some(error.clone());
        // Waiters get the old token if it is still good, else the error: a request should not
        // hang for a whole backoff.
        let usable = self
            .token
            .as_ref()
            .filter(|t| now_ms.saturating_add(self.config.attach_safety_ms) < t.expires_at_ms);
        let (ok, ko) = split(core::mem::take(&mut self.waiters), &|w| {
            usable.is_some_and(|t| t.generation >= w.min_generation)
        });
        if let (Some(t), false) = (usable, ok.is_empty()) {
            out.push(Action::Resolve {
                waiters: ok,
                token: t.handed(),
            });
        }
        if !ko.is_empty() {
            out.push(Action::Reject {
                waiters: ids(ko),
                error: error.clone(),
            });
        }
        out.push(Action::Notify(Event::RefreshFailed { error, retry_at_ms }));
    }

    /// Answers a waiter now if possible, else queues it behind the (possibly new) fetch.
    fn serve(&mut self, w: Waiter, now_ms: u64, out: &mut Vec<Action>) {
        if self.phase != Phase::Active {
            out.push(Action::Reject {
                waiters: vec![w.id],
                error: no_session(),
            });
            return;
        }
        if let Some(t) = self
            .usable_token(now_ms)
            .filter(|t| t.generation >= w.min_generation)
        {
            out.push(Action::Resolve {
                waiters: vec![w.id],
                token: t.handed(),
            });
            return;
        }
        if self.in_flight.is_some() {
            self.waiters.push(w);
            return;
        }
        if let Some(r) = self.retry {
            // Recovery on demand: a call that cannot be served probes the server ahead of the
            // backoff, at most once per probe interval (counted from any tab's last attempt).
            let probed_lately = self
                .last_attempt_ms
                .is_some_and(|at| now_ms < at.saturating_add(self.config.probe_interval_ms));
            if self.online && !r.strict && !probed_lately {
                self.start_fetch(now_ms, out);
                self.serve(w, now_ms, out);
                return;
            }
            let error = self
                .last_error
                .clone()
                .unwrap_or_else(|| Error::new(ErrorKind::Network, "token refresh is failing"));
            out.push(Action::Reject {
                waiters: vec![w.id],
                error,
            });
            return;
        }
        if !self.online {
            out.push(Action::Reject {
                waiters: vec![w.id],
                error: Error::new(ErrorKind::Network, "offline"),
            });
            return;
        }
        // Due (refresh first), no token yet, or a retry that needs a newer one. Once the refresh
        // is on its way, the token held may serve this request after all (see `usable_token`):
        // served again, it is answered or waits for the fetch.
        self.start_fetch(now_ms, out);
        self.serve(w, now_ms, out);
    }

    /// Every waiter's id, the list emptied.
    fn take_waiters(&mut self) -> Vec<u64> {
        ids(core::mem::take(&mut self.waiters))
    }

    fn unauthorized(&mut self, waiter: u64, generation: u64, now_ms: u64, out: &mut Vec<Action>) {
        if self.retried.contains(&waiter) {
            out.push(Action::Reject {
                waiters: vec![waiter],
                error: unauthorized(),
            });
            out.push(Action::Notify(Event::Unauthorized { generation }));
            return;
        }
        // A Vec (oldest first), not a VecDeque: dropping the oldest of 1,024 ids is a rare
        // memmove, and the deque's code costs wasm.
        if self.retried.len() >= MAX_REMEMBERED_RETRIES {
            self.retried.remove(0);
        }
        self.retried.push(waiter);
        // A 401 for the current token asks for a refresh. If the API keeps refusing fresh tokens
        // (wrong issuer, revoked user...), refreshing on each of its 401s would turn every API
        // call into an auth-server call: 401-triggered refreshes are at most one per interval.
        let current = self
            .token
            .as_ref()
            .is_some_and(|t| t.generation == generation);
        if current {
            self.refused = generation;
        }
        if current && self.in_flight.is_none() {
            let recent = self.last_unauthorized_refresh_ms.is_some_and(|at| {
                now_ms.saturating_sub(at) < self.config.min_unauthorized_refresh_interval_ms
            });
            if recent {
                out.push(Action::Reject {
                    waiters: vec![waiter],
                    error: unauthorized(),
                });
                out.push(Action::Notify(Event::Unauthorized { generation }));
                return;
            }
            self.last_unauthorized_refresh_ms = Some(now_ms);
        }
        self.serve(
            Waiter {
                id: waiter,
                min_generation: generation.saturating_add(1),
            },
            now_ms,
            out,
        );
    }

    /// Starts what is due, then derives the state and the timer.
    fn settle(&mut self, now_ms: u64, out: &mut Vec<Action>) {
        if let Some((_, started)) = self.in_flight {
            if now_ms >= started.saturating_add(self.config.fetch_timeout_ms) {
                self.in_flight = None;
                let error = Error::new(ErrorKind::Network, "token fetch timed out");
                self.fail(Failure::from(error), now_ms, out);
            }
        }
        if self.phase == Phase::Active && self.in_flight.is_none() && self.online {
            let due = match (&self.retry, &self.token) {
                (Some(r), _) => now_ms >= r.at_ms,
                (None, Some(t)) => now_ms >= t.refresh_at_ms,
                (None, None) => true,
            };
            if due {
                self.start_fetch(now_ms, out);
            }
        }
        let (state, deadline) = match self.phase {
            Phase::NoSession => (State::NoSession, None),
            Phase::SignedOut => (State::SignedOut, None),
            Phase::Active => match (self.in_flight, &self.retry, &self.token) {
                (Some((_, started)), _, _) => (
                    State::Refreshing,
                    Some(started.saturating_add(self.config.fetch_timeout_ms)),
                ),
                (None, Some(r), _) => (State::Failing, self.online.then_some(r.at_ms)),
                (None, None, Some(t)) if now_ms < t.refresh_at_ms => {
                    (State::Fresh, Some(t.refresh_at_ms))
                }
                (None, None, _) => (State::RefreshDue, None),
            },
        };
        self.state = state;
        let cap = now_ms.saturating_add(MAX_TIMER_DELAY_MS);
        let want = deadline.map(|d| {
            let d = d.max(now_ms);
            match self.armed {
                _ if d <= cap => d,
                // A far deadline is reached through intermediate timers; keep the one armed for
                // it rather than re-arming on every input.
                Some(a) if a > now_ms && self.armed_for == Some(d) => a,
                _ => cap,
            }
        });
        self.armed_for = deadline;
        if want != self.armed {
            match want {
                Some(at_ms) => out.push(Action::ArmTimer { at_ms }),
                None => out.push(Action::DisarmTimer),
            }
            self.armed = want;
        }
    }
}

/// Errors that only a change on the server (or in the client's configuration) can fix.
fn permanent(error: &Error) -> bool {
    matches!(
        error.kind(),
        ErrorKind::JwtIssuerInvalid
            | ErrorKind::JwtAudienceInvalid
            | ErrorKind::JwtAlgUnsupported
            | ErrorKind::JwtAlgNotAllowed
            | ErrorKind::JwtAlgMismatch
            | ErrorKind::JwtKeyTypeMismatch
            | ErrorKind::JwtKidAlgMismatch
            | ErrorKind::JwtRsaKeyTooShort
            | ErrorKind::WebCryptoUnavailable
    ) || error.status() == Some(404)
}

fn no_session() -> Error {
    Error::new(ErrorKind::NoSession, "no session")
}

fn unauthorized() -> Error {
    Error::new(
        ErrorKind::Server {
            status: 401,
            code: "UNAUTHORIZED".into(),
        },
        "the API refused the token",
    )
}

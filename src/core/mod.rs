//! The token lifecycle: a pure state machine with an injected clock (quinn-proto style).
//!
//! [`Lifecycle`] never reads a clock, never fetches and never sets a timer: the browser layer
//! feeds it [`Input`]s with the local time in ms (`Date.now()`), and executes the [`Action`]s it
//! returns, in order. Randomness (refresh and backoff jitter) comes from the seed given to
//! [`Lifecycle::new`].
//!
//! ## States
//!
//! [`State::NoSession`] → `Start` → [`State::Refreshing`] → token → [`State::Fresh`] → timer at
//! `refresh_at` → `Refreshing` → ... A failed fetch goes to [`State::Failing`] (backoff, then
//! `Refreshing` again); a 401 from the token endpoint, or `SignOut`, to [`State::SignedOut`].
//! Offline with a refresh due: [`State::RefreshDue`] until `Online`.
//!
//! ## Timing
//!
//! Expiry is local: `sent_at + (exp − iat − 1 s)`, counted from when the request that brought the
//! token left (the token was minted after that, and at most 1 s after its `iat`, which counts whole
//! seconds; so an answer processed late, after a freeze, is never taken for newer than it is), so a
//! client clock hours off neither refreshes in a loop nor sends expired tokens (without `iat`, see
//! [`config::DEFAULT_NO_IAT_LIFETIME_RANGE_MS`]). The refresh starts
//! `margin + jitter` before that, where `margin = max(60 s, 10 % · lifetime)` capped to half the
//! lifetime and `jitter` is random over up to one more margin (never before 40 % of the lifetime):
//! for Better Auth's 15 min token (899 s counted), 90–180 s before expiry; the first token after
//! failures is spread wider (see [`Input::TokenReceived`]'s handling in `lifecycle.rs`) so that a
//! crowd that recovered together does not refresh together again. Failures back off in steps of
//! 1 s, ×3, up to 60 s, each drawn in its upper half (the cap's step at once while the token held
//! serves calls for longer); a 429 or 503 waits its `Retry-After`; issuer, audience or algorithm
//! mismatches and 404s wait 4–5 min; a 401 ends the session. While failing, a call without a usable
//! token probes the server at once, at most once per 5 s counted from any tab's last attempt. The
//! tabs share failures ([`Action::ShareFailure`], [`Input::PeerFailed`]): one attempt per backoff
//! round per browser. All defaults live in [`config`].
//!
//! ## Driving it from the browser layer
//!
//! ```
//! use better_auth_wasm::core::{Action, Config, Failure, Input, Lifecycle, State};
//! use better_auth_wasm::{Error, ErrorKind};
//!
//! // One per client. Seed from crypto.getRandomValues in the browser.
//! let mut lc = Lifecycle::new(Config::default(), 0x5eed);
//! let now = 1_700_000_000_000; // Date.now()
//!
//! // Page load, or right after a successful sign-in: a session may exist.
//! let actions = lc.handle(Input::Start, now);
//! assert_eq!(actions, vec![
//!     Action::FetchToken { fetch: 1, lock_wait_ms: 10_000 },
//!     Action::ArmTimer { at_ms: now + 30_000 },
//! ]);
//!
//! // The layer executes each action:
//! //   FetchToken { fetch, lock_wait_ms } -> take the tabs' Web Lock (waiting at most
//! //     lock_wait_ms, then stealing it), note sent_at = Date.now(), spawn GET /api/auth/token
//! //     (credentials: "include"); when it settles:
//! //       200 + verify() ok -> handle(Input::TokenReceived { fetch: Some(fetch), jwt,
//! //                                     sent_at_ms: sent_at }, Date.now())
//! //       anything else     -> handle(Input::RefreshFailed { fetch, failure }, Date.now())
//! //     where verify() is jwt::verify(&body.token, jwks, &validation, TimeCheck::JustIssued)
//! //     (JustIssued: the local clock may be off; expiry is tracked from sent_at here) and jwks
//! //     comes from a jwt::JwksCache: fetch /api/auth/jwks first when cache.should_fetch(now);
//! //     on JWT_KEY_NOT_FOUND, if cache.should_refetch_for_unknown_kid(now), refetch it and
//! //     verify once more (never loop). In VerifyMode::TimingOnly the JWKS is not needed.
//! //         with failure.error = Error::new(ErrorKind::Network, ..) when no response,
//! //         ErrorKind::Server { status, code } for an error status (401 ends the session),
//! //         or the verify() error; failure.retry_after_s = x-retry-after of a 429.
//! //   ArmTimer { at_ms }    -> clearTimeout(old); setTimeout(() => handle(Input::Timer, Date.now()),
//! //                            max(0, at_ms - Date.now()))
//! //   DisarmTimer           -> clearTimeout(old)
//! //   Resolve { waiters, token } -> each waiting request attaches `Bearer token.raw` and proceeds
//! //   Reject { waiters, error }  -> each waiting request fails with `error`
//! //   Notify(event)         -> call subscribers
//! // Results of a fetch the core abandoned (sign-out, Start, watchdog) are ignored by the core,
//! // so the layer need not track them; it may abort them.
//!
//! // Say the token endpoint answered 401 (no session cookie):
//! let failure = Failure {
//!     error: Error::new(ErrorKind::Server { status: 401, code: "UNAUTHORIZED".into() }, "no session"),
//!     retry_after_s: None,
//! };
//! let actions = lc.handle(Input::RefreshFailed { fetch: 1, failure }, now + 40);
//! assert_eq!(actions, vec![Action::DisarmTimer]);
//! assert_eq!(lc.state(), State::NoSession);
//!
//! // A request to the API (the layer's `fetch` wrapper), with an id unique among live requests:
//! //   if let Some(t) = lc.usable_token(Date.now()) -> attach t.raw, remember t.generation
//! //   else handle(Input::NeedToken { waiter: id }) and wait for Resolve/Reject naming `id`.
//! //   On a 401 from the API: handle(Input::Unauthorized { waiter: id, generation }) and wait
//! //     again; on Resolve, resend once with the new token. Reject means give up.
//! //   When the request is finished: handle(Input::RequestDone { waiter: id }).
//! let actions = lc.handle(Input::NeedToken { waiter: 7 }, now + 50);
//! assert!(matches!(&actions[..], [Action::Reject { waiters, error }]
//!     if waiters == &[7] && error.kind() == &ErrorKind::NoSession));
//!
//! // Also feed: Input::SignOut when sign-out starts; Input::Visible on visibilitychange to
//! // visible; Input::Online / Input::Offline on the window's online/offline events.
//! ```

pub mod config;
mod lifecycle;
mod rng;
pub mod session;
mod token;

pub use config::Config;
pub use lifecycle::{
    Action, Event, Failure, Input, Lifecycle, SharedFailure, State, MAX_REMEMBERED_RETRIES,
};
pub use session::Session;
pub use token::{Handed, Token};

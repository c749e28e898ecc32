//! The session as a pure state machine: what the client believes about who is signed in, and
//! what it does when an answer creates, changes or ends the session.
//!
//! Every call to the auth server goes through one funnel: [`Input::Sending`] before the request
//! leaves, then [`Input::Answered`] (with the [`Outcome`] its route's [`Effect`] and its body give)
//! or [`Input::Failed`]. A session that was created or changed is loaded again (`get-session`,
//! whose `set-auth-jwt` header brings the new JWT) and the token lifecycle starts over with it
//! before the call resolves, so no request leaves with the old identity afterwards; the other tabs
//! are told. The browser layer executes the [`Action`]s in order and feeds back what happened; it
//! decides nothing itself.
//!
//! Stale answers are told apart by an epoch: every call that may change the session starts a new
//! one, and a `get-session` answer of an older epoch changes nothing.

use crate::api::routes::Effect;
use crate::prelude::*;

/// Where the client stands, as subscribers see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The first `get-session` has not answered yet.
    Loading,
    /// A session exists.
    Authenticated,
    /// No session, or none could be loaded.
    Unauthenticated,
}

impl Status {
    /// The name the JavaScript state uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Loading => "loading",
            Status::Authenticated => "authenticated",
            Status::Unauthenticated => "unauthenticated",
        }
    }
}

/// The fields of a 2xx answer the session decides on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Answer {
    /// `twoFactorRedirect: true`: the server wants a second factor and made no session.
    pub two_factor_redirect: bool,
    /// A `token` string, or a `user` or `session` object: the answer carries a session.
    pub carries_session: bool,
}

/// The members of an answer that the session reads, whatever holds the answer: a JSON
/// [`Value`](crate::json::Value) here, the `JSON.parse`d JavaScript value itself in the browser
/// (which hands it on to the caller untouched, so it is never converted).
pub trait Fields {
    /// Whether member `name` is `true`.
    fn is_true(&self, name: &str) -> bool;
    /// Whether member `name` is a string.
    fn has_string(&self, name: &str) -> bool;
    /// Whether member `name` is an object (not `null`, not an array).
    fn has_object(&self, name: &str) -> bool;
}

impl Fields for crate::json::Value {
    fn is_true(&self, name: &str) -> bool {
        self.get(name).and_then(crate::json::Value::as_bool) == Some(true)
    }
    fn has_string(&self, name: &str) -> bool {
        self.get(name).is_some_and(crate::json::Value::is_string)
    }
    fn has_object(&self, name: &str) -> bool {
        self.get(name).is_some_and(crate::json::Value::is_object)
    }
}

impl Answer {
    /// Reads the fields off an answer.
    pub fn read(body: &(impl Fields + ?Sized)) -> Answer {
        Answer {
            two_factor_redirect: body.is_true("twoFactorRedirect"),
            carries_session: body.has_string("token")
                || body.has_object("user")
                || body.has_object("session"),
        }
    }
}

/// Whether a `get-session` answer asks for `POST /get-session` (the server's
/// `session.deferSessionRefresh`): Better Auth's client then posts at once, and so does this one.
pub fn needs_refresh(body: &(impl Fields + ?Sized)) -> bool {
    body.is_true("needsRefresh")
}

/// What a successful call did to the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing the session carries.
    Nothing,
    /// A session was created.
    Created,
    /// A second factor is needed before there is a session.
    Challenged,
    /// The session may have changed (identity, claims), or been created or ended by the change.
    Changed,
    /// The session may have ended.
    Ended,
    /// The user signed out.
    SignedOut,
}

impl Outcome {
    /// The outcome of a 2xx answer of a route with `effect`.
    pub fn of(effect: Effect, answer: Answer) -> Outcome {
        match effect {
            Effect::None => Outcome::Nothing,
            Effect::SignsIn if answer.two_factor_redirect => Outcome::Challenged,
            Effect::SignsIn if answer.carries_session => Outcome::Created,
            // A sign-in that only answers where to go next (a social provider's URL).
            Effect::SignsIn => Outcome::Nothing,
            Effect::Changes => Outcome::Changed,
            Effect::Ends => Outcome::Ended,
            Effect::SignsOut => Outcome::SignedOut,
        }
    }
}

/// What a `get-session` answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    /// No usable answer (network, error status, not JSON): whether a session exists is unknown.
    Failed,
    /// `null`: no session.
    Null,
    /// A session, for the user with this id.
    Session {
        /// `user.id`.
        user_id: Option<String>,
    },
}

/// A message between the tabs of one auth server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Peer {
    /// A tab signed in.
    SignedIn,
    /// A tab changed the session (identity or claims): the JWT must be minted again.
    Changed,
    /// A tab signed out, or saw the session end.
    SignedOut,
}

/// Something that happened, fed to [`Session::handle`].
#[derive(Debug, Clone, PartialEq, Eq)]
// A tag byte of its own rather than a niche in a field: each match is one jump on one byte
// (issue #13, measured: smaller wasm).
#[repr(u8)]
pub enum Input {
    /// The client was created.
    Boot,
    /// The application asked for the session.
    Refetch,
    /// A call to a route with this effect is about to be sent.
    Sending(Effect),
    /// The call answered 2xx with this outcome.
    Answered(Outcome),
    /// The call to a route with this effect failed (no answer, error status).
    Failed(Effect),
    /// A `get-session` sent during `epoch` (see [`Action::Load`]) answered.
    Loaded {
        /// The epoch the load was sent in.
        epoch: u64,
        /// What it answered.
        session: Loaded,
    },
    /// Another tab says so (with a verified token, when it sent one along).
    Peer(Peer),
    /// Another tab shared the token it refreshed (verified).
    PeerToken,
    /// The tab became visible or the network came back.
    Wake,
    /// The token lifecycle ended (its token endpoint answered 401, or [`Action::StopTokens`]).
    TokensEnded,
    /// The API refused a freshly minted token.
    TokenRefused,
}

/// What the browser layer must do, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// `GET /get-session`, then feed [`Input::Loaded`] with this epoch.
    Load {
        /// The epoch to report back.
        epoch: u64,
    },
    /// Show the session the load just fed in ([`Input::Loaded`]) brought.
    Adopt,
    /// Show the user the sign-in answered: its session could not be loaded.
    AdoptAnswer,
    /// The state changed: rebuild it and tell subscribers.
    Publish,
    /// Start the token lifecycle over: drop the token held, and take the one the last load (or
    /// the other tab) brought, or else fetch one.
    StartTokens,
    /// Offer the token the last load brought to the running lifecycle (it keeps the newer one).
    OfferToken,
    /// Stop handing out tokens.
    StopTokens,
    /// Tell the other tabs (with the token now held, if any).
    Tell(Peer),
    /// A second factor is needed: call `onTwoFactorRedirect` and tell subscribers.
    TwoFactor,
    /// Call `onUnauthorized`.
    CallOnUnauthorized,
    /// A sign-in answered a session that the next load did not find: the browser did not keep
    /// the session cookie. Report it (`COOKIE_NOT_STORED`), to the sign-in's caller too.
    CookieNotStored,
}

/// After a call or a message, what the next load of the epoch concludes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    Created,
    Changed,
    Ending,
    /// Another tab changed the session; the tokens were already restarted.
    PeerChanged,
}

/// The session state machine. Pure: answers in, [`Action`]s out.
#[derive(Debug, Clone)]
pub struct Session {
    status: Status,
    epoch: u64,
    /// The last load failed before anything was known: ask again on [`Input::Wake`].
    unknown: bool,
    /// A load started by [`Input::Wake`] is in flight.
    reloading: bool,
    /// A call started a new epoch before the first load answered, so that load's answer will be
    /// ignored: unless the call's end loads the session, it must be loaded again.
    boot_stale: bool,
    pending: Option<Pending>,
    /// The token lifecycle runs for the session shown.
    tokens: bool,
    /// If the session ends now, it is the user's doing (sign-out, deleting the user): no
    /// `onUnauthorized`.
    user_ending: bool,
    /// `onUnauthorized` was called in this session (it is called once).
    unauthorized_called: bool,
    user_id: Option<String>,
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

impl Session {
    /// A session in [`Status::Loading`], before [`Input::Boot`].
    pub fn new() -> Self {
        Session {
            status: Status::Loading,
            epoch: 0,
            unknown: false,
            reloading: false,
            boot_stale: false,
            pending: None,
            tokens: false,
            user_ending: false,
            unauthorized_called: false,
            user_id: None,
        }
    }

    /// Where the client stands.
    pub fn status(&self) -> Status {
        self.status
    }

    /// The current epoch.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// Whether the token lifecycle runs for the session shown.
    pub fn tokens_running(&self) -> bool {
        self.tokens
    }

    /// Feeds one input and returns what to do, in order.
    pub fn handle(&mut self, input: Input) -> Vec<Action> {
        let mut out = Vec::new();
        match input {
            Input::Boot | Input::Refetch => out.push(self.load()),
            Input::Sending(effect) => {
                if effect != Effect::None {
                    self.epoch += 1;
                    self.boot_stale |= self.status == Status::Loading;
                }
                if effect == Effect::SignsOut {
                    // The token is dropped before the request leaves, whatever the answer.
                    self.user_ending = true;
                    self.stop_tokens(&mut out);
                }
            }
            Input::Answered(outcome) => {
                self.answered(outcome, &mut out);
                self.reload_if_boot_stale(&mut out);
            }
            Input::Failed(effect) => {
                if effect == Effect::SignsOut {
                    // The user asked to be signed out: locally, they are.
                    self.answered(Outcome::SignedOut, &mut out);
                }
                self.reload_if_boot_stale(&mut out);
            }
            Input::Loaded { epoch, session } => {
                self.reloading = false;
                if epoch == self.epoch {
                    let pending = self.pending.take();
                    self.loaded(session, pending, &mut out);
                }
            }
            Input::Peer(peer) => self.peer(peer, &mut out),
            Input::PeerToken => {
                if self.status == Status::Authenticated && self.tokens {
                    out.push(Action::OfferToken);
                }
            }
            Input::Wake => {
                if self.unknown && !self.reloading {
                    self.reloading = true;
                    out.push(self.load());
                }
            }
            Input::TokensEnded => {
                self.tokens = false;
                if self.status == Status::Authenticated {
                    self.status = Status::Unauthenticated;
                    self.user_id = None;
                }
                if !self.user_ending {
                    self.unauthorized(&mut out);
                }
            }
            Input::TokenRefused => self.unauthorized(&mut out),
        }
        out
    }

    fn load(&self) -> Action {
        Action::Load { epoch: self.epoch }
    }

    fn reload_if_boot_stale(&mut self, out: &mut Vec<Action>) {
        if self.boot_stale {
            self.boot_stale = false;
            if self.status == Status::Loading
                && !out.iter().any(|a| matches!(a, Action::Load { .. }))
            {
                out.push(self.load());
            }
        }
    }

    fn stop_tokens(&mut self, out: &mut Vec<Action>) {
        if self.tokens {
            self.tokens = false;
            out.push(Action::StopTokens);
        }
    }

    fn start_tokens(&mut self, out: &mut Vec<Action>) {
        self.tokens = true;
        self.user_ending = false;
        self.unauthorized_called = false;
        out.push(Action::StartTokens);
    }

    fn unauthorized(&mut self, out: &mut Vec<Action>) {
        if !self.unauthorized_called {
            self.unauthorized_called = true;
            out.push(Action::CallOnUnauthorized);
        }
    }

    fn signed_out(&mut self, out: &mut Vec<Action>) {
        self.status = Status::Unauthenticated;
        self.user_id = None;
        out.push(Action::Publish);
    }

    fn answered(&mut self, outcome: Outcome, out: &mut Vec<Action>) {
        let pending = match outcome {
            Outcome::Nothing => return,
            Outcome::SignedOut => {
                self.user_ending = true;
                self.stop_tokens(out);
                self.signed_out(out);
                out.push(Action::Tell(Peer::SignedOut));
                return;
            }
            Outcome::Challenged => {
                out.push(Action::TwoFactor);
                // A challenge replaces whatever session the browser had: see what is left.
                if self.status != Status::Authenticated {
                    return;
                }
                Pending::Changed
            }
            Outcome::Created => Pending::Created,
            Outcome::Changed => Pending::Changed,
            Outcome::Ended => Pending::Ending,
        };
        self.pending = Some(pending);
        out.push(self.load());
    }

    fn loaded(&mut self, session: Loaded, pending: Option<Pending>, out: &mut Vec<Action>) {
        match session {
            Loaded::Failed => match pending {
                // The sign-in or the change stands; the lifecycle fetches its own token, so that
                // none minted before the change is used after it.
                Some(p @ (Pending::Created | Pending::Changed)) => {
                    self.status = Status::Authenticated;
                    if p == Pending::Created {
                        out.push(Action::AdoptAnswer);
                    }
                    out.push(Action::Publish);
                    self.start_tokens(out);
                    out.push(Action::Tell(tell_for(p)));
                }
                Some(Pending::Ending | Pending::PeerChanged) => {}
                None => {
                    if self.status == Status::Loading {
                        // Unknown, not signed out: stop saying "loading", ask again on Wake.
                        self.unknown = true;
                        self.signed_out(out);
                    }
                }
            },
            Loaded::Null => {
                self.unknown = false;
                let was_in = self.status == Status::Authenticated;
                if pending.is_some() {
                    // The user's own call ended it (or a sign-in whose cookie did not stick).
                    self.user_ending = true;
                }
                if pending == Some(Pending::Created) {
                    out.push(Action::CookieNotStored);
                }
                self.signed_out(out);
                self.stop_tokens(out);
                if was_in && matches!(pending, Some(Pending::Changed | Pending::Ending)) {
                    out.push(Action::Tell(Peer::SignedOut));
                }
            }
            Loaded::Session { user_id } => {
                self.unknown = false;
                let continuing = self.status == Status::Authenticated
                    && self.tokens
                    && self.user_id == user_id
                    && matches!(pending, None | Some(Pending::PeerChanged | Pending::Ending));
                self.status = Status::Authenticated;
                self.user_id = user_id;
                out.push(Action::Adopt);
                out.push(Action::Publish);
                if continuing {
                    out.push(Action::OfferToken);
                } else {
                    self.start_tokens(out);
                }
                if let Some(p @ (Pending::Created | Pending::Changed)) = pending {
                    out.push(Action::Tell(tell_for(p)));
                }
            }
        }
    }

    fn peer(&mut self, peer: Peer, out: &mut Vec<Action>) {
        match peer {
            Peer::SignedIn | Peer::Changed => {
                self.epoch += 1;
                if self.status == Status::Authenticated && self.tokens {
                    // Drop the token of the old identity now, before anything else runs here;
                    // then load the session's new data.
                    self.pending = Some(Pending::PeerChanged);
                    self.start_tokens(out);
                }
                out.push(self.load());
            }
            Peer::SignedOut => {
                if self.status == Status::Authenticated {
                    self.epoch += 1;
                    self.user_ending = true;
                    self.stop_tokens(out);
                    self.signed_out(out);
                }
            }
        }
    }
}

fn tell_for(pending: Pending) -> Peer {
    if pending == Pending::Created {
        Peer::SignedIn
    } else {
        Peer::Changed
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::type_complexity)]
    use super::*;
    use Action::*;

    /// A machine in `status`, booted, with the tokens running when authenticated.
    fn at(status: Status) -> Session {
        let mut s = Session::new();
        s.handle(Input::Boot);
        let epoch = s.epoch();
        let session = match status {
            Status::Loading => return s,
            Status::Authenticated => Loaded::Session {
                user_id: Some("u1".into()),
            },
            Status::Unauthenticated => Loaded::Null,
        };
        s.handle(Input::Loaded { epoch, session });
        assert_eq!(s.status(), status);
        // As after one earlier sign-in: a call's load then reads epoch 2 in the tables below.
        s.epoch = 1;
        s
    }

    /// Sends a call with `effect`, answers it with `answer` (None: the call failed), and then,
    /// if the machine asks for a load, answers it with `load`. Returns every action, in order.
    fn call(s: &mut Session, effect: Effect, answer: Option<Answer>, load: &Loaded) -> Vec<Action> {
        let mut all = s.handle(Input::Sending(effect));
        let next = match answer {
            Some(a) => s.handle(Input::Answered(Outcome::of(effect, a))),
            None => s.handle(Input::Failed(effect)),
        };
        all.extend(next.iter().cloned());
        if let Some(Load { epoch }) = next.iter().find(|a| matches!(a, Load { .. })) {
            all.extend(s.handle(Input::Loaded {
                epoch: *epoch,
                session: load.clone(),
            }));
        }
        all
    }

    const SESSION: Answer = Answer {
        two_factor_redirect: false,
        carries_session: true,
    };
    const CHALLENGE: Answer = Answer {
        two_factor_redirect: true,
        carries_session: false,
    };
    const BARE: Answer = Answer {
        two_factor_redirect: false,
        carries_session: false,
    };

    fn user(id: &str) -> Loaded {
        Loaded::Session {
            user_id: Some(id.into()),
        }
    }

    /// Every session effect (and, for sign-ins, every kind of answer), in every status: the
    /// actions in order, and the status after.
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[rustfmt::skip]
    fn every_effect_in_every_status() {
        use Effect as E;
        use Status::{Authenticated as In, Loading, Unauthenticated as Out};
        let l = |e: u64| Load { epoch: e };
        let rows: Vec<(Status, Effect, Option<Answer>, Loaded, Vec<Action>, Status)> = vec![
            // No effect: nothing happens, whatever the status.
            (Loading, E::None, Some(BARE), Loaded::Failed, vec![], Loading),
            (In, E::None, Some(SESSION), Loaded::Failed, vec![], In),
            (Out, E::None, None, Loaded::Failed, vec![], Out),
            // A sign-in that made a session: loaded, tokens started, other tabs told.
            (Out, E::SignsIn, Some(SESSION), user("u2"), vec![l(2), Adopt, Publish, StartTokens, Tell(Peer::SignedIn)], In),
            (Loading, E::SignsIn, Some(SESSION), user("u2"), vec![l(1), Adopt, Publish, StartTokens, Tell(Peer::SignedIn)], In),
            // Signed in again as the same user: a new session, so the tokens start over.
            (In, E::SignsIn, Some(SESSION), user("u1"), vec![l(2), Adopt, Publish, StartTokens, Tell(Peer::SignedIn)], In),
            // ... whose get-session fails: the sign-in stands, with the user it answered.
            (Out, E::SignsIn, Some(SESSION), Loaded::Failed, vec![l(2), AdoptAnswer, Publish, StartTokens, Tell(Peer::SignedIn)], In),
            // ... whose cookie did not stick: reported, signed out, and nothing is told.
            (Out, E::SignsIn, Some(SESSION), Loaded::Null, vec![l(2), CookieNotStored, Publish], Out),
            // A two-factor challenge: no load, no token, until a verification signs in.
            (Out, E::SignsIn, Some(CHALLENGE), Loaded::Failed, vec![TwoFactor], Out),
            // ... while the first load was in flight: its answer is stale now, so load again.
            (Loading, E::SignsIn, Some(CHALLENGE), Loaded::Null, vec![TwoFactor, l(1), Publish], Out),
            (Loading, E::SignsIn, None, user("u1"), vec![l(1), Adopt, Publish, StartTokens], In),
            // ... over a session the challenge replaced: see what is left.
            (In, E::SignsIn, Some(CHALLENGE), Loaded::Null, vec![TwoFactor, l(2), Publish, StopTokens, Tell(Peer::SignedOut)], Out),
            // A sign-in answering only where to go next (a provider's URL): nothing yet.
            (Out, E::SignsIn, Some(BARE), Loaded::Failed, vec![], Out),
            // A failed sign-in changes nothing.
            (In, E::SignsIn, None, Loaded::Failed, vec![], In),
            (Out, E::SignsIn, None, Loaded::Failed, vec![], Out),
            // A change: loaded again, tokens started over (the JWT minted again), tabs told.
            (In, E::Changes, Some(BARE), user("u1"), vec![l(2), Adopt, Publish, StartTokens, Tell(Peer::Changed)], In),
            // ... to another identity (impersonation, another session made active).
            (In, E::Changes, Some(BARE), user("u9"), vec![l(2), Adopt, Publish, StartTokens, Tell(Peer::Changed)], In),
            // ... whose load fails: the old token is dropped all the same.
            (In, E::Changes, Some(BARE), Loaded::Failed, vec![l(2), Publish, StartTokens, Tell(Peer::Changed)], In),
            // ... that ended the session (one's own session revoked).
            (In, E::Changes, Some(BARE), Loaded::Null, vec![l(2), Publish, StopTokens, Tell(Peer::SignedOut)], Out),
            // ... that created one (an email verified with auto sign-in).
            (Out, E::Changes, Some(BARE), user("u3"), vec![l(2), Adopt, Publish, StartTokens, Tell(Peer::Changed)], In),
            (In, E::Changes, None, Loaded::Failed, vec![], In),
            // An end: loaded again to see; ended, or not after all (a deletion mailed for
            // confirmation).
            (In, E::Ends, Some(BARE), Loaded::Null, vec![l(2), Publish, StopTokens, Tell(Peer::SignedOut)], Out),
            (In, E::Ends, Some(BARE), user("u1"), vec![l(2), Adopt, Publish, OfferToken], In),
            (In, E::Ends, Some(BARE), Loaded::Failed, vec![l(2)], In),
            (Out, E::Ends, Some(BARE), Loaded::Null, vec![l(2), Publish], Out),
            (In, E::Ends, None, Loaded::Failed, vec![], In),
            // Sign-out: the token goes before the request leaves, and the user is out whatever
            // the server answers.
            (In, E::SignsOut, Some(BARE), Loaded::Failed, vec![StopTokens, Publish, Tell(Peer::SignedOut)], Out),
            (In, E::SignsOut, None, Loaded::Failed, vec![StopTokens, Publish, Tell(Peer::SignedOut)], Out),
            (Out, E::SignsOut, Some(BARE), Loaded::Failed, vec![Publish, Tell(Peer::SignedOut)], Out),
            (Loading, E::SignsOut, None, Loaded::Failed, vec![Publish, Tell(Peer::SignedOut)], Out),
        ];
        for (i, (status, effect, answer, load, want, after)) in rows.into_iter().enumerate() {
            let mut s = at(status);
            let got = call(&mut s, effect, answer, &load);
            assert_eq!(
                got, want,
                "row {i}: {status:?} {effect:?} {answer:?} then {load:?}"
            );
            assert_eq!(s.status(), after, "row {i}");
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn outcomes_follow_the_answer() {
        let read = |text: &str| Answer::read(&crate::json::parse_value(text.as_bytes()).unwrap());
        assert_eq!(
            read(r#"{"twoFactorRedirect":true,"twoFactorMethods":["totp"]}"#),
            CHALLENGE
        );
        assert_eq!(
            read(r#"{"redirect":false,"token":"t","user":{"id":"u"}}"#),
            SESSION
        );
        assert_eq!(read(r#"{"session":{"id":"s"},"user":{"id":"u"}}"#), SESSION);
        assert_eq!(
            read(r#"{"url":"https://github.com/x","redirect":true}"#),
            BARE
        );
        assert_eq!(read(r#"{"token":null,"user":null}"#), BARE);
        assert_eq!(read("null"), BARE);
        assert!(needs_refresh(
            &crate::json::parse_value(br#"{"session":{},"needsRefresh":true}"#).unwrap()
        ));
        assert!(!needs_refresh(
            &crate::json::parse_value(br#"{"session":{},"user":{}}"#).unwrap()
        ));
        assert_eq!(Outcome::of(Effect::SignsIn, CHALLENGE), Outcome::Challenged);
        assert_eq!(Outcome::of(Effect::None, CHALLENGE), Outcome::Nothing);
        assert_eq!(Outcome::of(Effect::Changes, BARE), Outcome::Changed);
    }

    /// A load sent before a sign-in, a change or a sign-out answers after it: ignored.
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn loads_from_an_older_epoch_change_nothing() {
        for effect in [
            Effect::SignsIn,
            Effect::Changes,
            Effect::Ends,
            Effect::SignsOut,
        ] {
            let mut s = at(Status::Authenticated);
            let old = s.epoch();
            s.handle(Input::Refetch);
            s.handle(Input::Sending(effect));
            let late = s.handle(Input::Loaded {
                epoch: old,
                session: user("someone-else"),
            });
            assert_eq!(late, vec![], "{effect:?}");
        }
        let mut s = at(Status::Loading);
        s.handle(Input::Sending(Effect::SignsIn));
        assert_eq!(
            s.handle(Input::Loaded {
                epoch: 0,
                session: Loaded::Null
            }),
            vec![]
        );
        assert_eq!(s.status(), Status::Loading);
    }

    /// Every message from another tab, in every status.
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[rustfmt::skip]
    fn messages_from_other_tabs() {
        use Status::{Authenticated as In, Loading, Unauthenticated as Out};
        let rows: Vec<(Status, Peer, Vec<Action>, Loaded, Vec<Action>, Status)> = vec![
            // The token of the old identity is dropped at once; the new data follows.
            (In, Peer::Changed, vec![StartTokens, Load { epoch: 2 }], user("u9"), vec![Adopt, Publish, StartTokens], In),
            (In, Peer::Changed, vec![StartTokens, Load { epoch: 2 }], user("u1"), vec![Adopt, Publish, OfferToken], In),
            (In, Peer::Changed, vec![StartTokens, Load { epoch: 2 }], Loaded::Null, vec![Publish, StopTokens], Out),
            (In, Peer::SignedIn, vec![StartTokens, Load { epoch: 2 }], user("u1"), vec![Adopt, Publish, OfferToken], In),
            (Out, Peer::SignedIn, vec![Load { epoch: 2 }], user("u2"), vec![Adopt, Publish, StartTokens], In),
            (Loading, Peer::SignedIn, vec![Load { epoch: 2 }], user("u2"), vec![Adopt, Publish, StartTokens], In),
            (Out, Peer::Changed, vec![Load { epoch: 2 }], Loaded::Null, vec![Publish], Out),
            (In, Peer::SignedOut, vec![StopTokens, Publish], Loaded::Failed, vec![], Out),
            (Out, Peer::SignedOut, vec![], Loaded::Failed, vec![], Out),
            (Loading, Peer::SignedOut, vec![], Loaded::Failed, vec![], Loading),
        ];
        // A refreshed token from another tab is offered only to a running session.
        for (status, want) in [(In, vec![OfferToken]), (Out, vec![]), (Loading, vec![])] {
            assert_eq!(at(status).handle(Input::PeerToken), want, "{status:?}");
        }
        let mut s = at(In);
        s.handle(Input::TokensEnded);
        assert_eq!(s.handle(Input::PeerToken), vec![], "tokens stopped");
        for (i, (status, peer, first, load, then, after)) in rows.into_iter().enumerate() {
            let mut s = at(status);
            s.epoch = 1;
            assert_eq!(s.handle(Input::Peer(peer)), first, "row {i}");
            if let Some(Load { epoch }) = first.last() {
                let got = s.handle(Input::Loaded {
                    epoch: *epoch,
                    session: load,
                });
                assert_eq!(got, then, "row {i}");
            }
            assert_eq!(s.status(), after, "row {i}");
        }
    }

    /// `onUnauthorized`: once per session, never for an end the user asked for.
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn on_unauthorized_once_and_only_unasked() {
        // The token endpoint said 401: the session ended unasked.
        let mut s = at(Status::Authenticated);
        assert_eq!(s.handle(Input::TokensEnded), vec![CallOnUnauthorized]);
        assert_eq!(s.status(), Status::Unauthenticated);
        assert_eq!(s.handle(Input::TokenRefused), vec![], "once per session");
        // A new session may call it again.
        call(&mut s, Effect::SignsIn, Some(SESSION), &user("u1"));
        assert_eq!(s.handle(Input::TokenRefused), vec![CallOnUnauthorized]);
        assert_eq!(s.handle(Input::TokenRefused), vec![]);

        // Sign-out, another tab's sign-out, deleting the user: the user's doing.
        for end in 0..3 {
            let mut s = at(Status::Authenticated);
            match end {
                0 => {
                    s.handle(Input::Sending(Effect::SignsOut));
                }
                1 => {
                    s.handle(Input::Peer(Peer::SignedOut));
                }
                _ => {
                    call(&mut s, Effect::Ends, Some(BARE), &Loaded::Null);
                }
            }
            assert_eq!(s.handle(Input::TokensEnded), vec![], "end {end}");
        }

        // A reload that finds the session gone (revoked elsewhere): unasked.
        let mut s = at(Status::Authenticated);
        s.handle(Input::Refetch);
        let got = s.handle(Input::Loaded {
            epoch: s.epoch(),
            session: Loaded::Null,
        });
        assert_eq!(got, vec![Publish, StopTokens]);
        assert_eq!(s.handle(Input::TokensEnded), vec![CallOnUnauthorized]);
    }

    /// A failed first load: "unauthenticated" (not "loading" forever), asked again once at a
    /// time when the tab wakes, and a page load that finds a session starts the tokens.
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn boot_and_wake() {
        let mut s = Session::new();
        assert_eq!(s.handle(Input::Boot), vec![Load { epoch: 0 }]);
        let failed = Input::Loaded {
            epoch: 0,
            session: Loaded::Failed,
        };
        assert_eq!(s.handle(failed.clone()), vec![Publish]);
        assert_eq!(s.status(), Status::Unauthenticated);
        assert_eq!(s.handle(Input::Wake), vec![Load { epoch: 0 }]);
        assert_eq!(s.handle(Input::Wake), vec![], "one reload at a time");
        assert_eq!(
            s.handle(failed),
            vec![],
            "still unknown: nothing new to show"
        );
        assert_eq!(s.handle(Input::Wake), vec![Load { epoch: 0 }]);
        let got = s.handle(Input::Loaded {
            epoch: 0,
            session: user("u1"),
        });
        assert_eq!(got, vec![Adopt, Publish, StartTokens]);
        assert_eq!(s.handle(Input::Wake), vec![], "known now");
        // The same session loaded again: the token it brought is offered, nothing restarts.
        s.handle(Input::Refetch);
        let got = s.handle(Input::Loaded {
            epoch: 0,
            session: user("u1"),
        });
        assert_eq!(got, vec![Adopt, Publish, OfferToken]);
        // Another user's session (signed in elsewhere in this browser): tokens start over.
        s.handle(Input::Refetch);
        let got = s.handle(Input::Loaded {
            epoch: 0,
            session: user("u2"),
        });
        assert_eq!(got, vec![Adopt, Publish, StartTokens]);
        // A failed load of a known session changes nothing.
        s.handle(Input::Refetch);
        assert_eq!(
            s.handle(Input::Loaded {
                epoch: 0,
                session: Loaded::Failed
            }),
            vec![]
        );
        assert_eq!(s.status(), Status::Authenticated);
    }
}

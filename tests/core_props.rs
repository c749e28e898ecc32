//! Property tests of the lifecycle's invariants over random input sequences (host only).
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::{BTreeMap, BTreeSet};

use better_auth_wasm::core::config::MAX_TIMER_DELAY_MS;
use better_auth_wasm::core::{Action, Config, Failure, Input, Lifecycle, State};
use better_auth_wasm::jwt::{Claims, Header, VerifiedJwt};
use better_auth_wasm::{Error, ErrorKind};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Start,
    /// Deliver a token for the n-th fetch ever asked (abandoned ones included), lifetime s,
    /// its request sent that many ms ago (an answer processed late: a frozen or paused tab).
    Succeed(usize, u64, u64),
    Fail(usize, u8, u64),
    Need,
    /// A 401 for the n-th request that got a token.
    Unauthorized(usize),
    Done(usize),
    SignOut,
    Visible,
    Online,
    Offline,
    FireTimer,
    Advance(u64),
    /// A token nobody asked for (set-auth-jwt, another tab's), lifetime s, sent that many ms ago.
    Unasked(u64, u64),
}

fn ago() -> impl Strategy<Value = u64> {
    prop_oneof![3 => Just(0u64), 2 => 0u64..2_000, 1 => 0u64..1_000_000]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => Just(Op::Start),
        4 => (prop_oneof![3 => Just(0usize), 1 => 0usize..8], prop_oneof![Just(900u64), 1u64..5, 5u64..100_000], ago()).prop_map(|(i, l, a)| Op::Succeed(i, l, a)),
        3 => (prop_oneof![3 => Just(0usize), 1 => 0usize..8], 0u8..6, 0u64..200).prop_map(|(i, k, r)| Op::Fail(i, k, r)),
        4 => Just(Op::Need),
        3 => prop_oneof![3 => Just(0usize), 1 => 0usize..8].prop_map(Op::Unauthorized),
        1 => (0usize..8).prop_map(Op::Done),
        1 => Just(Op::SignOut),
        1 => Just(Op::Visible),
        1 => Just(Op::Online),
        1 => Just(Op::Offline),
        4 => Just(Op::FireTimer),
        4 => prop_oneof![0u64..2_000, 0u64..1_000_000, Just(3_000_000)].prop_map(Op::Advance),
        1 => (1u64..2_000, ago()).prop_map(|(l, a)| Op::Unasked(l, a)),
    ]
}

fn jwt(lifetime_s: u64) -> std::rc::Rc<VerifiedJwt> {
    let header = Header {
        alg: "EdDSA".into(),
        kid: None,
        typ: None,
        raw: better_auth_wasm::json::Map::new(),
    };
    // A server clock unrelated to the local one.
    let iat = 1_795_000_000;
    let claims = Claims {
        iat: Some(iat),
        exp: Some(iat + lifetime_s),
        ..Claims::default()
    };
    std::rc::Rc::new(VerifiedJwt {
        raw: "t".into(),
        header,
        claims,
        signature_verified: true,
    })
}

fn failure(kind: u8, retry_after: u64) -> Failure {
    let (k, ra) = match kind {
        0 => (ErrorKind::Network, None),
        1 => (
            ErrorKind::Server {
                status: 429,
                code: "TOO_MANY_REQUESTS".into(),
            },
            Some(retry_after),
        ),
        2 => (
            ErrorKind::Server {
                status: 429,
                code: "TOO_MANY_REQUESTS".into(),
            },
            None,
        ),
        3 => (
            ErrorKind::Server {
                status: 503,
                code: "SERVICE_UNAVAILABLE".into(),
            },
            None,
        ),
        4 => (
            ErrorKind::Server {
                status: 401,
                code: "UNAUTHORIZED".into(),
            },
            None,
        ),
        _ => (ErrorKind::JwtSignatureInvalid, None),
    };
    Failure {
        error: Error::new(k, "prop"),
        retry_after_s: ra,
    }
}

#[derive(Default)]
struct World {
    now: u64,
    fetches: Vec<(u64, u64)>,
    next_waiter: u64,
    pending: BTreeSet<u64>,
    /// Requests that got a token: (waiter, generation).
    resolved: Vec<(u64, u64)>,
    /// Waiters that sent a 401, with the generation they reported.
    retrying: BTreeMap<u64, u64>,
    /// Retries granted per waiter.
    retries_granted: BTreeMap<u64, u32>,
    done: BTreeSet<u64>,
}

/// The `i`-th newest element, wrapping: mostly the latest fetch or request, sometimes an old one.
fn pick<T>(v: &[T], i: usize) -> Option<&T> {
    if v.is_empty() {
        return None;
    }
    v.get(v.len() - 1 - i % v.len())
}

fn run(ops: Vec<Op>, seed: u64) -> Result<(), TestCaseError> {
    let config = Config::default();
    let mut lc = Lifecycle::new(config, seed);
    let mut w = World::default();
    for op in ops {
        let in_flight_before = lc.in_flight_fetch();
        let started_before =
            in_flight_before.and_then(|id| w.fetches.iter().find(|f| f.0 == id).map(|f| f.1));
        let gen_before = lc.generation();
        let mut sent = None;
        let input = match op {
            Op::Start => Input::Start,
            Op::Succeed(i, l, ago) => match pick(&w.fetches, i) {
                Some((id, _)) => {
                    sent = Some(w.now.saturating_sub(ago));
                    Input::TokenReceived {
                        fetch: Some(*id),
                        jwt: jwt(l),
                        sent_at_ms: w.now.saturating_sub(ago),
                    }
                }
                None => continue,
            },
            Op::Fail(i, k, r) => match pick(&w.fetches, i) {
                Some((id, _)) => Input::RefreshFailed {
                    fetch: *id,
                    failure: failure(k, r),
                },
                None => continue,
            },
            Op::Need => {
                w.next_waiter += 1;
                w.pending.insert(w.next_waiter);
                Input::NeedToken {
                    waiter: w.next_waiter,
                }
            }
            Op::Unauthorized(i) => match pick(&w.resolved, i).copied() {
                Some((waiter, g)) if !w.pending.contains(&waiter) && !w.done.contains(&waiter) => {
                    w.pending.insert(waiter);
                    w.retrying.insert(waiter, g);
                    Input::Unauthorized {
                        waiter,
                        generation: g,
                    }
                }
                _ => continue,
            },
            Op::Done(i) => match pick(&w.resolved, i).copied() {
                Some((waiter, _)) if !w.pending.contains(&waiter) => {
                    w.done.insert(waiter);
                    Input::RequestDone { waiter }
                }
                _ => continue,
            },
            Op::SignOut => Input::SignOut,
            Op::Visible => Input::Visible,
            Op::Online => Input::Online,
            Op::Offline => Input::Offline,
            Op::FireTimer => match lc.next_timeout() {
                Some(at) => {
                    w.now = w.now.max(at);
                    Input::Timer
                }
                None => continue,
            },
            Op::Advance(ms) => {
                w.now += ms;
                continue;
            }
            Op::Unasked(l, ago) => {
                sent = Some(w.now.saturating_sub(ago));
                Input::TokenReceived {
                    fetch: None,
                    jwt: jwt(l),
                    sent_at_ms: w.now.saturating_sub(ago),
                }
            }
        };
        let is_start = matches!(input, Input::Start);
        // The answer to the live fetch ends it (one that arrived too late is replaced at once).
        let answers_live = matches!(&input, Input::TokenReceived { fetch: Some(f), .. } if Some(*f) == in_flight_before);
        let now = w.now;
        let actions = lc.handle(input, now);

        // At most one fetch per step, and a new one only when none is live (or it was
        // abandoned by Start or by the watchdog).
        let fetches: Vec<(u64, u64)> = actions
            .iter()
            .filter_map(|a| {
                if let Action::FetchToken {
                    fetch,
                    lock_wait_ms,
                } = a
                {
                    Some((*fetch, *lock_wait_ms))
                } else {
                    None
                }
            })
            .collect();
        prop_assert!(fetches.len() <= 1, "two fetches in one step: {actions:?}");
        for (_, wait) in &fetches {
            prop_assert!(
                (config.min_lock_wait_ms..=config.lock_wait_ms).contains(wait),
                "lock wait {wait} out of bounds"
            );
        }
        let fetches: Vec<u64> = fetches.into_iter().map(|(id, _)| id).collect();
        if let (Some(_), Some(started)) = (in_flight_before, started_before) {
            if !fetches.is_empty() {
                prop_assert!(
                    is_start || answers_live || now >= started + config.fetch_timeout_ms,
                    "second fetch while one is live"
                );
            }
        }
        for id in &fetches {
            w.fetches.push((*id, now));
        }
        prop_assert_eq!(
            lc.in_flight_fetch().is_some(),
            lc.state() == State::Refreshing
        );

        for a in &actions {
            match a {
                Action::ArmTimer { at_ms } => {
                    prop_assert!(*at_ms >= now, "timer in the past: {at_ms} < {now}");
                    prop_assert!(*at_ms <= now + MAX_TIMER_DELAY_MS);
                }
                Action::Resolve { waiters, token } => {
                    prop_assert!(now < token.expires_at_ms, "handed out an expired token");
                    for waiter in waiters {
                        prop_assert!(
                            w.pending.remove(waiter),
                            "answered twice or unknown: {waiter}"
                        );
                        if let Some(g) = w.retrying.get(waiter) {
                            prop_assert!(
                                token.generation > *g,
                                "retry with a token no newer than the refused one"
                            );
                            let n = w.retries_granted.entry(*waiter).or_insert(0);
                            *n += 1;
                            prop_assert!(*n <= 1, "request {waiter} retried twice");
                        }
                        w.resolved.push((*waiter, token.generation));
                    }
                }
                Action::Reject { waiters, .. } => {
                    for waiter in waiters {
                        prop_assert!(
                            w.pending.remove(waiter),
                            "answered twice or unknown: {waiter}"
                        );
                    }
                }
                _ => {}
            }
        }
        // Nobody waits unless a fetch is in flight that will answer them.
        if !w.pending.is_empty() {
            prop_assert!(
                lc.in_flight_fetch().is_some(),
                "{} waiters stranded in {:?}",
                w.pending.len(),
                lc.state()
            );
        }
        if let Some(t) = lc.current_token() {
            prop_assert!(
                t.refresh_at_ms < t.expires_at_ms,
                "refresh not before expiry: {t:?}"
            );
            prop_assert!(
                t.refresh_at_ms >= t.sent_at_ms,
                "refresh before its request was sent"
            );
            if lc.generation() > gen_before {
                // Dated from when its request left (never later than now), and taken only with
                // enough life left to be used.
                prop_assert_eq!(Some(t.sent_at_ms), sent.map(|s| s.min(now)));
                prop_assert!(t.refresh_at_ms >= now, "refresh scheduled in the past");
                prop_assert!(
                    t.expires_at_ms - now > config.attach_safety_ms.min(t.lifetime_ms() / 2),
                    "took a token that arrived too late: {t:?} at {now}"
                );
            }
            if lc.state() == State::Fresh {
                prop_assert!(lc.next_timeout().unwrap() <= t.refresh_at_ms);
            }
        }
        if let Some(t) = lc.usable_token(now) {
            prop_assert!(now < t.expires_at_ms);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn lifecycle_invariants(ops in proptest::collection::vec(op(), 1..60), seed in any::<u64>()) {
        run(ops, seed)?;
    }

    #[test]
    fn schedule_is_strictly_before_expiry(lifetime_s in 2u64..10_000_000, now in 0u64..4_000_000_000_000, seed in any::<u64>()) {
        let mut lc = Lifecycle::new(Config::default(), seed);
        lc.handle(Input::Start, now);
        let out = lc.handle(Input::TokenReceived { fetch: Some(1), jwt: jwt(lifetime_s), sent_at_ms: now }, now);
        let t = lc.current_token().unwrap();
        // `iat` counts whole seconds: the token may have been minted up to 1 s after it.
        prop_assert_eq!(t.expires_at_ms, now + (lifetime_s - 1) * 1000);
        prop_assert!(t.refresh_at_ms >= now && t.refresh_at_ms < t.expires_at_ms);
        // The margin is at least 40 % of the lifetime for short tokens, and at least 60 s otherwise.
        let before = t.expires_at_ms - t.refresh_at_ms;
        prop_assert!(before >= ((lifetime_s - 1) * 1000 / 2).min(60_000));
        let armed = out.iter().find_map(|a| if let Action::ArmTimer { at_ms } = a { Some(*at_ms) } else { None });
        prop_assert_eq!(armed, Some(t.refresh_at_ms.min(now + MAX_TIMER_DELAY_MS)));
    }
}

//! Table-driven lifecycle scenarios on a fake clock: each row is a list of (local ms, input,
//! expected actions of that step), then the expected state.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use better_auth_wasm::core::{
    Action, Config, Event, Failure, Input, Lifecycle, SharedFailure, State, MAX_REMEMBERED_RETRIES,
};
use better_auth_wasm::jwt::{Claims, Header, VerifiedJwt};
use better_auth_wasm::{Error, ErrorKind};

/// Server time of every token (seconds): far from the local clock on purpose.
const IAT: u64 = 1_795_000_000;

// Every token below has `exp − iat` one second longer than the lifetime the rows count with: `iat`
// is rounded down to the second, so the lifecycle does not count that second (a 901 s token lives
// 900 s here).

/// Deterministic timing: no refresh jitter, backoff always 1 s. Jitter is covered by
/// `core_props`; here exact deadlines make each row readable.
fn config() -> Config {
    Config {
        jitter_percent: 0,
        backoff_base_ms: 1_000,
        backoff_cap_ms: 1_000,
        ..Config::default()
    }
}

fn jwt(iat: Option<u64>, exp: Option<u64>) -> std::rc::Rc<VerifiedJwt> {
    let header = Header {
        alg: "EdDSA".into(),
        kid: Some("k".into()),
        typ: None,
        raw: better_auth_wasm::json::Map::new(),
    };
    let claims = Claims {
        iat,
        exp,
        sub: Some("u1".into()),
        ..Claims::default()
    };
    std::rc::Rc::new(VerifiedJwt {
        raw: format!("tok.{iat:?}.{exp:?}"),
        header,
        claims,
        signature_verified: true,
    })
}

/// `sent_at_ms` for a token whose request left the moment it arrived (clamped to the step's
/// time): the rows that are not about late answers.
const ON_ARRIVAL: u64 = u64::MAX;

fn tok(fetch: u64) -> Input {
    tok_sent(fetch, ON_ARRIVAL)
}

/// The answer to fetch `fetch`, a 15 min token (`exp − iat` = 901 s), whose request left at local
/// `sent_at_ms`. Each fetch's token has its own `iat` (so its own bytes).
fn tok_sent(fetch: u64, sent_at_ms: u64) -> Input {
    Input::TokenReceived {
        fetch: Some(fetch),
        jwt: jwt(Some(IAT + fetch), Some(IAT + fetch + 901)),
        sent_at_ms,
    }
}

/// The answer to fetch `fetch`: the very token fetch `minted_by` brought (same bytes).
fn tok_again(fetch: u64, minted_by: u64) -> Input {
    Input::TokenReceived {
        fetch: Some(fetch),
        jwt: jwt(Some(IAT + minted_by), Some(IAT + minted_by + 901)),
        sent_at_ms: ON_ARRIVAL,
    }
}

/// The answer to fetch `fetch`, a 10 s token (`exp − iat` = 11 s), whose request left at local
/// `sent_at_ms`.
fn short(fetch: u64, sent_at_ms: u64) -> Input {
    Input::TokenReceived {
        fetch: Some(fetch),
        jwt: jwt(Some(IAT), Some(IAT + 11)),
        sent_at_ms,
    }
}

/// A token nobody asked for (`set-auth-jwt`, another tab's), minted `dt` s after the first one,
/// whose request left at local `sent_at_ms`.
fn unasked(dt: u64, sent_at_ms: u64) -> Input {
    Input::TokenReceived {
        fetch: None,
        jwt: jwt(Some(IAT + dt), Some(IAT + dt + 901)),
        sent_at_ms,
    }
}

fn fail(fetch: u64, kind: ErrorKind, retry_after_s: Option<u64>) -> Input {
    Input::RefreshFailed {
        fetch,
        failure: Failure {
            error: Error::new(kind, "test"),
            retry_after_s,
        },
    }
}

fn net(fetch: u64) -> Input {
    fail(fetch, ErrorKind::Network, None)
}

fn status(fetch: u64, status: u16, code: &str, retry_after_s: Option<u64>) -> Input {
    fail(
        fetch,
        ErrorKind::Server {
            status,
            code: code.into(),
        },
        retry_after_s,
    )
}

/// Another tab's failure (503), tried at `attempted`, retrying at `retry_at`; `fetch`: the fetch of
/// ours it answers (we waited for the lock meanwhile).
fn peer(fetch: Option<u64>, attempted: u64, retry_at: u64) -> Input {
    Input::PeerFailed {
        fetch,
        failure: SharedFailure {
            error: Error::new(
                ErrorKind::Server {
                    status: 503,
                    code: "SERVICE_UNAVAILABLE".into(),
                },
                "down",
            ),
            retry_at_ms: retry_at,
            attempted_at_ms: attempted,
            strict: false,
        },
    }
}

fn need(waiter: u64) -> Input {
    Input::NeedToken { waiter }
}

fn unauth(waiter: u64, generation: u64) -> Input {
    Input::Unauthorized { waiter, generation }
}

fn summary(actions: &[Action]) -> String {
    if actions.is_empty() {
        return "-".into();
    }
    actions
        .iter()
        .map(|a| match a {
            // The lock wait is shown when it is not the default 10 s.
            Action::FetchToken {
                fetch,
                lock_wait_ms: 10_000,
            } => format!("fetch {fetch}"),
            Action::FetchToken {
                fetch,
                lock_wait_ms,
            } => format!("fetch {fetch} lock {lock_wait_ms}"),
            Action::ArmTimer { at_ms } => format!("arm {at_ms}"),
            Action::DisarmTimer => "disarm".into(),
            Action::Resolve { waiters, token } => {
                format!("resolve {waiters:?} g{}", token.generation)
            }
            Action::Reject { waiters, error } => format!("reject {waiters:?} {}", error.code()),
            Action::Notify(Event::SignedIn { generation }) => format!("signed-in g{generation}"),
            Action::Notify(Event::TokenRefreshed { generation }) => {
                format!("refreshed g{generation}")
            }
            Action::Notify(Event::RefreshFailed { error, retry_at_ms }) => {
                format!("failed {} retry {retry_at_ms}", error.code())
            }
            Action::ShareFailure(f) => {
                format!(
                    "share {}{}",
                    f.retry_at_ms,
                    if f.strict { " strict" } else { "" }
                )
            }
            Action::Notify(Event::SignedOut) => "signed-out".into(),
            Action::Notify(Event::Unauthorized { generation }) => {
                format!("unauthorized g{generation}")
            }
        })
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// `*` skips the check of a step.
type Step = (u64, Input, &'static str);

/// Signed in at local 0: token generation 1, refresh at 810_000, local expiry 900_000.
fn signed_in() -> Vec<Step> {
    vec![
        (0, Input::Start, "fetch 1 ; arm 30000"),
        (0, tok(1), "signed-in g1 ; arm 810000"),
    ]
}

fn with(prefix: Vec<Step>, rest: Vec<Step>) -> Vec<Step> {
    prefix.into_iter().chain(rest).collect()
}

fn rows() -> Vec<(&'static str, Vec<Step>, State)> {
    use State::*;
    vec![
        ("initial start fetches", vec![(0, Input::Start, "fetch 1 ; arm 30000")], Refreshing),
        ("first token signs in and arms the refresh", signed_in(), Fresh),
        ("refresh timer starts one fetch", with(signed_in(), vec![(810_000, Input::Timer, "fetch 2 ; arm 840000")]), Refreshing),
        (
            "early timer just re-arms",
            with(signed_in(), vec![(500_000, Input::Timer, "arm 810000")]),
            Fresh,
        ),
        (
            "refreshed token replaces the old one",
            with(signed_in(), vec![(810_000, Input::Timer, "*"), (810_200, tok(2), "refreshed g2 ; arm 1620200")]),
            Fresh,
        ),
        (
            "network failure backs off",
            with(signed_in(), vec![(810_000, Input::Timer, "*"), (810_200, net(2), "share 811200 ; failed NETWORK_ERROR retry 811200 ; arm 811200")]),
            Failing,
        ),
        (
            "backoff timer retries",
            with(signed_in(), vec![(810_000, Input::Timer, "*"), (810_200, net(2), "*"), (811_200, Input::Timer, "fetch 3 ; arm 841200")]),
            Refreshing,
        ),
        (
            "429 honours x-retry-after, going online does not cut it",
            with(
                signed_in(),
                vec![
                    (810_000, Input::Timer, "*"),
                    (810_200, status(2, 429, "TOO_MANY_REQUESTS", Some(120)), "share 930200 strict ; failed TOO_MANY_REQUESTS retry 930200 ; arm 930200"),
                    (810_300, Input::Online, "-"),
                    (930_200, Input::Timer, "fetch 3 lock 1000 ; arm 960200"),
                ],
            ),
            Refreshing,
        ),
        (
            "429 without retry-after backs off",
            with(signed_in(), vec![(810_000, Input::Timer, "*"), (810_200, status(2, 429, "TOO_MANY_REQUESTS", None), "share 811200 strict ; failed TOO_MANY_REQUESTS retry 811200 ; arm 811200")]),
            Failing,
        ),
        (
            "absurd retry-after is capped at 10 min",
            with(signed_in(), vec![(810_000, Input::Timer, "*"), (810_200, status(2, 429, "TOO_MANY_REQUESTS", Some(86_400)), "share 1410200 strict ; failed TOO_MANY_REQUESTS retry 1410200 ; arm 1410200")]),
            Failing,
        ),
        (
            "network failure, offline, then online retries at once",
            with(
                signed_in(),
                vec![
                    (810_000, Input::Timer, "*"),
                    (810_200, net(2), "*"),
                    (810_300, Input::Offline, "disarm"),
                    (811_200, Input::Timer, "-"),
                    (820_000, Input::Online, "fetch 3 ; arm 850000"),
                ],
            ),
            Refreshing,
        ),
        (
            "401 from the token endpoint signs out, no retry",
            with(signed_in(), vec![(810_000, Input::Timer, "*"), (810_200, status(2, 401, "UNAUTHORIZED", None), "signed-out ; disarm"), (900_000, Input::Timer, "-")]),
            SignedOut,
        ),
        ("401 at start means no session, quietly", vec![(0, Input::Start, "*"), (50, status(1, 401, "UNAUTHORIZED", None), "disarm")], NoSession),
        (
            "401 at start rejects the waiters",
            vec![(0, Input::Start, "*"), (10, need(5), "-"), (50, status(1, 401, "UNAUTHORIZED", None), "reject [5] NO_SESSION ; disarm")],
            NoSession,
        ),
        (
            "5xx with waiters while the old token is valid hands them the old token",
            with(
                signed_in(),
                vec![
                    // Waiters: a 401 retry, and a request while the refused token's refresh runs.
                    (20_000, unauth(5, 1), "fetch 2 ; arm 50000"),
                    (20_100, need(7), "-"),
                    (20_200, status(2, 500, "INTERNAL_SERVER_ERROR", None), "share 21200 ; resolve [7] g1 ; reject [5] INTERNAL_SERVER_ERROR ; failed INTERNAL_SERVER_ERROR retry 21200 ; arm 21200"),
                    (20_300, need(8), "resolve [8] g1"),
                ],
            ),
            Failing,
        ),
        (
            "a refresh in flight (waiting for the lock or the server) leaves the token held in use until its cut-off",
            with(
                signed_in(),
                vec![
                    // The timer fired late (810_000 was due); the lock wait ends at the cut-off
                    // 895_000 but lasts at most 10 s.
                    (880_000, Input::Timer, "fetch 2 ; arm 910000"),
                    (880_001, need(5), "resolve [5] g1"),
                    (894_999, need(6), "resolve [6] g1"),
                    (895_000, need(7), "-"),
                    (895_100, tok(2), "resolve [7] g2 ; refreshed g2 ; arm 1705100"),
                ],
            ),
            Fresh,
        ),
        (
            "the lock wait ends at the cut-off of the token held",
            with(signed_in(), vec![(890_000, Input::Timer, "fetch 2 lock 5000 ; arm 920000")]),
            Refreshing,
        ),
        (
            "the lock wait lasts at least 1 s past the cut-off",
            with(signed_in(), vec![(894_500, Input::Timer, "fetch 2 lock 1000 ; arm 924500")]),
            Refreshing,
        ),
        ("with no token the lock wait is the longest", vec![(0, Input::Start, "fetch 1 ; arm 30000")], Refreshing),
        (
            "a late answer is dated from when its request left, not from its arrival",
            with(signed_in(), vec![(810_000, Input::Timer, "*"), (825_000, tok_sent(2, 810_000), "refreshed g2 ; arm 1620000")]),
            Fresh,
        ),
        (
            "an answer that arrived with less life left than its cut-off is dropped for a new fetch",
            vec![
                (0, Input::Start, "fetch 1 ; arm 30000"),
                (10, need(5), "-"),
                // A 10 s token whose request left at 0, processed at 6_000 (the tab was paused):
                // 4 s left, under the 5 s cut-off.
                (6_000, short(1, 0), "fetch 2 ; arm 36000"),
                (6_100, short(2, 6_000), "resolve [5] g1 ; signed-in g1 ; arm 11000"),
            ],
            Fresh,
        ),
        (
            "an answer with more life left than its cut-off is taken",
            vec![(0, Input::Start, "*"), (10, need(5), "-"), (4_000, short(1, 0), "resolve [5] g1 ; signed-in g1 ; arm 5000")],
            Fresh,
        ),
        (
            "an unasked token is dated as its sender dated it, and ignored when too old to use",
            vec![
                (1_000_000, Input::Start, "*"),
                (1_000_000, tok(1), "signed-in g1 ; arm 1810000"),
                // Another tab's token, minted after ours, whose request left 15 min ago (that
                // tab was frozen): it expires now.
                (1_500_000, unasked(100, 600_000), "-"),
                // One whose request left 100 s ago: it expires at 2_300_000.
                (1_500_000, unasked(100, 1_400_000), "refreshed g2 ; arm 2210000"),
            ],
            Fresh,
        ),
        (
            "token expires while a refresh is failing and three requests are waiting",
            with(
                signed_in(),
                vec![
                    (810_000, Input::Timer, "*"),
                    (810_500, status(2, 429, "TOO_MANY_REQUESTS", Some(84)), "share 894500 strict ; failed TOO_MANY_REQUESTS retry 894500 ; arm 894500"),
                    (894_500, Input::Timer, "fetch 3 lock 1000 ; arm 924500"),
                    (895_100, need(1), "-"),
                    (895_200, need(2), "-"),
                    (895_300, need(3), "-"),
                    (901_000, status(3, 503, "SERVICE_UNAVAILABLE", None), "share 902000 ; reject [1, 2, 3] SERVICE_UNAVAILABLE ; failed SERVICE_UNAVAILABLE retry 902000 ; arm 902000"),
                    (901_500, need(4), "fetch 4 lock 1000 ; arm 931500"),
                    (902_000, Input::Timer, "arm 931500"),
                    (902_050, need(5), "-"),
                    (902_100, tok(4), "resolve [4, 5] g2 ; refreshed g2 ; arm 1712100"),
                ],
            ),
            Fresh,
        ),
        ("fresh token is handed out at once", with(signed_in(), vec![(200, need(5), "resolve [5] g1")]), Fresh),
        (
            "a due token still before its cut-off starts its refresh and serves meanwhile (timer lost in sleep)",
            with(signed_in(), vec![(850_000, need(5), "fetch 2 ; resolve [5] g1 ; arm 880000"), (850_100, tok(2), "refreshed g2 ; arm 1660100")]),
            Fresh,
        ),
        (
            "a due token past its cut-off is refreshed before it is attached",
            with(signed_in(), vec![(896_000, need(5), "fetch 2 lock 1000 ; arm 926000"), (896_100, tok(2), "resolve [5] g2 ; refreshed g2 ; arm 1706100")]),
            Fresh,
        ),
        (
            "requests while refreshing get the token held; the newer one after",
            with(
                signed_in(),
                vec![(810_000, Input::Timer, "*"), (810_001, need(5), "resolve [5] g1"), (810_002, need(6), "resolve [6] g1"), (810_100, tok(2), "refreshed g2 ; arm 1620100"), (810_200, need(7), "resolve [7] g2")],
            ),
            Fresh,
        ),
        ("no session refuses requests", vec![(0, need(5), "reject [5] NO_SESSION")], NoSession),
        (
            "401s from the API with the current generation share one refresh",
            with(
                signed_in(),
                vec![
                    (20_000, unauth(5, 1), "fetch 2 ; arm 50000"),
                    (20_001, unauth(6, 1), "-"),
                    (20_002, need(7), "-"),
                    (20_500, tok(2), "resolve [5, 6, 7] g2 ; refreshed g2 ; arm 830500"),
                    (21_000, unauth(8, 1), "resolve [8] g2"),
                    (21_000, unauth(5, 2), "reject [5] UNAUTHORIZED ; unauthorized g2"),
                ],
            ),
            Fresh,
        ),
        (
            "a finished request is forgotten, so its id can be reused",
            with(
                signed_in(),
                vec![
                    (20_000, unauth(5, 1), "*"),
                    (20_500, tok(2), "*"),
                    (30_000, Input::RequestDone { waiter: 5 }, "-"),
                    (40_000, unauth(5, 2), "fetch 3 ; arm 70000"),
                ],
            ),
            Refreshing,
        ),
        (
            "the first 401 refreshes; another 401-refresh within 10 s does not",
            with(
                signed_in(),
                vec![
                    (5_000, unauth(5, 1), "fetch 2 ; arm 35000"),
                    (5_500, tok(2), "*"),
                    (6_000, unauth(6, 2), "reject [6] UNAUTHORIZED ; unauthorized g2"),
                    (16_000, unauth(7, 2), "fetch 3 ; arm 46000"),
                ],
            ),
            Refreshing,
        ),
        (
            "503 honours retry-after as 429 does (no probe ahead of it)",
            with(
                signed_in(),
                vec![
                    (810_000, Input::Timer, "*"),
                    (810_200, status(2, 503, "SERVICE_UNAVAILABLE", Some(120)), "share 930200 strict ; failed SERVICE_UNAVAILABLE retry 930200 ; arm 930200"),
                    (897_000, need(5), "reject [5] SERVICE_UNAVAILABLE"),
                ],
            ),
            Failing,
        ),
        (
            "an issuer mismatch cannot heal by itself: minutes of backoff, no probe ahead of it",
            with(
                signed_in(),
                vec![
                    (810_000, Input::Timer, "*"),
                    (810_100, fail(2, ErrorKind::JwtIssuerInvalid, None), "share 1101541 strict ; failed JWT_ISSUER_INVALID retry 1101541 ; arm 1101541"),
                    (900_000, need(5), "reject [5] JWT_ISSUER_INVALID"),
                ],
            ),
            Failing,
        ),
        (
            "a 404 (no token endpoint, no key set) cannot heal by itself either",
            with(
                signed_in(),
                vec![
                    (810_000, Input::Timer, "*"),
                    (810_100, status(2, 404, "JWKS_NOT_FOUND", None), "share 1101541 strict ; failed JWKS_NOT_FOUND retry 1101541 ; arm 1101541"),
                ],
            ),
            Failing,
        ),
        (
            "another tab's failure is adopted when our refresh would come before its retry",
            with(
                signed_in(),
                vec![
                    (809_000, peer(None, 808_900, 830_000), "failed SERVICE_UNAVAILABLE retry 830000 ; arm 830000"),
                    (809_500, need(5), "resolve [5] g1"),
                    (830_000, Input::Timer, "fetch 2 ; arm 860000"),
                ],
            ),
            Refreshing,
        ),
        (
            "another tab's failure does not cut short a Retry-After this tab was asked to wait",
            with(
                signed_in(),
                vec![
                    (810_000, Input::Timer, "*"),
                    (810_200, status(2, 429, "TOO_MANY_REQUESTS", Some(120)), "*"),
                    (811_000, peer(None, 810_900, 813_000), "failed SERVICE_UNAVAILABLE retry 930200"),
                    (897_000, need(5), "reject [5] SERVICE_UNAVAILABLE"),
                ],
            ),
            Failing,
        ),
        (
            "another tab's failure is not adopted when our refresh comes after its retry",
            with(signed_in(), vec![(100_000, peer(None, 99_900, 110_000), "-")]),
            Fresh,
        ),
        (
            "a tab that waited for the lock adopts the failure of the tab that tried: no request",
            with(
                signed_in(),
                vec![
                    (810_000, Input::Timer, "fetch 2 ; arm 840000"),
                    (810_500, peer(None, 810_100, 820_000), "-"),
                    (811_000, peer(Some(2), 810_100, 820_000), "failed SERVICE_UNAVAILABLE retry 820000 ; arm 820000"),
                ],
            ),
            Failing,
        ),
        (
            "after a 401, a refresh that brings the same bytes is not resent",
            with(
                signed_in(),
                vec![
                    (20_000, unauth(5, 1), "fetch 2 ; arm 50000"),
                    (20_500, tok_again(2, 1), "reject [5] UNAUTHORIZED ; unauthorized g1 ; arm 810000"),
                ],
            ),
            Fresh,
        ),
        (
            "401 while failing fails fast",
            with(signed_in(), vec![(810_000, Input::Timer, "*"), (810_200, net(2), "*"), (810_300, unauth(5, 1), "reject [5] NETWORK_ERROR")]),
            Failing,
        ),
        (
            "sign-out while refreshing rejects waiters and ignores the late token",
            vec![(0, Input::Start, "*"), (10, need(5), "-"), (20, Input::SignOut, "reject [5] NO_SESSION ; signed-out ; disarm"), (30, tok(1), "-"), (40, need(6), "reject [6] NO_SESSION")],
            SignedOut,
        ),
        (
            "sign in again after sign-out ignores the abandoned fetch",
            vec![
                (0, Input::Start, "*"),
                (20, Input::SignOut, "*"),
                (30, Input::Start, "fetch 2 ; arm 30030"),
                (40, tok(1), "-"),
                (45, net(1), "-"),
                (50, tok(2), "signed-in g1 ; arm 810050"),
            ],
            Fresh,
        ),
        (
            "offline when due waits, online fetches",
            with(
                signed_in(),
                vec![(100, Input::Offline, "-"), (810_000, Input::Timer, "-"), (812_000, need(5), "resolve [5] g1"), (896_000, need(6), "reject [6] NETWORK_ERROR"), (897_000, Input::Online, "fetch 2 lock 1000 ; arm 927000")],
            ),
            Refreshing,
        ),
        ("offline and due", with(signed_in(), vec![(100, Input::Offline, "-"), (810_000, Input::Timer, "-")]), RefreshDue),
        ("visible after a long sleep refreshes", with(signed_in(), vec![(2_000_000, Input::Visible, "fetch 2 lock 1000 ; arm 2030000")]), Refreshing),
        ("visible while fresh does nothing", with(signed_in(), vec![(1_000, Input::Visible, "-"), (1_000, Input::Online, "-")]), Fresh),
        (
            "a fetch that never settles is abandoned by the watchdog",
            vec![(0, Input::Start, "*"), (30_000, Input::Timer, "share 31000 ; failed NETWORK_ERROR retry 31000 ; arm 31000"), (30_500, tok(1), "-"), (31_000, Input::Timer, "fetch 2 ; arm 61000")],
            Refreshing,
        ),
        (
            "an unasked token (set-auth-jwt) is taken when idle",
            with(signed_in(), vec![(1_000, Input::TokenReceived { fetch: None, jwt: jwt(Some(IAT + 2), Some(IAT + 903)), sent_at_ms: ON_ARRIVAL }, "refreshed g2 ; arm 811000")]),
            Fresh,
        ),
        (
            "an unasked token not newer than the one held is ignored",
            with(
                signed_in(),
                vec![
                    (1_000, Input::TokenReceived { fetch: None, jwt: jwt(Some(IAT), Some(IAT + 901)), sent_at_ms: ON_ARRIVAL }, "-"),
                    (2_000, Input::TokenReceived { fetch: None, jwt: jwt(Some(IAT + 1), Some(IAT + 902)), sent_at_ms: ON_ARRIVAL }, "-"),
                ],
            ),
            Fresh,
        ),
        (
            "an unasked token is ignored while a fetch is in flight or signed out",
            vec![
                (0, Input::Start, "*"),
                (10, Input::TokenReceived { fetch: None, jwt: jwt(Some(IAT), Some(IAT + 901)), sent_at_ms: ON_ARRIVAL }, "-"),
                (20, Input::SignOut, "*"),
                (30, Input::TokenReceived { fetch: None, jwt: jwt(Some(IAT), Some(IAT + 901)), sent_at_ms: ON_ARRIVAL }, "-"),
            ],
            SignedOut,
        ),
        (
            "a token without exp cannot be scheduled: backoff",
            vec![(0, Input::Start, "*"), (100, Input::TokenReceived { fetch: Some(1), jwt: jwt(Some(IAT), None), sent_at_ms: ON_ARRIVAL }, "share 1100 ; failed JWT_CLAIMS_INVALID retry 1100 ; arm 1100")],
            Failing,
        ),
        (
            "a token without iat uses the local clock",
            vec![(1_000, Input::Start, "*"), (IAT * 1000 + 300_000, Input::TokenReceived { fetch: Some(1), jwt: jwt(None, Some(IAT + 900)), sent_at_ms: ON_ARRIVAL }, "signed-in g1 ; arm 1795000840000")],
            Fresh,
        ),
        (
            "a token without iat and a clock far behind is clamped to 24 h",
            vec![(0, Input::Start, "*"), (100, Input::TokenReceived { fetch: Some(1), jwt: jwt(None, Some(IAT + 900)), sent_at_ms: ON_ARRIVAL }, "signed-in g1 ; arm 77760100")],
            Fresh,
        ),
        (
            "a 30-day token is reached through 24 h timers",
            vec![
                (0, Input::Start, "*"),
                (100, Input::TokenReceived { fetch: Some(1), jwt: jwt(Some(IAT), Some(IAT + 2_592_001)), sent_at_ms: ON_ARRIVAL }, "signed-in g1 ; arm 86400100"),
                (1_000, need(5), "resolve [5] g1"),
                (86_400_100, Input::Timer, "arm 172800100"),
            ],
            Fresh,
        ),
        (
            "a request that went away is not resolved",
            vec![(0, Input::Start, "*"), (1, need(5), "-"), (2, need(6), "-"), (3, Input::RequestDone { waiter: 5 }, "-"), (100, tok(1), "resolve [6] g1 ; signed-in g1 ; arm 810100")],
            Fresh,
        ),
        (
            "start while signed in (another user) drops the old token",
            with(signed_in(), vec![(1_000, Input::Start, "fetch 2 ; arm 31000"), (1_001, need(5), "-"), (1_100, tok(2), "resolve [5] g2 ; signed-in g2 ; arm 811100")]),
            Fresh,
        ),
        (
            "a token that fails verification backs off",
            with(signed_in(), vec![(810_000, Input::Timer, "*"), (810_100, fail(2, ErrorKind::JwtSignatureInvalid, None), "share 811100 ; failed JWT_SIGNATURE_INVALID retry 811100 ; arm 811100")]),
            Failing,
        ),
        ("sign-out with no session is quiet", vec![(0, Input::SignOut, "-")], SignedOut),
        ("sign-out when signed in", with(signed_in(), vec![(5, Input::SignOut, "signed-out ; disarm"), (6, Input::Timer, "-")]), SignedOut),
    ]
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn scenarios() {
    let mut wrong = Vec::new();
    let rows = rows();
    for (name, steps, want_state) in &rows {
        let mut lc = Lifecycle::new(config(), 7);
        for (i, (now, input, want)) in steps.iter().enumerate() {
            let got = summary(&lc.handle(input.clone(), *now));
            if *want != "*" && got != *want {
                wrong.push(format!(
                    "{name}, step {i} at {now}: got `{got}`, want `{want}`"
                ));
            }
        }
        if lc.state() != *want_state {
            wrong.push(format!(
                "{name}: state {:?}, want {want_state:?}",
                lc.state()
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} rows wrong:\n{}",
        wrong.len(),
        rows.len(),
        wrong.join("\n")
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn usable_token_follows_the_state() {
    let mut lc = Lifecycle::new(config(), 7);
    assert!(lc.usable_token(0).is_none());
    lc.handle(Input::Start, 0);
    assert!(
        lc.usable_token(0).is_none(),
        "no token while the first fetch runs"
    );
    lc.handle(tok(1), 0);
    assert_eq!(lc.generation(), 1);
    assert_eq!(lc.usable_token(809_999).unwrap().generation, 1);
    assert!(lc.usable_token(810_000).is_none(), "due: refresh first");
    lc.handle(Input::Timer, 810_000);
    assert_eq!(
        lc.usable_token(894_999).unwrap().generation,
        1,
        "still valid while its refresh is on its way"
    );
    assert!(lc.usable_token(895_000).is_none(), "past its cut-off");
    lc.handle(net(2), 810_100);
    assert_eq!(
        lc.usable_token(894_999).unwrap().generation,
        1,
        "still valid while failing"
    );
    assert!(lc.usable_token(895_000).is_none(), "too close to expiry");
    assert_eq!(
        lc.current_token().unwrap().raw,
        format!("tok.{:?}.{:?}", Some(IAT + 1), Some(IAT + 902))
    );
    assert_eq!(lc.next_timeout(), Some(811_100));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn default_backoff_grows_with_jitter_and_caps() {
    let mut lc = Lifecycle::new(Config::default(), 99);
    lc.handle(Input::Start, 0);
    let mut now = 0;
    let mut fetch = 1;
    let mut delays = Vec::new();
    for _ in 0..20 {
        let out = lc.handle(net(fetch), now);
        let retry = out
            .iter()
            .find_map(|a| match a {
                Action::Notify(Event::RefreshFailed { retry_at_ms, .. }) => Some(*retry_at_ms),
                _ => None,
            })
            .unwrap();
        delays.push(retry - now);
        now = retry;
        let out = lc.handle(Input::Timer, now);
        fetch = out
            .iter()
            .find_map(|a| {
                if let Action::FetchToken { fetch, .. } = a {
                    Some(*fetch)
                } else {
                    None
                }
            })
            .unwrap();
    }
    assert!(
        delays.iter().all(|d| (1_000..=60_000).contains(d)),
        "{delays:?}"
    );
    assert_eq!(delays[0], 1_000, "the first step is the base: {delays:?}");
    assert!((1_500..=3_000).contains(&delays[1]), "{delays:?}");
    // At the cap: 30 to 60 s, never the short draws of decorrelated jitter.
    assert!(
        delays[6..].iter().all(|d| (30_000..=60_000).contains(d)),
        "{delays:?}"
    );
    let distinct: std::collections::BTreeSet<_> = delays.iter().collect();
    assert!(distinct.len() > 3, "jittered: {delays:?}");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn default_refresh_is_90_to_180_s_before_expiry_and_spread_over_the_margin() {
    let mut at = std::collections::BTreeSet::new();
    for seed in 0..50 {
        let mut lc = Lifecycle::new(Config::default(), seed);
        lc.handle(Input::Start, 0);
        lc.handle(tok(1), 1_000);
        let t = lc.current_token().unwrap();
        assert_eq!(t.expires_at_ms, 901_000);
        let before = t.expires_at_ms - t.refresh_at_ms;
        assert!((90_000..=180_000).contains(&before), "{before}");
        at.insert(t.refresh_at_ms);
    }
    assert!(at.len() > 10, "seeds spread refreshes: {at:?}");
    // Spread over the whole margin (no echo of a herd a lifetime later), not a 15 s corner of it.
    let spread = at.last().unwrap() - at.first().unwrap();
    assert!(spread > 60_000, "spread {spread} ms: {at:?}");
}

/// Recovery on demand: past the token's cut-off, while the backoff waits, a call tries the server
/// at once (a probe), at most once per probe interval (5 s by default) counted from the last
/// attempt; a failed probe is an attempt: the next retry is a backoff after it (never earlier than
/// planned).
#[test]
fn calls_probe_ahead_of_the_backoff_once_per_probe_interval() {
    let slow = Config {
        backoff_base_ms: 60_000,
        backoff_cap_ms: 60_000,
        ..config()
    };
    assert_eq!(slow.probe_interval_ms, 5_000, "the documented default");
    let mut lc = Lifecycle::new(slow, 1);
    lc.handle(Input::Start, 0);
    lc.handle(tok(1), 0);
    // The refresh (due at 810 s) fails at 896 s: past the cut-off (895 s), the retry is at 956 s.
    assert_eq!(
        summary(&lc.handle(Input::Timer, 896_000)),
        "fetch 2 lock 1000 ; arm 926000"
    );
    let out = lc.handle(net(2), 896_100);
    assert_eq!(
        summary(&out),
        "share 956100 ; failed NETWORK_ERROR retry 956100 ; arm 956100"
    );
    // Within 5 s of the last attempt: the call fails at once.
    assert_eq!(
        summary(&lc.handle(need(5), 898_000)),
        "reject [5] NETWORK_ERROR"
    );
    // 5 s after it: the call probes, and a second call waits for that probe.
    assert_eq!(
        summary(&lc.handle(need(6), 901_000)),
        "fetch 3 lock 1000 ; arm 931000"
    );
    assert_eq!(summary(&lc.handle(need(7), 901_500)), "-");
    // The probe fails: both calls fail, the retry moves to a backoff after the probe.
    assert_eq!(
        summary(&lc.handle(net(3), 901_600)),
        "share 961600 ; reject [6, 7] NETWORK_ERROR ; failed NETWORK_ERROR retry 961600 ; arm 961600"
    );
    assert_eq!(
        summary(&lc.handle(need(8), 905_000)),
        "reject [8] NETWORK_ERROR"
    );
    // The server is back: the next probe gets through, long before the retry.
    assert_eq!(
        summary(&lc.handle(need(9), 906_100)),
        "fetch 4 lock 1000 ; arm 936100"
    );
    let out = lc.handle(tok(4), 906_200);
    assert!(
        summary(&out).starts_with("resolve [9] g2 ; refreshed g2"),
        "{}",
        summary(&out)
    );
    assert_eq!(lc.state(), State::Fresh);
}

/// A refresh that fails while the token held still serves calls for longer than the cap retries
/// at the cap's step (30 to 60 s), not after 1 s: nobody waits for it, and a failing server is
/// spared the quick retries of a whole population. Calls keep the token meanwhile.
#[test]
fn failures_while_the_token_serves_retry_at_the_cap_step() {
    let mut lc = Lifecycle::new(Config::default(), 7);
    lc.handle(Input::Start, 0);
    lc.handle(tok(1), 0);
    let at = lc.current_token().unwrap().refresh_at_ms;
    lc.handle(Input::Timer, at);
    let out = lc.handle(net(2), at + 100);
    let retry = out
        .iter()
        .find_map(|a| match a {
            Action::Notify(Event::RefreshFailed { retry_at_ms, .. }) => Some(*retry_at_ms),
            _ => None,
        })
        .unwrap();
    let wait = retry - (at + 100);
    assert!((30_000..=60_000).contains(&wait), "{wait}");
    assert!(lc.usable_token(at + 200).is_some());
}

/// A failure shared by another tab travels as its code (and status): every code reads back to its
/// kind, and an unknown one to nothing (the message is dropped, never misread).
#[test]
fn error_codes_read_back_to_their_kinds() {
    for kind in [
        ErrorKind::Network,
        ErrorKind::InvalidResponse,
        ErrorKind::JwtIssuerInvalid,
        ErrorKind::JwtAudienceInvalid,
        ErrorKind::JwtAlgUnsupported,
        ErrorKind::JwtAlgNotAllowed,
        ErrorKind::JwtKeyNotFound,
        ErrorKind::JwksInvalid,
        ErrorKind::CorsRefused,
        ErrorKind::CookieNotStored,
        ErrorKind::JwtAlgMismatch,
        ErrorKind::JwtKidAlgMismatch,
        ErrorKind::WebCryptoUnavailable,
    ] {
        assert_eq!(ErrorKind::from_code(kind.code(), None), Some(kind.clone()));
    }
    // The kinds that carry their own 404 come back as themselves, with it.
    for kind in [
        ErrorKind::JwksNotFound,
        ErrorKind::BasePathNotFound,
        ErrorKind::JwtPluginNotFound,
    ] {
        assert_eq!(kind.status(), Some(404));
        assert_eq!(
            ErrorKind::from_code(kind.code(), Some(404)),
            Some(kind.clone())
        );
    }
    let server = ErrorKind::Server {
        status: 503,
        code: "SERVICE_UNAVAILABLE".into(),
    };
    assert_eq!(
        ErrorKind::from_code("SERVICE_UNAVAILABLE", Some(503)),
        Some(server)
    );
    assert_eq!(ErrorKind::from_code("NO_SUCH_CODE", None), None);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn retried_requests_are_remembered_up_to_the_limit_oldest_forgotten_first() {
    let mut lc = Lifecycle::new(config(), 7);
    lc.handle(Input::Start, 0);
    lc.handle(tok(1), 0);
    let last = MAX_REMEMBERED_RETRIES as u64 + 1;
    for waiter in 1..=last {
        lc.handle(unauth(waiter, 1), 20_000);
    }
    let rejected = |actions: &[Action], waiter: u64| {
        actions
            .iter()
            .any(|a| matches!(a, Action::Reject { waiters, .. } if waiters == &[waiter]))
    };
    // The newest is remembered: its second 401 is final.
    assert!(rejected(&lc.handle(unauth(last, 1), 20_001), last));
    assert!(rejected(&lc.handle(unauth(2, 1), 20_001), 2));
    // The oldest was forgotten when the limit was passed: its 401 counts as a first one again.
    assert!(!rejected(&lc.handle(unauth(1, 1), 20_001), 1));
    // Done requests are forgotten too.
    lc.handle(Input::RequestDone { waiter: 3 }, 20_002);
    assert!(!rejected(&lc.handle(unauth(3, 1), 20_002), 3));
}

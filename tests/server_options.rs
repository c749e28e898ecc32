//! The jwt plugin's options (and the plugins beside it), each against a real server configured
//! with it, in a real browser. Three stacks (scripts/test.sh, tier `matrix`):
//!
//!   A: JWT_EXPIRATION=10 JWT_DISABLE_HEADER=1 JWT_ISSUER=https://issuer.example
//!      JWT_AUDIENCE=https://api.example,https://other.example JWT_CUSTOM_PAYLOAD=1
//!      CUSTOM_SESSION=1 BEARER=1                                         -> custom_*
//!   B: JWKS_REMOTE=1 JWT_ALG=ES256 JWT_EXPIRATION=86400                   -> remote_*
//!   C: DEFER_SESSION_REFRESH=1 SESSION_UPDATE_AGE=0 FAULT_PROXY=1           -> deferred_*
//!      (every get-session answers `needsRefresh`, and every `POST /get-session` writes the
//!      session cookie again; the clients talk to the server through the fault proxy)
//!
//! Each test first checks, from the server's `/__jwt-config`, that it runs against its stack.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::option_env_unwrap,
    clippy::indexing_slicing
)]

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "matrix/support.rs"]
mod support;
use support::*;

const ISSUER: &str = "https://issuer.example";
const AUDIENCES: [&str; 2] = ["https://api.example", "https://other.example"];

async fn stack_a() -> serde_json::Value {
    let cfg = jwt_config().await;
    assert_eq!(cfg["issuer"], ISSUER, "run on stack A: {cfg}");
    assert_eq!(cfg["audience"], serde_json::json!(AUDIENCES), "{cfg}");
    cfg
}

/// A client expecting stack A's issuer, and one of its audiences.
fn client_a() -> Client {
    client_with(&[
        ("issuer", ISSUER.into()),
        (
            "audience",
            js_sys::Array::of2(&"https://unrelated.example".into(), &AUDIENCES[1].into()).into(),
        ),
    ])
}

fn error_code(result: &JsValue) -> Option<String> {
    get_str(result, "error.code")
}

#[wasm_bindgen_test]
async fn custom_disable_setting_jwt_header_every_token_comes_from_token() {
    let _serial = serial().await;
    let cfg = stack_a().await;
    assert_eq!(cfg["disableHeader"], true);
    let c = client_a();
    let data = sign_up(&c, "noheader").await;
    let session = get_str(&data, "token").unwrap();
    // get-session answers the session, without set-auth-jwt.
    let (status, headers, body) =
        plain("GET", &format!("{}/api/auth/get-session", auth_url()), &[]).await;
    assert_eq!(status, 200);
    assert!(get_str(&body, "user.id").is_some(), "{body:?}");
    assert_eq!(headers.get("set-auth-jwt").unwrap(), None);
    // The client's session load asks get-session; its tokens all come from GET /token.
    let s = result(c.get_session()).await;
    assert!(get(&s, "error").is_null(), "{s:?}");
    token(&c).await;
    let generation = state_num(&c, "tokenGeneration");
    refreshed_after(&c, generation, 15_000.0).await;
    let generations = state_num(&c, "tokenGeneration") as u32;
    assert!(generations >= 2);
    assert!(
        token_requests(&session).await >= generations,
        "{generations} tokens, fewer GET /token"
    );
}

#[wasm_bindgen_test]
async fn custom_issuer_and_audience_list_are_checked() {
    let _serial = serial().await;
    stack_a().await;
    let c = client_a();
    sign_up(&c, "issaud").await;
    let jwt = token(&c).await;
    let (_, claims) = decode(&jwt);
    assert_eq!(claims["iss"], ISSUER);
    assert_eq!(claims["aud"], serde_json::json!(AUDIENCES));
    let (status, body) = call_api(&c, "/api/me").await;
    assert_eq!(status, 200, "{body:?}");
    drop(c);
    // The same session, clients expecting Better Auth's defaults or another audience: refused.
    let defaults = client_with(&[]);
    let r = result(defaults.token()).await;
    assert_eq!(
        error_code(&r).as_deref(),
        Some("JWT_ISSUER_INVALID"),
        "{r:?}"
    );
    drop(defaults);
    let other = client_with(&[
        ("issuer", ISSUER.into()),
        ("audience", "https://nope.example".into()),
    ]);
    let r = result(other.token()).await;
    assert_eq!(
        error_code(&r).as_deref(),
        Some("JWT_AUDIENCE_INVALID"),
        "{r:?}"
    );
}

#[wasm_bindgen_test]
async fn custom_define_payload_and_get_subject_reach_the_client_and_the_api() {
    let _serial = serial().await;
    let cfg = stack_a().await;
    assert_eq!(cfg["customPayload"], true);
    let c = client_a();
    let data = sign_up(&c, "payload").await;
    let id = get_str(&data, "user.id").unwrap();
    let (_, claims) = decode(&token(&c).await);
    assert_eq!(claims["sub"], format!("user:{id}"));
    assert_eq!(claims["scope"], "api:read");
    assert!(claims.get("createdAt").is_none(), "{claims}");
    let (status, body) = call_api(&c, "/api/claims").await;
    assert_eq!(status, 200, "{body:?}");
    assert_eq!(get_str(&body, "claims.sub"), Some(format!("user:{id}")));
    assert_eq!(get_str(&body, "claims.scope").as_deref(), Some("api:read"));
}

#[wasm_bindgen_test]
async fn custom_session_shape_passes_through_get_session() {
    let _serial = serial().await;
    let cfg = stack_a().await;
    assert_eq!(cfg["customSession"], true);
    let c = client_a();
    sign_up(&c, "custom").await;
    let s = result(c.get_session()).await;
    assert!(get(&s, "error").is_null(), "{s:?}");
    assert_eq!(get_str(&s, "data.plan").as_deref(), Some("pro"), "{s:?}");
    assert_eq!(
        get_str(&s, "data.user.greeting").as_deref(),
        Some("Hello Matrix Test"),
        "{s:?}"
    );
    assert!(get_str(&s, "data.session.id").is_some(), "{s:?}");
    // The token is still minted for that session.
    token(&c).await;
}

#[wasm_bindgen_test]
async fn custom_bearer_plugin_alongside_changes_nothing_for_the_client() {
    let _serial = serial().await;
    let cfg = stack_a().await;
    assert_eq!(cfg["bearer"], true);
    let c = client_a();
    let data = sign_up(&c, "bearer").await;
    let session = get_str(&data, "token").unwrap();
    // The plugin is on: the session token alone, without cookies, opens the session.
    let auth = format!("Bearer {session}");
    let (status, _, body) = plain_with(
        "GET",
        &format!("{}/api/auth/get-session", auth_url()),
        &[("authorization", &auth)],
        false,
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        get_str(&body, "user.id").is_some(),
        "bearer plugin off? {body:?}"
    );
    // And the client's cookie flow, token and API call work as without it.
    token(&c).await;
    assert_eq!(call_api(&c, "/api/me").await.0, 200);
    let out = result(c.sign_out()).await;
    assert!(get(&out, "error").is_null(), "{out:?}");
}

#[wasm_bindgen_test]
async fn custom_expiration_of_10_seconds_is_refreshed_ahead() {
    let _serial = serial().await;
    let cfg = stack_a().await;
    assert_eq!(cfg["expiration"], "10");
    let c = client_a();
    sign_up(&c, "short").await;
    let (_, claims) = decode(&token(&c).await);
    assert_eq!(
        claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap(),
        10
    );
    let first_expiry = state_num(&c, "tokenExpiresAt");
    let generation = state_num(&c, "tokenGeneration");
    refreshed_after(&c, generation, 15_000.0).await;
    assert!(
        js_sys::Date::now() < first_expiry,
        "refreshed only after expiry"
    );
    assert_eq!(call_api(&c, "/api/me").await.0, 200);
}

async fn stack_b() -> serde_json::Value {
    let cfg = jwt_config().await;
    assert!(cfg["jwksUrl"].is_string(), "run on stack B: {cfg}");
    cfg
}

#[wasm_bindgen_test]
async fn remote_jwks_url_option_follows_jwks_remote_url() {
    let _serial = serial().await;
    let cfg = stack_b().await;
    let jwks_url = cfg["jwksUrl"].as_str().unwrap();
    // The auth server publishes no key set.
    let (status, _, _) = plain("GET", &format!("{}/api/auth/jwks", auth_url()), &[]).await;
    assert_eq!(status, 404);
    let c = client_with(&[("jwksUrl", jwks_url.into())]);
    sign_up(&c, "remote").await;
    let jwt = token(&c).await;
    assert_eq!(decode(&jwt).0["alg"], cfg["alg"]);
    assert_eq!(call_api(&c, "/api/me").await.0, 200);
    drop(c);
    // Without the option there is no key set where the client looks: named, with the option to set.
    let lost = client_with(&[]);
    let r = result(lost.token()).await;
    assert_eq!(error_code(&r).as_deref(), Some("JWKS_NOT_FOUND"), "{r:?}");
    assert!(format!("{r:?}").contains("`jwksUrl`"), "{r:?}");
    // A relative jwksUrl is a configuration error.
    let bad = better_auth_wasm::web::WasmAuthClient::new(
        obj(&[("baseURL", auth_url().into()), ("jwksUrl", "/keys".into())]),
        None,
    );
    assert!(bad.is_err());
}

#[wasm_bindgen_test]
async fn remote_expiration_of_24_hours_is_scheduled() {
    let _serial = serial().await;
    let cfg = stack_b().await;
    assert_eq!(cfg["expiration"], "86400");
    let c = client_with(&[("jwksUrl", cfg["jwksUrl"].as_str().unwrap().into())]);
    sign_up(&c, "long").await;
    let (_, claims) = decode(&token(&c).await);
    assert_eq!(
        claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap(),
        86_400
    );
    let left_ms = state_num(&c, "tokenExpiresAt") - js_sys::Date::now();
    assert!(
        (86_300_000.0..=86_400_000.0).contains(&left_ms),
        "{left_ms}"
    );
    assert_eq!(call_api(&c, "/api/me").await.0, 200);
}

/// Stack C's fault proxy in front of the auth server (www/server/faults.mjs).
fn proxy_url() -> &'static str {
    option_env!("BAW_TEST_AUTH_PROXY_URL").expect("run on stack C (FAULT_PROXY=1)")
}

/// The proxy's lane `lane`: `{proxy}/lane/{lane}`.
fn lane_url(lane: &str) -> String {
    format!("{}/lane/{lane}", proxy_url())
}

fn fresh_lane(tag: &str) -> String {
    format!("{tag}-{}", (js_sys::Math::random() * 1e9) as u64)
}

/// A client of stack C's auth server through the fault proxy's `lane` (the tokens name the
/// server itself as their issuer and audience).
fn client_c(lane: &str) -> Client {
    client_with(&[
        ("baseURL", format!("{}/api/auth", lane_url(lane)).into()),
        ("issuer", auth_url().into()),
        ("audience", auth_url().into()),
    ])
}

/// Adds a fault rule to stack C's auth proxy (a `text/plain` POST: no preflight).
async fn fault(rule: serde_json::Value) {
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&rule.to_string().into());
    let res = JsFuture::from(
        web_sys::window()
            .unwrap()
            .fetch_with_str_and_init(&format!("{}/__faults", proxy_url()), &init),
    )
    .await
    .unwrap();
    assert!(res.unchecked_into::<web_sys::Response>().ok(), "{rule}");
}

/// What the lane's proxy saw of `key` ("POST /api/auth/get-session"): `total` requests
/// received, or how many of them a rule `faulted`.
async fn seen(lane: &str, key: &str, what: &str) -> u64 {
    let url = format!("{}/__faults/stats?lane={lane}", proxy_url());
    let (_, _, body) = plain("GET", &url, &[]).await;
    get(&get(&body, key), what).as_f64().unwrap_or(0.0) as u64
}

/// The session the browser's cookie names now, asked of the server past the client.
async fn cookie_session(lane: &str) -> JsValue {
    let url = format!("{}/api/auth/get-session", lane_url(lane));
    plain("GET", &url, &[]).await.2
}

#[wasm_bindgen_test]
async fn deferred_refresh_is_posted_as_better_auths_client_does() {
    let _serial = serial().await;
    let lane = fresh_lane("deferred-post");
    let c = client_c(&lane);
    let data = sign_up(&c, "deferred").await;
    let email = get_str(&data, "user.email").unwrap();
    // Stack C: a GET only reads, and asks for the refresh.
    let read = cookie_session(&lane).await;
    assert_eq!(
        get(&read, "needsRefresh").as_bool(),
        Some(true),
        "run on stack C"
    );
    // The sign-up's load posted it, and the session shown is the refreshed one (the POST's answer,
    // which carries no `needsRefresh`).
    assert!(seen(&lane, "POST /api/auth/get-session", "total").await >= 1);
    let session = get(&result(c.get_session()).await, "data");
    assert_eq!(
        get_str(&session, "user.email").as_deref(),
        Some(email.as_str())
    );
    assert!(get(&session, "needsRefresh").is_undefined(), "{session:?}");
    assert_eq!(call_api(&c, "/api/me").await.0, 200);
}

/// Signed in as one user in the browser, then a client whose first get-session's refresh, sent
/// with that user's cookie, is held by the proxy for 1.5 s; the caller then signs out or signs in
/// as another user, while it is held: the refresh's cookie must not win.
async fn late_refresh(tag: &str) -> (String, Client, String) {
    let lane = fresh_lane(tag);
    let before = client_c(&lane);
    let first = sign_up(&before, tag).await;
    drop(before);
    fault(serde_json::json!({
        "lane": lane, "path": "/api/auth/get-session", "method": "POST",
        "mode": "slow", "delayMs": 1500, "count": 1,
    }))
    .await;
    let c = client_c(&lane);
    // The new client's first load has posted its refresh, and the proxy holds it.
    for _ in 0..100 {
        if seen(&lane, "POST /api/auth/get-session", "faulted").await == 1 {
            return (lane, c, get_str(&first, "user.email").unwrap());
        }
        sleep(20).await;
    }
    panic!("no refresh was posted");
}

/// A sign-out while the refresh is held waits for it, then signs out. (A late refresh cannot undo
/// a sign-out the way it undoes a sign-in: the sign-out deletes the session on the server, so the
/// cookie it would put back names no session. This checks that the queue lets the sign-out through.)
#[wasm_bindgen_test]
async fn deferred_sign_out_while_a_refresh_is_held_waits_for_it() {
    let _serial = serial().await;
    let (lane, c, _) = late_refresh("late-out").await;
    let out = result(c.sign_out()).await;
    assert!(get(&out, "error").is_null(), "{out:?}");
    assert_eq!(seen(&lane, "POST /api/auth/sign-out", "total").await, 1);
    assert!(cookie_session(&lane).await.is_null(), "still signed in");
    assert_eq!(
        get_str(&c.get_state(), "status").as_deref(),
        Some("unauthenticated")
    );
}

#[wasm_bindgen_test]
async fn deferred_refresh_answered_late_never_undoes_a_sign_in() {
    let _serial = serial().await;
    let (lane, c, first) = late_refresh("late-in").await;
    let second = sign_up(&c, "late-in-2").await;
    let email = get_str(&second, "user.email").unwrap();
    assert_ne!(email, first);
    sleep(2_000).await;
    assert_eq!(
        seen(&lane, "POST /api/auth/get-session", "faulted").await,
        1
    );
    let now = cookie_session(&lane).await;
    assert_eq!(get_str(&now, "user.email").as_deref(), Some(email.as_str()));
    let shown = get(&result(c.get_session()).await, "data");
    assert_eq!(
        get_str(&shown, "user.email").as_deref(),
        Some(email.as_str())
    );
    let (status, me) = call_api(&c, "/api/me").await;
    assert_eq!(status, 200);
    assert_eq!(get_str(&me, "email").as_deref(), Some(email.as_str()));
}

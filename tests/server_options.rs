//! The jwt plugin's options (and the plugins beside it), each against a real server configured
//! with it, in a real browser. Two stacks (scripts/test.sh, tier `matrix`):
//!
//!   A: JWT_EXPIRATION=10 JWT_DISABLE_HEADER=1 JWT_ISSUER=https://issuer.example
//!      JWT_AUDIENCE=https://api.example,https://other.example JWT_CUSTOM_PAYLOAD=1
//!      CUSTOM_SESSION=1 BEARER=1                                         -> custom_*
//!   B: JWKS_REMOTE=1 JWT_ALG=ES256 JWT_EXPIRATION=86400                   -> remote_*
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

use wasm_bindgen::JsValue;
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
    let s = wait(c.get_session()).await;
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
    let r = wait(defaults.token()).await;
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
    let r = wait(other.token()).await;
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
    let s = wait(c.get_session()).await;
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
    let out = wait(c.sign_out()).await;
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
    let r = wait(lost.token()).await;
    assert_eq!(error_code(&r).as_deref(), Some("JWKS_NOT_FOUND"), "{r:?}");
    assert!(format!("{r:?}").contains("`jwksUrl`"), "{r:?}");
    // A relative jwksUrl is a configuration error.
    let bad = better_auth_wasm::web::WasmAuthClient::new(obj(&[
        ("baseURL", auth_url().into()),
        ("jwksUrl", "/keys".into()),
    ]));
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

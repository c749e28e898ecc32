//! Browser tests: the wasm client in a real headless browser against the real Better Auth server
//! and the demo API, which `scripts/with-stack.mjs` starts and passes in at compile time through
//! `BAW_TEST_AUTH_URL` and `BAW_TEST_API_URL`. Without a running server these tests fail.
#![cfg(target_arch = "wasm32")]
// The URLs are read at compile time so that the wasm test binary knows them; without them the
// tests fail at run time with a clear message (and still compile, for clippy).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::option_env_unwrap
)]

use better_auth_wasm::web::WasmAuthClient;
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "browser/plugins.rs"]
mod plugins;
// The helpers every browser test file shares (the URLs, JavaScript values, awaiting a call).
#[path = "matrix/support.rs"]
mod support;
use support::{api_url, auth_url, fresh_email, get, get_str, obj, result, sleep, wait};

/// A client that is disposed when the test ends, so that its timer and its channel to the other
/// "tabs" (every client of the page is one) cannot touch the next test.
struct Client(WasmAuthClient);

impl std::ops::Deref for Client {
    type Target = WasmAuthClient;
    fn deref(&self) -> &WasmAuthClient {
        &self.0
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        self.0.dispose();
    }
}

fn client_with(extra: &[(&str, JsValue)]) -> Client {
    let mut opts = vec![
        ("baseURL", auth_url().into()),
        ("apiOrigins", js_sys::Array::of1(&api_url().into()).into()),
    ];
    opts.extend(extra.iter().cloned());
    Client(WasmAuthClient::new(obj(&opts), None).unwrap())
}

fn client() -> Client {
    client_with(&[])
}

thread_local! {
    /// When the running test took the page (local ms), if one did.
    static HELD_SINCE: std::cell::Cell<Option<f64>> = const { std::cell::Cell::new(None) };
}

/// The tests of this page share one cookie jar, as the tabs of a browser do: two tests signing up
/// at once would swap sessions under each other. Each test holds this for its duration. A test
/// that panicked (wasm does not unwind, so it never releases) is overtaken after 60 s.
struct Serial;

impl Drop for Serial {
    fn drop(&mut self) {
        HELD_SINCE.with(|h| h.set(None));
    }
}

async fn serial() -> Serial {
    loop {
        let now = js_sys::Date::now();
        let free = HELD_SINCE.with(|h| match h.get() {
            Some(t) if now - t < 60_000.0 => false,
            _ => {
                h.set(Some(now));
                true
            }
        });
        if free {
            return Serial;
        }
        sleep(100).await;
    }
}

async fn sign_up(c: &Client, email: &str) -> JsValue {
    result(c.sign_up_email(obj(&[
        ("name", "Browser Test".into()),
        ("email", email.into()),
        ("password", "correct-horse-battery".into()),
    ])))
    .await
}

async fn call_api(c: &Client, path: &str) -> web_sys::Response {
    let url = format!("{}{path}", api_url());
    wait(c.fetch(url.into(), JsValue::UNDEFINED))
        .await
        .dyn_into()
        .unwrap()
}

/// The headers the demo API's echo saw for `c.fetch(url)`.
async fn headers_seen(c: &Client, url: &str) -> JsValue {
    let r = wait(c.fetch(url.into(), JsValue::UNDEFINED)).await;
    json(&r.unchecked_into()).await
}

async fn json(r: &web_sys::Response) -> JsValue {
    wait(r.json().unwrap()).await
}

#[wasm_bindgen_test]
async fn sign_up_then_the_api_accepts_the_bearer_token() {
    let _serial = serial().await;
    let c = client();
    let email = fresh_email("signup");
    let res = sign_up(&c, &email).await;
    assert!(
        get(&res, "error").is_null(),
        "sign-up failed: {:?}",
        get(&res, "error")
    );
    assert_eq!(
        get_str(&res, "data.user.email").as_deref(),
        Some(email.as_str())
    );

    let token = result(c.token()).await;
    let jwt = get_str(&token, "data.token").expect("a token");
    assert_eq!(jwt.split('.').count(), 3, "a compact JWS");

    let r = call_api(&c, "/api/me").await;
    assert_eq!(r.status(), 200);
    let body = json(&r).await;
    assert_eq!(get_str(&body, "email").as_deref(), Some(email.as_str()));
}

#[wasm_bindgen_test]
async fn duplicate_sign_up_passes_the_server_code_through() {
    let _serial = serial().await;
    let c = client();
    let email = fresh_email("dup");
    assert!(get(&sign_up(&c, &email).await, "error").is_null());
    let res = sign_up(&c, &email).await;
    assert!(get(&res, "data").is_null());
    assert_eq!(
        get_str(&res, "error.code").as_deref(),
        Some("USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL")
    );
    assert_eq!(get(&res, "error.status").as_f64(), Some(422.0));
}

#[wasm_bindgen_test]
async fn wrong_password_is_invalid_email_or_password() {
    let _serial = serial().await;
    let c = client();
    let email = fresh_email("wrongpw");
    assert!(get(&sign_up(&c, &email).await, "error").is_null());
    let res = result(c.sign_in_email(obj(&[
        ("email", email.as_str().into()),
        ("password", "not-the-password".into()),
    ])))
    .await;
    assert_eq!(
        get_str(&res, "error.code").as_deref(),
        Some("INVALID_EMAIL_OR_PASSWORD")
    );
    assert_eq!(get(&res, "error.status").as_f64(), Some(401.0));
}

#[wasm_bindgen_test]
async fn sign_out_then_sign_in_again() {
    let _serial = serial().await;
    let c = client();
    let email = fresh_email("inout");
    assert!(get(&sign_up(&c, &email).await, "error").is_null());

    let out = result(c.sign_out()).await;
    assert_eq!(get(&out, "data.success").as_bool(), Some(true), "{out:?}");
    let session = result(c.get_session()).await;
    assert!(get(&session, "data").is_null(), "no session after sign-out");
    let token = result(c.token()).await;
    assert_eq!(get_str(&token, "error.code").as_deref(), Some("NO_SESSION"));

    let res = result(c.sign_in_email(obj(&[
        ("email", email.as_str().into()),
        ("password", "correct-horse-battery".into()),
    ])))
    .await;
    assert!(get(&res, "error").is_null(), "{:?}", get(&res, "error"));
    let session = result(c.get_session()).await;
    assert_eq!(
        get_str(&session, "data.user.email").as_deref(),
        Some(email.as_str())
    );
    assert_eq!(call_api(&c, "/api/me").await.status(), 200);
}

#[wasm_bindgen_test]
async fn invalid_options_are_a_coded_error() {
    let _serial = serial().await;
    let err = WasmAuthClient::new(obj(&[("baseURL", "ftp://nope".into())]), None)
        .err()
        .expect("an error");
    assert_eq!(get_str(&err, "code").as_deref(), Some("INVALID_CONFIG"));
    assert!(err.is_instance_of::<js_sys::Error>());
}

// ---- issue 4: lifecycle, refresh, retry, origins, storage, flows --------------------------------

/// A plain (unauthenticated) GET or POST that returns JSON: stats and test hooks.
async fn plain_json(method: &str, url: &str, body: Option<&str>) -> JsValue {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    if let Some(b) = body {
        init.set_body(&b.into());
        let h = web_sys::Headers::new().unwrap();
        h.set("content-type", "application/json").unwrap();
        init.set_headers(&h);
    }
    let req = web_sys::Request::new_with_str_and_init(url, &init).unwrap();
    let res: web_sys::Response =
        JsFuture::from(web_sys::window().unwrap().fetch_with_request(&req))
            .await
            .unwrap()
            .dyn_into()
            .unwrap();
    json(&res).await
}

/// How many `GET /api/auth/token` the auth server answered for this session.
async fn token_requests(session_token: &str) -> u32 {
    let url = format!("{}/__stats?session={session_token}", auth_url());
    let stats = plain_json("GET", &url, None).await;
    get(&stats, "GET /api/auth/token").as_f64().unwrap_or(0.0) as u32
}

async fn api_stats(sub: &str) -> JsValue {
    plain_json("GET", &format!("{}/__stats?sub={sub}", api_url()), None).await
}

/// Signs up a fresh user; returns (session token, user id).
async fn signed_up(c: &Client, tag: &str) -> (String, String) {
    let res = sign_up(c, &fresh_email(tag)).await;
    assert!(
        get(&res, "error").is_null(),
        "sign-up failed: {:?}",
        get(&res, "error")
    );
    (
        get_str(&res, "data.token").unwrap(),
        get_str(&res, "data.user.id").unwrap(),
    )
}

fn counter() -> (std::rc::Rc<std::cell::Cell<u32>>, js_sys::Function) {
    let n = std::rc::Rc::new(std::cell::Cell::new(0));
    let m = n.clone();
    let f = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(move |_| m.set(m.get() + 1))
        .into_js_value()
        .unchecked_into();
    (n, f)
}

#[wasm_bindgen_test]
async fn calls_across_two_token_lifetimes_never_see_a_401() {
    let _serial = serial().await;
    let c = client();
    let (session, sub) = signed_up(&c, "lifetimes").await;
    let lifetime_ms = {
        let t = get_str(&result(c.token()).await, "data.token").unwrap();
        let payload = t.split('.').nth(1).unwrap().to_owned();
        let json = String::from_utf8(base64_url(&payload)).unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let claim = |k: &str| v.get(k).and_then(serde_json::Value::as_u64).unwrap();
        (claim("exp") - claim("iat")) * 1000
    };
    assert!(
        lifetime_ms <= 30_000,
        "run with a short JWT_EXPIRATION (got {lifetime_ms} ms)"
    );
    let before = token_requests(&session).await;
    let start = js_sys::Date::now();
    let mut calls = 0;
    while js_sys::Date::now() - start < (2 * lifetime_ms + 2_000) as f64 {
        let r = call_api(&c, "/api/me").await;
        assert_eq!(
            r.status(),
            200,
            "call {calls} at +{} ms",
            js_sys::Date::now() - start
        );
        calls += 1;
        sleep(400).await;
    }
    let refreshes = token_requests(&session).await - before;
    // Refreshed ahead of each expiry (at least twice in two lifetimes), never in a storm: with a
    // margin of half the lifetime counted (exp − iat − 1 s: 9 s), at most one refresh per
    // (lifetime / 2 - jitter) = 3.6 s: 1 + 22 / 3.6 = 7.
    assert!(
        (2..=7).contains(&refreshes),
        "{refreshes} token requests for {calls} calls"
    );
    let stats = api_stats(&sub).await;
    assert_eq!(get(&stats, "unauthorized").as_f64(), Some(0.0), "{stats:?}");
    assert_eq!(get(&stats, "authorized").as_f64(), Some(calls as f64));
}

fn base64_url(s: &str) -> Vec<u8> {
    let std = s.replace('-', "+").replace('_', "/");
    let padded = format!("{std}{}", "=".repeat((4 - std.len() % 4) % 4));
    let bin = web_sys::window().unwrap().atob(&padded).unwrap();
    bin.chars().map(|c| c as u8).collect()
}

#[wasm_bindgen_test]
async fn a_refused_token_gets_one_refresh_one_retry_then_on_unauthorized_once() {
    let _serial = serial().await;
    let (calls, on_unauthorized) = counter();
    let c = client_with(&[("onUnauthorized", on_unauthorized.into())]);
    let (session, sub) = signed_up(&c, "revoked").await;
    assert_eq!(call_api(&c, "/api/me").await.status(), 200);
    // The refresh below must mint new bytes: a token minted in the same second as the refused one
    // is the same token, which is never resent (tests/faults/outage.test.mjs covers that case).
    sleep(1_100).await;
    let tokens_before = token_requests(&session).await;
    plain_json(
        "POST",
        &format!("{}/__revoke", api_url()),
        Some(&format!(r#"{{"sub":"{sub}"}}"#)),
    )
    .await;

    let r = call_api(&c, "/api/me").await;
    assert_eq!(r.status(), 401, "the API's second 401 is returned as is");
    let stats = api_stats(&sub).await;
    assert_eq!(
        get(&stats, "unauthorized").as_f64(),
        Some(2.0),
        "first try + exactly one retry: {stats:?}"
    );
    assert_eq!(
        token_requests(&session).await - tokens_before,
        1,
        "one refresh"
    );
    assert_eq!(calls.get(), 1, "onUnauthorized once");

    // Another call: no loop, and onUnauthorized is not called again in this session.
    let r = call_api(&c, "/api/me").await;
    assert_eq!(r.status(), 401);
    let stats = api_stats(&sub).await;
    assert!(
        get(&stats, "unauthorized").as_f64().unwrap() <= 4.0,
        "{stats:?}"
    );
    assert_eq!(calls.get(), 1);
}

#[wasm_bindgen_test]
async fn fifty_concurrent_calls_at_the_refresh_point_share_one_token_request() {
    let _serial = serial().await;
    let c = client();
    let (session, sub) = signed_up(&c, "storm").await;
    let expires = get(&c.get_state(), "tokenExpiresAt")
        .as_f64()
        .expect("a token");
    let lifetime = 10_000.0_f64.min(expires - js_sys::Date::now() + 500.0);
    // Margin = half the lifetime, jitter ≤ 10 %: the refresh starts in [E - 0.6 L, E - 0.5 L].
    let from = expires - 0.65 * lifetime;
    let until = expires - 0.45 * lifetime;
    let wait_ms = (from - js_sys::Date::now()).max(0.0) as i32;
    sleep(wait_ms).await;
    let before = token_requests(&session).await;
    let mut total = 0;
    while js_sys::Date::now() < until {
        let wave: Vec<js_sys::Promise> = (0..50)
            .map(|_| c.fetch(format!("{}/api/me", api_url()).into(), JsValue::UNDEFINED))
            .collect();
        let all = js_sys::Promise::all(&wave.into_iter().collect::<js_sys::Array>());
        let responses: js_sys::Array = wait(all).await.unchecked_into();
        for r in responses.iter() {
            assert_eq!(r.unchecked_into::<web_sys::Response>().status(), 200);
        }
        total += 50;
        sleep(150).await;
    }
    assert!(total >= 100, "{total} calls");
    assert_eq!(
        token_requests(&session).await - before,
        1,
        "{total} calls around the refresh point"
    );
    assert_eq!(
        get(&api_stats(&sub).await, "unauthorized").as_f64(),
        Some(0.0)
    );
}

#[wasm_bindgen_test]
async fn the_token_goes_only_to_allowed_origins() {
    let _serial = serial().await;
    let c = client();
    signed_up(&c, "origins").await;
    let body = headers_seen(&c, &format!("{}/public/headers", api_url())).await;
    assert!(
        get_str(&body, "authorization")
            .unwrap()
            .starts_with("Bearer ey"),
        "{body:?}"
    );
    // Same server, another origin (localhost vs 127.0.0.1): no token.
    let other = api_url().replace("127.0.0.1", "localhost");
    let body = headers_seen(&c, &format!("{other}/public/headers")).await;
    assert!(get(&body, "authorization").is_null(), "{body:?}");
}

#[wasm_bindgen_test]
async fn no_token_in_storage_or_cookies() {
    let _serial = serial().await;
    let c = client();
    signed_up(&c, "storage").await;
    assert_eq!(call_api(&c, "/api/me").await.status(), 200);
    let token = get_str(&result(c.token()).await, "data.token").unwrap();
    let w = web_sys::window().unwrap();
    let mut seen = String::new();
    for storage in [
        w.local_storage().unwrap().unwrap(),
        w.session_storage().unwrap().unwrap(),
    ] {
        for i in 0..storage.length().unwrap() {
            let k = storage.key(i).unwrap().unwrap();
            seen.push_str(&k);
            seen.push_str(&storage.get_item(&k).unwrap().unwrap_or_default());
        }
    }
    let doc: web_sys::HtmlDocument = w.document().unwrap().unchecked_into();
    seen.push_str(&doc.cookie().unwrap());
    seen.push_str(&w.location().href().unwrap());
    // Each of the token's three parts, not a JWT-looking "eyJ" anywhere: the stored key set's
    // random `kid` may hold those three letters (it did once, failing this test and, as a test
    // that panics never disposes its client, the tests after it).
    let leaked: Vec<&str> = token
        .split('.')
        .filter(|part| seen.contains(part))
        .collect();
    assert!(leaked.is_empty(), "token parts {leaked:?} leaked: {seen}");
}

#[wasm_bindgen_test]
async fn subscribers_see_sign_in_and_sign_out() {
    let _serial = serial().await;
    let c = client();
    let events = std::rc::Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
    let e = events.clone();
    let listener: js_sys::Function =
        wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
            e.borrow_mut()
                .push(get_str(&ev, "type").unwrap_or_default());
        })
        .into_js_value()
        .unchecked_into();
    let unsubscribe = c.subscribe(listener);
    signed_up(&c, "events").await;
    assert_eq!(
        get_str(&c.get_state(), "status").as_deref(),
        Some("authenticated")
    );
    assert!(
        events.borrow().contains(&"signedIn".to_owned()),
        "{:?}",
        events.borrow()
    );
    result(c.sign_out()).await;
    assert!(
        events.borrow().contains(&"signedOut".to_owned()),
        "{:?}",
        events.borrow()
    );
    assert_eq!(
        get_str(&c.get_state(), "status").as_deref(),
        Some("unauthenticated")
    );
    let n = events.borrow().len();
    unsubscribe.call0(&JsValue::NULL).unwrap();
    signed_up(&c, "events2").await;
    assert_eq!(events.borrow().len(), n, "no events after unsubscribe");
    c.dispose();
}

async fn route(c: &Client, method: &str, path: &str, body: JsValue) -> JsValue {
    result(c.request(method.into(), path.into(), body, JsValue::UNDEFINED)).await
}

#[wasm_bindgen_test]
async fn account_flows_pass_server_answers_and_codes_through() {
    let _serial = serial().await;
    let c = client();
    signed_up(&c, "flows").await;
    let r = route(
        &c,
        "POST",
        "/update-user",
        obj(&[("name", "Renamed".into())]),
    )
    .await;
    assert_eq!(get(&r, "data.status").as_bool(), Some(true), "{r:?}");
    assert_eq!(
        get_str(&c.get_state(), "user.name").as_deref(),
        Some("Renamed"),
        "state reloaded"
    );

    let r = route(
        &c,
        "POST",
        "/change-password",
        obj(&[
            ("currentPassword", "wrong-password".into()),
            ("newPassword", "another-password-1".into()),
        ]),
    )
    .await;
    assert_eq!(
        get_str(&r, "error.code").as_deref(),
        Some("INVALID_PASSWORD")
    );
    let r = route(
        &c,
        "POST",
        "/change-password",
        obj(&[
            ("currentPassword", "correct-horse-battery".into()),
            ("newPassword", "another-password-1".into()),
        ]),
    )
    .await;
    assert!(get(&r, "error").is_null(), "{r:?}");

    let r = route(&c, "GET", "/list-sessions", JsValue::UNDEFINED).await;
    assert!(js_sys::Array::is_array(&get(&r, "data")), "{r:?}");
    let r = route(&c, "POST", "/revoke-other-sessions", JsValue::UNDEFINED).await;
    assert_eq!(get(&r, "data.status").as_bool(), Some(true), "{r:?}");

    let r = route(
        &c,
        "POST",
        "/reset-password",
        obj(&[
            ("newPassword", "whatever-pass".into()),
            ("token", "bad".into()),
        ]),
    )
    .await;
    assert_eq!(get_str(&r, "error.code").as_deref(), Some("INVALID_TOKEN"));
    let r = result(c.request(
        "GET".into(),
        "/verify-email".into(),
        JsValue::UNDEFINED,
        obj(&[("token", "bad".into())]),
    ))
    .await;
    assert_eq!(get_str(&r, "error.code").as_deref(), Some("INVALID_TOKEN"));
    let r = route(
        &c,
        "POST",
        "/sign-in/social",
        obj(&[("provider", "google".into())]),
    )
    .await;
    assert_eq!(
        get_str(&r, "error.code").as_deref(),
        Some("PROVIDER_NOT_FOUND")
    );
    let r = route(&c, "GET", "/../admin", JsValue::UNDEFINED).await;
    assert_eq!(get_str(&r, "error.code").as_deref(), Some("INVALID_CONFIG"));

    // The API still accepts the session's token after all that.
    assert_eq!(call_api(&c, "/api/me").await.status(), 200);
}

/// The mails the server's development mailbox (DEV_MAILBOX=1) holds for `to`, oldest first.
async fn mails(to: &str) -> js_sys::Array {
    let url = format!(
        "{}/__mail?to={}",
        auth_url(),
        js_sys::encode_uri_component(to)
    );
    plain_json("GET", &url, None).await.unchecked_into()
}

/// The token of the newest mail of `kind` sent to `to`.
async fn mailed_token(to: &str, kind: &str) -> String {
    mails(to)
        .await
        .iter()
        .rfind(|m| get_str(m, "kind").as_deref() == Some(kind))
        .and_then(|m| get_str(&m, "token"))
        .unwrap_or_else(|| panic!("no {kind} mail for {to}"))
}

#[wasm_bindgen_test]
async fn password_reset_by_mail_then_sign_in_with_the_new_password() {
    let _serial = serial().await;
    let c = client();
    let email = fresh_email("reset");
    assert!(get(&sign_up(&c, &email).await, "error").is_null());
    assert!(get(&result(c.sign_out()).await, "error").is_null());

    let r = route(
        &c,
        "POST",
        "/request-password-reset",
        obj(&[
            ("email", email.as_str().into()),
            ("redirectTo", "/reset".into()),
        ]),
    )
    .await;
    assert_eq!(get(&r, "data.status").as_bool(), Some(true), "{r:?}");
    let token = mailed_token(&email, "reset-password").await;
    let r = route(
        &c,
        "POST",
        "/reset-password",
        obj(&[
            ("newPassword", "a-brand-new-password".into()),
            ("token", token.as_str().into()),
        ]),
    )
    .await;
    assert_eq!(get(&r, "data.status").as_bool(), Some(true), "{r:?}");
    // A reset token works once.
    let r = route(
        &c,
        "POST",
        "/reset-password",
        obj(&[
            ("newPassword", "yet-another-password".into()),
            ("token", token.as_str().into()),
        ]),
    )
    .await;
    assert_eq!(get_str(&r, "error.code").as_deref(), Some("INVALID_TOKEN"));

    let sign_in = |password: &'static str| {
        c.sign_in_email(obj(&[
            ("email", email.as_str().into()),
            ("password", password.into()),
        ]))
    };
    let r = result(sign_in("correct-horse-battery")).await;
    assert_eq!(
        get_str(&r, "error.code").as_deref(),
        Some("INVALID_EMAIL_OR_PASSWORD")
    );
    let r = result(sign_in("a-brand-new-password")).await;
    assert!(get(&r, "error").is_null(), "{r:?}");
    assert_eq!(call_api(&c, "/api/me").await.status(), 200);
}

#[wasm_bindgen_test]
async fn email_verification_by_mail_shows_in_the_session() {
    let _serial = serial().await;
    let c = client();
    let email = fresh_email("verify");
    assert!(get(&sign_up(&c, &email).await, "error").is_null());
    authenticated(&c).await;
    assert_eq!(
        get(&c.get_state(), "user.emailVerified").as_bool(),
        Some(false)
    );

    let r = route(
        &c,
        "POST",
        "/send-verification-email",
        obj(&[("email", email.as_str().into())]),
    )
    .await;
    assert_eq!(get(&r, "data.status").as_bool(), Some(true), "{r:?}");
    let token = mailed_token(&email, "verify-email").await;
    let r = result(c.request(
        "GET".into(),
        "/verify-email".into(),
        JsValue::UNDEFINED,
        obj(&[("token", token.as_str().into())]),
    ))
    .await;
    assert_eq!(get(&r, "data.status").as_bool(), Some(true), "{r:?}");
    // verify-email is one of the paths after which the session is reloaded.
    assert_eq!(
        get(&c.get_state(), "user.emailVerified").as_bool(),
        Some(true),
        "{:?}",
        c.get_state()
    );
    assert_eq!(call_api(&c, "/api/me").await.status(), 200);
}

#[wasm_bindgen_test]
async fn social_sign_in_answers_the_provider_url() {
    let _serial = serial().await;
    let c = client();
    // GitHub is configured with a test client id; the server builds the authorize URL locally.
    let r = route(
        &c,
        "POST",
        "/sign-in/social",
        obj(&[
            ("provider", "github".into()),
            ("callbackURL", "/".into()),
            ("disableRedirect", true.into()),
        ]),
    )
    .await;
    assert!(get(&r, "error").is_null(), "{r:?}");
    let url = web_sys::Url::new(&get_str(&r, "data.url").unwrap()).unwrap();
    assert_eq!(url.origin(), "https://github.com");
    assert_eq!(url.pathname(), "/login/oauth/authorize");
    let query = url.search();
    let redirect = format!("{}/api/auth/callback/github", auth_url());
    for part in [
        "client_id=baw-test-client".to_owned(),
        "state=".to_owned(),
        format!(
            "redirect_uri={}",
            String::from(js_sys::encode_uri_component(&redirect))
        ),
    ] {
        assert!(query.contains(&part), "{part} not in {query}");
    }
}

#[wasm_bindgen_test]
async fn sign_up_passes_additional_fields_through_to_the_session_and_the_token() {
    let _serial = serial().await;
    let c = client();
    // The test server declares `user.additionalFields.nickname`.
    let res = result(c.sign_up_email(obj(&[
        ("name", "Browser Test".into()),
        ("email", fresh_email("extra").into()),
        ("password", "correct-horse-battery".into()),
        ("nickname", "Zed".into()),
        ("ignored", JsValue::UNDEFINED),
    ])))
    .await;
    assert!(get(&res, "error").is_null(), "{res:?}");
    assert_eq!(get_str(&res, "data.user.nickname").as_deref(), Some("Zed"));
    assert_eq!(
        get_str(&c.get_state(), "user.nickname").as_deref(),
        Some("Zed")
    );
    let me = json(&call_api(&c, "/api/me").await).await;
    assert_eq!(get_str(&me, "nickname").as_deref(), Some("Zed"), "{me:?}");
    // A member that is not JSON is refused before anything is sent.
    let res = result(c.sign_up_email(obj(&[
        ("name", "Browser Test".into()),
        ("email", fresh_email("extra").into()),
        ("password", "correct-horse-battery".into()),
        ("nickname", js_sys::Symbol::for_("x").into()),
    ])))
    .await;
    assert_eq!(
        get_str(&res, "error.code").as_deref(),
        Some("INVALID_CONFIG")
    );
}

#[wasm_bindgen_test]
async fn the_audience_option_takes_a_string_or_a_list() {
    let _serial = serial().await;
    for bad in [JsValue::from(42), js_sys::Array::of1(&1.into()).into()] {
        let err = WasmAuthClient::new(
            obj(&[("baseURL", auth_url().into()), ("audience", bad)]),
            None,
        )
        .err()
        .expect("an error");
        assert_eq!(get_str(&err, "code").as_deref(), Some("INVALID_CONFIG"));
    }
    // Better Auth's `aud` is its origin: a list holding it accepts the token, one without refuses it.
    let origin = web_sys::Url::new(auth_url()).unwrap().origin();
    let list = |items: &[&str]| -> JsValue {
        items
            .iter()
            .map(|s| JsValue::from(*s))
            .collect::<js_sys::Array>()
            .into()
    };
    let c = client_with(&[("audience", list(&["https://other.example", &origin]))]);
    signed_up(&c, "aud").await;
    let r = result(c.token()).await;
    assert!(get_str(&r, "data.token").is_some(), "{r:?}");
    let other = client_with(&[("audience", list(&["https://other.example"]))]);
    let r = result(other.token()).await;
    assert_eq!(
        get_str(&r, "error.code").as_deref(),
        Some("JWT_AUDIENCE_INVALID"),
        "{r:?}"
    );
}

#[wasm_bindgen_test]
async fn untrusted_callback_url_is_refused_by_the_server() {
    let _serial = serial().await;
    let c = client();
    let email = fresh_email("callback");
    assert!(get(&sign_up(&c, &email).await, "error").is_null());
    let r = result(c.sign_in_email(obj(&[
        ("email", email.as_str().into()),
        ("password", "correct-horse-battery".into()),
        ("callbackURL", "https://evil.example/steal".into()),
    ])))
    .await;
    assert_eq!(
        get_str(&r, "error.code").as_deref(),
        Some("INVALID_CALLBACK_URL")
    );
}

#[wasm_bindgen_test]
async fn a_server_that_is_down_is_a_network_error_not_an_exception() {
    let _serial = serial().await;
    let c = Client(
        WasmAuthClient::new(obj(&[("baseURL", "http://127.0.0.1:9".into())]), None).unwrap(),
    );
    let r = result(c.sign_in_email(obj(&[
        ("email", "a@example.com".into()),
        ("password", "whatever-pass".into()),
    ])))
    .await;
    assert_eq!(get_str(&r, "error.code").as_deref(), Some("NETWORK_ERROR"));
    assert_eq!(get(&r, "error.status").as_f64(), Some(0.0));
    let t = result(c.token()).await;
    assert!(get(&t, "data").is_null());
}

async fn jwks_requests(session_token: &str) -> u32 {
    let url = format!("{}/__stats?session={session_token}", auth_url());
    let stats = plain_json("GET", &url, None).await;
    get(&stats, "GET /api/auth/jwks").as_f64().unwrap_or(0.0) as u32
}

async fn authenticated(c: &Client) {
    for _ in 0..100 {
        if get(&c.get_state(), "tokenGeneration").as_f64().is_some() {
            return;
        }
        sleep(50).await;
    }
    panic!("the client never got its token: {:?}", c.get_state());
}

#[wasm_bindgen_test]
async fn the_jwks_is_kept_across_page_loads_unless_disabled() {
    let _serial = serial().await;
    let a = client();
    let (session, _) = signed_up(&a, "jwks").await;
    authenticated(&a).await;
    drop(a);
    // A new client is a new page load: it verifies its first token with the stored JWKS.
    let before = jwks_requests(&session).await;
    let b = client();
    authenticated(&b).await;
    assert_eq!(
        jwks_requests(&session).await - before,
        0,
        "the stored JWKS was used"
    );
    drop(b);
    let c = client_with(&[("cacheJwks", false.into())]);
    authenticated(&c).await;
    assert_eq!(
        jwks_requests(&session).await - before,
        1,
        "without the cache, one JWKS request"
    );
}

#[wasm_bindgen_test]
async fn request_and_response_hooks_run_around_each_attempt() {
    let _serial = serial().await;
    let (responses, on_response) = counter();
    let on_request: js_sys::Function =
        wasm_bindgen::closure::Closure::<dyn FnMut(JsValue) -> JsValue>::new(|req: JsValue| {
            let req: web_sys::Request = req.unchecked_into();
            req.headers().set("x-trace", "hooked").unwrap();
            req.into()
        })
        .into_js_value()
        .unchecked_into();
    let c = client_with(&[
        ("onRequest", on_request.into()),
        ("onResponse", on_response.into()),
    ]);
    signed_up(&c, "hooks").await;
    let body = headers_seen(&c, &format!("{}/public/headers", api_url())).await;
    assert_eq!(
        get_str(&body, "trace").as_deref(),
        Some("hooked"),
        "{body:?}"
    );
    assert!(get_str(&body, "authorization").is_some());
    assert_eq!(responses.get(), 1);
}

#[wasm_bindgen_test]
async fn a_session_revoked_on_the_auth_server_ends_at_the_next_refresh_with_one_on_unauthorized() {
    let _serial = serial().await;
    let (calls, on_unauthorized) = counter();
    let c = client_with(&[("onUnauthorized", on_unauthorized.into())]);
    signed_up(&c, "revoked-server").await;
    assert_eq!(call_api(&c, "/api/me").await.status(), 200);
    // Revoke every session of the user on the auth server (cookie + Origin, as a page would).
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_credentials(web_sys::RequestCredentials::Include);
    init.set_body(&"{}".into());
    let h = web_sys::Headers::new().unwrap();
    h.set("content-type", "application/json").unwrap();
    init.set_headers(&h);
    let url = format!("{}/api/auth/revoke-sessions", auth_url());
    let req = web_sys::Request::new_with_str_and_init(&url, &init).unwrap();
    let res: web_sys::Response =
        JsFuture::from(web_sys::window().unwrap().fetch_with_request(&req))
            .await
            .unwrap()
            .dyn_into()
            .unwrap();
    assert_eq!(res.status(), 200);
    // The JWT stays valid until its refresh (10 s tokens: within ~6 s); then /token answers 401.
    for _ in 0..100 {
        if get_str(&c.get_state(), "status").as_deref() == Some("unauthenticated") {
            break;
        }
        sleep(100).await;
    }
    let stats = plain_json("GET", &format!("{}/__stats", auth_url()), None).await;
    assert_eq!(
        get_str(&c.get_state(), "status").as_deref(),
        Some("unauthenticated"),
        "{:?} {stats:?}",
        c.get_state()
    );
    assert_eq!(calls.get(), 1, "onUnauthorized once");
    // No retry loop after the 401: the server sees no further token request.
    let total = || async {
        let stats = plain_json("GET", &format!("{}/__stats", auth_url()), None).await;
        get(&stats, "GET /api/auth/token").as_f64().unwrap_or(0.0)
    };
    let after_end = total().await;
    sleep(2_000).await;
    assert_eq!(
        total().await,
        after_end,
        "no token request after the session ended"
    );
    let err = JsFuture::from(c.fetch(format!("{}/api/me", api_url()).into(), JsValue::UNDEFINED))
        .await
        .expect_err("no token without a session");
    assert_eq!(get_str(&err, "code").as_deref(), Some("NO_SESSION"));
    assert_eq!(calls.get(), 1, "still once");
}

#[wasm_bindgen_test]
async fn the_timer_refreshes_ahead_of_expiry_without_any_call() {
    let _serial = serial().await;
    let c = client();
    let (session, _) = signed_up(&c, "timer").await;
    authenticated(&c).await;
    let first = c.get_state();
    let first_expiry = get(&first, "tokenExpiresAt").as_f64().unwrap();
    let before = token_requests(&session).await;
    // No call at all: only the timer can refresh. Wait until just before the first token expires.
    let wait_ms = (first_expiry - js_sys::Date::now() - 300.0).max(0.0);
    sleep(wait_ms as i32).await;
    let state = c.get_state();
    assert!(
        get(&state, "tokenGeneration").as_f64().unwrap() >= 2.0,
        "no refresh before expiry: {state:?}"
    );
    assert!(
        get(&state, "tokenExpiresAt").as_f64().unwrap() > first_expiry,
        "{state:?}"
    );
    assert!(token_requests(&session).await - before >= 1);
    // A new state, with the same user and session objects: the session was not loaded again.
    assert!(!js_sys::Object::is(&state, &first));
    for member in ["user", "session"] {
        assert!(get(&state, member).is_object(), "{member}: {state:?}");
        assert!(
            js_sys::Object::is(&get(&state, member), &get(&first, member)),
            "a token refresh made a new {member} object"
        );
    }
}

/// Issue #16: a holder of the tabs' token lock that never lets go (a frozen tab, a tab paused in
/// the debugger) no longer stalls calls: those holding a valid token never wait for the lock, the
/// first refresh waits at most until the token's cut-off (at least 1 s), then steals the lock, and
/// the later refreshes find it free. Here the holder is the test page itself, in this browser.
#[wasm_bindgen_test]
async fn a_lock_holder_that_never_lets_go_is_robbed_and_stalls_no_call() {
    let _serial = serial().await;
    let c = client();
    let (session, sub) = signed_up(&c, "stucklock").await;
    authenticated(&c).await;
    // The client's lock: "better-auth-wasm:" + its base (src/web/tabs.rs).
    let name = format!("better-auth-wasm:{}", c.base_url());
    let navigator = Reflect::get(&js_sys::global(), &"navigator".into()).unwrap();
    let locks = Reflect::get(&navigator, &"locks".into()).unwrap();
    let request: js_sys::Function = Reflect::get(&locks, &"request".into())
        .unwrap()
        .unchecked_into();
    let state = std::rc::Rc::new(std::cell::Cell::new("waiting"));
    let granted = state.clone();
    let forever = wasm_bindgen::closure::Closure::once_into_js(move |_lock: JsValue| -> JsValue {
        granted.set("held");
        js_sys::Promise::new(&mut |_, _| {}).into()
    });
    let held: js_sys::Promise = request
        .call2(&locks, &name.into(), &forever)
        .unwrap()
        .unchecked_into();
    let lost = state.clone();
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = JsFuture::from(held).await {
            lost.set(if get_str(&e, "name").as_deref() == Some("AbortError") {
                "stolen"
            } else {
                "rejected"
            });
        }
    });
    for _ in 0..100 {
        if state.get() != "waiting" {
            break;
        }
        sleep(50).await;
    }
    assert_eq!(state.get(), "held");
    let before = token_requests(&session).await;
    // Three refresh cycles of 10 s tokens.
    let start = js_sys::Date::now();
    let (mut calls, mut slowest) = (0, 0.0_f64);
    while js_sys::Date::now() - start < 16_000.0 {
        let t0 = js_sys::Date::now();
        let r = call_api(&c, "/api/me").await;
        slowest = slowest.max(js_sys::Date::now() - t0);
        assert_eq!(r.status(), 200, "call {calls}");
        calls += 1;
        sleep(200).await;
    }
    web_sys::console::log_1(
        &format!("stuck lock holder: {calls} calls, slowest {slowest} ms").into(),
    );
    // Before the fix, the calls around each refresh waited for the 10 s lock timeout.
    assert!(slowest < 3_000.0, "a call waited {slowest} ms");
    assert_eq!(state.get(), "stolen");
    // One per cycle: 10 s tokens count 9 s and are refreshed every 3.6-4.5 s.
    let refreshes = token_requests(&session).await - before;
    assert!((2..=5).contains(&refreshes), "{refreshes} token requests");
    let stats = api_stats(&sub).await;
    assert_eq!(get(&stats, "unauthorized").as_f64(), Some(0.0), "{stats:?}");
}

/// A client dropped without `dispose()` (wasm-bindgen's `free()`, or `using`) takes its window
/// listeners, its timer and its channel with it: before, they stayed installed and called into the
/// dropped Rust closures, and each event threw "closure invoked recursively or after being dropped".
#[wasm_bindgen_test]
async fn a_client_dropped_without_dispose_leaves_nothing_calling_into_it() {
    let _serial = serial().await;
    let c = WasmAuthClient::new(obj(&[("baseURL", auth_url().into())]), None).unwrap();
    // The first get-session is answered: no task of the client holds its state any more.
    result(c.get_session()).await;
    drop(c);
    let probe = js_sys::Function::new_no_args(
        "const errors = [];
         const on = (e) => { errors.push(String(e.message)); e.preventDefault(); };
         window.addEventListener('error', on);
         for (const name of ['online', 'offline', 'focus', 'pageshow']) window.dispatchEvent(new Event(name));
         document.dispatchEvent(new Event('visibilitychange'));
         window.removeEventListener('error', on);
         return errors;",
    );
    let errors: js_sys::Array = probe.call0(&JsValue::NULL).unwrap().unchecked_into();
    assert_eq!(errors.length(), 0, "{:?}", errors.to_vec());
}

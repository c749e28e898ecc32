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
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn auth_url() -> &'static str {
    option_env!("BAW_TEST_AUTH_URL").expect("BAW_TEST_AUTH_URL: run through scripts/with-stack.mjs")
}

fn api_url() -> &'static str {
    option_env!("BAW_TEST_API_URL").expect("BAW_TEST_API_URL: run through scripts/with-stack.mjs")
}

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    o.into()
}

fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(v.clone(), |acc, k| {
        Reflect::get(&acc, &k.into()).unwrap_or(JsValue::UNDEFINED)
    })
}

fn get_str(v: &JsValue, path: &str) -> Option<String> {
    get(v, path).as_string()
}

async fn wait(p: js_sys::Promise) -> JsValue {
    JsFuture::from(p).await.unwrap()
}

fn client() -> WasmAuthClient {
    WasmAuthClient::new(obj(&[
        ("baseURL", auth_url().into()),
        ("apiOrigins", js_sys::Array::of1(&api_url().into()).into()),
    ]))
    .unwrap()
}

/// A fresh email per test and per run.
fn fresh_email(tag: &str) -> String {
    let n = (js_sys::Math::random() * 1e12) as u64;
    format!("{tag}+{n}-{}@example.com", js_sys::Date::now() as u64)
}

async fn sign_up(c: &WasmAuthClient, email: &str) -> JsValue {
    wait(c.sign_up_email(obj(&[
        ("name", "Browser Test".into()),
        ("email", email.into()),
        ("password", "correct-horse-battery".into()),
    ])))
    .await
}

async fn call_api(c: &WasmAuthClient, path: &str) -> web_sys::Response {
    let url = format!("{}{path}", api_url());
    wait(c.fetch(url.into(), JsValue::UNDEFINED))
        .await
        .dyn_into()
        .unwrap()
}

async fn json(r: &web_sys::Response) -> JsValue {
    wait(r.json().unwrap()).await
}

#[wasm_bindgen_test]
async fn sign_up_then_the_api_accepts_the_bearer_token() {
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

    let token = wait(c.token()).await;
    let jwt = get_str(&token, "data.token").expect("a token");
    assert_eq!(jwt.split('.').count(), 3, "a compact JWS");

    let r = call_api(&c, "/api/me").await;
    assert_eq!(r.status(), 200);
    let body = json(&r).await;
    assert_eq!(get_str(&body, "email").as_deref(), Some(email.as_str()));
}

#[wasm_bindgen_test]
async fn duplicate_sign_up_passes_the_server_code_through() {
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
    let c = client();
    let email = fresh_email("wrongpw");
    assert!(get(&sign_up(&c, &email).await, "error").is_null());
    let res = wait(c.sign_in_email(obj(&[
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
    let c = client();
    let email = fresh_email("inout");
    assert!(get(&sign_up(&c, &email).await, "error").is_null());

    let out = wait(c.sign_out()).await;
    assert_eq!(get(&out, "data.success").as_bool(), Some(true), "{out:?}");
    let session = wait(c.get_session()).await;
    assert!(get(&session, "data").is_null(), "no session after sign-out");
    let token = wait(c.token()).await;
    assert_eq!(get_str(&token, "error.code").as_deref(), Some("NO_SESSION"));

    let res = wait(c.sign_in_email(obj(&[
        ("email", email.as_str().into()),
        ("password", "correct-horse-battery".into()),
    ])))
    .await;
    assert!(get(&res, "error").is_null(), "{:?}", get(&res, "error"));
    let session = wait(c.get_session()).await;
    assert_eq!(
        get_str(&session, "data.user.email").as_deref(),
        Some(email.as_str())
    );
    assert_eq!(call_api(&c, "/api/me").await.status(), 200);
}

#[wasm_bindgen_test]
async fn invalid_options_are_a_coded_error() {
    let err = WasmAuthClient::new(obj(&[("baseURL", "ftp://nope".into())]))
        .err()
        .expect("an error");
    assert_eq!(get_str(&err, "code").as_deref(), Some("INVALID_CONFIG"));
    assert!(err.is_instance_of::<js_sys::Error>());
}

//! Shared by the per-server-configuration browser tests (tests/algorithms.rs,
//! tests/server_options.rs): each runs against a stack started by scripts/with-stack.mjs with the
//! JWT_* / JWKS_* variables of one scenario, which the test reads back from the auth server's
//! `GET /__jwt-config` so that it can say what it expects.
#![allow(dead_code)]

use better_auth_wasm::web::WasmAuthClient;
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

pub fn auth_url() -> &'static str {
    option_env!("BAW_TEST_AUTH_URL").expect("BAW_TEST_AUTH_URL: run through scripts/with-stack.mjs")
}

pub fn api_url() -> &'static str {
    option_env!("BAW_TEST_API_URL").expect("BAW_TEST_API_URL: run through scripts/with-stack.mjs")
}

pub fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    o.into()
}

pub fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(v.clone(), |acc, k| {
        Reflect::get(&acc, &k.into()).unwrap_or(JsValue::UNDEFINED)
    })
}

pub fn get_str(v: &JsValue, path: &str) -> Option<String> {
    get(v, path).as_string()
}

pub async fn wait(p: js_sys::Promise) -> JsValue {
    JsFuture::from(p).await.unwrap()
}

/// `{ data, error }` of a client call, which resolves its data or rejects with a coded error (as
/// index.js makes it): `error` is `{ code, message, status }`.
pub async fn result(p: js_sys::Promise) -> JsValue {
    match JsFuture::from(p).await {
        Ok(data) => obj(&[("data", data), ("error", JsValue::NULL)]),
        Err(e) => {
            let error = obj(&[
                ("code", get(&e, "code")),
                ("message", get(&e, "message")),
                ("status", get(&e, "status")),
            ]);
            obj(&[("data", JsValue::NULL), ("error", error)])
        }
    }
}

pub async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

/// A client disposed when the test ends.
pub struct Client(pub WasmAuthClient);

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

pub fn client_with(extra: &[(&str, JsValue)]) -> Client {
    let mut opts = vec![
        ("baseURL", auth_url().into()),
        ("apiOrigins", js_sys::Array::of1(&api_url().into()).into()),
        // Each test is alone with its server: no other tab's refresh to share.
        ("crossTab", false.into()),
        ("cacheJwks", false.into()),
    ];
    opts.extend(extra.iter().cloned());
    Client(WasmAuthClient::new(obj(&opts), None).unwrap())
}

pub fn fresh_email(tag: &str) -> String {
    let n = (js_sys::Math::random() * 1e12) as u64;
    format!("{tag}+{n}-{}@example.com", js_sys::Date::now() as u64)
}

/// Signs up a fresh user; returns the sign-up's `data`.
pub async fn sign_up(c: &Client, tag: &str) -> JsValue {
    let res = result(c.sign_up_email(obj(&[
        ("name", "Matrix Test".into()),
        ("email", fresh_email(tag).into()),
        ("password", "correct-horse-battery".into()),
    ])))
    .await;
    assert!(
        get(&res, "error").is_null(),
        "sign-up failed: {:?}",
        get(&res, "error")
    );
    get(&res, "data")
}

/// A plain request (credentials included) answering (status, headers, JSON body or null).
pub async fn plain(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
) -> (u16, web_sys::Headers, JsValue) {
    plain_with(method, url, headers, true).await
}

/// [`plain`], with or without the browser's cookies.
pub async fn plain_with(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    cookies: bool,
) -> (u16, web_sys::Headers, JsValue) {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_credentials(if cookies {
        web_sys::RequestCredentials::Include
    } else {
        web_sys::RequestCredentials::Omit
    });
    let h = web_sys::Headers::new().unwrap();
    for (k, v) in headers {
        h.set(k, v).unwrap();
    }
    init.set_headers(&h);
    let req = web_sys::Request::new_with_str_and_init(url, &init).unwrap();
    let res: web_sys::Response =
        JsFuture::from(web_sys::window().unwrap().fetch_with_request(&req))
            .await
            .unwrap()
            .dyn_into()
            .unwrap();
    let body = match res.json() {
        Ok(p) => JsFuture::from(p).await.unwrap_or(JsValue::NULL),
        Err(_) => JsValue::NULL,
    };
    (res.status(), res.headers(), body)
}

/// The scenario the stack runs (JWT_* and JWKS_* of its environment).
pub async fn jwt_config() -> serde_json::Value {
    let (_, _, body) = plain("GET", &format!("{}/__jwt-config", auth_url()), &[]).await;
    serde_json::from_str(&js_sys::JSON::stringify(&body).unwrap().as_string().unwrap()).unwrap()
}

/// How many `GET /api/auth/token` the auth server answered for this session.
pub async fn token_requests(session_token: &str) -> u32 {
    let url = format!("{}/__stats?session={session_token}", auth_url());
    let (_, _, stats) = plain("GET", &url, &[]).await;
    get(&stats, "GET /api/auth/token").as_f64().unwrap_or(0.0) as u32
}

/// The decoded header and payload of a compact JWS.
pub fn decode(jwt: &str) -> (serde_json::Value, serde_json::Value) {
    use base64::Engine as _;
    let e = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut parts = jwt.split('.');
    let mut next = || -> serde_json::Value {
        serde_json::from_slice(&e.decode(parts.next().unwrap()).unwrap()).unwrap()
    };
    (next(), next())
}

/// The client's token, which must be there.
pub async fn token(c: &Client) -> String {
    let t = result(c.token()).await;
    get_str(&t, "data.token").unwrap_or_else(|| panic!("no token: {:?}", get(&t, "error")))
}

/// `GET {api}{path}` through the client's fetch (Bearer attached): (status, JSON body).
pub async fn call_api(c: &Client, path: &str) -> (u16, JsValue) {
    let url = format!("{}{path}", api_url());
    let r: web_sys::Response = wait(c.fetch(url.into(), JsValue::UNDEFINED))
        .await
        .dyn_into()
        .unwrap();
    let body = wait(r.json().unwrap()).await;
    (r.status(), body)
}

pub fn state_num(c: &Client, name: &str) -> f64 {
    get(&c.get_state(), name).as_f64().unwrap_or(0.0)
}

/// Waits until the client holds a token of a later generation than `generation` (the timer's
/// refresh ahead of expiry), for at most `max_ms`.
pub async fn refreshed_after(c: &Client, generation: f64, max_ms: f64) {
    let start = js_sys::Date::now();
    while js_sys::Date::now() - start < max_ms {
        if state_num(c, "tokenGeneration") > generation {
            return;
        }
        sleep(100).await;
    }
    panic!("no refresh within {max_ms} ms: {:?}", c.get_state());
}

thread_local! {
    /// When the running test took the page (local ms), if one did.
    static HELD_SINCE: std::cell::Cell<Option<f64>> = const { std::cell::Cell::new(None) };
}

/// The tests of a page share one cookie jar: two signing up at once would swap sessions under
/// each other. Each test holds this for its duration (as in tests/browser.rs); a test that
/// panicked (wasm does not unwind) is overtaken after 90 s.
pub struct Serial;

impl Drop for Serial {
    fn drop(&mut self) {
        HELD_SINCE.with(|h| h.set(None));
    }
}

pub async fn serial() -> Serial {
    loop {
        let now = js_sys::Date::now();
        let free = HELD_SINCE.with(|h| match h.get() {
            Some(t) if now - t < 90_000.0 => false,
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

//! Every algorithm Better Auth signs with, against a real server of each: sign-in, token, API call
//! (the demo API verifies with jose) and the timer's refresh, in a real browser. One stack per
//! scenario (scripts/test.sh, tier `algorithms`):
//!
//!   JWT_ALG=ES256 | ES512 | RS256 | PS256      one algorithm      -> one_server_*
//!   JWT_ALG=ES256 JWT_EXTRA_ALGS=EdDSA          two in one key set -> one_server_*
//!   JWT_ROTATE_TO=RS256 (from EdDSA)            a rotation         -> rotation_*
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::option_env_unwrap,
    clippy::indexing_slicing
)]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "matrix/support.rs"]
mod support;
use support::*;

fn kty_of(alg: &str) -> &'static str {
    match alg {
        "EdDSA" => "OKP",
        "ES256" | "ES512" => "EC",
        _ => "RSA",
    }
}

#[wasm_bindgen_test]
async fn one_server_sign_in_token_api_call_and_refresh() {
    let _serial = serial().await;
    let cfg = jwt_config().await;
    let alg = cfg["alg"].as_str().unwrap().to_owned();
    let extra: Vec<String> = cfg["extraAlgs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(cfg["expiration"], "10", "run with JWT_EXPIRATION=10: {cfg}");
    let c = client_with(&[]);
    sign_up(&c, "alg").await;

    // The token is of the server's algorithm and verified by the client (token() answers only a
    // verified token); the key set holds a key of every configured algorithm.
    let jwt = token(&c).await;
    let (header, claims) = decode(&jwt);
    assert_eq!(header["alg"], alg.as_str(), "{header}");
    let jwks = result(c.jwks()).await;
    let keys = js_sys::Array::from(&get(&jwks, "data.keys"));
    let ktys: Vec<String> = keys.iter().map(|k| get_str(&k, "kty").unwrap()).collect();
    for a in std::iter::once(&alg).chain(&extra) {
        assert!(
            ktys.iter().any(|k| k == kty_of(a)),
            "no {a} key in {ktys:?}"
        );
    }
    assert_eq!(keys.length() as usize, 1 + extra.len(), "{ktys:?}");

    // The API (jose) accepts what the client attached.
    let (status, body) = call_api(&c, "/api/me").await;
    assert_eq!(status, 200, "{body:?}");
    assert_eq!(
        get_str(&body, "sub"),
        claims["sub"].as_str().map(str::to_owned)
    );

    // The timer refreshes ahead of expiry: a new token, verified, of the same algorithm.
    let generation = state_num(&c, "tokenGeneration");
    refreshed_after(&c, generation, 15_000.0).await;
    let next = token(&c).await;
    assert_ne!(next, jwt);
    assert_eq!(decode(&next).0["alg"], alg.as_str());
    let (status, body) = call_api(&c, "/api/me").await;
    assert_eq!(status, 200, "{body:?}");
    let state = c.get_state();
    assert!(
        get(&state, "error").is_null() || get(&state, "error").is_undefined(),
        "{state:?}"
    );
}

/// The server switches to another algorithm (a new key of it; the old one stays in the set):
/// the client's next refresh meets an unknown kid of another key type, fetches the set again
/// (once its 30 s cooldown since the last fetch has passed) and verifies with the new key.
#[wasm_bindgen_test]
async fn rotation_to_another_key_type_is_followed() {
    let _serial = serial().await;
    let cfg = jwt_config().await;
    let from = cfg["alg"].as_str().unwrap().to_owned();
    let to = cfg["rotateTo"]
        .as_str()
        .unwrap_or_else(|| panic!("run with JWT_ROTATE_TO: {cfg}"))
        .to_owned();
    assert_ne!(from, to);
    let c = client_with(&[]);
    sign_up(&c, "rotate").await;
    let before = token(&c).await;
    let (h0, _) = decode(&before);
    assert_eq!(h0["alg"], from.as_str());
    assert_eq!(call_api(&c, "/api/me").await.0, 200);
    // Past the JWKS cooldown of the fetch made for the first token.
    sleep(31_000).await;
    let (status, rotated, _) = {
        let (s, _, b) = plain("POST", &format!("{}/__jwks/rotate", auth_url()), &[]).await;
        (s, b, ())
    };
    assert_eq!(status, 200, "{rotated:?}");
    // A refresh already on its way when the server rotated brings one more token of the old key:
    // the client must hold a token of the new key within three refreshes.
    let mut after = String::new();
    for _ in 0..3 {
        let generation = state_num(&c, "tokenGeneration");
        refreshed_after(&c, generation, 15_000.0).await;
        after = token(&c).await;
        if decode(&after).0["alg"] == to.as_str() {
            break;
        }
    }
    let (h1, _) = decode(&after);
    assert_eq!(h1["alg"], to.as_str(), "{h1}");
    assert_eq!(h1["kid"].as_str(), get_str(&rotated, "kid").as_deref());
    assert_ne!(h1["kid"], h0["kid"]);
    let (status, body) = call_api(&c, "/api/me").await;
    assert_eq!(status, 200, "{body:?}");
    // Both keys are in the set, of both types.
    let jwks = result(c.jwks()).await;
    let keys = js_sys::Array::from(&get(&jwks, "data.keys"));
    let ktys: Vec<String> = keys.iter().map(|k| get_str(&k, "kty").unwrap()).collect();
    assert!(
        ktys.iter().any(|k| k == kty_of(&from)) && ktys.iter().any(|k| k == kty_of(&to)),
        "{ktys:?}"
    );
}

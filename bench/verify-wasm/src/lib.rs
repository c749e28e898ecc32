//! `verifyLoop(token, jwksJson, origin, n, nowS)`: verifies `token` `n` times with the crate's
//! synchronous verifier (ed25519-compact, as pkg/ed25519.js runs it where WebCrypto has no
//! Ed25519; header policy, claims against `nowS`), returns how many passed.
//! `verifyLoopAsync(...)`: the same for any algorithm, as the client verifies: the pure core
//! (`jwt::begin`), then WebCrypto for every algorithm, EdDSA too (`web::verify_pending`).
#![forbid(unsafe_code)]
#![allow(missing_docs)]

use better_auth_wasm::jwt::{begin, verify, Jwks, TimeCheck, Validation, Verification};
use better_auth_wasm::web::verify_pending;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_name = verifyLoop)]
pub fn verify_loop(token: &str, jwks_json: &str, origin: &str, n: u32, now_s: f64) -> u32 {
    let Ok(jwks) = Jwks::parse(jwks_json.as_bytes()) else {
        return 0;
    };
    let v = Validation::new(origin);
    (0..n)
        .filter(|_| verify(token, &jwks, &v, TimeCheck::At(now_s as u64)).is_ok())
        .count() as u32
}

#[wasm_bindgen(js_name = verifyLoopAsync)]
pub async fn verify_loop_async(
    token: String,
    jwks_json: String,
    origin: String,
    n: u32,
    now_s: f64,
) -> u32 {
    let Ok(jwks) = Jwks::parse(jwks_json.as_bytes()) else {
        return 0;
    };
    let v = Validation::new(origin);
    let mut ok = 0;
    for _ in 0..n {
        let passed = match begin(&token, &jwks, &v, TimeCheck::At(now_s as u64)) {
            Ok(Verification::Verified(_)) => true,
            Ok(Verification::Pending(p)) => verify_pending(p, None).await.is_ok(),
            Err(_) => false,
        };
        ok += u32::from(passed);
    }
    ok
}

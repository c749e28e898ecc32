//! `verifyLoop(token, jwksJson, origin, n)`: verifies `token` `n` times with the crate's verifier
//! (Ed25519 signature, header policy, claims against the current time), returns how many passed.
#![forbid(unsafe_code)]
#![allow(missing_docs)]

use better_auth_wasm::jwt::{verify, Jwks, TimeCheck, Validation};
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

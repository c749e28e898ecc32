//! The pure JWKS cache: when to fetch, refetch once on an unknown kid, cooldown.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "fixtures/support.rs"]
mod support;

use better_auth_wasm::jwt::{
    verify, JwksCache, JwksCacheConfig, TimeCheck, Validation, DEFAULT_JWKS_COOLDOWN_MS,
    DEFAULT_JWKS_MAX_AGE_MS,
};
use better_auth_wasm::ErrorKind;
use support::*;

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn defaults_are_ten_minutes_and_thirty_seconds() {
    let c = JwksCacheConfig::default();
    assert_eq!((c.max_age_ms, c.cooldown_ms), (600_000, 30_000));
    assert_eq!(
        (DEFAULT_JWKS_MAX_AGE_MS, DEFAULT_JWKS_COOLDOWN_MS),
        (600_000, 30_000)
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn fetches_when_empty_and_when_stale_never_twice_at_once() {
    let mut c = JwksCache::new(JwksCacheConfig::default());
    assert!(c.jwks().is_none());
    assert!(c.should_fetch(0));
    c.fetch_started(0);
    assert!(!c.should_fetch(1), "in flight");
    assert!(!c.should_refetch_for_unknown_kid(1), "in flight");
    c.fetch_succeeded(jwks(), 100);
    assert!(c.jwks().is_some());
    assert!(!c.should_fetch(100 + 599_999));
    assert!(c.should_fetch(100 + 600_000), "max age reached");
    c.fetch_started(700_000);
    c.fetch_failed(700_050);
    assert!(c.jwks().is_some(), "a failed fetch keeps the old set");
    assert!(
        !c.should_fetch(700_050 + 10_000),
        "failed fetch waits for the cooldown"
    );
    assert!(c.should_fetch(730_000));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn failed_first_fetch_is_retried_after_the_cooldown() {
    let mut c = JwksCache::new(JwksCacheConfig::default());
    c.fetch_started(0);
    c.fetch_failed(10);
    assert!(!c.should_fetch(29_999));
    assert!(c.should_fetch(30_000));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn unknown_kid_refetches_once_per_cooldown_under_a_flood() {
    let mut c = JwksCache::new(JwksCacheConfig::default());
    c.fetch_started(0);
    c.fetch_succeeded(jwks(), 0);
    let v = Validation::new(ORIGIN);
    let rotated = sign_raw(
        &keypair(3),
        r#"{"alg":"EdDSA","kid":"rotated"}"#,
        &payload_at(NOW),
    );
    let mut fetches = 0;
    // 1000 bad tokens over 90 s: one refetch per 30 s at most.
    for i in 0..1000u64 {
        let now = 40_000 + i * 90;
        let e = verify(&rotated, c.jwks().unwrap(), &v, TimeCheck::At(NOW)).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::JwtKeyNotFound);
        if c.should_refetch_for_unknown_kid(now) {
            fetches += 1;
            c.fetch_started(now);
            c.fetch_succeeded(jwks(), now + 50);
        }
    }
    assert_eq!(fetches, 3, "40 s, 70 s, 100 s");
    // After a rotation the refetched set verifies the token.
    let rotated_jwks = better_auth_wasm::jwt::Jwks::parse(
        format!(
            r#"{{"keys":[{},{}]}}"#,
            jwk_json(KID, keypair(1).pk.as_ref()),
            jwk_json("rotated", keypair(3).pk.as_ref())
        )
        .as_bytes(),
    )
    .unwrap();
    assert!(c.should_refetch_for_unknown_kid(200_000));
    c.fetch_started(200_000);
    c.fetch_succeeded(rotated_jwks, 200_010);
    verify(&rotated, c.jwks().unwrap(), &v, TimeCheck::At(NOW)).unwrap();
    verify(&good_token(), c.jwks().unwrap(), &v, TimeCheck::At(NOW)).unwrap();
}

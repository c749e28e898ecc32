//! Tokens and JWKS minted by the real Better Auth server (tests/fixtures/mint.mjs).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use better_auth_wasm::core::{Config, Input, Lifecycle, State};
use better_auth_wasm::jwt::{verify, Jwks, TimeCheck, Validation, VerifyMode};
use better_auth_wasm::ErrorKind;
use serde_json::Value;

struct Fixture {
    token: String,
    jwks: Jwks,
    iat: u64,
    exp: u64,
    base_url: String,
    claims: Value,
}

fn load(text: &str) -> Fixture {
    let v: Value = serde_json::from_str(text).unwrap();
    Fixture {
        token: v["token"].as_str().unwrap().to_owned(),
        jwks: Jwks::parse(serde_json::to_string(&v["jwks"]).unwrap().as_bytes()).unwrap(),
        iat: v["iat"].as_u64().unwrap(),
        exp: v["exp"].as_u64().unwrap(),
        base_url: v["baseURL"].as_str().unwrap().to_owned(),
        claims: v["claims"].clone(),
    }
}

fn eddsa() -> Fixture {
    load(include_str!("fixtures/better_auth_eddsa.json"))
}

const B64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn replace_char(s: &str, i: usize, f: impl Fn(usize) -> usize) -> String {
    let mut b = s.as_bytes().to_vec();
    let idx = B64URL.iter().position(|c| *c == b[i]).unwrap();
    b[i] = B64URL[f(idx) % 64];
    String::from_utf8(b).unwrap()
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn real_eddsa_token_verifies_inside_its_window() {
    let f = eddsa();
    let v = Validation::new(f.base_url.clone());
    assert_eq!(f.exp - f.iat, 900, "Better Auth's default lifetime");
    for now in [f.iat, f.iat + 1, f.exp - 1, f.exp + 29] {
        let got = verify(&f.token, &f.jwks, &v, TimeCheck::At(now)).unwrap();
        assert!(got.signature_verified);
        assert_eq!(got.header.alg, "EdDSA");
        assert_eq!(got.header.typ, None, "Better Auth sends no typ");
        assert_eq!(got.claims.iat, Some(f.iat));
        assert_eq!(got.claims.exp, Some(f.exp));
        assert_eq!(got.claims.iss.as_deref(), Some(f.base_url.as_str()));
        assert_eq!(got.claims.sub.as_deref(), f.claims["id"].as_str());
        assert_eq!(got.claims.get_str("name"), Some("Fixture Bob"));
        assert_eq!(got.claims.get_str("email"), f.claims["email"].as_str());
        assert_eq!(
            got.claims.get("emailVerified"),
            Some(&better_auth_wasm::json::Value::Bool(false))
        );
        assert!(got.claims.get_str("createdAt").is_some());
    }
    verify(&f.token, &f.jwks, &v, TimeCheck::JustIssued).unwrap();
    assert_eq!(
        verify(&f.token, &f.jwks, &v, TimeCheck::At(f.exp + 30))
            .unwrap_err()
            .kind(),
        &ErrorKind::JwtExpired
    );
    assert_eq!(
        verify(&f.token, &f.jwks, &v, TimeCheck::At(f.iat - 31))
            .unwrap_err()
            .kind(),
        &ErrorKind::JwtNotYetValid
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn real_eddsa_token_tampered_is_refused() {
    let f = eddsa();
    let v = Validation::new(f.base_url.clone());
    let now = TimeCheck::At(f.iat + 1);
    let (h, rest) = f.token.split_once('.').unwrap();
    let (p, s) = rest.split_once('.').unwrap();
    let sig_start = h.len() + p.len() + 2;
    // Every third character of the signature, except the last (see below): all must fail.
    for i in (sig_start..f.token.len() - 1).step_by(3) {
        let t = replace_char(&f.token, i, |x| x + 1);
        assert_eq!(
            verify(&t, &f.jwks, &v, now).unwrap_err().kind(),
            &ErrorKind::JwtSignatureInvalid,
            "sig char {i}"
        );
    }
    // The last character carries 4 unused bits: jose accepts such a twin, strict base64url not.
    let t = replace_char(&f.token, f.token.len() - 1, |x| x ^ 1);
    assert_eq!(
        verify(&t, &f.jwks, &v, now).unwrap_err().kind(),
        &ErrorKind::JwtMalformed
    );
    // Payload characters (changing one may break JSON first: either way refused).
    for i in (h.len() + 1..h.len() + 1 + p.len()).step_by(7) {
        let t = replace_char(&f.token, i, |x| x + 1);
        let e = verify(&t, &f.jwks, &v, now).unwrap_err();
        assert!(
            matches!(
                e.kind(),
                ErrorKind::JwtSignatureInvalid | ErrorKind::JwtMalformed
            ),
            "payload char {i}: {e}"
        );
    }
    // A re-encoded payload claiming another user.
    let mut claims = f.claims.clone();
    claims["email"] = Value::String("admin@example.com".into());
    use base64::Engine as _;
    let forged_p = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(serde_json::to_vec(&claims).unwrap());
    let forged = format!("{h}.{forged_p}.{s}");
    assert_eq!(
        verify(&forged, &f.jwks, &v, now).unwrap_err().kind(),
        &ErrorKind::JwtSignatureInvalid
    );
    // The JWKS of another Better Auth instance does not verify it.
    let other = load(include_str!("fixtures/better_auth_custom_iss_aud.json"));
    assert_eq!(
        verify(&f.token, &other.jwks, &v, now).unwrap_err().kind(),
        &ErrorKind::JwtKeyNotFound
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn real_rs256_token_needs_webcrypto_or_timing_only() {
    let f = load(include_str!("fixtures/better_auth_rs256.json"));
    let v = Validation::new(f.base_url.clone());
    let e = verify(&f.token, &f.jwks, &v, TimeCheck::At(f.iat + 1)).unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::JwtAlgUnsupported);
    assert_eq!(e.code(), "JWT_ALG_UNSUPPORTED");
    // The synchronous verify stops where WebCrypto must take over (tests/jwt_webcrypto.rs).
    // The RSA JWKS itself parses.
    assert_eq!(f.jwks.keys()[0].kty.as_deref(), Some("RSA"));
    let timing = Validation {
        mode: VerifyMode::TimingOnly,
        ..v
    };
    let got = verify(&f.token, &f.jwks, &timing, TimeCheck::JustIssued).unwrap();
    assert!(!got.signature_verified);
    assert_eq!(got.claims.exp.unwrap() - got.claims.iat.unwrap(), 900);
    // And the lifecycle schedules it like any other.
    let mut lc = Lifecycle::new(Config::default(), 1);
    lc.handle(Input::Start, 5_000);
    lc.handle(
        Input::TokenReceived {
            fetch: Some(1),
            jwt: std::rc::Rc::new(got),
            sent_at_ms: 6_000,
        },
        6_000,
    );
    assert_eq!(lc.state(), State::Fresh);
    // exp − iat = 900 s, less the second `iat` may have been rounded down by.
    assert_eq!(lc.current_token().unwrap().expires_at_ms, 6_000 + 899_000);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn real_short_token_is_scheduled_before_its_local_expiry() {
    let f = load(include_str!("fixtures/better_auth_short.json"));
    assert_eq!(f.exp - f.iat, 3);
    let v = Validation::new(f.base_url.clone());
    let jwt = verify(&f.token, &f.jwks, &v, TimeCheck::JustIssued).unwrap();
    // A local clock two hours behind the server's: only the local send time counts.
    let received = f.iat * 1000 - 7_200_000;
    let mut lc = Lifecycle::new(Config::default(), 42);
    lc.handle(Input::Start, received - 100);
    lc.handle(
        Input::TokenReceived {
            fetch: Some(1),
            jwt: std::rc::Rc::new(jwt),
            sent_at_ms: received,
        },
        received,
    );
    let t = lc.current_token().unwrap();
    // exp − iat = 3 s, less the second `iat` may have been rounded down by.
    assert_eq!(t.expires_at_ms, received + 2_000);
    assert!(
        t.refresh_at_ms >= received && t.refresh_at_ms < t.expires_at_ms,
        "{t:?}"
    );
    // Half the lifetime (2 s counted) is the most margin a short token gets, minus up to 10 %
    // jitter.
    assert!(
        t.refresh_at_ms >= received + 800,
        "{}",
        t.refresh_at_ms - received
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn real_token_with_custom_issuer_and_audiences() {
    let f = load(include_str!("fixtures/better_auth_custom_iss_aud.json"));
    let now = TimeCheck::At(f.iat + 1);
    let mut v = Validation::new(f.base_url.clone());
    assert_eq!(
        verify(&f.token, &f.jwks, &v, now).unwrap_err().kind(),
        &ErrorKind::JwtIssuerInvalid
    );
    v.issuer = Some("https://issuer.example".into());
    assert_eq!(
        verify(&f.token, &f.jwks, &v, now).unwrap_err().kind(),
        &ErrorKind::JwtAudienceInvalid
    );
    v.audiences = vec!["https://other.example".into()];
    let got = verify(&f.token, &f.jwks, &v, now).unwrap();
    assert_eq!(
        got.claims.aud,
        vec![
            "https://api.example".to_owned(),
            "https://other.example".to_owned()
        ]
    );
}

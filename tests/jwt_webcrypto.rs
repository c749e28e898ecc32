//! ES256, ES512, RS256, PS256 and EdDSA tokens minted by the real Better Auth server
//! (tests/fixtures/mint.mjs), verified end to end: the pure core chooses and checks the key, the
//! browser layer's WebCrypto (`crypto.subtle`, also in Node) checks the signature, and for
//! Ed25519 where WebCrypto cannot, the verifier the package loads (its plumbing here; the real
//! pkg/ed25519.js in tests/pkg and tests/e2e). wasm32 only:
//! runs in Node in the wasm-node tier, and the browser tier exercises the same code against live
//! servers (tests/algorithms.rs).
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use better_auth_wasm::jwt::{begin, Jwks, TimeCheck, Validation, Verification};
use better_auth_wasm::web::verify_pending;
use better_auth_wasm::{ErrorKind, Result};
use serde_json::Value;
use wasm_bindgen_test::wasm_bindgen_test;

struct Fixture {
    token: String,
    jwks: Value,
    base_url: String,
    sub: String,
}

fn load(text: &str) -> Fixture {
    let v: Value = serde_json::from_str(text).unwrap();
    Fixture {
        token: v["token"].as_str().unwrap().to_owned(),
        jwks: v["jwks"].clone(),
        base_url: v["baseURL"].as_str().unwrap().to_owned(),
        sub: v["claims"]["sub"].as_str().unwrap().to_owned(),
    }
}

fn fixtures() -> [(&'static str, Fixture); 5] {
    [
        (
            "ES256",
            load(include_str!("fixtures/better_auth_es256.json")),
        ),
        (
            "ES512",
            load(include_str!("fixtures/better_auth_es512.json")),
        ),
        (
            "RS256",
            load(include_str!("fixtures/better_auth_rs256.json")),
        ),
        (
            "EdDSA",
            load(include_str!("fixtures/better_auth_eddsa.json")),
        ),
        (
            "PS256",
            load(include_str!("fixtures/better_auth_ps256.json")),
        ),
    ]
}

async fn check(
    token: &str,
    jwks: &Value,
    base_url: &str,
) -> Result<better_auth_wasm::jwt::VerifiedJwt> {
    let jwks = Jwks::parse(jwks.to_string().as_bytes())?;
    let v = Validation::new(base_url);
    match begin(token, &jwks, &v, TimeCheck::JustIssued)? {
        Verification::Pending(p) => verify_pending(p, None).await,
        Verification::Verified(_) => panic!("a WebCrypto algorithm was verified without WebCrypto"),
    }
}

/// The signature with its byte `i` flipped.
fn flip_sig_byte(token: &str, i: usize) -> String {
    use base64::Engine as _;
    let e = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let (input, sig) = token.rsplit_once('.').unwrap();
    let mut sig = e.decode(sig).unwrap();
    sig[i] ^= 0x01;
    format!("{input}.{}", e.encode(sig))
}

#[wasm_bindgen_test]
async fn real_tokens_of_every_webcrypto_algorithm_verify() {
    for (alg, f) in fixtures() {
        let got = check(&f.token, &f.jwks, &f.base_url)
            .await
            .unwrap_or_else(|e| panic!("{alg}: {e}"));
        assert!(got.signature_verified, "{alg}");
        assert_eq!(got.header.alg, alg);
        assert_eq!(got.claims.sub.as_deref(), Some(f.sub.as_str()), "{alg}");
    }
}

#[wasm_bindgen_test]
async fn tampered_signatures_and_payloads_are_refused_by_webcrypto() {
    for (alg, f) in fixtures() {
        for i in [0, 20, 40] {
            let bad = flip_sig_byte(&f.token, i);
            let e = check(&bad, &f.jwks, &f.base_url).await.unwrap_err();
            assert_eq!(
                e.kind(),
                &ErrorKind::JwtSignatureInvalid,
                "{alg} byte {i}: {e}"
            );
        }
        // A claim changed under the original signature.
        let mut parts: Vec<String> = f.token.split('.').map(str::to_owned).collect();
        use base64::Engine as _;
        let e64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let mut claims: Value = serde_json::from_slice(&e64.decode(&parts[1]).unwrap()).unwrap();
        claims["sub"] = Value::from("admin");
        parts[1] = e64.encode(claims.to_string());
        let e = check(&parts.join("."), &f.jwks, &f.base_url)
            .await
            .unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::JwtSignatureInvalid, "{alg}: {e}");
        // Claims are checked after the signature: the right key, the wrong issuer.
        let e = check(&f.token, &f.jwks, "https://other.example")
            .await
            .unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::JwtIssuerInvalid, "{alg}: {e}");
    }
}

#[wasm_bindgen_test]
async fn another_key_of_the_same_algorithm_does_not_verify() {
    // The PS256 server's RSA modulus under the RS256 key's kid and alg: same size, wrong key.
    let [_, _, (_, rs), _, (_, ps)] = fixtures();
    let mut jwks = rs.jwks.clone();
    jwks["keys"][0]["n"] = ps.jwks["keys"][0]["n"].clone();
    let e = check(&rs.token, &jwks, &rs.base_url).await.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::JwtSignatureInvalid, "{e}");
}

#[wasm_bindgen_test]
async fn a_point_off_the_curve_is_refused_at_import() {
    let [(_, es), ..] = fixtures();
    let mut jwks = es.jwks.clone();
    // y + 1: almost surely not on P-256 with this x.
    use base64::Engine as _;
    let e64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut y = e64.decode(jwks["keys"][0]["y"].as_str().unwrap()).unwrap();
    y[31] ^= 0x01;
    jwks["keys"][0]["y"] = Value::from(e64.encode(y));
    let e = check(&es.token, &jwks, &es.base_url).await.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::JwtKeyInvalid, "{e}");
}

/// Where `crypto.subtle` is missing (pages on plain http:// other than localhost), a WebCrypto
/// algorithm is refused with its own code, at once, instead of hanging or throwing.
#[wasm_bindgen_test]
async fn without_crypto_subtle_the_code_is_webcrypto_unavailable() {
    let (p, _) = pending(0);
    let global = js_sys::global();
    let saved = js_sys::Reflect::get(&global, &"crypto".into()).unwrap();
    hide_crypto();
    // The check comes before any await, so no other test runs while crypto is hidden.
    let got = verify_pending(p, None).await;
    js_sys::Reflect::set(&global, &"crypto".into(), &saved).unwrap();
    let e = got.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::WebCryptoUnavailable, "{e}");
    assert_eq!(e.code(), "WEBCRYPTO_UNAVAILABLE");
}

/// `globalThis.crypto` made undefined, as outside a secure context.
fn hide_crypto() {
    js(
        "",
        "Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true, writable: true })",
    )
    .call0(&wasm_bindgen::JsValue::NULL)
    .unwrap();
}

/// The fixture `i` of [`fixtures`], pending on its signature (which borrows the validation: a
/// test's, kept for the test run).
fn pending(i: usize) -> (better_auth_wasm::jwt::PendingSignature<'static>, Fixture) {
    let (alg, f) = fixtures().into_iter().nth(i).unwrap();
    let jwks = Jwks::parse(f.jwks.to_string().as_bytes()).unwrap();
    let validation = Box::leak(Box::new(Validation::new(f.base_url.as_str())));
    let Verification::Pending(p) =
        begin(&f.token, &jwks, validation, TimeCheck::JustIssued).unwrap()
    else {
        panic!("{alg} is pending on WebCrypto");
    };
    (p, f)
}

/// The EdDSA fixture, pending on its signature.
fn eddsa_pending() -> (better_auth_wasm::jwt::PendingSignature<'static>, Fixture) {
    pending(3)
}

/// A JavaScript function from source, called with `args`.
fn js(args: &str, body: &str) -> js_sys::Function {
    js_sys::Function::new_with_args(args, body)
}

/// Makes the next `crypto.subtle.importKey` call answer as a browser without WebCrypto Ed25519
/// does (`NotSupportedError`), restoring the real one as it is called: nothing stays patched
/// across an await.
fn without_ed25519_once() {
    js(
        "",
        "const s = globalThis.crypto.subtle, real = s.importKey;
         s.importKey = function () {
           s.importKey = real;
           return Promise.reject(new DOMException('Unrecognized name', 'NotSupportedError'));
         };",
    )
    .call0(&wasm_bindgen::JsValue::NULL)
    .unwrap();
}

/// A loader as index.js passes it, whose verifier records what it was given in `seen` and
/// answers `verdict`.
fn loader(seen: &js_sys::Array, verdict: bool) -> js_sys::Function {
    js(
        "seen, verdict",
        "return () => Promise.resolve((key, message, signature) => {
           seen.push(key, message, signature);
           return verdict;
         });",
    )
    .call2(&wasm_bindgen::JsValue::NULL, seen, &verdict.into())
    .unwrap()
    .into()
}

/// Where WebCrypto has no Ed25519, the signature goes to the loaded verifier with the raw key,
/// the signed bytes and the signature, and its verdict decides: `true` verifies the token (its
/// claims then checked), `false` is `JWT_SIGNATURE_INVALID`.
#[wasm_bindgen_test]
async fn an_ed25519_signature_webcrypto_cannot_check_goes_to_the_loaded_verifier() {
    use base64::Engine as _;
    let e64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    for verdict in [true, false] {
        let (p, ed) = eddsa_pending();
        let seen = js_sys::Array::new();
        without_ed25519_once();
        let got = verify_pending(p, Some(&loader(&seen, verdict))).await;
        assert_eq!(seen.length(), 3, "the verifier was called once");
        let bytes = |i| js_sys::Uint8Array::new(&seen.get(i)).to_vec();
        let x = ed.jwks["keys"][0]["x"].as_str().unwrap();
        assert_eq!(bytes(0), e64.decode(x).unwrap());
        let (input, sig) = ed.token.rsplit_once('.').unwrap();
        assert_eq!(bytes(1), input.as_bytes());
        assert_eq!(bytes(2), e64.decode(sig).unwrap());
        match got {
            Ok(jwt) => {
                assert!(verdict);
                assert!(jwt.signature_verified);
                assert_eq!(jwt.claims.sub.as_deref(), Some(ed.sub.as_str()));
            }
            Err(e) => {
                assert!(!verdict, "{e}");
                assert_eq!(e.kind(), &ErrorKind::JwtSignatureInvalid, "{e}");
            }
        }
    }
}

/// Without a verifier, or with one that is no function, such a browser gets
/// `WEBCRYPTO_UNAVAILABLE` saying why; a verifier that fails to load is `NETWORK_ERROR` (retried
/// at the next refresh, not a permanent error): at once, rather than a hang or a throw.
#[wasm_bindgen_test]
async fn without_a_verifier_that_loads_ed25519_is_webcrypto_unavailable() {
    let cases = [
        (None, ErrorKind::WebCryptoUnavailable, "no Ed25519 verifier"),
        (
            Some("return Promise.reject(new Error('offline'))"),
            ErrorKind::Network,
            "did not load: offline",
        ),
        (
            Some("return Promise.resolve(42)"),
            ErrorKind::WebCryptoUnavailable,
            "not a function",
        ),
    ];
    for (loader, kind, says) in cases {
        let (p, _) = eddsa_pending();
        let loader = loader.map(|body| js("", body));
        without_ed25519_once();
        let e = verify_pending(p, loader.as_ref()).await.unwrap_err();
        assert_eq!(e.kind(), &kind, "{e}");
        assert!(e.message().contains(says), "{e}");
    }
}

/// With WebCrypto's Ed25519 there, the loader is never called.
#[wasm_bindgen_test]
async fn with_webcrypto_ed25519_the_verifier_is_not_loaded() {
    let (p, _) = eddsa_pending();
    let calls = js_sys::Array::new();
    let counting: js_sys::Function = js(
        "calls",
        "return () => { calls.push(1); return new Promise(() => {}); }",
    )
    .call1(&wasm_bindgen::JsValue::NULL, &calls)
    .unwrap()
    .into();
    let jwt = verify_pending(p, Some(&counting)).await.unwrap();
    assert!(jwt.signature_verified);
    assert_eq!(calls.length(), 0);
}

/// Outside a secure context (no `crypto.subtle` at all) Ed25519 still verifies, through the
/// verifier: the one algorithm the package can check without WebCrypto.
#[wasm_bindgen_test]
async fn without_crypto_subtle_ed25519_goes_to_the_verifier() {
    let (p, _) = eddsa_pending();
    let global = js_sys::global();
    let saved = js_sys::Reflect::get(&global, &"crypto".into()).unwrap();
    hide_crypto();
    // The loader is called before the first await: it puts crypto back at once.
    let seen = js_sys::Array::new();
    let restoring: js_sys::Function = js(
        "saved, inner",
        "return () => { globalThis.crypto = saved; return inner(); }",
    )
    .call2(&wasm_bindgen::JsValue::NULL, &saved, &loader(&seen, true))
    .unwrap()
    .into();
    let got = verify_pending(p, Some(&restoring)).await;
    js_sys::Reflect::set(&global, &"crypto".into(), &saved).unwrap();
    assert!(got.unwrap().signature_verified);
    assert_eq!(seen.length(), 3);
}

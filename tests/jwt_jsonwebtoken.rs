//! Cross-implementation vectors: EdDSA tokens minted by the `jsonwebtoken` crate are accepted,
//! the same tokens tampered are refused, and our own tokens pass `jsonwebtoken`'s verifier.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "fixtures/support.rs"]
mod support;

use better_auth_wasm::jwt::{verify, Jwks, TimeCheck, Validation, VerifyMode};
use better_auth_wasm::ErrorKind;
use jsonwebtoken::{Algorithm as JAlg, DecodingKey, EncodingKey, Header as JHeader};
use serde_json::{json, Value};
use support::*;

/// PKCS#8 v1 wrapping of an Ed25519 seed (RFC 8410 §7): fixed 16-byte prefix + seed.
fn pkcs8(seed: u8) -> Vec<u8> {
    let mut der = vec![
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04,
        0x20,
    ];
    der.extend_from_slice(&[seed; 32]);
    der
}

fn kid(seed: u8) -> String {
    format!("kid-{seed}")
}

fn jwks_all() -> Jwks {
    let keys: Vec<String> = (1..=5u8)
        .map(|s| jwk_json(&kid(s), keypair(s).pk.as_ref()))
        .collect();
    Jwks::parse(format!(r#"{{"keys":[{}]}}"#, keys.join(",")).as_bytes()).unwrap()
}

fn payloads() -> Vec<Value> {
    vec![
        json!({"iat": NOW, "exp": NOW + 900, "iss": ORIGIN, "aud": ORIGIN, "sub": "u1", "id": "u1", "name": "Bob",
               "email": "bob@example.com", "emailVerified": false, "image": null, "createdAt": "2026-11-22T17:39:52.948Z"}),
        json!({"iat": NOW, "exp": NOW + 60, "iss": ORIGIN, "aud": ["x", ORIGIN], "sub": "u2", "name": "Zoë 🌍 \"quoted\" \\ /"}),
        json!({"exp": NOW + 3600, "nbf": NOW - 10, "iss": ORIGIN, "aud": ORIGIN, "roles": ["a", "b"], "meta": {"n": 1.5, "deep": [[1], {"k": null}]}}),
        json!({"iat": NOW - 100, "exp": NOW + 1, "iss": ORIGIN, "aud": ORIGIN, "jti": "abc"}),
    ]
}

fn mint(seed: u8, payload: &Value, typ: Option<&str>) -> String {
    let mut h = JHeader::new(JAlg::EdDSA);
    h.kid = Some(kid(seed));
    h.typ = typ.map(str::to_owned);
    jsonwebtoken::encode(&h, payload, &EncodingKey::from_ed_der(&pkcs8(seed))).unwrap()
}

fn vectors() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for seed in 1..=5u8 {
        for (i, p) in payloads().iter().enumerate() {
            let typ = if i % 2 == 0 { None } else { Some("JWT") };
            out.push((mint(seed, p, typ), p.clone()));
        }
    }
    out
}

fn v() -> Validation {
    Validation::new(ORIGIN)
}

const AT: TimeCheck = TimeCheck::At(NOW);

#[test]
fn jsonwebtoken_eddsa_tokens_verify() {
    let jwks = jwks_all();
    let vs = vectors();
    assert_eq!(vs.len(), 20);
    for (token, payload) in &vs {
        let got = verify(token, &jwks, &v(), AT).unwrap_or_else(|e| panic!("{token}: {e}"));
        assert!(got.signature_verified);
        assert_eq!(got.claims.exp, payload["exp"].as_u64());
        assert_eq!(got.claims.iat, payload["iat"].as_u64());
        assert_eq!(got.claims.sub.as_deref(), payload["sub"].as_str());
        for (k, val) in payload.as_object().unwrap() {
            if !["iss", "sub", "aud", "exp", "nbf", "iat", "jti"].contains(&k.as_str()) {
                let want = better_auth_wasm::json::parse_value(&serde_json::to_vec(val).unwrap());
                assert_eq!(got.claims.get(k), want.as_ref(), "{k}");
            }
        }
    }
}

#[test]
fn jsonwebtoken_eddsa_tokens_tampered_are_refused() {
    let jwks = jwks_all();
    for (token, payload) in vectors() {
        let (h, rest) = token.split_once('.').unwrap();
        let (p, s) = rest.split_once('.').unwrap();
        let sig_mid = h.len() + p.len() + 2 + s.len() / 2;
        let kind = |t: &str| verify(t, &jwks, &v(), AT).unwrap_err().kind().clone();
        assert_eq!(
            kind(&flip_char(&token, sig_mid)),
            ErrorKind::JwtSignatureInvalid
        );
        assert_eq!(
            kind(&flip_char(&token, sig_mid - 20)),
            ErrorKind::JwtSignatureInvalid
        );
        // Claims rewritten by an attacker, signature kept.
        let mut forged = payload.clone();
        forged["exp"] = json!(NOW + 86_400 * 365);
        let fp = b64(&serde_json::to_vec(&forged).unwrap());
        assert_eq!(
            kind(&format!("{h}.{fp}.{s}")),
            ErrorKind::JwtSignatureInvalid
        );
        // The kid of another key in the same set.
        let other = token.replace(h, &b64(br#"{"alg":"EdDSA","kid":"kid-9"}"#));
        assert_eq!(kind(&other), ErrorKind::JwtKeyNotFound);
        let swapped_kid = {
            let hv: Value = serde_json::from_slice(&base64_decode(h)).unwrap();
            let k = hv["kid"].as_str().unwrap();
            let n: u8 = k.trim_start_matches("kid-").parse().unwrap();
            let other_kid = kid(n % 5 + 1);
            format!(
                "{}.{p}.{s}",
                b64(format!(r#"{{"alg":"EdDSA","kid":"{other_kid}"}}"#).as_bytes())
            )
        };
        assert_eq!(kind(&swapped_kid), ErrorKind::JwtSignatureInvalid);
        // Signature truncated.
        assert_eq!(
            kind(&format!("{h}.{p}.{}", b64(&base64_decode(s)[..60]))),
            ErrorKind::JwtSignatureInvalid
        );
        // Four characters cut: 61 bytes plus 4 stray bits, which are zero or not depending on
        // the signature: refused as malformed or as a short signature.
        let k = kind(&token[..token.len() - 4]);
        assert!(
            matches!(k, ErrorKind::JwtMalformed | ErrorKind::JwtSignatureInvalid),
            "{k:?}"
        );
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s)
        .unwrap()
}

#[test]
fn hs256_with_the_public_key_as_secret_is_refused() {
    let jwks = jwks_all();
    let pk = keypair(1).pk;
    let x_string = b64(pk.as_ref());
    for secret in [
        pk.as_ref().to_vec(),
        x_string.into_bytes(),
        jwk_json(&kid(1), pk.as_ref()).into_bytes(),
    ] {
        let mut h = JHeader::new(JAlg::HS256);
        h.kid = Some(kid(1));
        let token =
            jsonwebtoken::encode(&h, &payloads()[0], &EncodingKey::from_secret(&secret)).unwrap();
        // It is a genuine HS256 token: jsonwebtoken accepts it with that secret.
        let mut jv = jsonwebtoken::Validation::new(JAlg::HS256);
        jv.set_audience(&[ORIGIN]);
        jv.validate_exp = false;
        jsonwebtoken::decode::<Value>(&token, &DecodingKey::from_secret(&secret), &jv).unwrap();
        let e = verify(&token, &jwks, &v(), AT).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::JwtAlgUnsupported, "{e}");
        // Timing-only mode reads it, flagged as unverified.
        let t = verify(
            &token,
            &jwks,
            &Validation {
                mode: VerifyMode::TimingOnly,
                ..v()
            },
            AT,
        )
        .unwrap();
        assert!(!t.signature_verified);
    }
}

#[test]
fn embedded_jwk_from_jsonwebtoken_is_refused() {
    let evil = 9u8;
    let mut h = JHeader::new(JAlg::EdDSA);
    h.kid = Some(kid(1));
    h.jwk = Some(serde_json::from_str(&jwk_json(&kid(1), keypair(evil).pk.as_ref())).unwrap());
    let token =
        jsonwebtoken::encode(&h, &payloads()[0], &EncodingKey::from_ed_der(&pkcs8(evil))).unwrap();
    assert_eq!(
        verify(&token, &jwks_all(), &v(), AT).unwrap_err().kind(),
        &ErrorKind::JwtHeaderUnsupported
    );
}

#[test]
fn our_tokens_pass_jsonwebtoken() {
    // The other direction: what support::sign_raw produces (like Better Auth) is standard EdDSA.
    let token = good_token();
    let key = DecodingKey::from_ed_components(&b64(keypair(1).pk.as_ref())).unwrap();
    let mut jv = jsonwebtoken::Validation::new(JAlg::EdDSA);
    jv.set_audience(&[ORIGIN]);
    jv.set_issuer(&[ORIGIN]);
    jv.validate_exp = false;
    let got = jsonwebtoken::decode::<Value>(&token, &key, &jv).unwrap();
    assert_eq!(got.claims["email"], "bob@example.com");
    let tampered = flip_char(&token, token.len() - 40);
    assert!(jsonwebtoken::decode::<Value>(&tampered, &key, &jv).is_err());
    // And the real Better Auth token too.
    let f: Value = serde_json::from_str(include_str!("fixtures/better_auth_eddsa.json")).unwrap();
    let x = f["jwks"]["keys"][0]["x"].as_str().unwrap();
    let mut jv = jsonwebtoken::Validation::new(JAlg::EdDSA);
    jv.set_audience(&[f["baseURL"].as_str().unwrap()]);
    jv.validate_exp = false;
    jsonwebtoken::decode::<Value>(
        f["token"].as_str().unwrap(),
        &DecodingKey::from_ed_components(x).unwrap(),
        &jv,
    )
    .unwrap();
}

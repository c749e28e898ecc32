//! Malformed and forged inputs: each must be refused with its specific error kind, never panic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "fixtures/support.rs"]
mod support;

use better_auth_wasm::jwt::{
    begin, verify, Algorithm, Jwks, TimeCheck, Validation, Verification, VerifyMode,
    MAX_JWKS_BYTES, MAX_TOKEN_BYTES,
};
use better_auth_wasm::ErrorKind;
use support::*;

const LEEWAY: u64 = 30;

struct Case {
    name: &'static str,
    token: String,
    jwks: String,
    validation: Validation,
    time: TimeCheck,
    expect: ErrorKind,
}

fn v() -> Validation {
    Validation::new(ORIGIN)
}

fn at() -> TimeCheck {
    TimeCheck::At(NOW + 10)
}

/// A token with a chosen header and the good payload, signed by key 1.
fn with_header(h: &str) -> String {
    sign_raw(&keypair(1), h, &payload_at(NOW))
}

/// A token with the good header and a chosen payload, signed by key 1.
fn with_payload(p: &str) -> String {
    sign_raw(&keypair(1), &header(), p)
}

/// A payload with the registered claims given as raw JSON members.
fn claims(members: &str) -> String {
    format!(r#"{{"name":"Bob","id":"u1","sub":"u1",{members}}}"#)
}

fn std_claims(extra: &str) -> String {
    claims(&format!(r#""iss":"{ORIGIN}","aud":"{ORIGIN}"{extra}"#))
}

fn jwks_with(key_json: &str) -> String {
    format!(r#"{{"keys":[{key_json}]}}"#)
}

fn good_jwks() -> String {
    jwks_json_for(&keypair(1))
}

/// The signature of `token` replaced by raw bytes.
fn with_sig(token: &str, sig: &[u8]) -> String {
    let (input, _) = token.rsplit_once('.').unwrap();
    format!("{input}.{}", b64(sig))
}

fn sig_bytes(token: &str) -> Vec<u8> {
    use base64::Engine as _;
    let s = token.rsplit_once('.').unwrap().1;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s)
        .unwrap()
}

/// The order of the Ed25519 group, little-endian.
const L: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

/// S + L: the same signature, non-canonically (malleability).
fn s_plus_l(sig: &[u8]) -> Vec<u8> {
    let mut out = sig.to_vec();
    let mut carry = 0u16;
    for i in 0..32 {
        let t = u16::from(sig[32 + i]) + u16::from(L[i]) + carry;
        out[32 + i] = (t & 0xff) as u8;
        carry = t >> 8;
    }
    assert_eq!(carry, 0);
    out
}

fn identity_point() -> [u8; 32] {
    let mut p = [0u8; 32];
    p[0] = 1;
    p
}

/// A key set and token minted by the real Better Auth server (tests/fixtures/mint.mjs).
struct Minted {
    token: String,
    /// The set's only key, as JSON.
    key: serde_json::Value,
    kid: String,
}

fn minted(text: &str) -> Minted {
    let v: serde_json::Value = serde_json::from_str(text).unwrap();
    let key = v["jwks"]["keys"][0].clone();
    Minted {
        token: v["token"].as_str().unwrap().to_owned(),
        kid: key["kid"].as_str().unwrap().to_owned(),
        key,
    }
}

fn es256() -> Minted {
    minted(include_str!("fixtures/better_auth_es256.json"))
}
fn es512() -> Minted {
    minted(include_str!("fixtures/better_auth_es512.json"))
}
fn rs256() -> Minted {
    minted(include_str!("fixtures/better_auth_rs256.json"))
}
fn ps256() -> Minted {
    minted(include_str!("fixtures/better_auth_ps256.json"))
}

/// `key` with members replaced (`null` removes one).
fn key_with(key: &serde_json::Value, members: serde_json::Value) -> String {
    let mut k = key.as_object().unwrap().clone();
    for (name, value) in members.as_object().unwrap() {
        if value.is_null() {
            k.remove(name);
        } else {
            k.insert(name.clone(), value.clone());
        }
    }
    serde_json::Value::Object(k).to_string()
}

/// A token whose header is replaced (the signature kept, and then given `sig_len` bytes).
fn reheader(token: &str, header: &str, sig_len: usize) -> String {
    let (_, rest) = token.split_once('.').unwrap();
    let (payload, _) = rest.split_once('.').unwrap();
    format!(
        "{}.{payload}.{}",
        b64(header.as_bytes()),
        b64(&vec![0x42u8; sig_len])
    )
}

/// A raw `r||s` ECDSA signature re-encoded as ASN.1 DER (what OpenSSL and WebCrypto's
/// neighbours produce), which JWS does not allow.
fn der_of(raw: &[u8]) -> Vec<u8> {
    let int = |x: &[u8]| {
        let x = &x[x.iter().take_while(|b| **b == 0).count()..];
        let mut v = Vec::new();
        if x.first().is_some_and(|b| *b >= 0x80) {
            v.push(0);
        }
        v.extend_from_slice(x);
        let mut out = vec![0x02];
        out.extend(der_len(v.len()));
        out.extend(v);
        out
    };
    let (r, s) = raw.split_at(raw.len() / 2);
    let body = [int(r), int(s)].concat();
    let mut out = vec![0x30];
    out.extend(der_len(body.len()));
    out.extend(body);
    out
}

fn der_len(n: usize) -> Vec<u8> {
    if n < 0x80 {
        vec![n as u8]
    } else {
        vec![0x81, n as u8]
    }
}

/// An RSA modulus of exactly `bits` bits (not a real key: its size is what is refused).
fn modulus(bits: usize) -> String {
    let mut n = vec![0xa5u8; bits.div_ceil(8)];
    let top = bits % 8;
    n[0] = if top == 0 { 0x80 } else { 1 << (top - 1) };
    b64(&n)
}

fn cases() -> Vec<Case> {
    let good = good_token();
    let (es, es5, rs, ps) = (es256(), es512(), rs256(), ps256());
    let two_algs = format!(
        r#"{{"keys":[{},{}]}}"#,
        jwk_json(KID, keypair(1).pk.as_ref()),
        es.key
    );
    let (gh, rest) = good.split_once('.').unwrap();
    let (gp, gs) = rest.split_once('.').unwrap();
    let c = |name: &'static str, token: String, expect: ErrorKind| Case {
        name,
        token,
        jwks: good_jwks(),
        validation: v(),
        time: at(),
        expect,
    };
    let k = |name: &'static str, key_json: String, token: String, expect: ErrorKind| Case {
        name,
        token,
        jwks: jwks_with(&key_json),
        validation: v(),
        time: at(),
        expect,
    };
    let j = |name: &'static str, jwks: String, expect: ErrorKind| Case {
        name,
        token: good_token(),
        jwks,
        validation: v(),
        time: at(),
        expect,
    };
    let t = |name: &'static str, payload: String, time: TimeCheck, expect: ErrorKind| Case {
        name,
        token: with_payload(&payload),
        jwks: good_jwks(),
        validation: v(),
        time,
        expect,
    };
    let forged_identity_sig = {
        let mut s = [0u8; 64];
        s[..32].copy_from_slice(&identity_point());
        s
    };
    let deep = format!("{}1{}", "[".repeat(100), "]".repeat(100));
    let very_deep = format!("{}1{}", "[".repeat(5_000), "]".repeat(5_000));
    use ErrorKind::*;
    vec![
        // Structure.
        c("empty string", String::new(), JwtMalformed),
        c("two segments", format!("{gh}.{gp}"), JwtMalformed),
        c("four segments", format!("{good}.{gs}"), JwtMalformed),
        c(
            "empty signature segment",
            format!("{gh}.{gp}."),
            JwtMalformed,
        ),
        c("empty header segment", format!(".{gp}.{gs}"), JwtMalformed),
        c(
            "padding on header",
            format!("{gh}=.{gp}.{gs}"),
            JwtMalformed,
        ),
        c(
            "standard base64 char in payload",
            format!("{gh}.{}+.{gs}", &gp[..gp.len() - 1]),
            JwtMalformed,
        ),
        c(
            "whitespace inside",
            format!("{gh}. {gp}.{gs}"),
            JwtMalformed,
        ),
        c(
            "non-canonical trailing bits in signature",
            {
                // 64 bytes = 86 chars with 4 unused bits: setting one keeps jose happy, not us.
                let last = gs.as_bytes()[gs.len() - 1];
                let idx = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                    .iter()
                    .position(|c| *c == last)
                    .unwrap();
                let alt = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                    [idx ^ 1] as char;
                format!("{gh}.{gp}.{}{alt}", &gs[..gs.len() - 1])
            },
            JwtMalformed,
        ),
        c(
            "header not JSON",
            sign_raw(&keypair(1), "alg=EdDSA", &payload_at(NOW)),
            JwtMalformed,
        ),
        c(
            "header is an array",
            with_header(r#"["EdDSA"]"#),
            JwtMalformed,
        ),
        c(
            "trailing garbage after header JSON",
            with_header(&format!("{}x", header())),
            JwtMalformed,
        ),
        c("payload is an array", with_payload("[1,2]"), JwtMalformed),
        c(
            "invalid UTF-8 in header",
            {
                let input = format!(
                    "{}.{}",
                    b64(b"{\"alg\":\"EdDSA\xff\"}"),
                    b64(payload_at(NOW).as_bytes())
                );
                let sig = keypair(1).sk.sign(input.as_bytes(), None);
                format!("{input}.{}", b64(sig.as_ref()))
            },
            JwtMalformed,
        ),
        c(
            "invalid UTF-8 in payload",
            {
                let input = format!(
                    "{}.{}",
                    b64(header().as_bytes()),
                    b64(b"{\"name\":\"\xc3\x28\"}")
                );
                let sig = keypair(1).sk.sign(input.as_bytes(), None);
                format!("{input}.{}", b64(sig.as_ref()))
            },
            JwtMalformed,
        ),
        c(
            "lone surrogate escape in payload",
            with_payload(r#"{"name":"\ud800","exp":1}"#),
            JwtMalformed,
        ),
        c(
            "duplicate alg in header",
            with_header(&format!(r#"{{"alg":"EdDSA","kid":"{KID}","alg":"none"}}"#)),
            JwtMalformed,
        ),
        c(
            "duplicate kid via unicode escape",
            with_header(&format!(
                r#"{{"alg":"EdDSA","kid":"{KID}","\u006bid":"other"}}"#
            )),
            JwtMalformed,
        ),
        c(
            "duplicate exp in payload",
            with_payload(&std_claims(&format!(
                r#","exp":{},"exp":{}"#,
                NOW + 900,
                NOW + 99_999
            ))),
            JwtMalformed,
        ),
        c(
            "duplicate nested member",
            with_payload(&std_claims(&format!(
                r#","exp":{},"x":{{"a":1,"a":2}}"#,
                NOW + 900
            ))),
            JwtMalformed,
        ),
        c(
            "payload nested 100 deep",
            with_payload(&std_claims(&format!(r#","exp":{},"x":{deep}"#, NOW + 900))),
            JwtMalformed,
        ),
        c(
            "payload nested 5000 deep",
            with_payload(&std_claims(&format!(
                r#","exp":{},"x":{very_deep}"#,
                NOW + 900
            ))),
            JwtMalformed,
        ),
        c(
            "huge token",
            with_payload(&std_claims(&format!(
                r#","exp":{},"pad":"{}""#,
                NOW + 900,
                "a".repeat(MAX_TOKEN_BYTES)
            ))),
            JwtTooLarge,
        ),
        // Algorithms.
        c(
            "alg none",
            with_header(&format!(r#"{{"alg":"none","kid":"{KID}"}}"#)),
            JwtAlgNotAllowed,
        ),
        c(
            "alg None (case)",
            with_header(&format!(r#"{{"alg":"None","kid":"{KID}"}}"#)),
            JwtAlgNotAllowed,
        ),
        c(
            "alg HS256 (public key as HMAC secret)",
            with_sig(
                &with_header(&format!(r#"{{"alg":"HS256","kid":"{KID}"}}"#)),
                &[7u8; 32],
            ),
            JwtAlgUnsupported,
        ),
        c(
            "alg RS256 naming the Ed25519 key",
            with_header(&format!(r#"{{"alg":"RS256","kid":"{KID}"}}"#)),
            JwtKeyTypeMismatch,
        ),
        c(
            "alg ES256 naming the Ed25519 key",
            with_header(&format!(r#"{{"alg":"ES256","kid":"{KID}"}}"#)),
            JwtKeyTypeMismatch,
        ),
        c(
            "alg PS256 naming the Ed25519 key",
            with_header(&format!(r#"{{"alg":"PS256","kid":"{KID}"}}"#)),
            JwtKeyTypeMismatch,
        ),
        c(
            "alg ES384 (no Better Auth key makes it)",
            with_header(&format!(r#"{{"alg":"ES384","kid":"{KID}"}}"#)),
            JwtAlgUnsupported,
        ),
        c(
            "unknown alg",
            with_header(&format!(r#"{{"alg":"EdDSA2","kid":"{KID}"}}"#)),
            JwtAlgNotAllowed,
        ),
        c(
            "alg lower-case eddsa",
            with_header(&format!(r#"{{"alg":"eddsa","kid":"{KID}"}}"#)),
            JwtAlgNotAllowed,
        ),
        c(
            "Ed25519 alg not configured",
            with_header(&format!(r#"{{"alg":"Ed25519","kid":"{KID}"}}"#)),
            JwtAlgNotAllowed,
        ),
        c(
            "alg is a number",
            with_header(&format!(r#"{{"alg":1,"kid":"{KID}"}}"#)),
            JwtMalformed,
        ),
        c(
            "alg missing",
            with_header(&format!(r#"{{"kid":"{KID}"}}"#)),
            JwtMalformed,
        ),
        Case {
            name: "EdDSA removed from the allow-list",
            validation: Validation {
                algorithms: vec![Algorithm::Ed25519],
                ..v()
            },
            ..c("", good.clone(), JwtAlgNotAllowed)
        },
        Case {
            name: "alg none even in timing-only mode",
            validation: Validation {
                mode: VerifyMode::TimingOnly,
                ..v()
            },
            ..c("", with_header(r#"{"alg":"none"}"#), JwtAlgNotAllowed)
        },
        // Header parameters.
        c(
            "crit",
            with_header(&format!(
                r#"{{"alg":"EdDSA","kid":"{KID}","crit":["exp"],"exp":1}}"#
            )),
            JwtHeaderUnsupported,
        ),
        c(
            "crit with b64 false",
            with_header(&format!(
                r#"{{"alg":"EdDSA","kid":"{KID}","b64":false,"crit":["b64"]}}"#
            )),
            JwtHeaderUnsupported,
        ),
        c(
            "embedded jwk of the attacker",
            {
                let evil = keypair(9);
                sign_raw(
                    &evil,
                    &format!(
                        r#"{{"alg":"EdDSA","kid":"{KID}","jwk":{}}}"#,
                        jwk_json(KID, evil.pk.as_ref())
                    ),
                    &payload_at(NOW),
                )
            },
            JwtHeaderUnsupported,
        ),
        c(
            "jku",
            with_header(&format!(
                r#"{{"alg":"EdDSA","kid":"{KID}","jku":"https://evil.example/jwks"}}"#
            )),
            JwtHeaderUnsupported,
        ),
        c(
            "x5u",
            with_header(&format!(
                r#"{{"alg":"EdDSA","kid":"{KID}","x5u":"https://evil.example/cert"}}"#
            )),
            JwtHeaderUnsupported,
        ),
        c(
            "x5c",
            with_header(&format!(
                r#"{{"alg":"EdDSA","kid":"{KID}","x5c":["MIIB"]}}"#
            )),
            JwtHeaderUnsupported,
        ),
        c(
            "kid missing",
            with_header(r#"{"alg":"EdDSA"}"#),
            JwtKidMissing,
        ),
        c(
            "kid unknown",
            with_header(r#"{"alg":"EdDSA","kid":"someone-else"}"#),
            JwtKeyNotFound,
        ),
        c(
            "kid is a number",
            with_header(r#"{"alg":"EdDSA","kid":1}"#),
            JwtMalformed,
        ),
        // Signatures.
        c(
            "signature truncated to 63 bytes",
            with_sig(&good, &sig_bytes(&good)[..63]),
            JwtSignatureInvalid,
        ),
        c(
            "signature of 1 byte",
            with_sig(&good, &[0]),
            JwtSignatureInvalid,
        ),
        c(
            "signature 65 bytes",
            with_sig(&good, &[sig_bytes(&good), vec![0]].concat()),
            JwtSignatureInvalid,
        ),
        c(
            "signature middle char tampered",
            {
                let i = gh.len() + gp.len() + 2 + gs.len() / 2;
                flip_char(&good, i)
            },
            JwtSignatureInvalid,
        ),
        c(
            "payload tampered, signature kept",
            format!("{gh}.{}.{gs}", b64(payload_at(NOW + 3600).as_bytes())),
            JwtSignatureInvalid,
        ),
        c(
            "non-canonical S (S + L)",
            with_sig(&good, &s_plus_l(&sig_bytes(&good))),
            JwtSignatureInvalid,
        ),
        c(
            "all-zero signature",
            with_sig(&good, &[0u8; 64]),
            JwtSignatureInvalid,
        ),
        c(
            "R = identity, S = 0 against a good key",
            with_sig(&good, &forged_identity_sig),
            JwtSignatureInvalid,
        ),
        c(
            "signed by another key",
            sign_raw(&keypair(2), &header(), &payload_at(NOW)),
            JwtSignatureInvalid,
        ),
        // Keys.
        k(
            "small-order key (identity) with R = identity, S = 0",
            jwk_json(KID, &identity_point()),
            with_sig(&good, &forged_identity_sig),
            JwtKeyInvalid,
        ),
        k(
            "all-zero key",
            jwk_json(KID, &[0u8; 32]),
            with_sig(&good, &forged_identity_sig),
            JwtKeyInvalid,
        ),
        k(
            "order-8 key",
            jwk_json(
                KID,
                &[
                    0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2,
                    0xef, 0x98, 0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38,
                    0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05,
                ],
            ),
            with_sig(&good, &forged_identity_sig),
            JwtKeyInvalid,
        ),
        k(
            "non-canonical key encoding (y = p)",
            jwk_json(KID, &{
                let mut p = [0xffu8; 32];
                p[0] = 0xed;
                p[31] = 0x7f;
                p
            }),
            good.clone(),
            JwtKeyInvalid,
        ),
        k(
            "key x of 31 bytes",
            jwk_json(KID, &[5u8; 31]),
            good.clone(),
            JwtKeyInvalid,
        ),
        k(
            "key x of 33 bytes",
            jwk_json(KID, &[5u8; 33]),
            good.clone(),
            JwtKeyInvalid,
        ),
        k(
            "key x not base64url",
            format!(r#"{{"kty":"OKP","crv":"Ed25519","x":"!!!","kid":"{KID}"}}"#),
            good.clone(),
            JwtKeyInvalid,
        ),
        k(
            "key x missing",
            format!(r#"{{"kty":"OKP","crv":"Ed25519","kid":"{KID}"}}"#),
            good.clone(),
            JwtKeyInvalid,
        ),
        k(
            "RSA key with an EdDSA header",
            format!(r#"{{"kty":"RSA","n":"AQAB","e":"AQAB","kid":"{KID}"}}"#),
            good.clone(),
            JwtKeyTypeMismatch,
        ),
        k(
            "key kty EC",
            format!(
                r#"{{"kty":"EC","crv":"Ed25519","x":"{}","kid":"{KID}"}}"#,
                b64(keypair(1).pk.as_ref())
            ),
            good.clone(),
            JwtKeyTypeMismatch,
        ),
        k(
            "key crv X25519",
            format!(
                r#"{{"kty":"OKP","crv":"X25519","x":"{}","kid":"{KID}"}}"#,
                b64(keypair(1).pk.as_ref())
            ),
            good.clone(),
            JwtKeyTypeMismatch,
        ),
        k(
            "key pinned to RS256",
            format!(
                r#"{{"kty":"OKP","crv":"Ed25519","alg":"RS256","x":"{}","kid":"{KID}"}}"#,
                b64(keypair(1).pk.as_ref())
            ),
            good.clone(),
            JwtAlgMismatch,
        ),
        k(
            "key use enc",
            format!(
                r#"{{"kty":"OKP","crv":"Ed25519","use":"enc","x":"{}","kid":"{KID}"}}"#,
                b64(keypair(1).pk.as_ref())
            ),
            good.clone(),
            JwtKeyInvalid,
        ),
        // Algorithm confusion, with the real Better Auth keys of each algorithm.
        k(
            "header PS256, RSA key pinned to RS256 (header alg differs from the key's alg)",
            rs.key.to_string(),
            reheader(
                &rs.token,
                &format!(r#"{{"alg":"PS256","kid":"{}"}}"#, rs.kid),
                256,
            ),
            JwtAlgMismatch,
        ),
        k(
            "header RS256, RSA key pinned to PS256",
            ps.key.to_string(),
            reheader(
                &ps.token,
                &format!(r#"{{"alg":"RS256","kid":"{}"}}"#, ps.kid),
                256,
            ),
            JwtAlgMismatch,
        ),
        k(
            "header ES512, P-256 key pinned to ES256 (curve differs)",
            es.key.to_string(),
            reheader(
                &es.token,
                &format!(r#"{{"alg":"ES512","kid":"{}"}}"#, es.kid),
                132,
            ),
            JwtKeyTypeMismatch,
        ),
        k(
            "header ES256, P-256 key pinned to ES512 (alg differs)",
            key_with(&es.key, serde_json::json!({"alg": "ES512"})),
            es.token.clone(),
            JwtAlgMismatch,
        ),
        k(
            "RSA key with an ES256 header",
            rs.key.to_string(),
            reheader(
                &rs.token,
                &format!(r#"{{"alg":"ES256","kid":"{}"}}"#, rs.kid),
                64,
            ),
            JwtKeyTypeMismatch,
        ),
        k(
            "RSA key with an ES512 header",
            key_with(&rs.key, serde_json::json!({"alg": null})),
            reheader(
                &rs.token,
                &format!(r#"{{"alg":"ES512","kid":"{}"}}"#, rs.kid),
                132,
            ),
            JwtKeyTypeMismatch,
        ),
        k(
            "RSA key with an EdDSA header",
            key_with(&rs.key, serde_json::json!({"alg": null})),
            reheader(
                &rs.token,
                &format!(r#"{{"alg":"EdDSA","kid":"{}"}}"#, rs.kid),
                64,
            ),
            JwtKeyTypeMismatch,
        ),
        k(
            "EC key with an RS256 header",
            key_with(&es.key, serde_json::json!({"alg": null})),
            reheader(
                &es.token,
                &format!(r#"{{"alg":"RS256","kid":"{}"}}"#, es.kid),
                256,
            ),
            JwtKeyTypeMismatch,
        ),
        k(
            "RSA key of 1024 bits",
            key_with(&rs.key, serde_json::json!({"n": modulus(1024)})),
            reheader(
                &rs.token,
                &format!(r#"{{"alg":"RS256","kid":"{}"}}"#, rs.kid),
                128,
            ),
            JwtRsaKeyTooShort,
        ),
        k(
            "RSA key of 2047 bits",
            key_with(&rs.key, serde_json::json!({"n": modulus(2047)})),
            reheader(
                &rs.token,
                &format!(r#"{{"alg":"RS256","kid":"{}"}}"#, rs.kid),
                256,
            ),
            JwtRsaKeyTooShort,
        ),
        k(
            "RSA key of 1024 bits padded with zero bytes to 2048",
            key_with(
                &rs.key,
                serde_json::json!({"n": b64(&[vec![0u8; 128], vec![0xc3u8; 128]].concat())}),
            ),
            reheader(
                &ps.token,
                &format!(r#"{{"alg":"RS256","kid":"{}"}}"#, rs.kid),
                256,
            ),
            JwtRsaKeyTooShort,
        ),
        k(
            "PS256 key of 1024 bits",
            key_with(&ps.key, serde_json::json!({"n": modulus(1024)})),
            reheader(
                &ps.token,
                &format!(r#"{{"alg":"PS256","kid":"{}"}}"#, ps.kid),
                128,
            ),
            JwtRsaKeyTooShort,
        ),
        k(
            "ES256 signature in DER",
            es.key.to_string(),
            with_sig(&es.token, &der_of(&sig_bytes(&es.token))),
            JwtSignatureFormat,
        ),
        k(
            "ES512 signature in DER",
            es5.key.to_string(),
            with_sig(&es5.token, &der_of(&sig_bytes(&es5.token))),
            JwtSignatureFormat,
        ),
        k(
            "ES256 signature one byte short",
            es.key.to_string(),
            with_sig(&es.token, &sig_bytes(&es.token)[1..]),
            JwtSignatureFormat,
        ),
        k(
            "ES512 signature of 130 bytes (P-521 coordinates unpadded)",
            es5.key.to_string(),
            with_sig(
                &es5.token,
                &[
                    sig_bytes(&es5.token)[1..66].to_vec(),
                    sig_bytes(&es5.token)[67..].to_vec(),
                ]
                .concat(),
            ),
            JwtSignatureFormat,
        ),
        k(
            "RS256 signature shorter than the modulus",
            rs.key.to_string(),
            with_sig(&rs.token, &sig_bytes(&rs.token)[1..]),
            JwtSignatureFormat,
        ),
        k(
            "EC key x of 31 bytes",
            key_with(&es.key, serde_json::json!({"x": b64(&[7u8; 31])})),
            es.token.clone(),
            JwtKeyInvalid,
        ),
        k(
            "EC key without y",
            key_with(&es.key, serde_json::json!({"y": null})),
            es.token.clone(),
            JwtKeyInvalid,
        ),
        k(
            "RSA key without e",
            key_with(&rs.key, serde_json::json!({"e": null})),
            rs.token.clone(),
            JwtKeyInvalid,
        ),
        k(
            "RSA key with e = 0",
            key_with(&rs.key, serde_json::json!({"e": "AA"})),
            rs.token.clone(),
            JwtKeyInvalid,
        ),
        Case {
            name: "kid of the set's EdDSA key under an ES256 header (two-algorithm set)",
            token: reheader(
                &es.token,
                &format!(r#"{{"alg":"ES256","kid":"{KID}"}}"#),
                64,
            ),
            jwks: two_algs.clone(),
            validation: v(),
            time: TimeCheck::JustIssued,
            expect: JwtKidAlgMismatch,
        },
        Case {
            name: "kid of the set's ES256 key under an EdDSA header (two-algorithm set)",
            token: reheader(
                &good,
                &format!(r#"{{"alg":"EdDSA","kid":"{}"}}"#, es.kid),
                64,
            ),
            jwks: two_algs.clone(),
            validation: v(),
            time: TimeCheck::JustIssued,
            expect: JwtKidAlgMismatch,
        },
        Case {
            name: "kid of the set's RS256 key under a PS256 header (set of RS256 and PS256)",
            token: reheader(
                &ps.token,
                &format!(r#"{{"alg":"PS256","kid":"{}"}}"#, rs.kid),
                256,
            ),
            jwks: format!(r#"{{"keys":[{},{}]}}"#, rs.key, ps.key),
            validation: v(),
            time: TimeCheck::JustIssued,
            expect: JwtKidAlgMismatch,
        },
        Case {
            name: "ES256 not in the allowed list",
            token: es.token.clone(),
            jwks: jwks_with(&es.key.to_string()),
            validation: Validation {
                algorithms: vec![Algorithm::EdDSA],
                ..v()
            },
            time: TimeCheck::JustIssued,
            expect: JwtAlgNotAllowed,
        },
        // JWKS documents.
        j(
            "JWKS is an array",
            format!("[{}]", jwk_json(KID, keypair(1).pk.as_ref())),
            JwksInvalid,
        ),
        j("JWKS is a string", r#""keys""#.into(), JwksInvalid),
        j(
            "JWKS keys not an array",
            format!(r#"{{"keys":{}}}"#, jwk_json(KID, keypair(1).pk.as_ref())),
            JwksInvalid,
        ),
        j(
            "JWKS key not an object",
            r#"{"keys":["x"]}"#.into(),
            JwksInvalid,
        ),
        j(
            "JWKS kid is a number",
            r#"{"keys":[{"kty":"OKP","kid":1}]}"#.into(),
            JwksInvalid,
        ),
        j(
            "JWKS duplicate kid",
            format!(
                r#"{{"keys":[{0},{0}]}}"#,
                jwk_json(KID, keypair(1).pk.as_ref())
            ),
            JwksInvalid,
        ),
        j(
            "JWKS duplicate keys member",
            format!(
                r#"{{"keys":[],"keys":[{}]}}"#,
                jwk_json(KID, keypair(1).pk.as_ref())
            ),
            JwksInvalid,
        ),
        j(
            "JWKS too large",
            format!(r#"{{"keys":[],"pad":"{}"}}"#, "a".repeat(MAX_JWKS_BYTES)),
            JwksInvalid,
        ),
        j("JWKS not JSON", "keys".into(), JwksInvalid),
        j(
            "JWKS nested too deep",
            format!(r#"{{"keys":[],"x":{deep}}}"#),
            JwksInvalid,
        ),
        // Time claims at and around the leeway boundary (now = NOW + 10).
        t(
            "exp + leeway == now",
            std_claims(&format!(
                r#","iat":{},"exp":{}"#,
                NOW - 900,
                NOW + 10 - LEEWAY
            )),
            at(),
            JwtExpired,
        ),
        t(
            "exp long past",
            std_claims(&format!(r#","iat":{},"exp":{}"#, NOW - 9000, NOW - 8100)),
            at(),
            JwtExpired,
        ),
        t(
            "nbf == now + leeway + 1",
            std_claims(&format!(
                r#","nbf":{},"exp":{}"#,
                NOW + 10 + LEEWAY + 1,
                NOW + 900
            )),
            at(),
            JwtNotYetValid,
        ),
        t(
            "iat == now + leeway + 1",
            std_claims(&format!(
                r#","iat":{},"exp":{}"#,
                NOW + 10 + LEEWAY + 1,
                NOW + 900
            )),
            at(),
            JwtNotYetValid,
        ),
        t(
            "just issued with nbf far after iat",
            std_claims(&format!(
                r#","iat":{NOW},"nbf":{},"exp":{}"#,
                NOW + 31,
                NOW + 900
            )),
            TimeCheck::JustIssued,
            JwtNotYetValid,
        ),
        t(
            "exp missing",
            std_claims(&format!(r#","iat":{NOW}"#)),
            at(),
            JwtClaimsInvalid,
        ),
        t(
            "exp is a string",
            std_claims(&format!(r#","exp":"{}""#, NOW + 900)),
            at(),
            JwtClaimsInvalid,
        ),
        t(
            "exp negative",
            std_claims(r#","exp":-1"#),
            at(),
            JwtClaimsInvalid,
        ),
        t(
            "exp is null",
            std_claims(r#","exp":null"#),
            at(),
            JwtClaimsInvalid,
        ),
        t(
            "exp == iat",
            std_claims(&format!(r#","iat":{NOW},"exp":{NOW}"#)),
            TimeCheck::JustIssued,
            JwtClaimsInvalid,
        ),
        t(
            "exp 1e300",
            std_claims(r#","exp":1e300"#),
            at(),
            JwtClaimsInvalid,
        ),
        // Issuer and audience.
        t(
            "iss mismatch",
            claims(&format!(
                r#""iss":"http://evil.example","aud":"{ORIGIN}","exp":{}"#,
                NOW + 900
            )),
            at(),
            JwtIssuerInvalid,
        ),
        t(
            "iss missing",
            claims(&format!(r#""aud":"{ORIGIN}","exp":{}"#, NOW + 900)),
            at(),
            JwtIssuerInvalid,
        ),
        t(
            "iss with trailing slash",
            claims(&format!(
                r#""iss":"{ORIGIN}/","aud":"{ORIGIN}","exp":{}"#,
                NOW + 900
            )),
            at(),
            JwtIssuerInvalid,
        ),
        t(
            "iss is a number",
            claims(&format!(r#""iss":1,"aud":"{ORIGIN}","exp":{}"#, NOW + 900)),
            at(),
            JwtClaimsInvalid,
        ),
        t(
            "aud mismatch",
            claims(&format!(
                r#""iss":"{ORIGIN}","aud":"http://other.example","exp":{}"#,
                NOW + 900
            )),
            at(),
            JwtAudienceInvalid,
        ),
        t(
            "aud array without match",
            claims(&format!(
                r#""iss":"{ORIGIN}","aud":["a","b"],"exp":{}"#,
                NOW + 900
            )),
            at(),
            JwtAudienceInvalid,
        ),
        t(
            "aud empty array",
            claims(&format!(r#""iss":"{ORIGIN}","aud":[],"exp":{}"#, NOW + 900)),
            at(),
            JwtAudienceInvalid,
        ),
        t(
            "aud missing",
            claims(&format!(r#""iss":"{ORIGIN}","exp":{}"#, NOW + 900)),
            at(),
            JwtAudienceInvalid,
        ),
        t(
            "aud is a number",
            claims(&format!(r#""iss":"{ORIGIN}","aud":3,"exp":{}"#, NOW + 900)),
            at(),
            JwtClaimsInvalid,
        ),
        t(
            "aud array with a non-string",
            claims(&format!(
                r#""iss":"{ORIGIN}","aud":["{ORIGIN}",1],"exp":{}"#,
                NOW + 900
            )),
            at(),
            JwtClaimsInvalid,
        ),
    ]
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn every_adversarial_input_is_refused_with_its_kind() {
    let cases = cases();
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let got = Jwks::parse(case.jwks.as_bytes())
            .and_then(|jwks| verify(&case.token, &jwks, &case.validation, case.time));
        match got {
            Ok(_) => failures.push(format!("{}: accepted", case.name)),
            Err(e) if *e.kind() != case.expect => failures.push(format!(
                "{}: got {} ({}), want {}",
                case.name,
                e.code(),
                e.message(),
                case.expect.code()
            )),
            Err(_) => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases wrong:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// The controls: the table's building blocks do produce accepted tokens, so each refusal above
/// is caused by the one thing its row changes.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn controls_are_accepted() {
    let jwks = jwks();
    let ok = |token: &str, val: &Validation, time: TimeCheck| {
        verify(token, &jwks, val, time)
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    ok(&good_token(), &v(), at()).unwrap();
    // Exactly at the other side of each boundary.
    let p = std_claims(&format!(
        r#","iat":{},"exp":{}"#,
        NOW - 900,
        NOW + 10 - LEEWAY + 1
    ));
    ok(&with_payload(&p), &v(), at()).unwrap();
    let p = std_claims(&format!(
        r#","nbf":{},"exp":{}"#,
        NOW + 10 + LEEWAY,
        NOW + 900
    ));
    ok(&with_payload(&p), &v(), at()).unwrap();
    let p = std_claims(&format!(
        r#","iat":{},"exp":{}"#,
        NOW + 10 + LEEWAY,
        NOW + 900
    ));
    ok(&with_payload(&p), &v(), at()).unwrap();
    let p = std_claims(&format!(
        r#","iat":{NOW},"nbf":{},"exp":{}"#,
        NOW + 30,
        NOW + 900
    ));
    ok(&with_payload(&p), &v(), TimeCheck::JustIssued).unwrap();
    // A clock hours off does not matter to JustIssued.
    ok(&good_token(), &v(), TimeCheck::JustIssued).unwrap();
    assert_eq!(
        verify(&good_token(), &jwks, &v(), TimeCheck::At(NOW + 5 * 3600))
            .unwrap_err()
            .kind(),
        &ErrorKind::JwtExpired
    );
    // aud array with one match; fractional dates; the Ed25519 name when configured.
    let p = claims(&format!(
        r#""iss":"{ORIGIN}","aud":["x","{ORIGIN}"],"exp":{}.75"#,
        NOW + 900
    ));
    ok(&with_payload(&p), &v(), at()).unwrap();
    let ed = Validation {
        algorithms: vec![Algorithm::EdDSA, Algorithm::Ed25519],
        ..v()
    };
    ok(
        &with_header(&format!(r#"{{"alg":"Ed25519","kid":"{KID}"}}"#)),
        &ed,
        at(),
    )
    .unwrap();
    // typ is neither required nor checked; unknown header members are tolerated.
    ok(
        &with_header(&format!(
            r#"{{"alg":"EdDSA","kid":"{KID}","typ":"JWT","x-extra":1}}"#
        )),
        &v(),
        at(),
    )
    .unwrap();
    // A nested payload under the depth limit.
    let p = std_claims(&format!(
        r#","exp":{},"x":{}1{}"#,
        NOW + 900,
        "[".repeat(20),
        "]".repeat(20)
    ));
    ok(&with_payload(&p), &v(), at()).unwrap();
    // Unchecked issuer/audience when not configured.
    let p = claims(&format!(r#""exp":{}"#, NOW + 900));
    ok(&with_payload(&p), &Validation::default(), at()).unwrap();
    // A JWKS that also holds an RSA key still serves the Ed25519 one.
    let mixed = format!(
        r#"{{"keys":[{{"kty":"RSA","n":"AQAB","e":"AQAB","kid":"rsa"}},{}]}}"#,
        jwk_json(KID, keypair(1).pk.as_ref())
    );
    let mixed = Jwks::parse(mixed.as_bytes()).unwrap();
    verify(&good_token(), &mixed, &v(), at()).unwrap();
    // The real tokens of each WebCrypto algorithm pass everything the core checks, alone and in a
    // set of all algorithms (so each confusion row above is refused for what it changes), and the
    // EdDSA token still verifies in that set.
    let (es, es5, rs, ps) = (es256(), es512(), rs256(), ps256());
    let all = format!(
        r#"{{"keys":[{},{},{},{},{}]}}"#,
        jwk_json(KID, keypair(1).pk.as_ref()),
        es.key,
        es5.key,
        rs.key,
        ps.key
    );
    let all = Jwks::parse(all.as_bytes()).unwrap();
    verify(&good_token(), &all, &v(), at()).unwrap();
    for (m, alg, sig_len) in [
        (&es, Algorithm::ES256, 64),
        (&es5, Algorithm::ES512, 132),
        (&rs, Algorithm::RS256, 256),
        (&ps, Algorithm::PS256, 256),
    ] {
        let alone = Jwks::parse(jwks_with(&m.key.to_string()).as_bytes()).unwrap();
        for set in [&alone, &all] {
            let lax = Validation::default();
            match begin(&m.token, set, &lax, TimeCheck::JustIssued) {
                Ok(Verification::Pending(p)) => {
                    assert_eq!(p.alg, alg);
                    assert_eq!(p.signature.len(), sig_len);
                    assert_eq!(p.params, alg.webcrypto());
                    // The claims wait for the signature: a bad verdict is refused as such.
                    assert_eq!(
                        p.clone().finish(false).unwrap_err().kind(),
                        &ErrorKind::JwtSignatureInvalid
                    );
                    assert!(p.finish(true).unwrap().signature_verified);
                }
                other => panic!("{}: {other:?}", alg.as_str()),
            }
            // The synchronous verify cannot finish it.
            assert_eq!(
                verify(&m.token, set, &Validation::default(), TimeCheck::JustIssued)
                    .unwrap_err()
                    .kind(),
                &ErrorKind::JwtAlgUnsupported
            );
        }
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn timing_only_reads_claims_without_a_key() {
    let timing = Validation {
        mode: VerifyMode::TimingOnly,
        ..v()
    };
    let rs = with_sig(&with_header(r#"{"alg":"RS256","kid":"r"}"#), &[1u8; 256]);
    let got = verify(&rs, &Jwks::default(), &timing, at()).unwrap();
    assert!(!got.signature_verified);
    assert_eq!(got.claims.exp, Some(NOW + 900));
    assert_eq!(got.claims.iat, Some(NOW));
    // Structure and claims are still enforced.
    assert_eq!(
        verify(&format!("{rs}="), &Jwks::default(), &timing, at())
            .unwrap_err()
            .kind(),
        &ErrorKind::JwtMalformed
    );
    let expired = with_sig(
        &sign_raw(&keypair(1), r#"{"alg":"HS256"}"#, &payload_at(NOW - 9000)),
        &[1u8; 32],
    );
    assert_eq!(
        verify(&expired, &Jwks::default(), &timing, at())
            .unwrap_err()
            .kind(),
        &ErrorKind::JwtExpired
    );
    let unknown = with_header(r#"{"alg":"XYZ"}"#);
    assert_eq!(
        verify(&unknown, &Jwks::default(), &timing, at())
            .unwrap_err()
            .kind(),
        &ErrorKind::JwtAlgNotAllowed
    );
    // The signature mode needs the key the token names, and refuses HS256 as unsupported.
    assert_eq!(
        verify(&rs, &jwks(), &v(), at()).unwrap_err().kind(),
        &ErrorKind::JwtKeyNotFound
    );
    assert_eq!(
        verify(&expired, &jwks(), &v(), at()).unwrap_err().kind(),
        &ErrorKind::JwtAlgUnsupported
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn claims_expose_the_user() {
    let got = verify(&good_token(), &jwks(), &v(), at()).unwrap();
    assert!(got.signature_verified);
    assert_eq!(got.header.kid.as_deref(), Some(KID));
    assert_eq!(got.claims.sub.as_deref(), Some("u1"));
    assert_eq!(got.claims.aud, vec![ORIGIN.to_owned()]);
    assert_eq!(got.claims.get_str("email"), Some("bob@example.com"));
    assert_eq!(
        got.claims.get("emailVerified"),
        Some(&better_auth_wasm::json::Value::Bool(false))
    );
    assert_eq!(
        got.claims.get("image"),
        Some(&better_auth_wasm::json::Value::Null)
    );
    // Registered claims are typed, not duplicated into extra.
    assert!(got.claims.get("exp").is_none());
    assert_eq!(got.raw, good_token());
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn error_codes_are_stable_and_distinct() {
    use ErrorKind::*;
    let kinds = [
        (Network, "NETWORK_ERROR"),
        (InvalidResponse, "INVALID_RESPONSE"),
        (NoSession, "NO_SESSION"),
        (InvalidConfig, "INVALID_CONFIG"),
        (JwtMalformed, "JWT_MALFORMED"),
        (JwtTooLarge, "JWT_TOO_LARGE"),
        (JwtAlgUnsupported, "JWT_ALG_UNSUPPORTED"),
        (JwtAlgNotAllowed, "JWT_ALG_NOT_ALLOWED"),
        (JwtHeaderUnsupported, "JWT_HEADER_UNSUPPORTED"),
        (JwtKidMissing, "JWT_KID_MISSING"),
        (JwtKeyNotFound, "JWT_KEY_NOT_FOUND"),
        (JwtKeyInvalid, "JWT_KEY_INVALID"),
        (JwtAlgMismatch, "JWT_ALG_MISMATCH"),
        (JwtKeyTypeMismatch, "JWT_KEY_TYPE_MISMATCH"),
        (JwtKidAlgMismatch, "JWT_KID_ALG_MISMATCH"),
        (JwtRsaKeyTooShort, "JWT_RSA_KEY_TOO_SHORT"),
        (JwtSignatureFormat, "JWT_SIGNATURE_FORMAT"),
        (WebCryptoUnavailable, "WEBCRYPTO_UNAVAILABLE"),
        (JwtSignatureInvalid, "JWT_SIGNATURE_INVALID"),
        (JwtClaimsInvalid, "JWT_CLAIMS_INVALID"),
        (JwtExpired, "JWT_EXPIRED"),
        (JwtNotYetValid, "JWT_NOT_YET_VALID"),
        (JwtIssuerInvalid, "JWT_ISSUER_INVALID"),
        (JwtAudienceInvalid, "JWT_AUDIENCE_INVALID"),
        (JwksInvalid, "JWKS_INVALID"),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for (kind, code) in &kinds {
        assert_eq!(kind.code(), *code);
        assert!(seen.insert(*code), "duplicate code {code}");
        let e = better_auth_wasm::Error::new(kind.clone(), "m");
        assert!(!e.is_retryable() || *kind == Network, "{code} retryable");
    }
    assert_eq!(
        ErrorKind::Server {
            status: 401,
            code: "UNAUTHORIZED".into()
        }
        .code(),
        "UNAUTHORIZED"
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_audience_message_lists_both_sides() {
    let case = cases()
        .into_iter()
        .find(|c| c.name == "aud array without match")
        .unwrap();
    let e = Jwks::parse(case.jwks.as_bytes())
        .and_then(|jwks| verify(&case.token, &jwks, &case.validation, case.time))
        .unwrap_err();
    assert_eq!(
        e.message(),
        format!("aud [a, b] contains none of [{ORIGIN}]")
    );
}

/// The browser hands Ed25519 keys to WebCrypto, which accepts small-order keys (under which
/// R = identity, S = 0 verifies any message: Chromium 156 and Firefox 153, tried), so `begin`
/// refuses them itself. Every encoding of the eight small-order points (both sign bits) and
/// every non-canonical encoding (y ≥ p) is refused before a signature is looked at, and on
/// these and on random keys `begin` refuses exactly what ed25519-compact calls weak or
/// non-canonical.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn weak_ed25519_keys_are_refused_before_the_signature() {
    let order_8 = [
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    ];
    let mut weak: Vec<[u8; 32]> = Vec::new();
    for hex in order_8 {
        let mut k = [0u8; 32];
        for (i, b) in k.iter_mut().enumerate() {
            *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap();
        }
        weak.push(k);
    }
    // y = 0 and y = 1 (order 4 and the identity).
    weak.push([0; 32]);
    weak.push(identity_point());
    // y = p - 1 (order 2), then every y from p to 2^255 - 1 (non-canonical).
    for low in 0xec..=0xffu8 {
        let mut k = [0xff; 32];
        k[0] = low;
        k[31] = 0x7f;
        weak.push(k);
    }
    let with_both_signs: Vec<[u8; 32]> = weak
        .iter()
        .flat_map(|k| {
            let mut negative = *k;
            negative[31] |= 0x80;
            [*k, negative]
        })
        .collect();
    assert_eq!(with_both_signs.len(), 2 * (2 + 2 + 20));
    let refused_by_begin = |k: &[u8; 32]| {
        let jwks = Jwks::parse(jwks_with(&jwk_json(KID, k)).as_bytes()).unwrap();
        match begin(&good_token(), &jwks, &v(), at()) {
            Err(e) if e.kind() == &ErrorKind::JwtKeyInvalid => true,
            Ok(Verification::Pending(_)) => false,
            other => panic!("{k:02x?}: {other:?}"),
        }
    };
    let compact = |k: &[u8; 32]| ed25519_compact::PublicKey::new(*k).validate();
    let weak_for_compact = |k: &[u8; 32]| {
        matches!(
            compact(k),
            Err(ed25519_compact::Error::WeakPublicKey | ed25519_compact::Error::NonCanonical)
        )
    };
    // ed25519-compact refuses them all too (the identity with its sign bit set, "-0", as not a
    // valid encoding rather than as weak).
    for k in &with_both_signs {
        assert!(refused_by_begin(k), "{k:02x?} reached the signature");
        assert!(compact(k).is_err(), "{k:02x?}: ed25519-compact accepts it");
    }
    // Random keys (a fixed xorshift): what ed25519-compact calls weak or non-canonical, begin
    // refuses, and what begin refuses, ed25519-compact does too.
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..500 {
        let mut k = [0u8; 32];
        for b in k.iter_mut() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            *b = state as u8;
        }
        let refused = refused_by_begin(&k);
        assert!(!weak_for_compact(&k) || refused, "{k:02x?}");
        assert!(!refused || compact(&k).is_err(), "{k:02x?}");
    }
    // A good key is pending on WebCrypto's Ed25519.
    let good = Jwks::parse(good_jwks().as_bytes()).unwrap();
    match begin(&good_token(), &good, &v(), at()) {
        Ok(Verification::Pending(p)) => {
            assert_eq!(p.params.name, "Ed25519");
            assert_eq!(p.signature.len(), 64);
            assert!(p.key_jwk.iter().any(|(n, v)| *n == "crv" && v == "Ed25519"));
        }
        other => panic!("{other:?}"),
    }
}

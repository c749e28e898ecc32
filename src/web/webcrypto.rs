//! The signature check of every algorithm (Ed25519, ES256, ES512, RS256, PS256), through the
//! browser's WebCrypto (`crypto.subtle.importKey("jwk", ...)` then `verify`). The pure core has
//! already chosen and checked the key (Ed25519's weak keys too, which WebCrypto accepts) and the
//! signature's format ([`crate::jwt::begin`]); this only moves bytes.
//!
//! Where WebCrypto has no Ed25519 (Chromium before 137, Firefox before 129, Safari before 17, or
//! no `crypto.subtle` at all outside a secure context), an Ed25519 signature goes to the verifier
//! the package loads on demand: ed25519-compact in a module of its own (pkg/ed25519.js, from
//! ed25519-fallback/), which index.js hands to the client as a loader.
//!
//! The browser calls themselves are in browser.js, one import: each JavaScript object, promise
//! and await costs the module more than the same lines cost in JavaScript. It answers what
//! happened as a code, and the errors are made here.

use super::js::{coded, set_str};
use super::tasks::settled;
use crate::error::{Error, ErrorKind, Result};
use crate::jwt::{PendingSignature, VerifiedJwt};
use js_sys::{Function, Object, Promise};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

#[wasm_bindgen(module = "/src/web/browser.js")]
extern "C" {
    /// See browser.js: resolves a code, then a message for some codes; never rejects.
    #[wasm_bindgen(js_name = verify)]
    #[allow(clippy::too_many_arguments)]
    fn js_verify(
        key: &Object,
        name: &str,
        named_curve: &str,
        hash: &str,
        salt_length: u32,
        signature: &[u8],
        data: &[u8],
        ed25519_key: &[u8],
        load: &JsValue,
    ) -> Promise;
}

/// Verifies the pending signature with WebCrypto and, when it holds, the claims. An Ed25519
/// signature that WebCrypto cannot check goes to `load_ed25519`'s verifier: `() =>
/// Promise<(key, message, signature) => boolean>` (index.js's loads pkg/ed25519.js).
///
/// # Errors
/// `WEBCRYPTO_UNAVAILABLE` without `crypto.subtle` (insecure contexts), or for Ed25519 without
/// it or its Ed25519 and without a verifier; `NETWORK_ERROR` when the verifier does not load
/// (tried again at the next refresh); `JWT_KEY_INVALID` when WebCrypto refuses
/// the key; `JWT_SIGNATURE_INVALID` when the signature does not verify; the claims' codes after
/// that.
pub async fn verify_pending(
    p: PendingSignature<'_>,
    load_ed25519: Option<&Function>,
) -> Result<VerifiedJwt> {
    let params = p.params;
    let key = Object::new();
    for (name, value) in &p.key_jwk {
        set_str(&key, name, value);
    }
    let answer = js_verify(
        &key,
        params.name,
        params.named_curve.unwrap_or_default(),
        params.hash,
        params.salt_length.unwrap_or_default(),
        &p.signature,
        p.signing_input.as_bytes(),
        &p.ed25519_key(),
        load_ed25519.map_or(&JsValue::UNDEFINED, |f| f.as_ref()),
    );
    let answer = settled(answer)
        .await
        .ok()
        .and_then(|a| a.as_string())
        .unwrap_or_default();
    let (code, message) = coded(&answer);
    let unavailable = |why: &str| {
        Error::new(
            ErrorKind::WebCryptoUnavailable,
            ["this browser's WebCrypto cannot verify Ed25519, and ", why].concat(),
        )
    };
    Err(match code {
        Some(b'1') => return p.finish(true),
        Some(b'2') => Error::new(
            ErrorKind::JwtKeyInvalid,
            ["WebCrypto refused the JWKS key: ", message].concat(),
        ),
        Some(b'3') => Error::new(
            ErrorKind::WebCryptoUnavailable,
            [
                "crypto.subtle is unavailable (not a secure context?): cannot verify ",
                p.alg.as_str(),
            ]
            .concat(),
        ),
        Some(b'4') => {
            unavailable("no Ed25519 verifier was given (the package's index.js gives ed25519.js)")
        }
        // A module that did not load is a network failure, tried again at the next refresh (not
        // a permanent error of the set-up).
        Some(b'5') => Error::new(
            ErrorKind::Network,
            ["the Ed25519 verifier (ed25519.js) did not load: ", message].concat(),
        ),
        Some(b'6') => unavailable("its verifier is not a function"),
        _ => return p.finish(false),
    })
}

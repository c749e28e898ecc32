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
//! Both methods are imported with `catch` and their promises awaited through `JsFuture`, which
//! turns a throw or a rejection into `Err`: an uncaught throw would otherwise leave the
//! verification's future pending for ever.

use super::js::{get, set_num, set_str};
use crate::error::{Error, ErrorKind, Result};
use crate::jwt::{PendingSignature, VerifiedJwt};
use crate::prelude::*;
use js_sys::{Array, Function, Object, Promise, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// `SubtleCrypto` (<https://developer.mozilla.org/docs/Web/API/SubtleCrypto>), only the two
    /// methods used (web-sys's binding would bring every method's glue).
    type Subtle;

    #[wasm_bindgen(method, catch, js_name = importKey)]
    fn import_key(
        this: &Subtle,
        format: &str,
        key: &Object,
        algorithm: &Object,
        extractable: bool,
        usages: &Array,
    ) -> core::result::Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch)]
    fn verify(
        this: &Subtle,
        algorithm: &Object,
        key: &JsValue,
        signature: &Uint8Array,
        data: &Uint8Array,
    ) -> core::result::Result<Promise, JsValue>;
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
    p: PendingSignature,
    load_ed25519: Option<&Function>,
) -> Result<VerifiedJwt> {
    let subtle = get(&get(&js_sys::global(), "crypto"), "subtle");
    if !subtle.is_object() {
        if p.alg.is_ed25519() {
            return fallback(p, load_ed25519).await;
        }
        return Err(Error::new(
            ErrorKind::WebCryptoUnavailable,
            [
                "crypto.subtle is unavailable (not a secure context?): cannot verify ",
                p.alg.as_str(),
            ]
            .concat(),
        ));
    }
    let subtle: Subtle = subtle.unchecked_into();
    let params = p.params;
    let key_data = Object::new();
    for (name, value) in &p.key_jwk {
        set_str(&key_data, name, value);
    }
    let import_alg = Object::new();
    set_str(&import_alg, "name", params.name);
    match params.named_curve {
        Some(curve) => set_str(&import_alg, "namedCurve", curve),
        None => set_str(&import_alg, "hash", params.hash),
    }
    let imported = match subtle.import_key(
        "jwk",
        &key_data,
        &import_alg,
        false,
        &Array::of1(&"verify".into()),
    ) {
        Ok(promise) => JsFuture::from(promise).await,
        Err(e) => Err(e),
    };
    let key = match imported {
        Ok(key) => key,
        // An algorithm the browser does not know (the key's own faults are `DataError`s).
        Err(e) if p.alg.is_ed25519() && get(&e, "name") == "NotSupportedError" => {
            return fallback(p, load_ed25519).await
        }
        Err(e) => {
            return Err(Error::new(
                ErrorKind::JwtKeyInvalid,
                ["WebCrypto refused the JWKS key: ", &message(&e)].concat(),
            ))
        }
    };
    let verify_alg = Object::new();
    set_str(&verify_alg, "name", params.name);
    if params.named_curve.is_some() {
        set_str(&verify_alg, "hash", params.hash);
    }
    if let Some(salt) = params.salt_length {
        set_num(&verify_alg, "saltLength", salt.into());
    }
    let signature = Uint8Array::from(p.signature.as_slice());
    let data = Uint8Array::from(p.signing_input.as_bytes());
    // A throw or a rejection (an operation error) is a signature that does not verify.
    let valid = match subtle.verify(&verify_alg, &key, &signature, &data) {
        Ok(promise) => JsFuture::from(promise).await.ok(),
        Err(_) => None,
    };
    p.finish(valid.is_some_and(|v| v.as_bool() == Some(true)))
}

/// An Ed25519 signature through the loaded verifier (ed25519-compact).
async fn fallback(p: PendingSignature, load: Option<&Function>) -> Result<VerifiedJwt> {
    let unavailable = |why: &str| {
        Error::new(
            ErrorKind::WebCryptoUnavailable,
            ["this browser's WebCrypto cannot verify Ed25519, and ", why].concat(),
        )
    };
    let Some(load) = load else {
        return Err(unavailable(
            "no Ed25519 verifier was given (the package's index.js gives ed25519.js)",
        ));
    };
    let verifier = match load.call0(&JsValue::UNDEFINED) {
        Ok(promise) => JsFuture::from(Promise::resolve(&promise)).await,
        Err(e) => Err(e),
    }
    // A module that did not load is a network failure, tried again at the next refresh (not a
    // permanent error of the set-up).
    .map_err(|e| {
        Error::new(
            ErrorKind::Network,
            [
                "the Ed25519 verifier (ed25519.js) did not load: ",
                &message(&e),
            ]
            .concat(),
        )
    })?;
    let Some(verify) = verifier.dyn_ref::<Function>() else {
        return Err(unavailable("its verifier is not a function"));
    };
    // A throw (a trap in its module) is a signature that does not verify.
    let valid = verify
        .call3(
            &JsValue::UNDEFINED,
            &Uint8Array::from(p.ed25519_key().as_slice()),
            &Uint8Array::from(p.signing_input.as_bytes()),
            &Uint8Array::from(p.signature.as_slice()),
        )
        .ok();
    p.finish(valid.is_some_and(|v| v.as_bool() == Some(true)))
}

/// A thrown value's `message`, or nothing.
fn message(e: &JsValue) -> String {
    get(e, "message").as_string().unwrap_or_default()
}

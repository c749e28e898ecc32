//! The signature check of ES256, ES512, RS256 and PS256, through the browser's WebCrypto
//! (`crypto.subtle.importKey("jwk", ...)` then `verify`). The pure core has already chosen and
//! checked the key and the signature's format ([`crate::jwt::begin`]); this only moves bytes.
//!
//! Both methods are imported with `catch` and their promises awaited through `JsFuture`, which
//! turns a throw or a rejection into `Err`: an uncaught throw would otherwise leave the
//! verification's future pending for ever.

use super::js::{get, set};
use crate::error::{Error, ErrorKind, Result};
use crate::jwt::{PendingSignature, VerifiedJwt};
use js_sys::{Array, Object, Promise, Uint8Array};
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

/// Verifies the pending signature with WebCrypto and, when it holds, the claims.
///
/// # Errors
/// `WEBCRYPTO_UNAVAILABLE` without `crypto.subtle` (insecure contexts); `JWT_KEY_INVALID` when
/// WebCrypto refuses the key; `JWT_SIGNATURE_INVALID` when the signature does not verify; the
/// claims' codes after that.
pub async fn verify_pending(p: PendingSignature) -> Result<VerifiedJwt> {
    let subtle = get(&get(&js_sys::global(), "crypto"), "subtle");
    if !subtle.is_object() {
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
        set(&key_data, name, &JsValue::from_str(value));
    }
    let import_alg = Object::new();
    set(&import_alg, "name", &params.name.into());
    match params.named_curve {
        Some(curve) => set(&import_alg, "namedCurve", &curve.into()),
        None => set(&import_alg, "hash", &params.hash.into()),
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
    let key = imported.map_err(|e| {
        Error::new(
            ErrorKind::JwtKeyInvalid,
            [
                "WebCrypto refused the JWKS key: ",
                &get(&e, "message").as_string().unwrap_or_default(),
            ]
            .concat(),
        )
    })?;
    let verify_alg = Object::new();
    set(&verify_alg, "name", &params.name.into());
    if params.named_curve.is_some() {
        set(&verify_alg, "hash", &params.hash.into());
    }
    if let Some(salt) = params.salt_length {
        set(&verify_alg, "saltLength", &salt.into());
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

//! The signature check of ES256, ES512, RS256 and PS256, through the browser's WebCrypto
//! (`crypto.subtle.importKey("jwk", ...)` then `verify`). The pure core has already chosen and
//! checked the key and the signature's format ([`crate::jwt::begin`]); this only moves bytes.
//!
//! Every call into JavaScript goes through `Reflect`/`Function::apply`, which catch what they
//! throw, and every promise is awaited through `JsFuture`, which turns a rejection into `Err`:
//! a throwing import would otherwise leave the verification's future pending for ever.

use super::js::{get, set};
use crate::error::{Error, ErrorKind, Result};
use crate::jwt::{PendingSignature, VerifiedJwt};
use js_sys::{Array, Function, Object, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `subtle[method](...args)`, awaited.
async fn call(subtle: &JsValue, method: &str, args: &Array) -> Result<JsValue, JsValue> {
    let f: Function = get(subtle, method).dyn_into()?;
    let promise: js_sys::Promise = f.apply(subtle, args)?.dyn_into()?;
    JsFuture::from(promise).await
}

fn reason(e: &JsValue) -> String {
    let message = get(e, "message");
    message
        .as_string()
        .or_else(|| e.as_string())
        .unwrap_or_default()
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
    let params = p.params;
    let key_data = js_sys::JSON::parse(&p.key_jwk).unwrap_or_default();
    let import_alg = Object::new();
    set(&import_alg, "name", &params.name.into());
    match params.named_curve {
        Some(curve) => set(&import_alg, "namedCurve", &curve.into()),
        None => set(&import_alg, "hash", &params.hash.into()),
    }
    let usages = Array::of1(&"verify".into());
    let import_args = Array::of5(
        &"jwk".into(),
        &key_data,
        &import_alg,
        &JsValue::FALSE,
        &usages,
    );
    let key = call(&subtle, "importKey", &import_args)
        .await
        .map_err(|e| {
            Error::new(
                ErrorKind::JwtKeyInvalid,
                ["WebCrypto refused the JWKS key: ", &reason(&e)].concat(),
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
    let verify_args = Array::of4(&verify_alg, &key, &signature, &data);
    // A rejected verify (an operation error) is a signature that does not verify.
    let valid = call(&subtle, "verify", &verify_args)
        .await
        .map(|v| v.as_bool() == Some(true))
        .unwrap_or(false);
    p.finish(valid)
}

//! Conversions between Rust results and the JavaScript shapes of Better Auth's client.

use crate::error::Error;
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

fn set(obj: &Object, key: &str, value: &JsValue) {
    // Reflect::set on a fresh plain object cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

/// `{ code, message, status }`, the `error` of a `{ data, error }` result.
pub(crate) fn error_object(err: &Error) -> JsValue {
    let obj = Object::new();
    set(&obj, "code", &JsValue::from_str(err.code()));
    set(&obj, "message", &JsValue::from_str(err.message()));
    set(
        &obj,
        "status",
        &err.status().map_or(JsValue::from(0), JsValue::from),
    );
    obj.into()
}

/// A thrown JavaScript `Error` whose `name`, `code` and `status` a caller can branch on.
pub(crate) fn js_error(err: &Error) -> JsValue {
    let e = js_sys::Error::new(err.message());
    e.set_name("BetterAuthWasmError");
    set(&e, "code", &JsValue::from_str(err.code()));
    set(
        &e,
        "status",
        &err.status().map_or(JsValue::from(0), JsValue::from),
    );
    e.into()
}

/// JSON to a plain JavaScript value (objects, not Maps).
pub(crate) fn to_js(value: &serde_json::Value) -> JsValue {
    use serde::Serialize;
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&ser).unwrap_or(JsValue::NULL)
}

/// `{ data, error }`.
pub(crate) fn result_object(result: Result<JsValue, Error>) -> JsValue {
    let obj = Object::new();
    match result {
        Ok(data) => {
            set(&obj, "data", &data);
            set(&obj, "error", &JsValue::NULL);
        }
        Err(err) => {
            set(&obj, "data", &JsValue::NULL);
            set(&obj, "error", &error_object(&err));
        }
    }
    obj.into()
}

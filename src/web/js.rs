//! Conversions between Rust results and the JavaScript shapes of Better Auth's client.

use crate::error::Error;
use wasm_bindgen::JsValue;

// The global scope's `setTimeout` (the token lock's delayed release; the lifecycle's timer is
// browser.js's), window or worker alike: one import, with no lookup of the global object on the
// way. It throws where the scope lacks it (`catch`).
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `setTimeout(callback, ms)`: its handle.
    #[wasm_bindgen(catch, js_name = setTimeout)]
    pub(crate) fn set_timeout(callback: &JsValue, ms: f64) -> Result<JsValue, JsValue>;
    /// `JSON.parse(text)`, for JSON the crate wrote (it cannot throw).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse)]
    fn parse_own_json(text: &str) -> JsValue;
    /// `target[key] = value` (`Reflect.set`), on objects the crate made: plain objects, where it
    /// cannot throw. The key is passed as Rust's bytes: no JavaScript string made and dropped.
    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    pub(crate) fn set(target: &JsValue, key: &str, value: &JsValue);
    /// The same, for a string value.
    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    pub(crate) fn set_str(target: &JsValue, key: &str, value: &str);
    /// The same, for a number.
    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    pub(crate) fn set_num(target: &JsValue, key: &str, value: f64);
    /// `Reflect.get(target, key)`: throws when `target` is not an object.
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = get)]
    fn reflect_get(target: &JsValue, key: &str) -> Result<JsValue, JsValue>;
}

/// `target[key]`, `undefined` when reading it throws.
pub(crate) fn get(target: &JsValue, key: &str) -> JsValue {
    reflect_get(target, key).unwrap_or_default()
}

/// browser.js's coded answers: the first character says what happened, the rest is what the
/// browser said (possibly nothing).
pub(crate) fn coded(answer: &str) -> (Option<u8>, &str) {
    (answer.bytes().next(), answer.get(1..).unwrap_or_default())
}

#[wasm_bindgen::prelude::wasm_bindgen(module = "/src/web/browser.js")]
extern "C" {
    /// See browser.js: `{ code, message, status }`, or with `thrown` the same members on an
    /// `Error` named "BetterAuthWasmError".
    fn failure(code: &str, message: &str, status: f64, thrown: bool) -> JsValue;
}

/// `{ code, message, status }`: the state's `error`, and the members of [`js_error`].
pub(crate) fn error_object(err: &Error) -> JsValue {
    failure(err.code(), err.message(), status_of(err), false)
}

/// A thrown JavaScript `Error` whose `name`, `code` and `status` a caller can branch on: an
/// `Error` with the members of [`error_object`].
pub(crate) fn js_error(err: &Error) -> JsValue {
    failure(err.code(), err.message(), status_of(err), true)
}

fn status_of(err: &Error) -> f64 {
    err.status().map_or(0.0, f64::from)
}

/// JSON to a plain JavaScript value, as Better Auth's client gives an answer: `JSON.parse` of the
/// JSON text (the crate's own writer's, from the value read). So numbers are JavaScript numbers
/// (an integer beyond `Number.MAX_SAFE_INTEGER` is the nearest one, as `JSON.parse` makes it),
/// and a member named `__proto__` is an own property, not the object's prototype. One import
/// rather than a walk that calls into JavaScript for every member.
pub(crate) fn to_js(value: &crate::json::Value) -> JsValue {
    // The writer's text is JSON (strings escaped, floats finite and shortest round-trip): it
    // cannot throw.
    parse_own_json(&value.to_json())
}

/// A JavaScript value as JSON, as Better Auth's client sends a body: `JSON.stringify`'s text
/// (so `toJSON` applies: a `Date` is its ISO string; members that are `undefined`, functions or
/// symbols are left out of objects and `null` in arrays; `NaN` and infinities are `null`), read
/// back by the crate's JSON reader. `null` and `undefined` are `null`. `None` for what
/// `JSON.stringify` refuses (a BigInt, a cycle) or does not write (a function or a symbol given
/// itself), and beyond the reader's 127 levels of nesting (serde_json's limit).
///
/// One import rather than a walk that calls into JavaScript for every member.
pub(crate) fn json_of(value: &JsValue) -> Option<crate::json::Value> {
    if value.is_null() || value.is_undefined() {
        return Some(crate::json::Value::Null);
    }
    let text = js_sys::JSON::stringify(value).ok()?.as_string()?;
    crate::json::parse_value(text.as_bytes())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::json_of;
    use crate::json::json;
    use js_sys::{Array, Function, Object, Reflect};
    use wasm_bindgen::JsValue;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn js(text: &str) -> JsValue {
        Function::new_no_args(&["return ", text].concat())
            .call0(&JsValue::NULL)
            .unwrap()
    }

    #[wasm_bindgen_test]
    fn json_values_come_through() {
        for (text, want) in [
            ("null", json!(null)),
            ("undefined", json!(null)),
            ("true", json!(true)),
            ("-3", json!(-3)),
            ("9007199254740991", json!(9_007_199_254_740_991_i64)),
            ("1.5", json!(1.5)),
            ("NaN", json!(null)),
            ("1/0", json!(null)),
            ("'é'", json!("é")),
            // As `JSON.stringify` writes them for Better Auth's client: `undefined` members and
            // functions left out of objects, `null` in arrays; `toJSON` applied.
            (
                "({b: [1, 'x', {c: null}, undefined, () => 1], a: undefined, f() {}})",
                json!({"b": [1, "x", {"c": null}, null, null]}),
            ),
            (
                "({at: new Date(0)})",
                json!({"at": "1970-01-01T00:00:00.000Z"}),
            ),
            ("({toJSON: () => [1]})", json!([1])),
            ("new Map([['k', 1]])", json!({})),
            ("Object.create({inherited: 1})", json!({})),
        ] {
            assert_eq!(json_of(&js(text)), Some(want), "{text}");
        }
    }

    #[wasm_bindgen_test]
    fn json_goes_to_plain_javascript() {
        use super::to_js;
        use js_sys::JSON;
        let text = |v: &crate::json::Value| String::from(JSON::stringify(&to_js(v)).unwrap());
        let v = crate::json::parse_value(
            br#"{"z":[1,-2,1.5,null,true,"\u00e9"],"a":{"b":{}},"n":9007199254740991,"m":-9007199254740991}"#,
        )
        .unwrap();
        assert_eq!(
            text(&v),
            r#"{"z":[1,-2,1.5,null,true,"é"],"a":{"b":{}},"n":9007199254740991,"m":-9007199254740991}"#
        );
        // As `JSON.parse` gives them to Better Auth's client: an integer beyond 2^53 - 1 is the
        // nearest number.
        for (big, want) in [
            ("9007199254740993", "9007199254740992"),
            ("-9007199254740993", "-9007199254740992"),
            ("[18446744073709551615]", "[18446744073709552000]"),
        ] {
            let v = crate::json::parse_value(big.as_bytes()).unwrap();
            assert_eq!(text(&v), want, "{big}");
        }
        assert_eq!(
            text(&crate::json::parse_value(b"9007199254740992.0").unwrap()),
            "9007199254740992"
        );
        assert!(Array::is_array(&to_js(&json!([]))));
        // A member named `__proto__` stays a member, as `JSON.parse` makes it, not the prototype.
        let proto = crate::json::parse_value(br#"{"__proto__":{"x":1}}"#).unwrap();
        assert_eq!(text(&proto), r#"{"__proto__":{"x":1}}"#);
        assert!(Reflect::get(&to_js(&proto), &"x".into())
            .unwrap()
            .is_undefined());
        assert_eq!(json_of(&to_js(&v)), Some(v));
    }

    #[wasm_bindgen_test]
    fn what_json_cannot_hold_is_refused() {
        // What `JSON.stringify` throws on, or does not write at all.
        for text in ["2n**64n", "({a: [1n]})", "() => 1", "Symbol('s')"] {
            assert_eq!(json_of(&js(text)), None, "{text}");
        }
        let cycle = Object::new();
        Reflect::set(&cycle, &"self".into(), &cycle).unwrap();
        assert_eq!(json_of(&cycle), None);
        // Nesting up to the JSON reader's 127 levels (serde_json's) is fine, beyond it refused.
        let mut v: JsValue = Array::new().into();
        for _ in 1..127 {
            v = Array::of1(&v).into();
        }
        assert!(json_of(&v).is_some());
        assert_eq!(json_of(&Array::of1(&v).into()), None);
    }
}

//! Conversions between Rust results and the JavaScript shapes of Better Auth's client.

use crate::error::Error;
use crate::prelude::*;
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

/// `target[key] = value`, ignoring a refusal (on a fresh plain object it cannot fail).
pub(crate) fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// `target[key]`, `undefined` when reading it throws.
pub(crate) fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or_default()
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

/// JSON to a plain JavaScript value, as Better Auth's client gives an answer: `JSON.parse` of the
/// JSON text (the crate's own writer's, from the value read). So numbers are JavaScript numbers
/// (an integer beyond `Number.MAX_SAFE_INTEGER` is the nearest one, as `JSON.parse` makes it),
/// and a member named `__proto__` is an own property, not the object's prototype. One import
/// rather than a walk that calls into JavaScript for every member.
pub(crate) fn to_js(value: &crate::json::Value) -> JsValue {
    // The writer's text is JSON (strings escaped, floats finite and shortest round-trip): it
    // cannot throw.
    js_sys::JSON::parse(&value.to_json()).unwrap_or(JsValue::NULL)
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

/// How deeply a JavaScript value given to the client may nest before it is refused.
const MAX_JS_DEPTH: usize = 128;

/// A JavaScript value as JSON, read as serde-wasm-bindgen reads one into a `crate::json::Value`:
/// `null`/`undefined` are `null`, safe integers and BigInts in `i64`/`u64` are integers, other
/// numbers floats (`null` when not finite), arrays arrays, `Map`s with string keys and other
/// non-iterable objects (their own enumerable properties) objects. `None` for anything else
/// (functions, symbols, bytes, Sets, other iterables, non-string `Map` keys) and past
/// [`MAX_JS_DEPTH`] levels (where a cycle would otherwise overflow the stack).
///
/// By hand rather than through serde-wasm-bindgen's `Deserializer`, whose type errors format
/// floats: that formatter alone is 13 KB of wasm.
pub(crate) fn json_of(value: &JsValue) -> Option<crate::json::Value> {
    json_at(value, 0)
}

fn json_at(v: &JsValue, depth: usize) -> Option<crate::json::Value> {
    use crate::json::Value;
    use js_sys::{Array, ArrayBuffer, Map, Number, Symbol, Uint8Array};
    use wasm_bindgen::JsCast;
    if depth > MAX_JS_DEPTH {
        return None;
    }
    if v.loose_eq(&JsValue::NULL) {
        return Some(Value::Null);
    }
    if let Some(b) = v.as_bool() {
        return Some(Value::Bool(b));
    }
    if v.is_bigint() {
        return match i64::try_from(v.clone()) {
            Ok(n) => Some(n.into()),
            Err(v) => u64::try_from(v).ok().map(Value::from),
        };
    }
    if let Some(n) = v.as_f64() {
        return Some(if Number::is_safe_integer(v) {
            Value::from(n as i64)
        } else {
            crate::json::Number::from_f64(n).map_or(Value::Null, Value::Number)
        });
    }
    if let Some(s) = v.as_string() {
        return Some(Value::String(s));
    }
    let item = |x: JsValue| json_at(&x, depth + 1);
    if let Some(a) = v.dyn_ref::<Array>() {
        // A loop rather than `collect::<Option<Vec<_>>>()`, whose adapter is half a KB of wasm.
        let mut out = Vec::with_capacity(a.length() as usize);
        for x in a.iter() {
            out.push(item(x)?);
        }
        return Some(Value::Array(out));
    }
    if !v.is_object() || v.is_instance_of::<Uint8Array>() || v.is_instance_of::<ArrayBuffer>() {
        return None;
    }
    let entries = if let Some(m) = v.dyn_ref::<Map>() {
        Array::from(m)
    } else if Symbol::iterator().js_in(v) {
        return None;
    } else {
        js_sys::Object::entries(v.unchecked_ref())
    };
    let mut out = crate::json::Map::new();
    for pair in entries.iter() {
        let pair: Array = pair.unchecked_into();
        out.insert(pair.get(0).as_string()?, item(pair.get(1))?);
    }
    Some(Value::Object(out))
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
            ("2n**63n", json!(9_223_372_036_854_775_808_u64)),
            ("'é'", json!("é")),
            (
                "({b: [1, 'x', {c: null}], a: undefined})",
                json!({"a": null, "b": [1, "x", {"c": null}]}),
            ),
            (
                "new Map([['k', 1], ['j', [true]]])",
                json!({"k": 1, "j": [true]}),
            ),
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
        for text in [
            "2n**64n",
            "() => 1",
            "Symbol('s')",
            "new Set([1])",
            "new Uint8Array(2)",
            "new ArrayBuffer(2)",
            "new Map([[1, 'one']])",
            "[1, () => 1]",
            "({a: {b: Symbol()}})",
        ] {
            assert_eq!(json_of(&js(text)), None, "{text}");
        }
        let cycle = Object::new();
        Reflect::set(&cycle, &"self".into(), &cycle).unwrap();
        assert_eq!(json_of(&cycle), None);
        // Deep but finite nesting up to the limit is fine.
        let mut v: JsValue = Array::new().into();
        for _ in 0..super::MAX_JS_DEPTH {
            v = Array::of1(&v).into();
        }
        assert!(json_of(&v).is_some());
        assert_eq!(json_of(&Array::of1(&v).into()), None);
    }
}

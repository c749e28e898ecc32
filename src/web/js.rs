//! Conversions between Rust results and the JavaScript shapes of Better Auth's client.

use crate::error::Error;
use crate::prelude::*;
use wasm_bindgen::JsValue;

// The global scope's `setTimeout` (the token lock's delayed release; the lifecycle's timer is
// browser.js's), window or worker alike: one import, with no lookup of the global object on the
// way. It throws where the scope lacks it (`catch`).
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `setTimeout(callback, ms)`: its handle.
    #[wasm_bindgen(catch, js_name = setTimeout)]
    pub(crate) fn set_timeout(callback: &JsValue, ms: f64) -> Result<JsValue, JsValue>;
    /// `JSON.stringify(value)`: a string, or `undefined` for what it does not write; throws for
    /// what it refuses (a BigInt, a cycle, a throwing `toJSON`).
    #[wasm_bindgen(catch, js_namespace = JSON)]
    pub(crate) fn stringify(value: &JsValue) -> Result<JsValue, JsValue>;
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

/// The members the session core reads, off an answer as `JSON.parse` made it (see
/// [`crate::core::session::Fields`]): `undefined` when the answer is not an object.
impl crate::core::session::Fields for JsValue {
    fn is_true(&self, name: &str) -> bool {
        get(self, name).as_bool() == Some(true)
    }
    fn has_string(&self, name: &str) -> bool {
        get(self, name).is_string()
    }
    fn has_object(&self, name: &str) -> bool {
        let member = get(self, name);
        member.is_object() && !js_sys::Array::is_array(&member)
    }
}

/// An error answer's members, off the answer as `JSON.parse` made it (see
/// [`crate::api::ErrorMembers`]): all absent when it is not an object.
impl crate::api::ErrorMembers for JsValue {
    fn text(&self, name: &str) -> Option<Option<String>> {
        let member = get(self, name);
        if member.is_null() || member.is_undefined() {
            Some(None)
        } else {
            member.as_string().map(Some)
        }
    }

    fn json_text(&self, name: &str) -> Option<String> {
        let member = get(self, name);
        if member.is_null() || member.is_undefined() {
            None
        } else {
            // A value `JSON.parse` made: its text cannot fail.
            member
                .as_string()
                .or_else(|| super::input::json_text(&member, "").ok())
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use crate::api::error_from_answer;
    use crate::core::session::{needs_refresh, Answer};
    use wasm_bindgen::JsValue;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// An answer as browser.js's `send` reads it: `JSON.parse`, `undefined` when not JSON.
    fn answer(text: &str) -> JsValue {
        js_sys::JSON::parse(text).unwrap_or_default()
    }

    #[wasm_bindgen_test]
    fn error_answers_read_as_the_json_reader_reads_them() {
        for (status, body, code, message) in [
            (
                422,
                r#"{"message":"User exists.","code":"USER_EXISTS"}"#,
                "USER_EXISTS",
                "User exists.",
            ),
            (
                429,
                r#"{"message":"Too many requests."}"#,
                "HTTP_429",
                "Too many requests.",
            ),
            (404, "", "HTTP_404", "the server answered HTTP 404"),
            (500, "<html>", "HTTP_500", "the server answered HTTP 500"),
            (
                401,
                r#"{"detail":"Token expired"}"#,
                "HTTP_401",
                "Token expired",
            ),
            (
                400,
                r#"{"code":42,"message":"m"}"#,
                "HTTP_400",
                "the server answered HTTP 400",
            ),
            (
                400,
                r#"{"code":"C","message":["m"]}"#,
                "HTTP_400",
                "the server answered HTTP 400",
            ),
            (
                400,
                r#"["C","m"]"#,
                "HTTP_400",
                "the server answered HTTP 400",
            ),
            (400, r#""C""#, "HTTP_400", "the server answered HTTP 400"),
            (400, "null", "HTTP_400", "the server answered HTTP 400"),
            (
                403,
                r#"{"code":null,"message":null,"detail":{"a":[1,"é",null]}}"#,
                "HTTP_403",
                r#"{"a":[1,"é",null]}"#,
            ),
            (
                400,
                r#"{"code":"C","message":"","detail":"d"}"#,
                "C",
                "the server answered HTTP 400",
            ),
            // `JSON.parse` keeps the last of two members of one name, as the server's own does.
            (
                400,
                r#"{"code":"A","code":"B"}"#,
                "B",
                "the server answered HTTP 400",
            ),
        ] {
            let e = error_from_answer(status, &answer(body));
            assert_eq!((e.code(), e.message()), (code, message), "{body}");
            assert_eq!(e.status(), Some(status));
        }
    }

    #[wasm_bindgen_test]
    fn the_session_reads_its_members_off_javascript_values() {
        let read = |text: &str| Answer::read(&answer(text));
        assert!(read(r#"{"token":"t"}"#).carries_session);
        assert!(read(r#"{"user":{},"x":1}"#).carries_session);
        assert!(read(r#"{"session":{}}"#).carries_session);
        for text in [
            r#"{"token":1}"#,
            r#"{"user":[]}"#,
            r#"{"session":null}"#,
            "[]",
            "null",
            "\"token\"",
            "",
        ] {
            assert!(!read(text).carries_session, "{text}");
        }
        assert!(read(r#"{"twoFactorRedirect":true}"#).two_factor_redirect);
        assert!(!read(r#"{"twoFactorRedirect":"true"}"#).two_factor_redirect);
        assert!(needs_refresh(&answer(
            r#"{"session":{},"needsRefresh":true}"#
        )));
        assert!(!needs_refresh(&answer(r#"{"needsRefresh":1}"#)));
    }
}

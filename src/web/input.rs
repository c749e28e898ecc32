//! Readers of JavaScript input: request bodies, query objects and paths, each
//! checked by hand (derived readers' type errors format floats: kilobytes of wasm) and refused
//! with `INVALID_CONFIG` naming what is wrong.

use super::js::{get, set, stringify};
use crate::error::{quoted, Error, ErrorKind, Result};
use crate::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A JavaScript value as the JSON text a request sends, `JSON.stringify`'s, as Better Auth's
/// client sends a body (so `toJSON` applies: a `Date` is its ISO string; members that are
/// `undefined`, functions or symbols are left out of objects and `null` in arrays; `NaN` and
/// infinities are `null`); `INVALID_CONFIG` for what it refuses (a BigInt, a cycle) or does not
/// write (`undefined`, a function or a symbol given itself). The value itself is never read
/// into Rust.
pub(crate) fn json_text(value: &JsValue, what: &str) -> Result<String> {
    stringify(value)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| bad_input(what, "not representable as JSON"))
}

pub(crate) fn bad_input(what: &str, why: &str) -> Error {
    Error::new(ErrorKind::InvalidConfig, [what, ": ", why].concat())
}

/// Whether a body member is a string, a boolean, or either of them optional.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Member {
    Text,
    OptionalText,
    OptionalFlag,
}

/// The request body of an email flow, as JSON text: the `members` of `body` (read as
/// `body[name]`, so inherited ones count), checked against their kind, absent or `null` optional
/// ones left out; then the body's other own members as they are (`undefined` and `null` left
/// out, what JSON cannot represent refused), as Better Auth's client sends them: the server's
/// `user.additionalFields` arrive that way.
/// Checked by hand rather than by derived readers, whose type errors format floats (13 KB of wasm).
pub(crate) fn email_body(body: &JsValue, what: &str, members: &[(&str, Member)]) -> Result<String> {
    if !body.is_object() {
        return Err(bad_input(what, "not an object"));
    }
    let out = js_sys::Object::new();
    for &(name, kind) in members {
        let v = get(body, name);
        let fits = match kind {
            Member::OptionalFlag => v.as_bool().is_some(),
            _ => v.is_string(),
        };
        if fits {
            set(&out, name, &v);
        } else if kind == Member::Text {
            return Err(bad_input(what, &["missing string `", name, "`"].concat()));
        } else if !v.is_null() && !v.is_undefined() {
            let kind = if kind == Member::OptionalFlag {
                "a boolean"
            } else {
                "a string"
            };
            return Err(bad_input(what, &["`", name, "` must be ", kind].concat()));
        }
    }
    let object: &js_sys::Object = body.unchecked_ref();
    let keys = js_sys::Object::keys(object);
    // By index: `Array::iter` reads through an import of its own.
    for i in 0..keys.length() {
        let Some(name) = keys.get(i).as_string() else {
            continue;
        };
        let v = get(body, &name);
        if !v.is_null() && !v.is_undefined() && !members.iter().any(|&(known, _)| known == name) {
            // A member JSON cannot hold (a function, a symbol) is refused, not left out.
            json_text(&v, what)?;
            set(&out, &name, &v);
        }
    }
    json_text(&out, what)
}

#[wasm_bindgen]
extern "C" {
    /// `encodeURIComponent(text)`, its answer as a Rust string (it throws only for a lone
    /// surrogate, which a Rust string cannot hold).
    #[wasm_bindgen(js_name = encodeURIComponent)]
    fn encode_uri_component(text: &str) -> String;
}

/// A path below the base URL: `/segment/segment`, letters, digits, `-`, `_`, `.` only, no `..`.
pub(crate) fn checked_path(path: &str) -> Result<&str> {
    let ok = path.starts_with("/")
        && !path.as_bytes().windows(2).any(|w| w == b"//")
        && !path
            .as_bytes()
            .split(|&b| b == b'/')
            .any(|seg| seg == b".." || seg == b".")
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'));
    if ok {
        Ok(path)
    } else {
        Err(Error::new(
            ErrorKind::InvalidConfig,
            ["not an endpoint path: ", &quoted(path)].concat(),
        ))
    }
}

/// `?k=v&...` from a plain object of strings, numbers and booleans (empty for none); other
/// values as their JSON text, as the request bodies are written; `null` members left out. Read
/// as JSON: as `JSON.parse(JSON.stringify(query))`, so `toJSON` applies (a `Date` is its ISO
/// string) and `undefined` members are left out too.
// `push_str` of one-character strings: `push(char)` brings `String::push` (its UTF-8 encoder),
// which nothing else in the module uses (issue #13: -67 B gzip).
#[allow(clippy::single_char_add_str)]
pub(crate) fn query_string(query: &JsValue) -> Result<String> {
    if query.is_undefined() || query.is_null() {
        return Ok(String::new());
    }
    // Text `JSON.stringify` wrote: `JSON.parse` reads it.
    let query = crate::json::js_parse(&json_text(query, "query")?).unwrap_or_default();
    if !query.is_object() || js_sys::Array::is_array(&query) {
        return Err(bad_input("query", "not an object"));
    }
    let keys = js_sys::Object::keys(query.unchecked_ref::<js_sys::Object>());
    let mut out = String::new();
    for i in 0..keys.length() {
        let Some(k) = keys.get(i).as_string() else {
            continue;
        };
        let v = get(&query, &k);
        let v = match v.as_string() {
            Some(s) => s,
            None if v.is_null() => continue,
            // A JSON value: its text cannot fail.
            None => json_text(&v, "query")?,
        };
        out.push_str(if out.is_empty() { "?" } else { "&" });
        out.push_str(&encode_uri_component(&k));
        out.push_str("=");
        out.push_str(&encode_uri_component(&v));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::{email_body, json_text, query_string, Member};
    use js_sys::{Array, Function, Object, Reflect};
    use wasm_bindgen::JsValue;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn js(text: &str) -> JsValue {
        Function::new_no_args(&["return ", text].concat())
            .call0(&JsValue::NULL)
            .unwrap()
    }

    #[wasm_bindgen_test]
    fn request_bodies_are_json_stringify() {
        for (text, want) in [
            ("null", "null"),
            ("true", "true"),
            ("-3", "-3"),
            ("9007199254740993", "9007199254740992"),
            ("1.5", "1.5"),
            ("NaN", "null"),
            ("1/0", "null"),
            ("'é'", "\"é\""),
            // As `JSON.stringify` writes them for Better Auth's client: `undefined` members and
            // functions left out of objects, `null` in arrays; `toJSON` applied.
            (
                "({b: [1, 'x', {c: null}, undefined, () => 1], a: undefined, f() {}})",
                r#"{"b":[1,"x",{"c":null},null,null]}"#,
            ),
            (
                "({at: new Date(0)})",
                r#"{"at":"1970-01-01T00:00:00.000Z"}"#,
            ),
            ("({toJSON: () => [1]})", "[1]"),
            ("new Map([['k', 1]])", "{}"),
            ("Object.create({inherited: 1})", "{}"),
            ("({['__proto__']: {x: 1}})", r#"{"__proto__":{"x":1}}"#),
        ] {
            assert_eq!(json_text(&js(text), "body").unwrap(), want, "{text}");
        }
    }

    #[wasm_bindgen_test]
    fn what_json_cannot_hold_is_refused() {
        // What `JSON.stringify` throws on, or does not write at all.
        for text in [
            "2n**64n",
            "({a: [1n]})",
            "() => 1",
            "Symbol('s')",
            "undefined",
            "({toJSON() { throw 1 }})",
        ] {
            let e = json_text(&js(text), "body").unwrap_err();
            assert_eq!(e.code(), "INVALID_CONFIG", "{text}");
            assert_eq!(e.message(), "body: not representable as JSON", "{text}");
        }
        let cycle = Object::new();
        Reflect::set(&cycle, &"self".into(), &cycle).unwrap();
        assert!(json_text(&cycle, "body").is_err());
        // Deep nesting is the server's to refuse, as with Better Auth's client.
        let mut v: JsValue = Array::new().into();
        for _ in 0..1000 {
            v = Array::of1(&v).into();
        }
        assert!(json_text(&v, "body").is_ok());
    }

    #[wasm_bindgen_test]
    fn query_strings() {
        for (text, want) in [
            ("undefined", ""),
            ("null", ""),
            ("({})", ""),
            (
                "({a: 'x y', b: 2, c: true, d: null, e: undefined, f() {}, g: [1, 'é'], h: new Date(0)})",
                "?a=x%20y&b=2&c=true&g=%5B1%2C%22%C3%A9%22%5D&h=1970-01-01T00%3A00%3A00.000Z",
            ),
        ] {
            assert_eq!(query_string(&js(text)).unwrap(), want, "{text}");
        }
        for text in ["[1]", "'a=b'", "3", "({a: 1n})"] {
            let e = query_string(&js(text)).unwrap_err();
            assert_eq!(e.code(), "INVALID_CONFIG", "{text}");
        }
    }

    #[wasm_bindgen_test]
    fn email_bodies() {
        let members = &[
            ("email", Member::Text),
            ("name", Member::OptionalText),
            ("rememberMe", Member::OptionalFlag),
        ];
        let body = |text: &str| email_body(&js(text), "signIn.email", members);
        assert_eq!(
            body("({email: 'a@b.c', name: null, extra: {n: 1}, gone: null, also: undefined, rememberMe: false})").unwrap(),
            r#"{"email":"a@b.c","rememberMe":false,"extra":{"n":1}}"#
        );
        // Inherited members are read too.
        assert_eq!(
            body("Object.create({email: 'a@b.c'})").unwrap(),
            r#"{"email":"a@b.c"}"#
        );
        for (text, message) in [
            ("'x'", "signIn.email: not an object"),
            ("({})", "signIn.email: missing string `email`"),
            ("({email: 1})", "signIn.email: missing string `email`"),
            (
                "({email: 'a', name: 2})",
                "signIn.email: `name` must be a string",
            ),
            (
                "({email: 'a', rememberMe: 'yes'})",
                "signIn.email: `rememberMe` must be a boolean",
            ),
            (
                "({email: 'a', big: 1n})",
                "signIn.email: not representable as JSON",
            ),
        ] {
            let e = body(text).unwrap_err();
            assert_eq!(
                (e.code(), e.message()),
                ("INVALID_CONFIG", message),
                "{text}"
            );
        }
    }
}

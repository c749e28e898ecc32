//! Readers of JavaScript input: request bodies, query objects and paths, each
//! checked by hand (derived readers' type errors format floats: kilobytes of wasm) and refused
//! with `INVALID_CONFIG` naming what is wrong.

use super::js::{get, json_of};
use crate::error::{quoted, Error, ErrorKind, Result};
use crate::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A JavaScript value as JSON (see [`json_of`]); `INVALID_CONFIG` when it is not representable.
pub(crate) fn from_js(value: &JsValue, what: &str) -> Result<crate::json::Value> {
    json_of(value).ok_or_else(|| bad_input(what, "not representable as JSON"))
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

/// The request body of an email flow: the `members` of `body` (read as `body[name]`, so
/// inherited ones count), checked against their kind, absent or `null` optional ones left out;
/// then the body's other own members as they are (JSON values; `undefined` and `null` left out),
/// as Better Auth's client sends them: the server's `user.additionalFields` arrive that way.
/// Checked by hand rather than by derived readers, whose type errors format floats (13 KB of wasm).
pub(crate) fn email_body(
    body: &JsValue,
    what: &str,
    members: &[(&str, Member)],
) -> Result<crate::json::Value> {
    use crate::json::Value;
    if !body.is_object() {
        return Err(bad_input(what, "not an object"));
    }
    let mut out = crate::json::Map::new();
    for &(name, kind) in members {
        let v = get(body, name);
        match (from_js(&v, what)?, kind) {
            (Value::Null, Member::Text) => {
                return Err(bad_input(what, &["missing string `", name, "`"].concat()))
            }
            (Value::Null, _) => {}
            (v @ Value::String(_), Member::Text | Member::OptionalText)
            | (v @ Value::Bool(_), Member::OptionalFlag) => {
                out.insert(name.to_owned(), v);
            }
            _ => {
                let kind = if kind == Member::OptionalFlag {
                    "a boolean"
                } else {
                    "a string"
                };
                return Err(bad_input(what, &["`", name, "` must be ", kind].concat()));
            }
        }
    }
    let object: &js_sys::Object = body.unchecked_ref();
    let keys = js_sys::Object::keys(object);
    // By index: `Array::iter` reads through an import of its own.
    for i in 0..keys.length() {
        let Some(name) = keys.get(i).as_string() else {
            continue;
        };
        if members.iter().any(|&(known, _)| known == name) {
            continue;
        }
        let v = get(body, &name);
        match from_js(&v, what)? {
            Value::Null => {}
            v => {
                out.insert(name, v);
            }
        }
    }
    Ok(crate::json::Value::Object(out))
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
    let ok = path.starts_with('/')
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

/// `?k=v&...` from a plain object of strings, numbers and booleans (empty for none).
pub(crate) fn query_string(query: &JsValue) -> Result<String> {
    if query.is_undefined() || query.is_null() {
        return Ok(String::new());
    }
    let crate::json::Value::Object(map) = from_js(query, "query")? else {
        return Err(bad_input("query", "not an object"));
    };
    let mut out = String::new();
    for (k, v) in &map {
        let v = match v {
            crate::json::Value::String(s) => s.clone(),
            crate::json::Value::Null => continue,
            // The compact JSON text, as the request bodies are written.
            other => other.to_json(),
        };
        out.push(if out.is_empty() { '?' } else { '&' });
        out.push_str(&encode_uri_component(k));
        out.push('=');
        out.push_str(&encode_uri_component(&v));
    }
    Ok(out)
}

//! In the browser, JSON bytes are decoded by a fatal `TextDecoder` and read by `JSON.parse` (the
//! engine's: no UTF-8 check or reader of the crate's own in the wasm, about 1.9 KB gzip), and the
//! value it makes is walked into a [`Value`],
//! with the same verdicts as the crate's reader on everything the crate reads: invalid UTF-8,
//! text that is not exactly one JSON value, nesting past the limit, an escaped lone surrogate
//! (`JSON.parse` would keep it; a Rust string cannot hold it), and in strict reading a member
//! name given twice in one object (`JSON.parse` would keep the last; the text then holds more
//! members than the value it made).
//!
//! What differs, as `JSON.parse` gives it: a number is the nearest `f64`, so an integer beyond
//! 2^53 is rounded and `1.0` is the integer `1`; an object's members come in `Object.keys`
//! order (integer-like names first); and the duplicate's name is not in its error.

use super::{JsonError, Map, Number, Value, N};
use crate::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse(text)`: throws for what is not exactly one JSON value.
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    pub(crate) fn parse(text: &str) -> Result<JsValue, JsValue>;
}

#[wasm_bindgen(module = "/src/web/browser.js")]
extern "C" {
    /// See browser.js: `bytes` decoded as UTF-8 and read by `JSON.parse`, as `[value]`; `0`
    /// for bytes that are not UTF-8, `1` for text that is not JSON.
    fn json(bytes: &[u8]) -> JsValue;
}

/// Reads `bytes` as one JSON value; `strict`: refuses a name given twice in one object. `depth`:
/// the most levels of arrays and objects that read.
pub(super) fn read(bytes: &[u8], strict: bool, depth: usize) -> Result<Value, JsonError> {
    let read = json(bytes);
    if let Some(code) = read.as_f64() {
        return Err(if code == 0.0 {
            JsonError::Utf8
        } else {
            JsonError::Syntax
        });
    }
    let parsed = read.unchecked_ref::<js_sys::Array>().get(0);
    let written = scan(bytes)?;
    let mut walk = Walk { members: 0 };
    let value = walk.value(&parsed, depth)?;
    if strict && walk.members != written {
        return Err(JsonError::Duplicate(None));
    }
    Ok(value)
}

/// What the walk has seen: the members of every object.
struct Walk {
    members: usize,
}

impl Walk {
    fn value(&mut self, v: &JsValue, depth: usize) -> Result<Value, JsonError> {
        if let Some(s) = v.as_string() {
            return Ok(Value::String(s));
        }
        if let Some(f) = v.as_f64() {
            return number(f).map(Value::Number);
        }
        if let Some(b) = v.as_bool() {
            return Ok(Value::Bool(b));
        }
        if !v.is_object() {
            return Ok(Value::Null);
        }
        let depth = depth.checked_sub(1).ok_or(JsonError::TooDeep)?;
        if js_sys::Array::is_array(v) {
            let items: &js_sys::Array = v.unchecked_ref();
            let mut out = Vec::new();
            for i in 0..items.length() {
                out.push(self.value(&items.get(i), depth)?);
            }
            return Ok(Value::Array(out));
        }
        let keys = js_sys::Object::keys(v.unchecked_ref::<js_sys::Object>());
        let mut out = Map::new();
        for i in 0..keys.length() {
            let Some(name) = keys.get(i).as_string() else {
                continue;
            };
            let member = self.value(&crate::web::js::get(v, &name), depth)?;
            out.0.push((name, member));
        }
        self.members += out.len();
        Ok(Value::Object(out))
    }
}

/// A number as `JSON.parse` read it: an integer when it is one that fits `u64` or `i64` (as the
/// crate's reader keeps integers), else a finite float; beyond `f64` (`1e400`), refused as the
/// crate's reader refuses it.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)]
fn number(f: f64) -> Result<Number, JsonError> {
    // `as` saturates: a float beyond the integer's range does not compare equal after the
    // round trip (2^64, which `u64::MAX` rounds to, is kept out first). `-0` stays a float, as
    // the crate's reader keeps it.
    Ok(Number(
        if f.is_sign_positive() && f < 18_446_744_073_709_551_616.0 && (f as u64) as f64 == f {
            N::Pos(f as u64)
        } else if (f as i64) as f64 == f && f != 0.0 {
            N::Neg(f as i64)
        } else if f.is_finite() {
            N::Float(f)
        } else {
            return Err(JsonError::Syntax);
        },
    ))
}

/// Over JSON text `JSON.parse` has read: how many members its objects hold (one `:` outside
/// strings each), and `Err(Syntax)` for a `\u` escape of a lone surrogate.
fn scan(text: &[u8]) -> Result<usize, JsonError> {
    let mut members = 0;
    let mut in_string = false;
    let mut i = 0;
    while let Some(&c) = text.get(i) {
        i += 1;
        match (in_string, c) {
            (false, b':') => members += 1,
            (_, b'"') => in_string = !in_string,
            (true, b'\\') => {
                // `text[i]` is the escaped character; a `u` is followed by four hex digits.
                if text.get(i) == Some(&b'u') {
                    match surrogate(text.get(i + 1..i + 3)) {
                        Some(true) => {
                            if text.get(i + 5..i + 7) != Some(b"\\u")
                                || surrogate(text.get(i + 7..i + 9)) != Some(false)
                            {
                                return Err(JsonError::Syntax);
                            }
                            // Both escapes: `u` and four digits, `\u` and four digits.
                            i += 10;
                        }
                        Some(false) => return Err(JsonError::Syntax),
                        None => {}
                    }
                }
                i += 1;
            }
            _ => {}
        }
    }
    Ok(members)
}

/// The first two hex digits of a `\u` escape: `Some(true)` a high surrogate (`D800` to `DBFF`),
/// `Some(false)` a low one (`DC00` to `DFFF`), `None` anything else.
fn surrogate(digits: Option<&[u8]>) -> Option<bool> {
    match digits? {
        [b'd' | b'D', second] => match second.to_ascii_lowercase() {
            b'8'..=b'b' => Some(true),
            b'c'..=b'f' => Some(false),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::super::{read_here, MAX_JSON_DEPTH};
    use super::read;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// The browser's reading and the crate's own agree: the same verdict, and the same value
    /// where there is one (no number here is beyond what an `f64` holds exactly, and no object
    /// has integer-like names, whose order `Object.keys` changes).
    #[wasm_bindgen_test]
    fn agrees_with_the_crate_reader() {
        let texts = [
            r#"{"a":1,"b":[1,{"c":null}],"d":"x"}"#,
            r#"{"a:b":1,"c":"x:y","e":[":",":"]}"#,
            r#"{"\"":1,"\\":2,"\\\"":3,"q\"uo:te":"\":"}"#,
            r#"{"a":"\\ud800"}"#,
            r#"{"a":"\\\ud800"}"#,
            r#"{"a":"\ud83d\ude00","b":"\uD83D\uDE00","c":"\u00e9\u0041"}"#,
            r#"{"a":"\ud800"}"#,
            r#"{"a":"\udc00\ud800"}"#,
            r#"{"a":"\ud800\u0041"}"#,
            r#"{"a":"\ud800\\udc00"}"#,
            r#"{"a":"\ud800"#,
            r#"{"a":1,"a":2}"#,
            r#"{"a":1,"\u0061":2}"#,
            r#"{"x":{"a":1,"a":2}}"#,
            r#"[{"a":1},{"a":2}]"#,
            r#"{"x":[{"a":1},{"a":2}],"y":{"a":3}}"#,
            r#"{"a":"b","c":{"d":":","e":"\"\\"},"f":"\\"}"#,
            r#" {"a" : 1 , "b" : [ true , false , null ] } "#,
            r#"{"a":1} x"#,
            r#"{"a":1,}"#,
            r#"{"a":01}"#,
            r#"{"a":1e400}"#,
            r#"{"a":-1.5e-3,"b":-0,"c":9007199254740991,"d":-9007199254740991}"#,
            "[]",
            "\"s\"",
            "null",
            "",
            "{\"a\":\"\t\"}",
        ];
        for text in texts {
            for strict in [true, false] {
                let depth = if strict { MAX_JSON_DEPTH } else { 127 };
                let ours = read(text.as_bytes(), strict, depth);
                let here = read_here(text.as_bytes(), strict);
                match (&ours, &here) {
                    (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
                    (Err(_), Err(_)) => {}
                    _ => panic!("{text} ({strict}): {ours:?} but {here:?}"),
                }
            }
        }
        // Bytes that are not UTF-8 (a surrogate, an overlong form, beyond U+10FFFF, cut short)
        // and a BOM (UTF-8, but not JSON): the same errors.
        for bytes in [
            &b"{\"a\":\"\xed\xa0\x80\"}"[..],
            b"{\"a\":\"\xc0\xaf\"}",
            b"{\"a\":\"\xf4\x90\x80\x80\"}",
            b"{\"a\":1} \xc3",
            b"\xef\xbb\xbf{}",
            b"{\"\xc3\xa9\":\"\xf0\x9f\x98\x80\"}",
        ] {
            assert_eq!(
                read(bytes, true, MAX_JSON_DEPTH),
                read_here(bytes, true),
                "{bytes:?}"
            );
        }
        // Names: the crate's reader says which, the browser's only that one came twice.
        assert_eq!(
            read(br#"{"a":1,"a":2}"#, true, MAX_JSON_DEPTH)
                .unwrap_err()
                .message(),
            "duplicate member name"
        );
        // Lax, the last of two wins, in the place of the first, as in the crate's reader.
        assert_eq!(
            read(br#"{"a":1,"b":2,"a":3}"#, false, 127)
                .unwrap()
                .to_json(),
            r#"{"a":3,"b":2}"#
        );
    }

    #[wasm_bindgen_test]
    fn numbers_as_the_crate_reader_holds_them() {
        let num = |text: &str| read(text.as_bytes(), false, 1).unwrap();
        assert_eq!(num("3").as_u64(), Some(3));
        assert_eq!(num("-3").as_i64(), Some(-3));
        assert_eq!(num("-3").as_u64(), None);
        assert_eq!(num("1.5").as_u64(), None);
        assert_eq!(num("-0").as_u64(), None);
        assert_eq!(num("-0").as_f64().map(f64::is_sign_negative), Some(true));
        assert_eq!(num("-9223372036854775808").as_i64(), Some(i64::MIN));
        assert_eq!(
            num("18446744073709549568").as_u64(),
            Some(18_446_744_073_709_549_568)
        );
        assert_eq!(num("18446744073709551616").as_u64(), None);
        assert_eq!(num("-9223372036854777856").as_i64(), None);
        assert!(read(b"-1e400", false, 1).is_err());
    }
}

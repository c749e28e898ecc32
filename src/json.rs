//! Strict JSON for everything the crate reads: token parts, the JWKS and the auth server's answers.
//! Duplicate member names and deep nesting are errors.
//!
//! serde_json keeps the *last* of two members with the same name, while other parsers keep the
//! first; a header like `{"alg":"EdDSA","alg":"none"}` can then mean different things to the
//! server and to us. So every object is built here through a visitor that refuses a name it has
//! already seen (after unescaping, so `"a"` and `"\u0061"` collide), and that counts depth
//! itself instead of relying on serde_json's fixed recursion limit of 128.

use core::cell::Cell;
use core::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// How deeply objects and arrays may nest in a token header, token payload or JWKS.
/// Defaults to `32`: Better Auth payloads are flat (the user row), so anything near this is hostile.
pub const MAX_JSON_DEPTH: usize = 32;

/// Why strict parsing failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JsonError {
    /// Invalid UTF-8.
    Utf8,
    /// Not JSON, or trailing data.
    Syntax,
    /// The same member name twice in one object.
    Duplicate(String),
    /// Nested deeper than [`MAX_JSON_DEPTH`].
    TooDeep,
    /// Valid JSON but not an object at the top.
    NotObject,
}

impl JsonError {
    /// The message for humans. Built by concatenation rather than `Display`: the formatting
    /// machinery and serde_json's own messages cost kilobytes of wasm.
    pub(crate) fn message(&self) -> String {
        match self {
            JsonError::Utf8 => "invalid UTF-8".to_owned(),
            JsonError::Syntax => "invalid JSON".to_owned(),
            JsonError::Duplicate(k) => ["duplicate member name \"", k, "\""].concat(),
            JsonError::TooDeep => "JSON nested deeper than 32".to_owned(),
            JsonError::NotObject => "JSON is not an object".to_owned(),
        }
    }
}

// The message above spells the depth out.
const _: () = assert!(MAX_JSON_DEPTH == 32);

/// Parses `bytes` as one JSON object, refusing invalid UTF-8, duplicate names and deep nesting.
pub(crate) fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, JsonError> {
    // Checked first so invalid UTF-8 is reported as such even inside what would be a string.
    let text = core::str::from_utf8(bytes).map_err(|_| JsonError::Utf8)?;
    match read(text, true)? {
        Value::Object(map) => Ok(map),
        _ => Err(JsonError::NotObject),
    }
}

/// Parses `bytes` as any JSON value, as `serde_json::from_slice::<Value>` does: the last of two
/// members with the same name wins, and only serde_json's own nesting limit (128) applies. The
/// same reader as [`parse_object`], so that the wasm holds one JSON parser rather than two.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // the browser layer reads answers
pub(crate) fn parse_value(bytes: &[u8]) -> Option<Value> {
    read(core::str::from_utf8(bytes).ok()?, false).ok()
}

fn read(text: &str, strict: bool) -> Result<Value, JsonError> {
    // Why the visitor refused, carried beside serde's result. The visitor does not return an
    // error (`Error::custom` would bring serde_json's message parser into the wasm): it stops
    // reading instead, so that serde_json fails on what is left, and the refusal wins.
    let refused = Cell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let value = StrictSeed {
        depth: 0,
        strict,
        refused: &refused,
    }
    .deserialize(&mut de)
    .and_then(|value| de.end().map(|()| value));
    if let Some(why) = refused.take() {
        return Err(why);
    }
    value.map_err(|_| JsonError::Syntax)
}

struct StrictSeed<'r> {
    depth: usize,
    /// Refuse duplicate names and nesting past [`MAX_JSON_DEPTH`].
    strict: bool,
    refused: &'r Cell<Option<JsonError>>,
}

impl StrictSeed<'_> {
    fn again(&self) -> Self {
        Self {
            depth: self.depth,
            strict: self.strict,
            refused: self.refused,
        }
    }
}

impl<'de> DeserializeSeed<'de> for StrictSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(StrictVisitor {
            depth: self.depth,
            strict: self.strict,
            refused: self.refused,
        })
    }
}

struct StrictVisitor<'r> {
    depth: usize,
    strict: bool,
    refused: &'r Cell<Option<JsonError>>,
}

impl<'r> StrictVisitor<'r> {
    /// The seed for a member or element, or `None` (refused) past [`MAX_JSON_DEPTH`] when strict.
    fn child(&self) -> Option<StrictSeed<'r>> {
        if self.strict && self.depth >= MAX_JSON_DEPTH {
            self.refuse(JsonError::TooDeep);
            return None;
        }
        Some(StrictSeed {
            depth: self.depth + 1,
            strict: self.strict,
            refused: self.refused,
        })
    }

    /// Records `why` unless an earlier refusal is recorded; the caller then stops reading.
    fn refuse(&self, why: JsonError) {
        let first = self.refused.take().unwrap_or(why);
        self.refused.set(Some(first));
    }
}

impl<'de> Visitor<'de> for StrictVisitor<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // serde_json never produces a non-finite f64 from text; Null is a defensive fallback.
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    // Returning early leaves the rest of the array or object unread: serde_json then fails, and
    // `parse_object` reports the refusal (an empty array or object at the limit parses, but the
    // refusal is recorded all the same).
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        let Some(seed) = self.child() else {
            return Ok(Value::Null);
        };
        while let Some(v) = seq.next_element_seed(seed.again())? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        let Some(seed) = self.child() else {
            return Ok(Value::Null);
        };
        while let Some(key) = map.next_key::<String>()? {
            if self.strict && out.contains_key(&key) {
                self.refuse(JsonError::Duplicate(key));
                return Ok(Value::Null);
            }
            let v = map.next_value_seed(seed.again())?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::{parse_object, JsonError, MAX_JSON_DEPTH};

    fn nested(arrays: usize, inner: &str) -> String {
        [
            "{\"a\":",
            &"[".repeat(arrays),
            inner,
            &"]".repeat(arrays),
            "}",
        ]
        .concat()
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn verdicts() {
        let dup = |k: &str| Err(JsonError::Duplicate(k.to_owned()));
        let cases: Vec<(String, Result<usize, JsonError>)> = vec![
            (r#"{"a":1,"b":[1,{"c":null}]}"#.into(), Ok(2)),
            (r#"{"a":1,"a":2}"#.into(), dup("a")),
            (r#"{"a":1,"\u0061":2}"#.into(), dup("a")),
            (r#"{"x":{"a":1,"a":2},"x":3}"#.into(), dup("a")),
            (r#"{"a":1,"a":2 garbage"#.into(), dup("a")),
            (r#"{"a":1,"a":"#.into(), dup("a")),
            (r#"{"a":1,"b":2,"a":[]}"#.into(), dup("a")),
            (r#"{"a":1,"b":2,"a":[]} trailing"#.into(), dup("a")),
            (r#"{"a":[1,2,"#.into(), Err(JsonError::Syntax)),
            (r#"{"a":1} x"#.into(), Err(JsonError::Syntax)),
            (r#"{"a":1,"b":2 x,"a":3}"#.into(), Err(JsonError::Syntax)),
            ("[1]".into(), Err(JsonError::NotObject)),
            ("null".into(), Err(JsonError::NotObject)),
            (nested(MAX_JSON_DEPTH - 1, "1"), Ok(1)),
            (nested(MAX_JSON_DEPTH - 1, ""), Ok(1)),
            (nested(MAX_JSON_DEPTH, "1"), Err(JsonError::TooDeep)),
            (nested(MAX_JSON_DEPTH, ""), Err(JsonError::TooDeep)),
            (nested(MAX_JSON_DEPTH, "{}"), Err(JsonError::TooDeep)),
            (nested(1000, ""), Err(JsonError::TooDeep)),
            (
                nested(1000, "").replace("[", "{\"k\":").replace("]", "}"),
                Err(JsonError::TooDeep),
            ),
            (
                [
                    &nested(MAX_JSON_DEPTH, "")[..nested(MAX_JSON_DEPTH, "").len() - 1],
                    ",\"a\":1}",
                ]
                .concat(),
                Err(JsonError::TooDeep),
            ),
            ([r#"{"a":1,"a":"#, &nested(1000, "")].concat(), dup("a")),
        ];
        for (text, want) in cases {
            let got = parse_object(text.as_bytes()).map(|m| m.len());
            assert_eq!(got, want, "{text}");
        }
        assert_eq!(parse_object(b"{\"a\":\"\xff\"}"), Err(JsonError::Utf8));
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// `parse_value` is `serde_json::from_slice::<Value>`, duplicates and depth included.
        #[test]
        fn parse_value_is_serde_json(text in r#"[\[\]{}:,"ab0-9.e+ -]{0,40}"#) {
            use super::parse_value;
            let want = serde_json::from_slice::<serde_json::Value>(text.as_bytes()).ok();
            proptest::prop_assert_eq!(parse_value(text.as_bytes()), want);
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn parse_value_cases() {
        use super::parse_value;
        let deep = |n: usize| ["[".repeat(n), "]".repeat(n)].concat();
        for text in [
            r#"{"a":1,"a":[2,{"b":3,"b":null}]}"#.to_owned(),
            "null".into(),
            " [1, -2, 3.5e300, 1e400, \"\\u00e9\"] ".into(),
            "18446744073709551615".into(),
            "-9223372036854775809".into(),
            deep(100),
            deep(128),
            deep(129),
            "{} x".into(),
            "".into(),
        ] {
            let want = serde_json::from_slice::<serde_json::Value>(text.as_bytes()).ok();
            assert_eq!(parse_value(text.as_bytes()), want, "{text}");
        }
        assert_eq!(parse_value(b"\"\xff\""), None);
    }
}

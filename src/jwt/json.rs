//! Strict JSON for untrusted token parts: duplicate member names and deep nesting are errors.
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
    // Why the visitor refused, carried beside serde's result. The visitor does not return an
    // error (`Error::custom` would bring serde_json's message parser into the wasm): it stops
    // reading instead, so that serde_json fails on what is left, and the refusal wins.
    let refused = Cell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let value = StrictSeed {
        depth: 0,
        refused: &refused,
    }
    .deserialize(&mut de)
    .and_then(|value| de.end().map(|()| value));
    if let Some(why) = refused.take() {
        return Err(why);
    }
    let value = value.map_err(|_| JsonError::Syntax)?;
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(JsonError::NotObject),
    }
}

struct StrictSeed<'r> {
    depth: usize,
    refused: &'r Cell<Option<JsonError>>,
}

impl StrictSeed<'_> {
    fn again(&self) -> Self {
        Self {
            depth: self.depth,
            refused: self.refused,
        }
    }
}

impl<'de> DeserializeSeed<'de> for StrictSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(StrictVisitor {
            depth: self.depth,
            refused: self.refused,
        })
    }
}

struct StrictVisitor<'r> {
    depth: usize,
    refused: &'r Cell<Option<JsonError>>,
}

impl<'r> StrictVisitor<'r> {
    /// The seed for a member or element, or `None` (refused) past [`MAX_JSON_DEPTH`].
    fn child(&self) -> Option<StrictSeed<'r>> {
        if self.depth >= MAX_JSON_DEPTH {
            self.refuse(JsonError::TooDeep);
            return None;
        }
        Some(StrictSeed {
            depth: self.depth + 1,
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
            if out.contains_key(&key) {
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
}

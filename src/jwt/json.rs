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
    // Why the visitor refused, carried beside serde's error rather than inside its message.
    let refused = Cell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let value = StrictSeed {
        depth: 0,
        refused: &refused,
    }
    .deserialize(&mut de)
    .and_then(|value| de.end().map(|()| value))
    .map_err(|_| refused.take().unwrap_or(JsonError::Syntax))?;
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(JsonError::NotObject),
    }
}

struct StrictSeed<'r> {
    depth: usize,
    refused: &'r Cell<Option<JsonError>>,
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
    fn child<E: serde::de::Error>(&self) -> Result<StrictSeed<'r>, E> {
        if self.depth >= MAX_JSON_DEPTH {
            return Err(self.refuse(JsonError::TooDeep));
        }
        Ok(StrictSeed {
            depth: self.depth + 1,
            refused: self.refused,
        })
    }

    fn refuse<E: serde::de::Error>(&self, why: JsonError) -> E {
        self.refused.set(Some(why));
        E::custom("refused")
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

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(self.child()?)? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(self.refuse(JsonError::Duplicate(key)));
            }
            let v = map.next_value_seed(self.child()?)?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

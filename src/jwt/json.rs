//! Strict JSON for untrusted token parts: duplicate member names and deep nesting are errors.
//!
//! serde_json keeps the *last* of two members with the same name, while other parsers keep the
//! first; a header like `{"alg":"EdDSA","alg":"none"}` can then mean different things to the
//! server and to us. So every object is built here through a visitor that refuses a name it has
//! already seen (after unescaping, so `"a"` and `"\u0061"` collide), and that counts depth
//! itself instead of relying on serde_json's fixed recursion limit of 128.

use core::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
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
    Syntax(String),
    /// The same member name twice in one object.
    Duplicate(String),
    /// Nested deeper than [`MAX_JSON_DEPTH`].
    TooDeep,
    /// Valid JSON but not an object at the top.
    NotObject,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonError::Utf8 => f.write_str("invalid UTF-8"),
            JsonError::Syntax(m) => write!(f, "invalid JSON: {m}"),
            JsonError::Duplicate(k) => write!(f, "duplicate member name {k:?}"),
            JsonError::TooDeep => write!(f, "JSON nested deeper than {MAX_JSON_DEPTH}"),
            JsonError::NotObject => f.write_str("JSON is not an object"),
        }
    }
}

// Markers carried through serde's string errors so the caller can tell the cases apart.
const DUP_MARK: &str = "\u{1}duplicate:";
const DEPTH_MARK: &str = "\u{1}too deep";

/// Parses `bytes` as one JSON object, refusing invalid UTF-8, duplicate names and deep nesting.
pub(crate) fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, JsonError> {
    // Checked first so invalid UTF-8 is reported as such even inside what would be a string.
    let text = core::str::from_utf8(bytes).map_err(|_| JsonError::Utf8)?;
    let mut de = serde_json::Deserializer::from_str(text);
    let value = StrictSeed { depth: 0 }
        .deserialize(&mut de)
        .map_err(classify)?;
    de.end().map_err(classify)?;
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(JsonError::NotObject),
    }
}

fn classify(e: serde_json::Error) -> JsonError {
    let msg = e.to_string();
    if let Some(rest) = msg.strip_prefix(DUP_MARK) {
        // serde_json appends " at line X column Y"; keep only the name.
        let name = rest.rsplit_once(" at line ").map_or(rest, |(n, _)| n);
        JsonError::Duplicate(name.to_owned())
    } else if msg.starts_with(DEPTH_MARK) || msg.starts_with("recursion limit exceeded") {
        JsonError::TooDeep
    } else {
        JsonError::Syntax(msg)
    }
}

struct StrictSeed {
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for StrictSeed {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(StrictVisitor { depth: self.depth })
    }
}

struct StrictVisitor {
    depth: usize,
}

impl StrictVisitor {
    fn child<E: serde::de::Error>(&self) -> Result<StrictSeed, E> {
        if self.depth >= MAX_JSON_DEPTH {
            return Err(E::custom(DEPTH_MARK));
        }
        Ok(StrictSeed {
            depth: self.depth + 1,
        })
    }
}

impl<'de> Visitor<'de> for StrictVisitor {
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
                return Err(A::Error::custom(format_args!("{DUP_MARK}{key}")));
            }
            let v = map.next_value_seed(self.child()?)?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

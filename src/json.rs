//! The crate's own JSON: a value type, a strict reading for what the crate verifies (token parts,
//! the JWKS; on the host also the auth server's answers) and a compact writer.
//!
//! The reading: on the host, the crate's own reader (below); in the browser, the engine's
//! `JSON.parse`, its value walked into a [`Value`] and checked to the same verdicts (see
//! `json::browser`: no reader of the crate's own in the wasm). The auth server's answers, in the
//! browser, are not read into a [`Value`] at all: they stay what `JSON.parse` made, as Better
//! Auth's client reads them, and Rust reads only the members it decides on
//! (`core::session::Fields`).
//!
//! By hand rather than through serde/serde_json: their generic machinery, the BTreeMap behind
//! `serde_json::Map` and the converters to JavaScript cost kilobytes of wasm for the few shapes
//! this crate handles.
//!
//! Strictness: serde_json keeps the *last* of two members with the same name, while other parsers
//! keep the first; a header like `{"alg":"EdDSA","alg":"none"}` can then mean different things to
//! the server and to us. So `parse_object` refuses a name it has already seen (after
//! unescaping, so `"a"` and `"\u0061"` collide), and nesting deeper than [`MAX_JSON_DEPTH`].
//! `parse_value` reads as `serde_json::from_slice::<Value>` does: the last duplicate wins, and
//! nesting is limited to serde_json's 128.
//!
//! Objects keep their members in the order they were read or inserted (as JavaScript does; in
//! the browser, `Object.keys`' order).

use crate::prelude::*;
use core::ops::{Index, IndexMut};

#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
pub(crate) use browser::parse as js_parse;

/// How deeply objects and arrays may nest in a token header, token payload or JWKS.
/// Defaults to `32`: Better Auth payloads are flat (the user row), so anything near this is hostile.
pub const MAX_JSON_DEPTH: usize = 32;

/// serde_json's recursion limit, which [`parse_value`] keeps: its limit of 128 refuses the 128th
/// level already, so 127 levels of arrays and objects are the most that read.
const LAX_DEPTH: usize = 127;

/// Why strict parsing failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JsonError {
    /// Invalid UTF-8.
    Utf8,
    /// Not JSON, or trailing data.
    Syntax,
    /// The same member name twice in one object (named, except in the browser: see
    /// `json::browser`).
    Duplicate(Option<String>),
    /// Nested deeper than [`MAX_JSON_DEPTH`].
    TooDeep,
    /// Valid JSON but not an object at the top.
    NotObject,
}

impl JsonError {
    /// The message for humans. Built by concatenation rather than `Display`: the formatting
    /// machinery costs kilobytes of wasm.
    pub(crate) fn message(&self) -> String {
        match self {
            JsonError::Utf8 => "invalid UTF-8".to_owned(),
            JsonError::Syntax => "invalid JSON".to_owned(),
            JsonError::Duplicate(Some(k)) => ["duplicate member name \"", k, "\""].concat(),
            JsonError::Duplicate(None) => "duplicate member name".to_owned(),
            JsonError::TooDeep => "JSON nested deeper than 32".to_owned(),
            JsonError::NotObject => "JSON is not an object".to_owned(),
        }
    }
}

// The message above spells the depth out.
const _: () = assert!(MAX_JSON_DEPTH == 32);

/// A JSON value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Value {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object.
    Object(Map),
}

/// A JSON number: an integer exact in `u64`/`i64`, else a finite `f64` (as serde_json keeps them).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number(N);

// Never NaN.
impl Eq for Number {}

#[derive(Debug, Clone, Copy, PartialEq)]
// A tag byte of its own rather than a niche in a field: each match is one jump on one byte
// (issue #13, measured: smaller wasm).
#[repr(u8)]
enum N {
    /// Zero or more.
    Pos(u64),
    /// Below zero.
    Neg(i64),
    /// Finite.
    Float(f64),
}

impl Number {
    /// A finite `f64`; `None` for NaN and infinities, which JSON cannot hold.
    pub fn from_f64(f: f64) -> Option<Number> {
        f.is_finite().then_some(Number(N::Float(f)))
    }

    /// The number as `u64`, when it is an integer that fits.
    pub fn as_u64(&self) -> Option<u64> {
        match self.0 {
            N::Pos(u) => Some(u),
            _ => None,
        }
    }

    /// The number as `i64`, when it is an integer that fits.
    pub fn as_i64(&self) -> Option<i64> {
        match self.0 {
            N::Pos(u) => i64::try_from(u).ok(),
            N::Neg(i) => Some(i),
            N::Float(_) => None,
        }
    }

    /// The number as `f64` (integers beyond 2^53 rounded).
    #[allow(clippy::cast_precision_loss, clippy::unnecessary_wraps)]
    pub fn as_f64(&self) -> Option<f64> {
        Some(match self.0 {
            N::Pos(u) => u as f64,
            N::Neg(i) => i as f64,
            N::Float(f) => f,
        })
    }

    /// Whether it is held as an integer (`as_u64` or `as_i64` answers).
    pub fn is_integer(&self) -> bool {
        !matches!(self.0, N::Float(_))
    }

    fn write(&self, out: &mut String) {
        match self.0 {
            N::Pos(u) => write_u64(u, out),
            N::Neg(i) => {
                out.push('-');
                write_u64(i.unsigned_abs(), out);
            }
            N::Float(f) => write_f64(f, out),
        }
    }
}

/// The shortest text that reads back as `f` (finite).
///
/// In the browser, JavaScript's `Number.prototype.toString`: the same shortest round-trip digits
/// as zmij (serde_json's), spelled `1` and `0` where zmij writes `1.0` and `-0.0`, and without an
/// exponent below 1e21 (`18446744073709552000`, not `1.8446744073709552e+19`): valid JSON numbers
/// of the same value, without zmij's code and tables in the wasm. zmij elsewhere.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// JavaScript's `String(value)`: a number's shortest round-trip text, a BigInt's digits, an
    /// `Error`'s `name: message` (the browser layer's uses). Throws for nothing the crate passes.
    #[wasm_bindgen(js_name = String)]
    pub(crate) fn js_string(value: &wasm_bindgen::JsValue) -> String;
}

#[cfg(target_arch = "wasm32")]
fn write_f64(f: f64, out: &mut String) {
    out.push_str(&js_string(&f.into()));
}

#[cfg(not(target_arch = "wasm32"))]
fn write_f64(f: f64, out: &mut String) {
    out.push_str(zmij::Buffer::new().format_finite(f));
}

/// `u` in decimal, without the formatting machinery (also [`crate::error::decimal`]'s).
pub(crate) fn write_u64(mut u: u64, out: &mut String) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            // `u % 10` is below 10.
            #[allow(clippy::cast_possible_truncation)]
            let digit = (u % 10) as u8;
            *d = b'0' + digit;
        }
        u /= 10;
        if u == 0 || at == 0 {
            break;
        }
    }
    for &d in digits.get(at..).unwrap_or_default() {
        out.push(char::from(d));
    }
}

macro_rules! from_unsigned {
    ($($t:ty)*) => {$(
        impl From<$t> for Number {
            fn from(u: $t) -> Number {
                Number(N::Pos(u64::from(u)))
            }
        }
        impl From<$t> for Value {
            fn from(u: $t) -> Value {
                Value::Number(Number::from(u))
            }
        }
    )*};
}
from_unsigned!(u8 u16 u32 u64);

macro_rules! from_signed {
    ($($t:ty)*) => {$(
        impl From<$t> for Number {
            fn from(i: $t) -> Number {
                let i = i64::from(i);
                Number(match u64::try_from(i) {
                    Ok(u) => N::Pos(u),
                    Err(_) => N::Neg(i),
                })
            }
        }
        impl From<$t> for Value {
            fn from(i: $t) -> Value {
                Value::Number(Number::from(i))
            }
        }
    )*};
}
from_signed!(i8 i16 i32 i64);

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.to_owned())
    }
}

impl From<Map> for Value {
    fn from(m: Map) -> Value {
        Value::Object(m)
    }
}

impl From<Vec<Value>> for Value {
    fn from(v: Vec<Value>) -> Value {
        Value::Array(v)
    }
}

static NULL: Value = Value::Null;

impl Value {
    /// The member `name` of an object; `None` for a missing member or a non-object.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.as_object().and_then(|m| m.get(name))
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_number(&self) -> Option<&Number> {
        match self {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    /// An integer number that fits `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        self.as_number().and_then(Number::as_u64)
    }

    /// An integer number that fits `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        self.as_number().and_then(Number::as_i64)
    }

    /// Any number, as `f64`.
    pub fn as_f64(&self) -> Option<f64> {
        self.as_number().and_then(Number::as_f64)
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The members, mutably, if this is an object.
    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Whether this is a boolean.
    pub fn is_boolean(&self) -> bool {
        matches!(self, Value::Bool(_))
    }

    /// Whether this is a number.
    pub fn is_number(&self) -> bool {
        matches!(self, Value::Number(_))
    }

    /// Whether this is a string.
    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    /// Whether this is an array.
    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(_))
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    /// The compact JSON text, as `serde_json::to_string` writes it.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(true) => out.push_str("true"),
            Value::Bool(false) => out.push_str("false"),
            Value::Number(n) => n.write(out),
            Value::String(s) => write_str(s, out),
            Value::Array(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write(out);
                }
                out.push(']');
            }
            Value::Object(map) => {
                out.push('{');
                for (i, (k, v)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(k, out);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// The compact JSON text ([`Value::to_json`]).
impl core::fmt::Display for Value {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.to_json())
    }
}

/// `v["name"]`: the member, or `null` for a missing member or a non-object (as serde_json).
impl Index<&str> for Value {
    type Output = Value;
    fn index(&self, name: &str) -> &Value {
        self.get(name).unwrap_or(&NULL)
    }
}

/// `v["name"] = …`: the member, added as `null` when missing; a value that is not an object
/// becomes an empty one first (where serde_json panics unless it is `null`).
impl IndexMut<&str> for Value {
    fn index_mut(&mut self, name: &str) -> &mut Value {
        match self {
            Value::Object(map) => map.slot(name),
            _ => {
                *self = Value::Object(Map::new());
                self.index_mut(name)
            }
        }
    }
}

/// `v[i]`: the element, or `null` past the end or for a non-array (as serde_json).
impl Index<usize> for Value {
    type Output = Value;
    fn index(&self, i: usize) -> &Value {
        self.as_array().and_then(|a| a.get(i)).unwrap_or(&NULL)
    }
}

impl PartialEq<str> for Value {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for Value {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl PartialEq<bool> for Value {
    fn eq(&self, other: &bool) -> bool {
        self.as_bool() == Some(*other)
    }
}

impl PartialEq<i64> for Value {
    fn eq(&self, other: &i64) -> bool {
        self.as_i64() == Some(*other)
    }
}

impl PartialEq<u64> for Value {
    fn eq(&self, other: &u64) -> bool {
        self.as_u64() == Some(*other)
    }
}

impl PartialEq<i32> for Value {
    fn eq(&self, other: &i32) -> bool {
        self.as_i64() == Some(i64::from(*other))
    }
}

/// `s` as a JSON string literal, escaped as serde_json escapes it (in the browser, messages quote
/// through `JSON.stringify` instead: `error::quoted`).
#[cfg(any(not(target_arch = "wasm32"), test))]
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_str(s, &mut out);
    out
}

fn write_str(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => {
                let b = c as usize;
                out.push_str("\\u00");
                for nibble in [b >> 4, b & 15] {
                    out.push(char::from(HEX.get(nibble).copied().unwrap_or(b'0')));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A JSON object: its members in the order they were inserted, names unique.
///
/// A vector rather than a tree: objects here have a handful of members, and the code is smaller.
/// Lookups (`get`, `insert`, …) are linear. The reader does not look up: it reads an object's
/// members as they come, then finds duplicate names by sorting the indices by name (a hand-written
/// heapsort), O(n log n) at worst, so a hostile or wide auth-server answer cannot stall the page.
/// At 20,000 members (277 KB), in a native release build: 16 ms strict or lax, serde_json 8 ms
/// (before the sort: 1.7 s strict, 0.8 s lax); in a debug build 66–76 ms, serde_json 52 ms.
/// Equality ignores the order, as it does for serde_json's maps.
#[derive(Debug, Clone, Default)]
pub struct Map(Vec<(String, Value)>);

impl Map {
    /// An empty object.
    pub fn new() -> Map {
        Map(Vec::new())
    }

    /// The member `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// The member `name`, mutably.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Value> {
        self.0.iter_mut().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// The member `name`, added as `null` when missing.
    fn slot(&mut self, name: &str) -> &mut Value {
        let at = match self.0.iter().position(|(k, _)| k == name) {
            Some(at) => at,
            None => {
                self.0.push((name.to_owned(), Value::Null));
                self.0.len() - 1
            }
        };
        #[allow(clippy::indexing_slicing)] // found above, or just pushed
        &mut self.0[at].1
    }

    /// Whether there is a member `name`.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Sets the member `name` (in place when it exists, else last), returning its old value.
    pub fn insert(&mut self, name: String, value: Value) -> Option<Value> {
        match self.get_mut(&name) {
            Some(slot) => Some(core::mem::replace(slot, value)),
            None => {
                self.0.push((name, value));
                None
            }
        }
    }

    /// Removes the member `name`, keeping the others' order.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let at = self.0.iter().position(|(k, _)| k == name)?;
        Some(self.0.remove(at).1)
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no members.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The members, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The member names, in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    /// The member values, in order.
    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.0.iter().map(|(_, v)| v)
    }

    /// Keeps the members `keep` answers `true` for.
    pub fn retain(&mut self, mut keep: impl FnMut(&String, &mut Value) -> bool) {
        self.0.retain_mut(|(k, v)| keep(k, v));
    }
}

impl PartialEq for Map {
    fn eq(&self, other: &Map) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl Eq for Map {}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a String, &'a Value);
    type IntoIter = core::iter::Map<
        core::slice::Iter<'a, (String, Value)>,
        fn(&'a (String, Value)) -> (&'a String, &'a Value),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl IntoIterator for Map {
    type Item = (String, Value);
    type IntoIter = alloc::vec::IntoIter<(String, Value)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl FromIterator<(String, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Map {
        let mut map = Map::new();
        for (k, v) in iter {
            map.insert(k, v);
        }
        map
    }
}

impl Index<&str> for Map {
    type Output = Value;
    fn index(&self, name: &str) -> &Value {
        self.get(name).unwrap_or(&NULL)
    }
}

/// Parses `bytes` as one JSON object, refusing invalid UTF-8, duplicate names and deep nesting.
pub(crate) fn parse_object(bytes: &[u8]) -> Result<Map, JsonError> {
    match read(bytes, true)? {
        Value::Object(map) => Ok(map),
        _ => Err(JsonError::NotObject),
    }
}

/// Parses `bytes` as any JSON value, as `serde_json::from_slice::<Value>` does: the last of two
/// members with the same name wins (in the place of the first), and nesting is limited as
/// serde_json limits it (127 levels).
/// `None` for anything that is not exactly one JSON text.
pub fn parse_value(bytes: &[u8]) -> Option<Value> {
    read(bytes, false).ok()
}

fn read(bytes: &[u8], strict: bool) -> Result<Value, JsonError> {
    #[cfg(target_arch = "wasm32")]
    return browser::read(
        bytes,
        strict,
        if strict { MAX_JSON_DEPTH } else { LAX_DEPTH },
    );
    #[cfg(not(target_arch = "wasm32"))]
    return read_here(bytes, strict);
}

/// The crate's own reader (on the host; in the browser only for the tests, which compare it
/// with `JSON.parse`'s).
#[cfg(any(not(target_arch = "wasm32"), test))]
fn read_here(bytes: &[u8], strict: bool) -> Result<Value, JsonError> {
    // Checked first so invalid UTF-8 is reported as such even inside what would be a string;
    // the reader below then only splits the text at ASCII bytes.
    core::str::from_utf8(bytes).map_err(|_| JsonError::Utf8)?;
    let mut r = Reader {
        bytes,
        at: 0,
        strict,
    };
    let value = r.value(0)?;
    r.skip_space();
    if r.at == bytes.len() {
        Ok(value)
    } else {
        Err(JsonError::Syntax)
    }
}

/// The nearest `f64` to the JSON number `text` (infinite when too large).
///
/// In the browser, JavaScript's `parseFloat`, correctly rounded like core's parser but without
/// its tables (6 KB of wasm data); core's parser elsewhere.
#[cfg(any(not(target_arch = "wasm32"), test))]
#[cfg(target_arch = "wasm32")]
#[allow(clippy::unnecessary_wraps)]
fn parse_f64(text: &str) -> Result<f64, JsonError> {
    Ok(js_sys::Number::parse_float(text))
}

#[cfg(not(target_arch = "wasm32"))]
fn parse_f64(text: &str) -> Result<f64, JsonError> {
    text.parse().map_err(|_| JsonError::Syntax)
}

/// A recursive-descent reader over UTF-8 bytes. The first problem in reading order wins, so a
/// duplicate name is reported even when garbage follows it.
#[cfg(any(not(target_arch = "wasm32"), test))]
struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
    /// Refuse duplicate names and nesting past [`MAX_JSON_DEPTH`].
    strict: bool,
}

#[cfg(any(not(target_arch = "wasm32"), test))]
impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Consumes `b` (after whitespace) when it comes next.
    fn eat(&mut self, b: u8) -> bool {
        self.skip_space();
        let found = self.peek() == Some(b);
        if found {
            self.at += 1;
        }
        found
    }

    fn literal(&mut self, word: &[u8], value: Value) -> Result<Value, JsonError> {
        let end = self.at + word.len();
        if self.bytes.get(self.at..end) == Some(word) {
            self.at = end;
            Ok(value)
        } else {
            Err(JsonError::Syntax)
        }
    }

    /// A value whose containers sit `depth` levels deep (0 at the top).
    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.skip_space();
        match self.peek() {
            Some(b'n') => self.literal(b"null", Value::Null),
            Some(b't') => self.literal(b"true", Value::Bool(true)),
            Some(b'f') => self.literal(b"false", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number().map(Value::Number),
            Some(b'[') => {
                self.enter(depth)?;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(depth + 1)?);
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(JsonError::Syntax);
                        }
                    }
                }
                Ok(Value::Array(items))
            }
            Some(b'{') => {
                self.enter(depth)?;
                let mut members = Vec::new();
                let read = self.members(depth, &mut members);
                // The first problem in reading order wins: in strict mode, a name read twice
                // before the error.
                if read.is_ok() || self.strict {
                    dedup(&mut members, self.strict)?;
                }
                read?;
                Ok(Value::Object(Map(members)))
            }
            _ => Err(JsonError::Syntax),
        }
    }

    /// The members of an object (the reader after its `{`) appended to `members` as read, with
    /// their duplicate names, a name with `null` while its value is read.
    fn members(
        &mut self,
        depth: usize,
        members: &mut Vec<(String, Value)>,
    ) -> Result<(), JsonError> {
        if self.eat(b'}') {
            return Ok(());
        }
        loop {
            self.skip_space();
            if self.peek() != Some(b'"') {
                return Err(JsonError::Syntax);
            }
            members.push((self.string()?, Value::Null));
            if !self.eat(b':') {
                return Err(JsonError::Syntax);
            }
            let v = self.value(depth + 1)?;
            if let Some(last) = members.last_mut() {
                last.1 = v;
            }
            if self.eat(b'}') {
                return Ok(());
            }
            if !self.eat(b',') {
                return Err(JsonError::Syntax);
            }
        }
    }

    /// Opens an array or object at `depth`, refusing one level too many.
    fn enter(&mut self, depth: usize) -> Result<(), JsonError> {
        let limit = if self.strict {
            MAX_JSON_DEPTH
        } else {
            LAX_DEPTH
        };
        if depth >= limit {
            return Err(if self.strict {
                JsonError::TooDeep
            } else {
                JsonError::Syntax
            });
        }
        self.at += 1;
        Ok(())
    }

    /// A string literal, the reader on its opening quote.
    fn string(&mut self) -> Result<String, JsonError> {
        self.at += 1;
        let mut out = Vec::new();
        loop {
            // Copies the plain run up to the next quote, backslash or control character.
            let start = self.at;
            while matches!(self.peek(), Some(b) if b != b'"' && b != b'\\' && b >= 0x20) {
                self.at += 1;
            }
            out.extend_from_slice(self.bytes.get(start..self.at).unwrap_or_default());
            match self.next() {
                Some(b'"') => break,
                Some(b'\\') => {
                    let c = match self.next() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode_escape()?,
                        _ => return Err(JsonError::Syntax),
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                // A control character, or the end of the text.
                _ => return Err(JsonError::Syntax),
            }
        }
        // Runs split at ASCII bytes of valid UTF-8, and whole characters: valid UTF-8 again.
        String::from_utf8(out).map_err(|_| JsonError::Utf8)
    }

    /// The character of `\uXXXX` (the reader after the `u`), a surrogate pair taking two escapes;
    /// a lone surrogate is refused, as serde_json refuses it.
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if self.next() != Some(b'\\') || self.next() != Some(b'u') {
                    return Err(JsonError::Syntax);
                }
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(JsonError::Syntax);
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            _ => first,
        };
        char::from_u32(code).ok_or(JsonError::Syntax)
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut n = 0;
        for _ in 0..4 {
            let digit = self
                .next()
                .and_then(|b| char::from(b).to_digit(16))
                .ok_or(JsonError::Syntax)?;
            n = n * 16 + digit;
        }
        Ok(n)
    }

    /// A number, as serde_json reads one: an integer without fraction or exponent is kept exact
    /// when it fits `u64` (or, negative, `i64`; `-0` is the float `-0.0`), anything else is the
    /// nearest `f64`, and a number too large for `f64` is an error.
    fn number(&mut self) -> Result<Number, JsonError> {
        let start = self.at;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let digits = self.at;
        match self.next() {
            Some(b'0') => {}
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(JsonError::Syntax),
        }
        let int_end = self.at;
        let mut integer = true;
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.required_digits()?;
            integer = false;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.required_digits()?;
            integer = false;
        }
        if integer {
            if let Some(n) = self.integer(digits, int_end, negative) {
                return Ok(n);
            }
        }
        // ASCII only, so a valid `str`.
        let text = core::str::from_utf8(self.bytes.get(start..self.at).unwrap_or_default())
            .map_err(|_| JsonError::Syntax)?;
        Number::from_f64(parse_f64(text)?).ok_or(JsonError::Syntax)
    }

    /// The digits `bytes[from..to]` as an exact integer, when they fit.
    fn integer(&self, from: usize, to: usize, negative: bool) -> Option<Number> {
        let u = crate::num::decimal(self.bytes.get(from..to)?)?;
        if !negative {
            return Some(Number(N::Pos(u)));
        }
        // From -1 to -2^63; `-0` and beyond are floats, as in serde_json.
        if u == 0 {
            return None;
        }
        0i64.checked_sub_unsigned(u).map(|i| Number(N::Neg(i)))
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
    }

    fn required_digits(&mut self) -> Result<(), JsonError> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(JsonError::Syntax);
        }
        self.digits();
        Ok(())
    }
}

/// Resolves the duplicate names among an object's members, in O(n log n) for n members: strict,
/// the first member (in reading order) whose name came before is an error; lax, the last value
/// of a name takes the place of the first member of that name and the others go (as in
/// serde_json).
#[cfg(any(not(target_arch = "wasm32"), test))]
#[allow(clippy::indexing_slicing)] // indices below `members.len()`
fn dedup(members: &mut Vec<(String, Value)>, strict: bool) -> Result<(), JsonError> {
    let n = members.len();
    // The indices sorted by name, then index: a name's members together, first one first.
    let mut order: Vec<usize> = (0..n).collect();
    heapsort(&mut order, |a, b| (&members[a].0, a) < (&members[b].0, b));
    // `first[j]`: the first member with member j's name.
    let mut first: Vec<usize> = (0..n).collect();
    for w in order.windows(2) {
        if members[w[0]].0 == members[w[1]].0 {
            first[w[1]] = first[w[0]];
        }
    }
    for (j, &f) in first.iter().enumerate() {
        if f != j {
            if strict {
                return Err(JsonError::Duplicate(Some(core::mem::take(
                    &mut members[j].0,
                ))));
            }
            members[f].1 = core::mem::take(&mut members[j].1);
        }
    }
    let mut j = 0;
    members.retain(|_| {
        j += 1;
        first[j - 1] == j - 1
    });
    Ok(())
}

/// Sorts `items` by `less`, in O(n log n) at worst and in place. By hand: core's sorts cost
/// about 2.6 KB of gzipped wasm for this one use.
#[cfg(any(not(target_arch = "wasm32"), test))]
#[allow(clippy::indexing_slicing)] // indices below `end`, itself at most `items.len()`
fn heapsort(items: &mut [usize], less: impl Fn(usize, usize) -> bool) {
    // Moves `items[root]` down the max-heap `items[..end]` to its place.
    let sift = |items: &mut [usize], mut root: usize, end: usize| loop {
        let mut child = 2 * root + 1;
        if child >= end {
            break;
        }
        if child + 1 < end && less(items[child], items[child + 1]) {
            child += 1;
        }
        if !less(items[root], items[child]) {
            break;
        }
        items.swap(root, child);
        root = child;
    };
    let n = items.len();
    for root in (0..n / 2).rev() {
        sift(items, root, n);
    }
    for end in (1..n).rev() {
        items.swap(0, end);
        sift(items, 0, end);
    }
}

/// serde_json's value as ours, member order as serde_json iterates it (for tests).
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) fn from_serde(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Number(if let Some(u) = n.as_u64() {
            Number::from(u)
        } else if let Some(i) = n.as_i64() {
            Number::from(i)
        } else {
            Number::from_f64(n.as_f64().unwrap()).unwrap()
        }),
        serde_json::Value::String(s) => Value::String(s.clone()),
        serde_json::Value::Array(a) => Value::Array(a.iter().map(from_serde).collect()),
        serde_json::Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), from_serde(v)))
                .collect::<Map>(),
        ),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::{
        from_serde, parse_object, parse_value, quote, JsonError, Map, Number, Value, MAX_JSON_DEPTH,
    };

    /// The error for a name given twice: named by the crate's reader, not in the browser
    /// (`json::browser`).
    fn duplicate(name: &str) -> JsonError {
        JsonError::Duplicate((!cfg!(target_arch = "wasm32")).then(|| name.to_owned()))
    }

    /// The error for text that repeats a name and is not JSON: the crate's reader names the first
    /// problem in reading order, the duplicate; in the browser, `JSON.parse`'s verdict on the
    /// whole text comes first.
    fn duplicate_then_syntax(name: &str) -> JsonError {
        if cfg!(target_arch = "wasm32") {
            JsonError::Syntax
        } else {
            duplicate(name)
        }
    }

    fn serde_of(text: &[u8]) -> Option<Value> {
        serde_json::from_slice::<serde_json::Value>(text)
            .ok()
            .map(|v| from_serde(&v))
    }

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
        let dup = |k: &str| Err(duplicate(k));
        let dup_then_syntax = |k: &str| Err(duplicate_then_syntax(k));
        let cases: Vec<(String, Result<usize, JsonError>)> = vec![
            (r#"{"a":1,"b":[1,{"c":null}]}"#.into(), Ok(2)),
            (r#"{"a":1,"a":2}"#.into(), dup("a")),
            (r#"{"a":1,"\u0061":2}"#.into(), dup("a")),
            (r#"{"\ud83d\ude00":1,"😀":2}"#.into(), dup("😀")),
            (r#"{"x":{"a":1,"a":2},"x":3}"#.into(), dup("a")),
            (r#"{"a":1,"a":2 garbage"#.into(), dup_then_syntax("a")),
            (r#"{"a":1,"a":"#.into(), dup_then_syntax("a")),
            (r#"{"a":1,"b":2,"a":[]}"#.into(), dup("a")),
            (
                r#"{"a":1,"b":2,"a":[]} trailing"#.into(),
                dup_then_syntax("a"),
            ),
            (r#"{"a":[1,2,"#.into(), Err(JsonError::Syntax)),
            (r#"{"a":1} x"#.into(), Err(JsonError::Syntax)),
            (r#"{"a":1}}"#.into(), Err(JsonError::Syntax)),
            (r#"{"a":1,}"#.into(), Err(JsonError::Syntax)),
            (r#"{"a":1,"b":2 x,"a":3}"#.into(), Err(JsonError::Syntax)),
            (r#"{"a":"\ud800"}"#.into(), Err(JsonError::Syntax)),
            (r#"{"a":"\udc00"}"#.into(), Err(JsonError::Syntax)),
            (r#"{"a":"\ud800\u0041"}"#.into(), Err(JsonError::Syntax)),
            (r#"{"a":"\ud800x"}"#.into(), Err(JsonError::Syntax)),
            ("{\"a\":\"\t\"}".into(), Err(JsonError::Syntax)),
            (r#"{"a":01}"#.into(), Err(JsonError::Syntax)),
            (r#"{"a":1.}"#.into(), Err(JsonError::Syntax)),
            (r#"{"a":1e400}"#.into(), Err(JsonError::Syntax)),
            ("[1]".into(), Err(JsonError::NotObject)),
            ("null".into(), Err(JsonError::NotObject)),
            ("".into(), Err(JsonError::Syntax)),
            (" \t\r\n{} \t\r\n".into(), Ok(0)),
            (nested(MAX_JSON_DEPTH - 1, "1"), Ok(1)),
            (nested(MAX_JSON_DEPTH - 1, ""), Ok(1)),
            (nested(MAX_JSON_DEPTH, "1"), Err(JsonError::TooDeep)),
            (nested(MAX_JSON_DEPTH, ""), Err(JsonError::TooDeep)),
            (nested(MAX_JSON_DEPTH, "{}"), Err(JsonError::TooDeep)),
            (nested(1000, ""), Err(JsonError::TooDeep)),
            (
                // `{"k":}` at the bottom: not JSON, so in the browser the syntax first.
                nested(1000, "").replace("[", "{\"k\":").replace("]", "}"),
                Err(if cfg!(target_arch = "wasm32") {
                    JsonError::Syntax
                } else {
                    JsonError::TooDeep
                }),
            ),
            (
                [
                    &nested(MAX_JSON_DEPTH, "")[..nested(MAX_JSON_DEPTH, "").len() - 1],
                    ",\"a\":1}",
                ]
                .concat(),
                // In the browser the deep member is the one `JSON.parse` let go: the duplicate.
                if cfg!(target_arch = "wasm32") {
                    Err(JsonError::Duplicate(None))
                } else {
                    Err(JsonError::TooDeep)
                },
            ),
            (
                [r#"{"a":1,"a":"#, &nested(1000, "")].concat(),
                dup_then_syntax("a"),
            ),
        ];
        for (text, want) in cases {
            let got = parse_object(text.as_bytes()).map(|m| m.len());
            assert_eq!(got, want, "{text}");
        }
        assert_eq!(parse_object(b"{\"a\":\"\xff\"}"), Err(JsonError::Utf8));
        assert_eq!(parse_object(b"{\"a\":1} \xc3"), Err(JsonError::Utf8));
        assert_eq!(
            parse_object(b"{\"a\":\"\xed\xa0\x80\"}"),
            Err(JsonError::Utf8)
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn strict_depth_32_and_33() {
        let deep = |n: usize| ["[".repeat(n), "]".repeat(n)].concat();
        let obj = |n: usize| ["{\"k\":".repeat(n), "1".into(), "}".repeat(n)].concat();
        assert_eq!(parse_object(obj(32).as_bytes()).map(|m| m.len()), Ok(1));
        assert_eq!(parse_object(obj(33).as_bytes()), Err(JsonError::TooDeep));
        // Arrays count the same (the top one is not an object, so the verdict is NotObject).
        assert_eq!(parse_object(deep(32).as_bytes()), Err(JsonError::NotObject));
        assert_eq!(parse_object(deep(33).as_bytes()), Err(JsonError::TooDeep));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn parse_value_cases() {
        let deep = |n: usize| ["[".repeat(n), "]".repeat(n)].concat();
        for text in [
            r#"{"a":1,"a":[2,{"b":3,"b":null}]}"#.to_owned(),
            "null".into(),
            " [1, -2, 3.5e300, 1e400, \"\\u00e9\"] ".into(),
            " [1, -2, 3.5e300, 1e-400, \"\\u00e9\"] ".into(),
            "18446744073709551615".into(),
            "18446744073709551616".into(),
            "-9223372036854775808".into(),
            "-9223372036854775809".into(),
            "-0".into(),
            "-0.0".into(),
            "0e5".into(),
            "1E+2".into(),
            "2.5e-3".into(),
            "123456789012345678901234567890".into(),
            "0.1".into(),
            r#""\"\\\/\b\f\n\r\t\u0000\u001f\u007f\uD83D\uDE00é""#.into(),
            r#""\ud800""#.into(),
            r#""\udc00""#.into(),
            r#""\x""#.into(),
            "\"\u{1}\"".into(),
            "[1,]".into(),
            "nul".into(),
            "truex".into(),
            "-".into(),
            "+1".into(),
            ".5".into(),
            "1.e5".into(),
            "1e".into(),
            deep(100),
            deep(127),
            deep(128),
            deep(129),
            ["[{\"a\":".repeat(63), "[1]".into(), "}]".repeat(63)].concat(),
            ["[{\"a\":".repeat(64), "1".into(), "}]".repeat(64)].concat(),
            "{} x".into(),
            "".into(),
            " ".into(),
        ] {
            // The same verdict; in the browser, the value as `JSON.parse` reads it (numbers the
            // nearest `f64`), compared as `JSON.stringify` writes it.
            #[cfg(target_arch = "wasm32")]
            {
                let ours = parse_value(text.as_bytes());
                assert_eq!(
                    ours.is_some(),
                    serde_of(text.as_bytes()).is_some(),
                    "{text}"
                );
                if let Some(ours) = ours {
                    let js = |text: &str| {
                        js_sys::JSON::stringify(&js_sys::JSON::parse(text).unwrap()).unwrap()
                    };
                    assert_eq!(js(&ours.to_json()), js(&text), "{text}");
                }
            }
            #[cfg(not(target_arch = "wasm32"))]
            assert_eq!(
                parse_value(text.as_bytes()),
                serde_of(text.as_bytes()),
                "{text}"
            );
        }
        assert_eq!(parse_value(b"\"\xff\""), None);
        assert_eq!(serde_of(b"\"\xff\""), None);
        // Last duplicate wins, in the place of the first.
        let v = parse_value(br#"{"a":1,"b":2,"a":3}"#).unwrap();
        assert_eq!(v.to_json(), r#"{"a":3,"b":2}"#);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn numbers() {
        let num = |text: &str| parse_value(text.as_bytes()).unwrap();
        assert_eq!(num("0").as_u64(), Some(0));
        assert_eq!(num("-0").as_u64(), None);
        assert_eq!(num("-0").as_f64().map(f64::is_sign_negative), Some(true));
        // Exact on the host; in the browser, the nearest `f64`, as `JSON.parse` reads it.
        assert_eq!(
            num("9007199254740993").as_u64(),
            Some(if cfg!(target_arch = "wasm32") {
                9_007_199_254_740_992
            } else {
                9_007_199_254_740_993
            })
        );
        // In the browser, 2^64 (the nearest `f64`): a float.
        assert_eq!(
            num("18446744073709551615").as_u64(),
            (!cfg!(target_arch = "wasm32")).then_some(u64::MAX)
        );
        assert_eq!(num("-9223372036854775808").as_i64(), Some(i64::MIN));
        assert_eq!(num("9223372036854775808").as_i64(), None);
        assert_eq!(num("1.5").as_f64(), Some(1.5));
        assert_eq!(num("1.5").as_u64(), None);
        assert_eq!(num("1e300").as_f64(), Some(1e300));
        // (text, as written on the host (zmij, as serde_json), as written in the browser
        // (JavaScript's `Number.prototype.toString`)): the same value either way.
        for (text, host, browser) in [
            ("0", "0", "0"),
            ("-0", "-0.0", "0"),
            ("1e300", "1e+300", "1e+300"),
            ("1.5", "1.5", "1.5"),
            ("1.0", "1.0", "1"),
            ("100e-2", "1.0", "1"),
            ("9007199254740993", "9007199254740993", "9007199254740992"),
            (
                "18446744073709551615",
                "18446744073709551615",
                "18446744073709552000",
            ),
            (
                "18446744073709551616",
                "1.8446744073709552e+19",
                "18446744073709552000",
            ),
            (
                "-9223372036854775808",
                "-9223372036854775808",
                "-9223372036854775808",
            ),
            (
                "-9223372036854775809",
                "-9.223372036854776e+18",
                // -2^63, the nearest `f64`, which is an integer.
                "-9223372036854775808",
            ),
            ("0.1", "0.1", "0.1"),
            ("1e-7", "1e-7", "1e-7"),
            ("1e21", "1e+21", "1e+21"),
            ("123456.789", "123456.789", "123456.789"),
            ("-42", "-42", "-42"),
        ] {
            let written = if cfg!(target_arch = "wasm32") {
                browser
            } else {
                host
            };
            assert_eq!(num(text).to_json(), written, "{text}");
            assert_eq!(num(written).as_f64(), num(text).as_f64(), "{text}");
            let serde = serde_json::from_str::<serde_json::Value>(text).unwrap();
            assert_eq!(serde_json::to_string(&serde).unwrap(), host, "{text}");
        }
        assert_eq!(Value::from(u64::MAX).to_json(), "18446744073709551615");
        assert_eq!(Value::from(i64::MIN).to_json(), "-9223372036854775808");
        assert_eq!(Value::from(-1_i32).as_i64(), Some(-1));
        assert_eq!(Value::from(7_u16).as_u64(), Some(7));
        assert!(Number::from_f64(f64::NAN).is_none());
        assert!(Number::from_f64(f64::INFINITY).is_none());
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn every_escape() {
        let all: String =
            (0u32..0x80).filter_map(char::from_u32).collect::<String>() + "é😀\u{2028}";
        let ours = quote(&all);
        assert_eq!(ours, serde_json::to_string(&all).unwrap());
        assert!(
            ours.contains(r#"\""#)
                && ours.contains(r"\\")
                && ours.contains(r"\b\t\n\u000b\f\r\u000e")
        );
        assert!(ours.contains(r"\u001f") && ours.contains("\u{7f}") && ours.contains('😀'));
        assert_eq!(parse_value(ours.as_bytes()), Some(Value::String(all)));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn values_and_maps() {
        let text = r#"{"z":[1,"x",null,true,{"y":-2.5}],"a":{},"m":[]}"#;
        let v = parse_value(text.as_bytes()).unwrap();
        // Members in the order read, written back the same.
        assert_eq!(v.to_json(), text);
        assert_eq!(v["z"][1], "x");
        assert_eq!(v["z"][4]["y"].as_f64(), Some(-2.5));
        assert!(v["missing"].is_null() && v["z"][9].is_null() && v["z"]["k"].is_null());
        assert!(v["a"].is_object() && v["m"].is_array() && v["z"][3] == true);
        let mut m = v.as_object().unwrap().clone();
        assert_eq!(m.keys().cloned().collect::<Vec<_>>(), ["z", "a", "m"]);
        assert_eq!(
            m.insert("a".into(), Value::from(1_u8)),
            Some(Value::Object(Map::new()))
        );
        assert_eq!(m.remove("z").map(|z| z.is_array()), Some(true));
        assert_eq!(m.remove("z"), None);
        m.insert("b".into(), "s".into());
        assert_eq!(
            Value::Object(m.clone()).to_json(),
            r#"{"a":1,"m":[],"b":"s"}"#
        );
        let reordered: Map = m.clone().into_iter().rev().collect();
        assert_eq!(reordered, m);
        assert_eq!(m.len(), 3);
        m.retain(|k, _| k != "m");
        assert!(!m.contains_key("m") && m.get_mut("b").is_some());
    }

    /// `{"k0":0,…}` with `n` members, then `extra` (`,"k0":1` for a duplicate at the end).
    fn wide(n: usize, extra: &str) -> String {
        let members: Vec<String> = (0..n).map(|i| format!("\"k{i}\":{i}")).collect();
        ["{", &members.join(","), extra, "}"].concat()
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn wide_objects() {
        let n = 20_000;
        let plain = wide(n, "");
        let with_dup = wide(n, ",\"k0\":\"last\"");
        let m = parse_object(plain.as_bytes()).unwrap();
        assert_eq!(m.len(), n);
        assert_eq!(m["k19999"], 19_999_i64);
        assert_eq!(m.keys().nth(12_345).map(String::as_str), Some("k12345"));
        assert_eq!(parse_object(with_dup.as_bytes()), Err(duplicate("k0")));
        let v = parse_value(plain.as_bytes()).unwrap();
        assert_eq!(v, Value::Object(m));
        let v = parse_value(with_dup.as_bytes()).unwrap();
        let m = v.as_object().unwrap();
        // The last value, in the place of the first.
        assert_eq!(m.len(), n);
        assert_eq!(
            m.iter().next().map(|(k, v)| (k.as_str(), v.as_str())),
            Some(("k0", Some("last")))
        );
        assert_eq!(v, serde_of(with_dup.as_bytes()).unwrap());

        // Several duplicates: strict names the first member read whose name came before, even
        // when an error follows it; lax keeps each name's last value in its first place.
        let text = wide(40, ",\"k30\":1,\"k5\":2,\"k30\":3,\"k5\":4");
        assert_eq!(parse_object(text.as_bytes()), Err(duplicate("k30")));
        let v = parse_value(text.as_bytes()).unwrap();
        assert_eq!(v.as_object().unwrap().len(), 40);
        assert_eq!((v["k5"].as_u64(), v["k30"].as_u64()), (Some(4), Some(3)));
        assert_eq!(v.as_object().unwrap().keys().nth(5).unwrap(), "k5");
        assert_eq!(v, serde_of(text.as_bytes()).unwrap());
        for tail in [",\"k7\":1 x", ",\"k7\":", ",\"k7\"", ",\"k7\":[[1,}"] {
            let text = &wide(40, tail)[..];
            let text = text.strip_suffix('}').unwrap();
            assert_eq!(
                parse_object(text.as_bytes()),
                Err(duplicate_then_syntax("k7")),
                "{text}"
            );
            assert_eq!(parse_value(text.as_bytes()), None);
        }
        let deep = [
            &wide(40, ",\"k7\":")[..wide(40, "").len() + 5],
            &nested(1000, ""),
        ]
        .concat();
        assert_eq!(
            parse_object(deep.as_bytes()),
            Err(duplicate_then_syntax("k7"))
        );
        // An error before the duplicate wins.
        let text = wide(40, ",\"x\":01,\"k7\":1");
        assert_eq!(parse_object(text.as_bytes()), Err(JsonError::Syntax));
        let text = wide(40, ",\"x\":{\"a\":1,\"a\":2},\"k7\":1");
        assert_eq!(parse_object(text.as_bytes()), Err(duplicate("a")));
    }

    /// The reading time of wide objects, printed (not asserted):
    /// `cargo test --release --lib json::tests::wide_object_timing -- --ignored --nocapture`.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    #[ignore = "a measurement; run with --release --ignored --nocapture"]
    fn wide_object_timing() {
        for n in [1_000, 10_000, 20_000] {
            let text = wide(n, "");
            let time = |f: &dyn Fn() -> bool| {
                let start = std::time::Instant::now();
                assert!(f());
                start.elapsed()
            };
            let strict = time(&|| parse_object(text.as_bytes()).is_ok());
            let lax = time(&|| parse_value(text.as_bytes()).is_some());
            let serde = time(&|| serde_json::from_str::<serde_json::Value>(&text).is_ok());
            println!(
                "{n} members ({} KB): strict {strict:?}, lax {lax:?}, serde_json {serde:?}",
                text.len() / 1000
            );
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::{from_serde, parse_object, parse_value, serde_of};
        use proptest::prelude::*;

        fn arb_json() -> impl Strategy<Value = serde_json::Value> {
            let leaf = prop_oneof![
                Just(serde_json::Value::Null),
                any::<bool>().prop_map(serde_json::Value::from),
                any::<u64>().prop_map(serde_json::Value::from),
                any::<i64>().prop_map(serde_json::Value::from),
                any::<f64>()
                    .prop_filter("finite", |f| f.is_finite())
                    .prop_map(serde_json::Value::from),
                (-1e6f64..1e6).prop_map(serde_json::Value::from),
                any::<String>().prop_map(serde_json::Value::from),
                "[a\\\\\"\\u{0}-\\u{1f}é]{0,6}".prop_map(serde_json::Value::from),
            ];
            leaf.prop_recursive(6, 64, 8, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..8).prop_map(serde_json::Value::Array),
                    prop::collection::vec(("[a-c\\\\\"é]{0,3}", inner), 0..8)
                        .prop_map(|kv| { serde_json::Value::Object(kv.into_iter().collect()) }),
                ]
            })
        }

        proptest! {
            /// `parse_value` is `serde_json::from_slice::<Value>`, duplicates and depth included.
            #[test]
            fn parse_value_is_serde_json(text in r#"[\[\]{}:,"ab0-9.eE+ -]{0,40}"#) {
                prop_assert_eq!(parse_value(text.as_bytes()), serde_of(text.as_bytes()));
            }

            /// The same on strings: escapes, surrogates, control characters.
            #[test]
            fn strings_are_serde_json(text in r#""([\\"\\/bfnrtu0-9a-fA-FdD\u{1}\u{7f}é😀 ]|\\u[dD][89abAB][0-9a-f]{2}|\\u[dD][c-fC-F][0-9a-f]{2}){0,12}"?"#) {
                prop_assert_eq!(parse_value(text.as_bytes()), serde_of(text.as_bytes()));
            }

            /// Bytes, not only text: invalid UTF-8 is refused by both.
            #[test]
            fn bytes_are_serde_json(bytes in prop::collection::vec(prop_oneof![
                Just(b'"'), Just(b'\\'), Just(b'['), Just(b'{'), Just(b'}'), Just(b']'),
                Just(b':'), Just(b','), Just(b'1'), Just(b'u'), any::<u8>()], 0..24)) {
                prop_assert_eq!(parse_value(&bytes), serde_of(&bytes));
            }

            /// Objects wide enough to be sorted, with many duplicates: lax as serde_json, strict
            /// naming the first member read whose name came before.
            #[test]
            fn wide_duplicates(names in prop::collection::vec("[a-d]{0,3}", 0..60)) {
                let members: Vec<String> =
                    names.iter().enumerate().map(|(i, k)| format!("\"{k}\":{i}")).collect();
                let text = ["{", &members.join(","), "}"].concat();
                prop_assert_eq!(parse_value(text.as_bytes()), serde_of(text.as_bytes()));
                let first_dup = names
                    .iter()
                    .enumerate()
                    .find(|(j, k)| names[..*j].contains(k))
                    .map(|(_, k)| k.clone());
                let strict = parse_object(text.as_bytes());
                match first_dup {
                    Some(k) => prop_assert_eq!(strict, Err(super::JsonError::Duplicate(Some(k)))),
                    None => prop_assert_eq!(strict.map(|m| m.len()), Ok(names.len())),
                }
                if let Some(super::Value::Object(m)) = parse_value(text.as_bytes()) {
                    // Each name in the place of its first member.
                    let mut seen: Vec<&String> = Vec::new();
                    for k in &names {
                        if !seen.contains(&k) {
                            seen.push(k);
                        }
                    }
                    prop_assert!(m.keys().eq(seen.into_iter()));
                }
            }

            /// Any JSON value: written as serde_json writes it, and read back as itself, by both
            /// readers (the strict one when it is an object, which generated objects are, without
            /// duplicates and shallower than 32).
            #[test]
            fn any_json_round_trips(v in arb_json()) {
                let text = serde_json::to_string(&v).unwrap();
                let ours = from_serde(&v);
                prop_assert_eq!(&ours.to_json(), &text);
                prop_assert_eq!(parse_value(text.as_bytes()), Some(ours.clone()));
                prop_assert_eq!(serde_of(text.as_bytes()), Some(ours.clone()));
                if let super::Value::Object(m) = ours {
                    prop_assert_eq!(parse_object(text.as_bytes()), Ok(m));
                }
            }
        }
    }
}

//! The server's JSON Web Key Set and key selection.

use crate::json::{Map, Value};
use crate::prelude::*;

use super::Algorithm;
use crate::error::{quoted, Error, ErrorKind, Result};
use crate::json::parse_object;

/// The largest JWKS document accepted, in bytes. Defaults to `65536` (64 KiB): Better Auth's set
/// holds one small OKP key per rotation, so even years of rotations stay far below it.
pub const MAX_JWKS_BYTES: usize = 64 * 1024;
// The error message spells the limit out.
const _: () = assert!(MAX_JWKS_BYTES == 65536);

/// One key of the set, as published. Only the members we use are typed; the key is checked when
/// it is selected, not when the set is parsed, so a set that also holds keys we cannot use (a
/// server migrating algorithms) still serves the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jwk {
    /// `kid`.
    pub kid: Option<String>,
    /// `kty`: `OKP` (Ed25519), `EC` (P-256, P-521) or `RSA`.
    pub kty: Option<String>,
    /// `crv`: `Ed25519`, `P-256`, `P-521`.
    pub crv: Option<String>,
    /// `x`: the Ed25519 public key, or the EC point's x coordinate, base64url.
    pub x: Option<String>,
    /// `y`: the EC point's y coordinate, base64url.
    pub y: Option<String>,
    /// `n`: the RSA modulus, base64url.
    pub n: Option<String>,
    /// `e`: the RSA public exponent, base64url.
    pub e: Option<String>,
    /// `alg`, if the server pins one (Better Auth always writes it).
    pub alg: Option<String>,
    /// `use`, if present (`sig`).
    pub use_: Option<String>,
}

/// The members of a public JWK, as WebCrypto's `importKey("jwk", ...)` takes them: plain
/// strings, so the browser layer builds the object without a JSON round trip.
pub type JwkMembers = Vec<(&'static str, String)>;

/// The least RSA modulus accepted, in bits. Defaults to `2048`, the floor of RFC 7518 §3.3 (and
/// of Better Auth's `modulusLength` default).
pub const MIN_RSA_BITS: usize = 2048;
/// The largest RSA modulus accepted, in bits. Defaults to `16384`, WebCrypto's own limit in
/// Chromium: beyond it a key only costs time.
pub const MAX_RSA_BITS: usize = 16384;

/// Whether `key_alg` (a key's `alg` member) names `alg`; `EdDSA` and `Ed25519` name the same.
fn names(key_alg: &str, alg: Algorithm) -> bool {
    match alg {
        Algorithm::EdDSA | Algorithm::Ed25519 => key_alg == "EdDSA" || key_alg == "Ed25519",
        _ => key_alg == alg.as_str(),
    }
}

impl Jwk {
    fn bad(kind: ErrorKind, m: &str) -> Error {
        Error::new(kind, m.to_owned())
    }

    /// Whether the key may verify `alg`: its type, curve and pinned `alg` fit, and its `use`
    /// (if any) is `sig`. Checked in this order, so each confusion gets its own code.
    ///
    /// # Errors
    /// `JWT_KEY_INVALID` for a `use` other than `sig`; `JWT_KEY_TYPE_MISMATCH` when `kty` or
    /// `crv` is not the one `alg` needs; `JWT_ALG_MISMATCH` when `alg` is pinned to another.
    pub fn check_alg(&self, alg: Algorithm) -> Result<()> {
        if let Some(u) = &self.use_ {
            if u != "sig" {
                return Err(Self::bad(
                    ErrorKind::JwtKeyInvalid,
                    "JWKS key use is not sig",
                ));
            }
        }
        if self.kty.as_deref() != Some(alg.kty()) {
            return Err(Error::new(
                ErrorKind::JwtKeyTypeMismatch,
                [
                    "alg ",
                    alg.as_str(),
                    " needs a kty ",
                    alg.kty(),
                    " key; the JWKS key is ",
                    self.kty.as_deref().unwrap_or("without kty"),
                ]
                .concat(),
            ));
        }
        if alg.crv().is_some() && self.crv.as_deref() != alg.crv() {
            return Err(Error::new(
                ErrorKind::JwtKeyTypeMismatch,
                [
                    "alg ",
                    alg.as_str(),
                    " needs crv ",
                    alg.crv().unwrap_or_default(),
                    "; the JWKS key is ",
                    self.crv.as_deref().unwrap_or("without crv"),
                ]
                .concat(),
            ));
        }
        if let Some(pinned) = &self.alg {
            if !names(pinned, alg) {
                return Err(Error::new(
                    ErrorKind::JwtAlgMismatch,
                    [
                        "header alg ",
                        alg.as_str(),
                        " differs from the JWKS key's alg ",
                        pinned,
                    ]
                    .concat(),
                ));
            }
        }
        Ok(())
    }

    fn b64_member(&self, v: Option<&String>, what: &str) -> Result<Vec<u8>> {
        let v = v.ok_or_else(|| {
            Error::new(
                ErrorKind::JwtKeyInvalid,
                ["JWKS key has no ", what].concat(),
            )
        })?;
        super::b64::decode(v).ok_or_else(|| {
            Error::new(
                ErrorKind::JwtKeyInvalid,
                ["JWKS key ", what, " is not base64url"].concat(),
            )
        })
    }

    /// The 32-byte Ed25519 public key, after checking this key fits `EdDSA` and is not one of
    /// the keys under which a forged signature verifies.
    ///
    /// # Errors
    /// Those of [`Self::check_alg`]; `JWT_KEY_INVALID` if `x` is missing, not strict base64url,
    /// not 32 bytes, a non-canonical encoding (`y` ≥ p) or a point of small order: under those,
    /// (R = identity, S = 0) verifies any message, and browsers' WebCrypto accepts them
    /// (Chromium 156 and Firefox 153, tried). Keys that are not points fail at verification.
    pub fn ed25519_key(&self) -> Result<[u8; 32]> {
        self.check_alg(Algorithm::EdDSA)?;
        let bytes = self.b64_member(self.x.as_ref(), "x")?;
        let key = <[u8; 32]>::try_from(bytes.as_slice())
            .map_err(|_| Self::bad(ErrorKind::JwtKeyInvalid, "JWKS key x is not 32 bytes"))?;
        match weak_ed25519(&key) {
            None => Ok(key),
            Some(why) => Err(Error::new(
                ErrorKind::JwtKeyInvalid,
                ["JWKS key is unusable: ", why].concat(),
            )),
        }
    }

    /// Checks the key for `alg` and returns the members of the public JWK that WebCrypto imports
    /// (only `kty` and the key material: `crv`, `x`, `y` or `n`, `e`),
    /// and, for RSA, the modulus length in bytes (which the signature's length must equal).
    ///
    /// # Errors
    /// Those of [`Self::check_alg`] and, for Ed25519, [`Self::ed25519_key`]; `JWT_KEY_INVALID`
    /// for missing or malformed coordinates,
    /// modulus or exponent (EC coordinates must be exactly the curve's size);
    /// `JWT_RSA_KEY_TOO_SHORT` for a modulus outside [`MIN_RSA_BITS`]..=[`MAX_RSA_BITS`].
    pub fn webcrypto_key(&self, alg: Algorithm) -> Result<(JwkMembers, Option<usize>)> {
        self.check_alg(alg)?;
        let mut jwk: JwkMembers = vec![("kty", alg.kty().to_owned())];
        let mut modulus_len = None;
        if alg.is_ed25519() {
            self.ed25519_key()?;
            jwk.push(("crv", "Ed25519".to_owned()));
            jwk.push(("x", self.x.clone().unwrap_or_default()));
        } else if let Some(len) = alg.ecdsa_signature_len() {
            for (name, v) in [("x", &self.x), ("y", &self.y)] {
                if self.b64_member(v.as_ref(), name)?.len() != len / 2 {
                    return Err(Error::new(
                        ErrorKind::JwtKeyInvalid,
                        ["JWKS key ", name, " is not the curve's size"].concat(),
                    ));
                }
                jwk.push((name, v.clone().unwrap_or_default()));
            }
            jwk.push(("crv", alg.crv().unwrap_or_default().to_owned()));
        } else {
            let n = self.b64_member(self.n.as_ref(), "n")?;
            let e = self.b64_member(self.e.as_ref(), "e")?;
            // Leading zero bytes do not count (RFC 7518 forbids them, but a key is not refused
            // for it: its size is what matters).
            let n = n
                .get(n.iter().take_while(|b| **b == 0).count()..)
                .unwrap_or(&[]);
            let bits = n.first().map_or(0, |top| {
                (n.len() - 1) * 8 + (8 - top.leading_zeros() as usize)
            });
            if !(MIN_RSA_BITS..=MAX_RSA_BITS).contains(&bits) {
                return Err(Error::new(
                    ErrorKind::JwtRsaKeyTooShort,
                    [
                        "RSA modulus is ",
                        &crate::error::decimal(bits as u64),
                        " bits; 2048 to 16384 are accepted",
                    ]
                    .concat(),
                ));
            }
            if e.is_empty() || e.len() > 8 || e.iter().all(|b| *b == 0) {
                return Err(Self::bad(
                    ErrorKind::JwtKeyInvalid,
                    "JWKS key e is not a usable exponent",
                ));
            }
            modulus_len = Some(n.len());
            jwk.push(("n", self.n.clone().unwrap_or_default()));
            jwk.push(("e", self.e.clone().unwrap_or_default()));
        }
        Ok((jwk, modulus_len))
    }
}

/// A parsed JWKS: `{"keys":[...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Jwks {
    keys: Vec<Jwk>,
}

impl Jwks {
    /// Parses a JWKS document (the body of `GET /api/auth/jwks`).
    ///
    /// # Errors
    /// `JWKS_INVALID` if larger than [`MAX_JWKS_BYTES`], not UTF-8, not strict JSON (duplicate
    /// names, too deep), not an object with a `keys` array of objects, a member has the wrong
    /// type, or two keys share a `kid` (selection would be ambiguous).
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        let bad = |m: String| Error::new(ErrorKind::JwksInvalid, m);
        if bytes.len() > MAX_JWKS_BYTES {
            return Err(bad("JWKS is larger than 65536 bytes".into()));
        }
        let map = parse_object(bytes).map_err(|e| bad(["JWKS: ", &e.message()].concat()))?;
        let Some(Value::Array(items)) = map.get("keys") else {
            return Err(bad("JWKS has no `keys` array".into()));
        };
        let mut keys: Vec<Jwk> = Vec::with_capacity(items.len());
        // A set, not a scan: 64 KiB holds thousands of tiny keys. A JSON map used as the set:
        // the wasm already holds its code, where a `BTreeSet<String>` would add its own.
        let mut kids = Map::new();
        for item in items {
            let Value::Object(k) = item else {
                return Err(bad("JWKS key is not an object".into()));
            };
            // Every member read before the first one of the wrong type is refused: one exit,
            // rather than one per member, each dropping the members read before it.
            let mut ill_typed = None;
            let mut m = |name: &'static str| member(k, name, &mut ill_typed);
            let jwk = Jwk {
                kid: m("kid"),
                kty: m("kty"),
                crv: m("crv"),
                x: m("x"),
                y: m("y"),
                n: m("n"),
                e: m("e"),
                alg: m("alg"),
                use_: m("use"),
            };
            if let Some(name) = ill_typed {
                return Err(bad(["JWKS key `", name, "` is not a string"].concat()));
            }
            if let Some(kid) = &jwk.kid {
                if kids.insert(kid.clone(), Value::Null).is_some() {
                    return Err(bad("JWKS has two keys with the same kid".into()));
                }
            }
            keys.push(jwk);
        }
        Ok(Jwks { keys })
    }

    /// Builds a set from keys already in hand (tests, or a key configured out of band).
    pub fn from_keys(keys: Vec<Jwk>) -> Self {
        Jwks { keys }
    }

    /// All keys.
    pub fn keys(&self) -> &[Jwk] {
        &self.keys
    }

    /// The key whose `kid` is exactly `kid`.
    pub fn find(&self, kid: &str) -> Option<&Jwk> {
        self.keys.iter().find(|k| k.kid.as_deref() == Some(kid))
    }

    /// The key that verifies a token whose header names `kid` and `alg`: the key of that `kid`,
    /// checked to be of `alg` (type, curve, pinned `alg`).
    ///
    /// # Errors
    /// `JWT_KEY_NOT_FOUND` when no key has `kid`; `JWT_KID_ALG_MISMATCH` when that key is pinned
    /// to another algorithm while other keys of the set are pinned to `alg` (a set of several
    /// algorithms whose keys a token tries to swap); otherwise those of [`Jwk::check_alg`].
    pub fn select(&self, kid: &str, alg: Algorithm) -> Result<&Jwk> {
        let jwk = self.find(kid).ok_or_else(|| {
            Error::new(
                ErrorKind::JwtKeyNotFound,
                ["no JWKS key with kid ", &quoted(kid)].concat(),
            )
        })?;
        if let Some(pinned) = &jwk.alg {
            let others_of_alg = || {
                self.keys
                    .iter()
                    .any(|k| k.alg.as_deref().is_some_and(|a| names(a, alg)))
            };
            if !names(pinned, alg) && others_of_alg() {
                return Err(Error::new(
                    ErrorKind::JwtKidAlgMismatch,
                    [
                        "kid ",
                        &quoted(kid),
                        " is the set's ",
                        pinned,
                        " key, not one of its ",
                        alg.as_str(),
                        " keys",
                    ]
                    .concat(),
                ));
            }
        }
        jwk.check_alg(alg)?;
        Ok(jwk)
    }
}

/// Member `name` of a key when it is a string; `None` when it is absent, and when it is of another
/// type, which `ill_typed` then names (the first such member).
fn member(k: &Map, name: &'static str, ill_typed: &mut Option<&'static str>) -> Option<String> {
    match k.get(name) {
        Some(Value::String(s)) => Some(s.clone()),
        None => None,
        Some(_) => {
            ill_typed.get_or_insert(name);
            None
        }
    }
}

/// Why an Ed25519 public key must not be used, if it must not: a non-canonical encoding (`y` ≥
/// p = 2^255 - 19), or one of the eight points of small order (whatever the sign bit says; the
/// list libsodium refuses). Checked here because WebCrypto does not refuse them.
fn weak_ed25519(key: &[u8; 32]) -> Option<&'static str> {
    // The two y coordinates of the four points of order 8.
    const ORDER_8: [[u8; 32]; 2] = [
        [
            0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef,
            0x98, 0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88,
            0x6d, 0x53, 0xfc, 0x05,
        ],
        [
            0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10,
            0x67, 0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77,
            0x92, 0xac, 0x03, 0x7a,
        ],
    ];
    let mut y = *key;
    y[31] &= 0x7f;
    let (low, middle, top) = (y[0], &y[1..31], y[31]);
    let middle_zero = middle.iter().all(|b| *b == 0);
    let middle_ones = middle.iter().all(|b| *b == 0xff);
    // y = 0 (order 4) or y = 1 (the identity).
    let small = (middle_zero && top == 0 && low <= 1)
        // y = p - 1 (order 2).
        || (middle_ones && top == 0x7f && low == 0xec)
        || ORDER_8.contains(&y);
    if small {
        Some("weak public key")
    } else if middle_ones && top == 0x7f && low >= 0xed {
        Some("non-canonical encoding")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_member_of_the_wrong_type_is_named() {
        for (json, named) in [
            (r#"{"keys":[{"kty":"OKP","kid":1}]}"#, "kid"),
            (r#"{"keys":[{"kty":"OKP","crv":"Ed25519","x":[]}]}"#, "x"),
            // The first one in the key's reading order (kid, kty, crv, x, y, n, e, alg, use).
            (
                r#"{"keys":[{"use":false,"kty":null,"alg":"EdDSA"}]}"#,
                "kty",
            ),
            (
                r#"{"keys":[{"kid":"a","kty":"OKP"},{"kid":"b","use":0}]}"#,
                "use",
            ),
        ] {
            let e = Jwks::parse(json.as_bytes()).unwrap_err();
            assert_eq!(e.kind(), &ErrorKind::JwksInvalid, "{json}");
            assert_eq!(
                e.message(),
                ["JWKS key `", named, "` is not a string"].concat(),
                "{json}"
            );
        }
        let ok = Jwks::parse(br#"{"keys":[{"kid":"a","kty":"OKP","crv":"Ed25519","x":"AA","alg":"EdDSA","use":"sig","extra":1}]}"#).unwrap();
        let k = ok.keys().first().unwrap();
        assert_eq!(
            (
                k.kid.as_deref(),
                k.kty.as_deref(),
                k.crv.as_deref(),
                k.x.as_deref()
            ),
            (Some("a"), Some("OKP"), Some("Ed25519"), Some("AA"))
        );
        assert_eq!(
            (k.alg.as_deref(), k.use_.as_deref(), k.y.as_deref()),
            (Some("EdDSA"), Some("sig"), None)
        );
    }
}

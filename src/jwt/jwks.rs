//! The server's JSON Web Key Set and key selection.

use serde_json::{Map, Value};

use super::Algorithm;
use crate::error::{Error, ErrorKind, Result};
use crate::json::parse_object;

/// The largest JWKS document accepted, in bytes. Defaults to `65536` (64 KiB): Better Auth's set
/// holds one small OKP key per rotation, so even years of rotations stay far below it.
pub const MAX_JWKS_BYTES: usize = 64 * 1024;
// The error message spells the limit out.
const _: () = assert!(MAX_JWKS_BYTES == 65536);

/// One key of the set, as published. Only the members we use are typed; the key is checked when
/// it is selected, not when the set is parsed, so a set that also holds RSA keys (a server
/// migrating algorithms) still serves its Ed25519 keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jwk {
    /// `kid`.
    pub kid: Option<String>,
    /// `kty` (`OKP` for Ed25519).
    pub kty: Option<String>,
    /// `crv` (`Ed25519`).
    pub crv: Option<String>,
    /// `x`: the public key, base64url.
    pub x: Option<String>,
    /// `alg`, if the server pins one (Better Auth writes `EdDSA`).
    pub alg: Option<String>,
    /// `use`, if present (`sig`).
    pub use_: Option<String>,
}

impl Jwk {
    /// The 32-byte Ed25519 public key, after checking this key fits `alg`.
    ///
    /// # Errors
    /// `JWT_KEY_INVALID` if `kty` is not `OKP`, `crv` not `Ed25519`, `alg` present and not
    /// EdDSA/Ed25519, `use` present and not `sig`, or `x` missing, not strict base64url or not
    /// 32 bytes. (Small-order and non-point keys are refused at verification.)
    pub fn ed25519_key(&self) -> Result<[u8; 32]> {
        let bad = |m: &str| Error::new(ErrorKind::JwtKeyInvalid, m.to_owned());
        if self.kty.as_deref() != Some("OKP") {
            return Err(bad("JWKS key is not kty OKP"));
        }
        if self.crv.as_deref() != Some("Ed25519") {
            return Err(bad("JWKS key is not crv Ed25519"));
        }
        if let Some(alg) = &self.alg {
            if alg != Algorithm::EdDSA.as_str() && alg != Algorithm::Ed25519.as_str() {
                return Err(bad("JWKS key is pinned to another alg"));
            }
        }
        if let Some(u) = &self.use_ {
            if u != "sig" {
                return Err(bad("JWKS key use is not sig"));
            }
        }
        let x = self.x.as_deref().ok_or_else(|| bad("JWKS key has no x"))?;
        let bytes = super::b64::decode(x).ok_or_else(|| bad("JWKS key x is not base64url"))?;
        <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| bad("JWKS key x is not 32 bytes"))
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
            let jwk = Jwk {
                kid: member(k, "kid")?,
                kty: member(k, "kty")?,
                crv: member(k, "crv")?,
                x: member(k, "x")?,
                alg: member(k, "alg")?,
                use_: member(k, "use")?,
            };
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
}

fn member(k: &Map<String, Value>, name: &str) -> Result<Option<String>> {
    match k.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Error::new(
            ErrorKind::JwksInvalid,
            ["JWKS key `", name, "` is not a string"].concat(),
        )),
    }
}

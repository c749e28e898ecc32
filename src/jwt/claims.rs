//! The payload: typed registered claims plus everything else Better Auth puts there (the user).

use crate::json::{Map, Value};
use crate::prelude::*;

use crate::error::{Error, ErrorKind, Result};

/// The registered claims we type, removed from [`Claims::extra`].
const REGISTERED: &[&str] = &["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];

/// The claims of a token.
///
/// Better Auth puts the whole user row in the payload (`id`, `name`, `email`, `emailVerified`,
/// `image`, `createdAt`, `updatedAt`, plus any additional fields); those stay in [`Self::extra`]
/// untouched, so a custom `definePayload` needs no change here.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Claims {
    /// `iss`.
    pub iss: Option<String>,
    /// `sub`.
    pub sub: Option<String>,
    /// `aud`, normalised to a list (a single string becomes one element).
    pub aud: Vec<String>,
    /// `exp` in server seconds since the epoch.
    pub exp: Option<u64>,
    /// `nbf` in server seconds since the epoch.
    pub nbf: Option<u64>,
    /// `iat` in server seconds since the epoch.
    pub iat: Option<u64>,
    /// `jti`.
    pub jti: Option<String>,
    /// Every other member of the payload (for Better Auth: the user).
    pub extra: Map,
}

impl Claims {
    /// Types the registered claims of a parsed payload.
    ///
    /// NumericDates may be fractional (RFC 7519 §2); they are floored, which moves `exp` earlier
    /// (safe) and `nbf`/`iat` earlier by under a second (harmless next to the leeway).
    ///
    /// # Errors
    /// `JWT_CLAIMS_INVALID` when a registered claim has the wrong type, a date is negative or
    /// not finite, or `aud` is neither a string nor an array of strings.
    pub fn from_map(mut map: Map) -> Result<Self> {
        let mut claims = Claims {
            iss: string_claim(&map, "iss")?,
            sub: string_claim(&map, "sub")?,
            aud: aud_claim(&map)?,
            exp: date_claim(&map, "exp")?,
            nbf: date_claim(&map, "nbf")?,
            iat: date_claim(&map, "iat")?,
            jti: string_claim(&map, "jti")?,
            extra: Map::new(),
        };
        for name in REGISTERED {
            map.remove(name);
        }
        claims.extra = map;
        Ok(claims)
    }

    /// A non-registered claim by name, e.g. `"email"`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.extra.get(name)
    }

    /// A non-registered string claim by name, e.g. `claims.get_str("email")`.
    pub fn get_str(&self, name: &str) -> Option<&str> {
        self.extra.get(name).and_then(Value::as_str)
    }
}

fn invalid(msg: String) -> Error {
    Error::new(ErrorKind::JwtClaimsInvalid, msg)
}

fn string_claim(map: &Map, name: &str) -> Result<Option<String>> {
    match map.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(invalid(["`", name, "` is not a string"].concat())),
    }
}

fn aud_claim(map: &Map) -> Result<Vec<String>> {
    match map.get("aud") {
        None => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(vec![s.clone()]),
        Some(Value::Array(items)) => {
            // A loop rather than `collect::<Result<Vec<_>>>()`, whose adapter costs wasm.
            let mut out = Vec::with_capacity(items.len());
            for v in items {
                let Some(s) = v.as_str() else {
                    return Err(invalid("`aud` array holds a non-string".into()));
                };
                out.push(s.to_owned());
            }
            Ok(out)
        }
        Some(_) => Err(invalid("`aud` is neither a string nor an array".into())),
    }
}

fn date_claim(map: &Map, name: &str) -> Result<Option<u64>> {
    let Some(v) = map.get(name) else {
        return Ok(None);
    };
    let Value::Number(n) = v else {
        return Err(invalid(["`", name, "` is not a number"].concat()));
    };
    if let Some(u) = n.as_u64() {
        return Ok(Some(u));
    }
    match n.as_f64() {
        // 2^53: beyond that f64 seconds stop being exact and the value is absurd anyway.
        Some(f) if (0.0..9_007_199_254_740_992.0).contains(&f) => {
            // The cast truncates: the floor of a non-negative number (`f64::floor` is std's).
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let secs = f as u64;
            Ok(Some(secs))
        }
        _ => Err(invalid(
            ["`", name, "` is not a non-negative NumericDate"].concat(),
        )),
    }
}

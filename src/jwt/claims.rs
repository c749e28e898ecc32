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
        // Every claim is read, and the first one of the wrong type refused after: one exit, rather
        // than one per claim, each dropping the claims read before it.
        let mut invalid = None;
        let e = &mut invalid;
        let mut claims = Claims {
            iss: string_claim(&map, "iss", e),
            sub: string_claim(&map, "sub", e),
            aud: aud_claim(&map, e),
            exp: date_claim(&map, "exp", e),
            nbf: date_claim(&map, "nbf", e),
            iat: date_claim(&map, "iat", e),
            jti: string_claim(&map, "jti", e),
            extra: Map::new(),
        };
        if let Some(e) = invalid {
            return Err(e);
        }
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

/// The first invalid claim's error, kept in `first` (later ones are not reported); the claim
/// reads as absent.
fn invalid<T: Default>(first: &mut Option<Error>, msg: String) -> T {
    first.get_or_insert_with(|| Error::new(ErrorKind::JwtClaimsInvalid, msg));
    T::default()
}

fn string_claim(map: &Map, name: &str, first: &mut Option<Error>) -> Option<String> {
    match map.get(name) {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => invalid(first, ["`", name, "` is not a string"].concat()),
    }
}

fn aud_claim(map: &Map, first: &mut Option<Error>) -> Vec<String> {
    match map.get("aud") {
        None => Vec::new(),
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => {
            // A loop rather than `collect::<Result<Vec<_>>>()`, whose adapter costs wasm.
            let mut out = Vec::with_capacity(items.len());
            for v in items {
                let Some(s) = v.as_str() else {
                    return invalid(first, "`aud` array holds a non-string".into());
                };
                out.push(s.to_owned());
            }
            out
        }
        Some(_) => invalid(first, "`aud` is neither a string nor an array".into()),
    }
}

fn date_claim(map: &Map, name: &str, first: &mut Option<Error>) -> Option<u64> {
    let v = map.get(name)?;
    let Value::Number(n) = v else {
        return invalid(first, ["`", name, "` is not a number"].concat());
    };
    if let Some(u) = n.as_u64() {
        return Some(u);
    }
    match n.as_f64() {
        // 2^53: beyond that f64 seconds stop being exact and the value is absurd anyway.
        Some(f) if (0.0..9_007_199_254_740_992.0).contains(&f) => {
            // The cast truncates: the floor of a non-negative number (`f64::floor` is std's).
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let secs = f as u64;
            Some(secs)
        }
        _ => invalid(
            first,
            ["`", name, "` is not a non-negative NumericDate"].concat(),
        ),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn claims(json: &str) -> Result<Claims> {
        Claims::from_map(crate::json::parse_object(json.as_bytes()).unwrap())
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_first_invalid_claim_is_the_one_refused() {
        for (json, message) in [
            (r#"{"iss":1,"exp":"x"}"#, "`iss` is not a string"),
            (r#"{"exp":"x","iss":1}"#, "`iss` is not a string"),
            (r#"{"aud":[1],"exp":-1}"#, "`aud` array holds a non-string"),
            (
                r#"{"aud":{},"jti":2}"#,
                "`aud` is neither a string nor an array",
            ),
            (
                r#"{"sub":"u","nbf":-1,"iat":"y"}"#,
                "`nbf` is not a non-negative NumericDate",
            ),
            (r#"{"iat":"y","jti":0}"#, "`iat` is not a number"),
            (r#"{"jti":0}"#, "`jti` is not a string"),
        ] {
            let e = claims(json).unwrap_err();
            assert_eq!(e.kind(), &ErrorKind::JwtClaimsInvalid, "{json}");
            assert_eq!(e.message(), message, "{json}");
        }
        let c = claims(
            r#"{"iss":"i","sub":"s","aud":"a","exp":20.9,"nbf":1,"iat":2,"jti":"j","email":"e"}"#,
        )
        .unwrap();
        assert_eq!(
            (
                c.iss.as_deref(),
                c.sub.as_deref(),
                c.aud.clone(),
                c.exp,
                c.nbf,
                c.iat,
                c.jti.as_deref()
            ),
            (
                Some("i"),
                Some("s"),
                vec!["a".to_owned()],
                Some(20),
                Some(1),
                Some(2),
                Some("j")
            )
        );
        assert_eq!(c.get_str("email"), Some("e"));
        assert_eq!(c.extra.len(), 1);
    }
}

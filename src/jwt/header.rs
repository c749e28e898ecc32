//! The JOSE header and the algorithm policy.

use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind, Result};

/// An algorithm this crate can verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// `EdDSA` with an Ed25519 key (RFC 8037): what Better Auth's `jwt()` plugin signs with by default.
    EdDSA,
    /// `Ed25519`, the fully-specified name for the same thing (RFC 9864). Not allowed by default
    /// because Better Auth never emits it; add it to [`crate::jwt::Validation::algorithms`] to accept it.
    Ed25519,
}

impl Algorithm {
    /// The `alg` header value.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::EdDSA => "EdDSA",
            Algorithm::Ed25519 => "Ed25519",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        match name {
            "EdDSA" => Some(Algorithm::EdDSA),
            "Ed25519" => Some(Algorithm::Ed25519),
            _ => None,
        }
    }
}

/// Algorithms a Better Auth server (or a common custom set-up) may sign with that we cannot
/// verify in the browser: asymmetric ones we carry no code for, and HMAC, whose secret the
/// browser never has (and must never be given). Reported as `JWT_ALG_UNSUPPORTED` rather than
/// `JWT_ALG_NOT_ALLOWED` so the developer knows timing-only mode is an option.
const KNOWN_UNSUPPORTED: &[&str] = &[
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "ES256K",
    "HS256", "HS384", "HS512", "Ed448",
];

/// Header parameters that carry or point at a key. Trusting them lets the attacker choose the
/// key, so their mere presence refuses the token: keys come only from the server's JWKS.
const KEY_CARRYING: &[&str] = &["jwk", "jku", "x5u", "x5c"];

/// The parsed JOSE header of a token.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// `alg`, as written.
    pub alg: String,
    /// `kid`, if present.
    pub kid: Option<String>,
    /// `typ`, if present (Better Auth omits it; we neither require nor check it).
    pub typ: Option<String>,
    /// Every header member, including the ones above.
    pub raw: Map<String, Value>,
}

impl Header {
    /// Reads the header members and refuses `crit` and key-carrying parameters.
    ///
    /// # Errors
    /// `JWT_MALFORMED` if `alg` is missing or a member has the wrong type;
    /// `JWT_HEADER_UNSUPPORTED` for `crit`, `jwk`, `jku`, `x5u`, `x5c`.
    pub(crate) fn from_map(raw: Map<String, Value>) -> Result<Self> {
        // We implement no extension, so RFC 7515 §4.1.11 requires refusing any `crit`.
        if raw.contains_key("crit") {
            return Err(Error::new(
                ErrorKind::JwtHeaderUnsupported,
                "header has `crit`; no extensions are supported",
            ));
        }
        if let Some(name) = KEY_CARRYING.iter().find(|k| raw.contains_key(**k)) {
            return Err(Error::new(
                ErrorKind::JwtHeaderUnsupported,
                [
                    "header carries `",
                    name,
                    "`; keys are only taken from the JWKS",
                ]
                .concat(),
            ));
        }
        let alg = match raw.get("alg") {
            Some(Value::String(s)) => s.clone(),
            Some(_) => {
                return Err(Error::new(
                    ErrorKind::JwtMalformed,
                    "header `alg` is not a string",
                ))
            }
            None => return Err(Error::new(ErrorKind::JwtMalformed, "header has no `alg`")),
        };
        let kid = opt_string(&raw, "kid")?;
        let typ = opt_string(&raw, "typ")?;
        Ok(Header { alg, kid, typ, raw })
    }

    /// Decides whether `alg` may be verified under `allowed`.
    ///
    /// # Errors
    /// `JWT_ALG_NOT_ALLOWED` for `none` (in any case), unknown names and verifiable algorithms
    /// missing from `allowed`; `JWT_ALG_UNSUPPORTED` for algorithms we know but cannot verify.
    pub(crate) fn check_alg(&self, allowed: &[Algorithm]) -> Result<Algorithm> {
        if self.alg.eq_ignore_ascii_case("none") {
            return Err(Error::new(
                ErrorKind::JwtAlgNotAllowed,
                "alg `none` is never accepted",
            ));
        }
        match Algorithm::from_name(&self.alg) {
            Some(a) if allowed.contains(&a) => Ok(a),
            Some(a) => Err(Error::new(ErrorKind::JwtAlgNotAllowed, ["alg `", a.as_str(), "` is not in the allowed list"].concat())),
            None if KNOWN_UNSUPPORTED.contains(&self.alg.as_str()) => Err(Error::new(
                ErrorKind::JwtAlgUnsupported,
                ["alg `", &self.alg, "` cannot be verified by this client; configure the server for EdDSA or use timing-only mode"].concat(),
            )),
            None => Err(unknown_alg(&self.alg)),
        }
    }

    /// Like [`Self::check_alg`] for timing-only mode: anything but `none` and unknown names passes.
    pub(crate) fn check_alg_timing_only(&self) -> Result<()> {
        if self.alg.eq_ignore_ascii_case("none") {
            return Err(Error::new(
                ErrorKind::JwtAlgNotAllowed,
                "alg `none` is never accepted",
            ));
        }
        if Algorithm::from_name(&self.alg).is_some()
            || KNOWN_UNSUPPORTED.contains(&self.alg.as_str())
        {
            Ok(())
        } else {
            Err(unknown_alg(&self.alg))
        }
    }
}

fn opt_string(raw: &Map<String, Value>, name: &str) -> Result<Option<String>> {
    match raw.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Error::new(
            ErrorKind::JwtMalformed,
            ["header `", name, "` is not a string"].concat(),
        )),
    }
}

fn unknown_alg(alg: &str) -> Error {
    Error::new(
        ErrorKind::JwtAlgNotAllowed,
        ["unknown alg `", alg, "`"].concat(),
    )
}

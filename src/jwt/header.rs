//! The JOSE header and the algorithm policy.

use crate::json::{Map, Value};
use crate::prelude::*;

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
    /// `ES256`: ECDSA on P-256 with SHA-256, signature raw `r||s` (64 bytes). Verified by WebCrypto.
    ES256,
    /// `ES512`: ECDSA on P-521 with SHA-512, signature raw `r||s` (132 bytes). Verified by WebCrypto.
    ES512,
    /// `RS256`: RSASSA-PKCS1-v1_5 with SHA-256, keys of 2048 bits or more. Verified by WebCrypto.
    RS256,
    /// `PS256`: RSASSA-PSS with SHA-256 (salt 32 bytes), keys of 2048 bits or more. Verified by
    /// WebCrypto.
    PS256,
}

/// The algorithms every `keyPairConfig.alg` of Better Auth's jwt plugin can produce, allowed by
/// default: the key is chosen by `kid` in the server's JWKS and must be of the header's algorithm,
/// so allowing them all lets no token pick a weaker check than its key was made for.
pub const DEFAULT_ALGORITHMS: &[Algorithm] = &[
    Algorithm::EdDSA,
    Algorithm::ES256,
    Algorithm::ES512,
    Algorithm::RS256,
    Algorithm::PS256,
];

/// What [`Algorithm`] needs from the browser's WebCrypto (`crypto.subtle`): the parameters of
/// `importKey("jwk", ...)` and of `verify(...)`, all plain strings and numbers so the pure core
/// decides them and the browser layer only passes them on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WebCryptoParams {
    /// `name` of both the import and the verify algorithm: `Ed25519`, `ECDSA`,
    /// `RSASSA-PKCS1-v1_5`, `RSA-PSS`.
    pub name: &'static str,
    /// The hash: `SHA-256` or `SHA-512` (in the import for RSA, in the verify for ECDSA); empty
    /// for Ed25519, which names none.
    pub hash: &'static str,
    /// `namedCurve` of the import for ECDSA (`P-256`, `P-521`).
    pub named_curve: Option<&'static str>,
    /// `saltLength` of the verify for RSA-PSS, in bytes (RFC 7518 §3.5: the hash's size).
    pub salt_length: Option<u32>,
}

impl Algorithm {
    /// The `alg` header value.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::EdDSA => "EdDSA",
            Algorithm::Ed25519 => "Ed25519",
            Algorithm::ES256 => "ES256",
            Algorithm::ES512 => "ES512",
            Algorithm::RS256 => "RS256",
            Algorithm::PS256 => "PS256",
        }
    }

    /// The algorithm named `name` (case-sensitive, as RFC 7518 writes it), if this crate knows it.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "EdDSA" => Some(Algorithm::EdDSA),
            "Ed25519" => Some(Algorithm::Ed25519),
            "ES256" => Some(Algorithm::ES256),
            "ES512" => Some(Algorithm::ES512),
            "RS256" => Some(Algorithm::RS256),
            "PS256" => Some(Algorithm::PS256),
            _ => None,
        }
    }

    /// The key type it needs: `OKP`, `EC` or `RSA`.
    pub fn kty(self) -> &'static str {
        match self {
            Algorithm::EdDSA | Algorithm::Ed25519 => "OKP",
            Algorithm::ES256 | Algorithm::ES512 => "EC",
            Algorithm::RS256 | Algorithm::PS256 => "RSA",
        }
    }

    /// The curve it needs (`crv`), for OKP and EC keys.
    pub fn crv(self) -> Option<&'static str> {
        match self {
            Algorithm::EdDSA | Algorithm::Ed25519 => Some("Ed25519"),
            Algorithm::ES256 => Some("P-256"),
            Algorithm::ES512 => Some("P-521"),
            Algorithm::RS256 | Algorithm::PS256 => None,
        }
    }

    /// How WebCrypto verifies it. Ed25519 too: the browser's WebCrypto checks every signature;
    /// where it has no Ed25519 (older browsers), the package's ed25519-compact module does
    /// (`src/web/webcrypto.rs`).
    pub fn webcrypto(self) -> WebCryptoParams {
        let (name, hash, named_curve, salt_length) = match self {
            Algorithm::EdDSA | Algorithm::Ed25519 => ("Ed25519", "", None, None),
            Algorithm::ES256 => ("ECDSA", "SHA-256", Some("P-256"), None),
            Algorithm::ES512 => ("ECDSA", "SHA-512", Some("P-521"), None),
            Algorithm::RS256 => ("RSASSA-PKCS1-v1_5", "SHA-256", None, None),
            Algorithm::PS256 => ("RSA-PSS", "SHA-256", None, Some(32)),
        };
        WebCryptoParams {
            name,
            hash,
            named_curve,
            salt_length,
        }
    }

    /// Whether it is Ed25519 (`EdDSA`, or its fully-specified name `Ed25519`).
    pub fn is_ed25519(self) -> bool {
        matches!(self, Algorithm::EdDSA | Algorithm::Ed25519)
    }

    /// The length of a raw `r||s` ECDSA signature (twice the curve's field size), in bytes.
    pub fn ecdsa_signature_len(self) -> Option<usize> {
        match self {
            Algorithm::ES256 => Some(64),
            Algorithm::ES512 => Some(132),
            _ => None,
        }
    }
}

/// Algorithms a custom set-up may sign with that we do not verify: asymmetric ones Better Auth's
/// jwt plugin never produces, and HMAC, whose secret the
/// browser never has (and must never be given). Reported as `JWT_ALG_UNSUPPORTED` rather than
/// `JWT_ALG_NOT_ALLOWED` so the developer knows timing-only mode is an option.
const KNOWN_UNSUPPORTED: &[&str] = &[
    "RS384", "RS512", "PS384", "PS512", "ES384", "ES256K", "HS256", "HS384", "HS512", "Ed448",
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
    pub raw: Map,
}

impl Header {
    /// Reads the header members and refuses `crit` and key-carrying parameters.
    ///
    /// # Errors
    /// `JWT_MALFORMED` if `alg` is missing or a member has the wrong type;
    /// `JWT_HEADER_UNSUPPORTED` for `crit`, `jwk`, `jku`, `x5u`, `x5c`.
    pub(crate) fn from_map(raw: Map) -> Result<Self> {
        // We implement no extension, so RFC 7515 §4.1.11 requires refusing any `crit`.
        if raw.contains_key("crit") {
            return Err(Error::new(
                ErrorKind::JwtHeaderUnsupported,
                "header has `crit`; no extensions are supported",
            ));
        }
        if let Some(name) = KEY_CARRYING.iter().find(|k| raw.contains_key(k)) {
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
                ["alg `", &self.alg, "` cannot be verified by this client; configure the server for EdDSA, ES256, ES512, RS256 or PS256, or use timing-only mode"].concat(),
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

fn opt_string(raw: &Map, name: &str) -> Result<Option<String>> {
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

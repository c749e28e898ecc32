//! Parsing a compact JWS and checking it against a [`Validation`].

use super::{Algorithm, Claims, Header, Jwks};
use crate::error::{Error, ErrorKind, Result};
use crate::json::{parse_object, JsonError};

/// The longest token accepted, in bytes. Defaults to `16384` (16 KiB): a Better Auth token with
/// a user payload is well under 1 KiB, and browsers cap a header line near 8–16 KiB anyway.
pub const MAX_TOKEN_BYTES: usize = 16 * 1024;
// The error message spells the limit out.
const _: () = assert!(MAX_TOKEN_BYTES == 16384);

/// Clock leeway for `exp`, `nbf` and `iat`, in seconds. Defaults to `30`: enough for the delay
/// between the server's clock and the check when times are compared at all (see [`TimeCheck`]).
pub const DEFAULT_LEEWAY_S: u64 = 30;

/// What to do with the signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VerifyMode {
    /// Verify the Ed25519 signature against the JWKS. The default.
    #[default]
    Signature,
    /// Opt-in for servers we cannot verify (RS256/ES256/PS256/ES512, or HS256 with no JWKS): the
    /// token is treated as opaque and only its structure and claims are read, for scheduling.
    /// The signature is NOT checked, so its claims must not be trusted for anything that matters;
    /// the resource server still verifies the token it receives.
    TimingOnly,
}

/// Which clock the time claims are compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeCheck {
    /// Compare `exp`, `nbf` and `iat` with this time (seconds since the epoch), within the leeway.
    At(u64),
    /// The token has just been received from its issuer (the response to `GET /token`): the
    /// local clock may be off by hours, and comparing with it would refuse good tokens (or loop
    /// refreshing them), while the lifecycle measures expiry from local receipt time anyway. So
    /// only internal consistency is checked: `exp > iat` and `nbf <= iat + leeway` where present.
    JustIssued,
}

/// What a token must satisfy. Build with [`Validation::new`] and adjust the public fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validation {
    /// Algorithms allowed for signature verification. Defaults to `[EdDSA]`.
    pub algorithms: Vec<Algorithm>,
    /// See [`VerifyMode`]. Defaults to [`VerifyMode::Signature`].
    pub mode: VerifyMode,
    /// Expected `iss`; `None` skips the check. Defaults to `None`; for Better Auth set it to the
    /// server's baseURL origin (e.g. `http://127.0.0.1:3000`), which is what it puts in `iss`.
    pub issuer: Option<String>,
    /// Accepted audiences: `aud` (string or array) must contain at least one. Empty skips the
    /// check. Defaults to empty; for Better Auth use the baseURL origin as well.
    pub audiences: Vec<String>,
    /// Whether a token without `exp` is refused. Defaults to `true`: the lifecycle needs it.
    pub require_exp: bool,
    /// See [`DEFAULT_LEEWAY_S`].
    pub leeway_s: u64,
}

impl Default for Validation {
    fn default() -> Self {
        Validation {
            algorithms: vec![Algorithm::EdDSA],
            mode: VerifyMode::Signature,
            issuer: None,
            audiences: Vec::new(),
            require_exp: true,
            leeway_s: DEFAULT_LEEWAY_S,
        }
    }
}

impl Validation {
    /// The defaults, expecting `origin` as both `iss` and `aud`, as Better Auth's `jwt()` does.
    pub fn new(origin: impl Into<String>) -> Self {
        let origin = origin.into();
        Validation {
            issuer: Some(origin.clone()),
            audiences: vec![origin],
            ..Validation::default()
        }
    }
}

/// A parsed but not yet verified token. Use [`verify`] unless you need the pieces.
#[derive(Debug, Clone, PartialEq)]
pub struct Jws<'a> {
    /// The header.
    pub header: Header,
    /// The payload as a strict JSON object (claims not yet typed).
    pub payload: serde_json::Map<String, serde_json::Value>,
    /// The signed bytes: `base64url(header) "." base64url(payload)`.
    pub signing_input: &'a str,
    /// The decoded signature.
    pub signature: Vec<u8>,
}

fn b64(part: &str, what: &str) -> Result<Vec<u8>> {
    // Refuses `=`, `+`, `/`, whitespace, and non-zero trailing bits, so each token has exactly
    // one encoding (jose tolerates the trailing bits: see the contract, §4).
    super::b64::decode(part).ok_or_else(|| {
        Error::new(
            ErrorKind::JwtMalformed,
            [what, " is not strict base64url"].concat(),
        )
    })
}

fn json(bytes: &[u8], what: &str) -> Result<serde_json::Map<String, serde_json::Value>> {
    parse_object(bytes).map_err(|e: JsonError| {
        Error::new(ErrorKind::JwtMalformed, [what, ": ", &e.message()].concat())
    })
}

impl<'a> Jws<'a> {
    /// Splits and decodes a compact JWS. Checks structure only, not the header's policy.
    ///
    /// # Errors
    /// `JWT_TOO_LARGE` beyond [`MAX_TOKEN_BYTES`]; `JWT_MALFORMED` for anything but three
    /// non-empty strict-base64url segments whose first two are strict JSON objects.
    pub fn parse(token: &'a str) -> Result<Self> {
        if token.len() > MAX_TOKEN_BYTES {
            return Err(Error::new(
                ErrorKind::JwtTooLarge,
                "token is longer than 16384 bytes",
            ));
        }
        let mut parts = token.split('.');
        let (Some(h), Some(p), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(Error::new(
                ErrorKind::JwtMalformed,
                "token does not have three segments",
            ));
        };
        if h.is_empty() || p.is_empty() || s.is_empty() {
            return Err(Error::new(
                ErrorKind::JwtMalformed,
                "token has an empty segment",
            ));
        }
        let header = json(&b64(h, "header")?, "header")?;
        let payload = json(&b64(p, "payload")?, "payload")?;
        let signature = b64(s, "signature")?;
        let header = Header::from_map(header)?;
        let signing_input = token.get(..h.len() + 1 + p.len()).unwrap_or_default();
        Ok(Jws {
            header,
            payload,
            signing_input,
            signature,
        })
    }
}

/// A token that passed [`verify`].
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedJwt {
    /// The token exactly as received, to attach as `Authorization: Bearer`.
    pub raw: String,
    /// The header.
    pub header: Header,
    /// The claims.
    pub claims: Claims,
    /// Whether the signature was checked (false only in [`VerifyMode::TimingOnly`]).
    pub signature_verified: bool,
}

/// Verifies `token` against `jwks` (ignored in timing-only mode, so it may be empty) and `v`.
///
/// Order: structure, header policy (`crit`, embedded keys, algorithm), key and signature, then
/// claims. The signature comes before the claims so nothing an attacker wrote is interpreted
/// beyond JSON syntax before it is authenticated.
///
/// # Errors
/// Every `JWT_*` code of [`ErrorKind`]; never panics, whatever the input.
pub fn verify(token: &str, jwks: &Jwks, v: &Validation, time: TimeCheck) -> Result<VerifiedJwt> {
    let jws = Jws::parse(token)?;
    let signature_verified = match v.mode {
        VerifyMode::Signature => {
            jws.header.check_alg(&v.algorithms)?;
            verify_signature(&jws, jwks)?;
            true
        }
        VerifyMode::TimingOnly => {
            jws.header.check_alg_timing_only()?;
            false
        }
    };
    let claims = Claims::from_map(jws.payload)?;
    check_claims(&claims, v, time)?;
    Ok(VerifiedJwt {
        raw: token.to_owned(),
        header: jws.header,
        claims,
        signature_verified,
    })
}

fn verify_signature(jws: &Jws<'_>, jwks: &Jwks) -> Result<()> {
    let kid = jws
        .header
        .kid
        .as_deref()
        .ok_or_else(|| Error::new(ErrorKind::JwtKidMissing, "header has no kid"))?;
    let jwk = jwks.find(kid).ok_or_else(|| {
        Error::new(
            ErrorKind::JwtKeyNotFound,
            ["no JWKS key with kid \"", kid, "\""].concat(),
        )
    })?;
    let pk = ed25519_compact::PublicKey::new(jwk.ed25519_key()?);
    // Refuses non-canonical encodings, non-points and the small-order points, with which a
    // forged (R = identity, S = 0) signature would verify any message.
    pk.validate().map_err(|e| {
        Error::new(
            ErrorKind::JwtKeyInvalid,
            ["JWKS key is unusable: ", ed25519_reason(e)].concat(),
        )
    })?;
    let sig = ed25519_compact::Signature::from_slice(&jws.signature)
        .map_err(|_| Error::new(ErrorKind::JwtSignatureInvalid, "signature is not 64 bytes"))?;
    // verify() also refuses S >= L (malleability) and a non-point R.
    pk.verify(jws.signing_input.as_bytes(), &sig).map_err(|e| {
        Error::new(
            ErrorKind::JwtSignatureInvalid,
            ["signature does not verify: ", ed25519_reason(e)].concat(),
        )
    })
}

/// What ed25519-compact's errors say, without its `Display` (the formatting machinery is large
/// in wasm).
fn ed25519_reason(e: ed25519_compact::Error) -> &'static str {
    match e {
        ed25519_compact::Error::SignatureMismatch => "signature mismatch",
        ed25519_compact::Error::WeakPublicKey => "weak public key",
        ed25519_compact::Error::InvalidPublicKey => "invalid public key",
        ed25519_compact::Error::InvalidSignature => "invalid signature",
        ed25519_compact::Error::NonCanonical => "non-canonical encoding",
        _ => "invalid",
    }
}

fn check_claims(c: &Claims, v: &Validation, time: TimeCheck) -> Result<()> {
    if v.require_exp && c.exp.is_none() {
        return Err(Error::new(ErrorKind::JwtClaimsInvalid, "token has no exp"));
    }
    if let (Some(exp), Some(iat)) = (c.exp, c.iat) {
        if exp <= iat {
            return Err(Error::new(
                ErrorKind::JwtClaimsInvalid,
                "exp is not after iat",
            ));
        }
    }
    let lw = v.leeway_s;
    match time {
        TimeCheck::At(now) => {
            if let Some(exp) = c.exp {
                // Valid while now < exp + leeway: at exactly exp + leeway it is expired.
                if now >= exp.saturating_add(lw) {
                    return Err(Error::new(ErrorKind::JwtExpired, "token has expired"));
                }
            }
            if let Some(nbf) = c.nbf {
                if nbf > now.saturating_add(lw) {
                    return Err(Error::new(
                        ErrorKind::JwtNotYetValid,
                        "token is not valid yet (nbf)",
                    ));
                }
            }
            if let Some(iat) = c.iat {
                if iat > now.saturating_add(lw) {
                    return Err(Error::new(
                        ErrorKind::JwtNotYetValid,
                        "token is issued in the future (iat)",
                    ));
                }
            }
        }
        TimeCheck::JustIssued => {
            if let (Some(nbf), Some(iat)) = (c.nbf, c.iat) {
                if nbf > iat.saturating_add(lw) {
                    return Err(Error::new(
                        ErrorKind::JwtNotYetValid,
                        "token is not valid until well after it was issued",
                    ));
                }
            }
            if let (Some(nbf), Some(exp)) = (c.nbf, c.exp) {
                if nbf >= exp {
                    return Err(Error::new(
                        ErrorKind::JwtClaimsInvalid,
                        "nbf is not before exp",
                    ));
                }
            }
        }
    }
    if let Some(iss) = &v.issuer {
        if c.iss.as_deref() != Some(iss.as_str()) {
            return Err(Error::new(
                ErrorKind::JwtIssuerInvalid,
                [
                    "iss is ",
                    &quoted_or_none(c.iss.as_deref()),
                    ", expected \"",
                    iss,
                    "\"",
                ]
                .concat(),
            ));
        }
    }
    if !v.audiences.is_empty() && !c.aud.iter().any(|a| v.audiences.contains(a)) {
        return Err(Error::new(
            ErrorKind::JwtAudienceInvalid,
            [
                "aud [",
                &c.aud.join(", "),
                "] contains none of [",
                &v.audiences.join(", "),
                "]",
            ]
            .concat(),
        ));
    }
    Ok(())
}

fn quoted_or_none(s: Option<&str>) -> String {
    s.map_or_else(|| "none".to_owned(), |s| ["\"", s, "\""].concat())
}

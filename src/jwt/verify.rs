//! Parsing a compact JWS and checking it against a [`Validation`].

use super::{Algorithm, Claims, Header, JwkMembers, Jwks, WebCryptoParams, DEFAULT_ALGORITHMS};
use crate::error::{Error, ErrorKind, Result};
use crate::json::{parse_object, JsonError};
use crate::prelude::*;
use crate::text::{split_at_byte, until};

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
    /// Verify the signature with the JWKS key its `kid` names: Ed25519 in this crate, ES256,
    /// ES512, RS256 and PS256 through the browser's WebCrypto. The default.
    #[default]
    Signature,
    /// Opt-in for servers whose tokens cannot be verified in the browser (HS256 with a shared
    /// secret, opaque tokens, no JWKS): only the token's structure and claims are read, for
    /// scheduling. NOT checked: the signature, hence who issued the token and that no claim was
    /// changed; which key or algorithm signed it. `iss` and `aud` are compared, but whoever can
    /// hand the client a token can write them. Its claims must not be trusted for anything that
    /// matters; the resource server still verifies the token it receives.
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
    /// Algorithms allowed for signature verification. Defaults to [`DEFAULT_ALGORITHMS`]
    /// (`EdDSA`, `ES256`, `ES512`, `RS256`, `PS256`): whatever it allows, a token is only
    /// verified with the key its `kid` names, which must be of the header's algorithm.
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
            algorithms: DEFAULT_ALGORITHMS.to_vec(),
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
    pub payload: crate::json::Map,
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

fn json(bytes: &[u8], what: &str) -> Result<crate::json::Map> {
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
        let three = split_at_byte(token, b'.').and_then(|(h, rest)| {
            let (p, s) = split_at_byte(rest, b'.')?;
            (until(s, |b| b == b'.') == s.len()).then_some((h, p, s))
        });
        let Some((h, p, s)) = three else {
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

/// Where [`begin`] leaves a verification.
#[derive(Debug, Clone, PartialEq)]
pub enum Verification<'v> {
    /// Done: timing-only (no signature to check).
    Verified(VerifiedJwt),
    /// Everything but the signature is checked and the key chosen; the browser's WebCrypto must
    /// now verify the signature, and [`PendingSignature::finish`] says what follows.
    Pending(PendingSignature<'v>),
}

/// A token whose header, key and signature format passed, waiting for WebCrypto's verdict on its
/// signature. Its claims are checked by [`Self::finish`], after the signature.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingSignature<'v> {
    /// The header's algorithm, checked against the key.
    pub alg: Algorithm,
    /// How WebCrypto imports the key and verifies with it.
    pub params: WebCryptoParams,
    /// The public key to import with `importKey("jwk", ...)`: `kty` and the key material.
    pub key_jwk: JwkMembers,
    /// The signed bytes.
    pub signing_input: String,
    /// The signature, in the raw form WebCrypto's `verify` takes (`r||s` for ECDSA).
    pub signature: Vec<u8>,
    raw: String,
    header: Header,
    payload: crate::json::Map,
    /// What [`begin`] was given, for the claims: borrowed, not copied (issue #13).
    validation: &'v Validation,
    time: TimeCheck,
}

impl PendingSignature<'_> {
    /// For Ed25519, the raw public key: the JWK's `x`, which [`begin`] checked is 32 bytes of
    /// strict base64url and not a weak key. Empty for the other algorithms.
    pub fn ed25519_key(&self) -> Vec<u8> {
        let x = self.key_jwk.iter().find(|(name, _)| *name == "x");
        match x {
            Some((_, x)) if self.alg.is_ed25519() => super::b64::decode(x).unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// Ends the verification with WebCrypto's verdict: the claims are checked when the
    /// signature verified.
    ///
    /// # Errors
    /// `JWT_SIGNATURE_INVALID` when it did not; otherwise the claims' codes, as [`verify`].
    pub fn finish(self, signature_valid: bool) -> Result<VerifiedJwt> {
        if !signature_valid {
            return Err(Error::new(
                ErrorKind::JwtSignatureInvalid,
                ["signature does not verify (", self.alg.as_str(), ")"].concat(),
            ));
        }
        accept(
            self.raw,
            self.header,
            self.payload,
            self.validation,
            self.time,
            true,
        )
    }
}

/// Verifies `token` against `jwks` (ignored in timing-only mode, so it may be empty) and `v`,
/// synchronously: Ed25519 signatures with ed25519-compact, on every target but the package's
/// wasm32 build (there, with the `ed25519-compact` feature). For the algorithms only WebCrypto
/// verifies (`ES256`, `ES512`, `RS256`, `PS256`), and Ed25519 without ed25519-compact, use
/// [`begin`] (the browser client does); here they are `JWT_ALG_UNSUPPORTED` once everything
/// else about them has passed.
///
/// Order: structure, header policy (`crit`, embedded keys, algorithm), key and signature, then
/// claims. The signature comes before the claims so nothing an attacker wrote is interpreted
/// beyond JSON syntax before it is authenticated.
///
/// # Errors
/// Every `JWT_*` code of [`ErrorKind`]; never panics, whatever the input.
pub fn verify(token: &str, jwks: &Jwks, v: &Validation, time: TimeCheck) -> Result<VerifiedJwt> {
    match begin(token, jwks, v, time)? {
        Verification::Verified(jwt) => Ok(jwt),
        #[cfg(any(not(target_arch = "wasm32"), feature = "ed25519-compact"))]
        Verification::Pending(p) if p.alg.is_ed25519() => {
            verify_ed25519(&p)?;
            p.finish(true)
        }
        Verification::Pending(p) => Err(Error::new(
            ErrorKind::JwtAlgUnsupported,
            [
                "alg ",
                p.alg.as_str(),
                " is verified by the browser's WebCrypto, not by jwt::verify",
            ]
            .concat(),
        )),
    }
}

/// Starts verifying `token`: structure, header policy, the choice of the key (by `kid`, checked
/// against the header's `alg`: type, curve, pinned `alg`, RSA size, Ed25519's weak keys) and the
/// signature's format. Timing-only ends here; with a signature to check, the token is
/// [`Verification::Pending`] on it (WebCrypto in the browser, [`verify`] with ed25519-compact).
///
/// # Errors
/// Every `JWT_*` code of [`ErrorKind`] (for a pending algorithm, all but the signature's and the
/// claims'); never panics, whatever the input.
pub fn begin<'v>(
    token: &str,
    jwks: &Jwks,
    v: &'v Validation,
    time: TimeCheck,
) -> Result<Verification<'v>> {
    let jws = Jws::parse(token)?;
    match v.mode {
        VerifyMode::Signature => {
            let alg = jws.header.check_alg(&v.algorithms)?;
            let kid = jws
                .header
                .kid
                .as_deref()
                .ok_or_else(|| Error::new(ErrorKind::JwtKidMissing, "header has no kid"))?;
            let jwk = jwks.select(kid, alg)?;
            let (key_jwk, modulus_len) = jwk.webcrypto_key(alg)?;
            check_signature_format(alg, &jws.signature, modulus_len)?;
            Ok(Verification::Pending(PendingSignature {
                alg,
                params: alg.webcrypto(),
                key_jwk,
                signing_input: jws.signing_input.to_owned(),
                signature: jws.signature,
                raw: token.to_owned(),
                header: jws.header,
                payload: jws.payload,
                validation: v,
                time,
            }))
        }
        VerifyMode::TimingOnly => {
            jws.header.check_alg_timing_only()?;
            accept(token.to_owned(), jws.header, jws.payload, v, time, false)
                .map(Verification::Verified)
        }
    }
}

fn accept(
    raw: String,
    header: Header,
    payload: crate::json::Map,
    v: &Validation,
    time: TimeCheck,
    signature_verified: bool,
) -> Result<VerifiedJwt> {
    let claims = Claims::from_map(payload)?;
    check_claims(&claims, v, time)?;
    Ok(VerifiedJwt {
        raw,
        header,
        claims,
        signature_verified,
    })
}

/// JWS fixes each signature's length (RFC 7518 §3.4: ECDSA is raw `r||s`, each the field's size;
/// §3.3/§3.5: RSA is as long as the modulus). WebCrypto would merely answer `false` for a DER
/// ECDSA signature, which hides a signer (or an attacker) using the wrong encoding: say it.
fn check_signature_format(alg: Algorithm, sig: &[u8], modulus_len: Option<usize>) -> Result<()> {
    if alg.is_ed25519() {
        // JWT_SIGNATURE_INVALID, as ed25519-compact has always answered it.
        return match sig.len() {
            64 => Ok(()),
            _ => Err(Error::new(
                ErrorKind::JwtSignatureInvalid,
                "signature is not 64 bytes",
            )),
        };
    }
    let want = alg.ecdsa_signature_len().or(modulus_len).unwrap_or(0);
    if sig.len() == want {
        return Ok(());
    }
    let der = alg.ecdsa_signature_len().is_some() && sig.first() == Some(&0x30);
    Err(Error::new(
        ErrorKind::JwtSignatureFormat,
        [
            alg.as_str(),
            " signature is ",
            &crate::error::decimal(sig.len() as u64),
            " bytes, not ",
            &crate::error::decimal(want as u64),
            if der {
                " (it looks like DER; JWS wants raw r||s)"
            } else {
                ""
            },
        ]
        .concat(),
    ))
}

/// Checks a pending Ed25519 signature with ed25519-compact. The key's size, encoding and order
/// and the signature's size were checked by [`begin`].
#[cfg(any(not(target_arch = "wasm32"), feature = "ed25519-compact"))]
fn verify_ed25519(p: &PendingSignature) -> Result<()> {
    let unusable = |e| {
        Error::new(
            ErrorKind::JwtKeyInvalid,
            ["JWKS key is unusable: ", ed25519_reason(e)].concat(),
        )
    };
    let pk = ed25519_compact::PublicKey::from_slice(&p.ed25519_key()).map_err(unusable)?;
    // Refuses non-points (begin refused the small-order points and non-canonical encodings).
    pk.validate().map_err(unusable)?;
    let sig = ed25519_compact::Signature::from_slice(&p.signature)
        .map_err(|_| Error::new(ErrorKind::JwtSignatureInvalid, "signature is not 64 bytes"))?;
    // verify() also refuses S >= L (malleability) and a non-point R.
    pk.verify(p.signing_input.as_bytes(), &sig).map_err(|e| {
        Error::new(
            ErrorKind::JwtSignatureInvalid,
            ["signature does not verify: ", ed25519_reason(e)].concat(),
        )
    })
}

/// What ed25519-compact's errors say, without its `Display` (the formatting machinery is large
/// in wasm).
#[cfg(any(not(target_arch = "wasm32"), feature = "ed25519-compact"))]
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
                &list(&c.aud),
                "] contains none of [",
                &list(&v.audiences),
                "]",
            ]
            .concat(),
        ));
    }
    Ok(())
}

/// `items` joined with ", ". A loop: `[String]::join` is a second copy of core's join in the
/// wasm, next to the one every `[&str]::concat` uses.
fn list(items: &[String]) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(item);
    }
    out
}

fn quoted_or_none(s: Option<&str>) -> String {
    s.map_or_else(|| "none".to_owned(), |s| ["\"", s, "\""].concat())
}

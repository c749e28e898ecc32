//! Compact JWS parsing, claims, JWKS and key selection, Ed25519 verification. Pure: no IO, no
//! clock. Every algorithm is checked here up to the signature itself (key chosen by `kid` and
//! checked against `alg`, RSA size, Ed25519's weak keys, signature format), which the browser
//! layer then hands to WebCrypto ([`begin`], [`PendingSignature`]). [`verify`] also checks
//! Ed25519 signatures itself, with ed25519-compact: on the host, and in wasm32 builds with the
//! `ed25519-compact` feature (the package's module leaves it out: browsers verify Ed25519 with
//! WebCrypto, or with pkg/ed25519.js where they cannot).
//!
//! Better Auth's `jwt()` plugin signs with EdDSA/Ed25519 by default, header
//! `{"alg":"EdDSA","kid":"..."}` and the whole user as payload, `iss` = `aud` = the baseURL
//! origin. Verifying one:
//!
//! ```
//! use better_auth_wasm::jwt::{verify, Jwks, TimeCheck, Validation};
//! # fn demo(token: &str, jwks_body: &[u8]) -> better_auth_wasm::Result<()> {
//! let jwks = Jwks::parse(jwks_body)?;
//! let jwt = verify(token, &jwks, &Validation::new("http://127.0.0.1:3000"), TimeCheck::JustIssued)?;
//! let email = jwt.claims.get_str("email");
//! # let _ = email; Ok(()) }
//! ```
//!
//! What is refused, and with which code, is listed on [`crate::ErrorKind`]. In short: anything
//! but exactly one strict encoding of the token (no padding, no trailing bits, no duplicate JSON
//! names, bounded size and depth); any algorithm outside [`Validation::algorithms`]; `crit`; keys
//! offered by the token itself; a key of another type, curve or pinned algorithm than the
//! header's; RSA keys under 2048 bits; ECDSA signatures not in raw `r||s`; Ed25519 keys of small
//! order; non-canonical signatures.

pub(crate) mod b64;
mod cache;
mod claims;
mod header;
mod jwks;
mod verify;

pub use crate::json::MAX_JSON_DEPTH;
pub use cache::{JwksCache, JwksCacheConfig, DEFAULT_JWKS_COOLDOWN_MS, DEFAULT_JWKS_MAX_AGE_MS};
pub use claims::Claims;
pub use header::{Algorithm, Header, WebCryptoParams, DEFAULT_ALGORITHMS};
pub use jwks::{Jwk, JwkMembers, Jwks, MAX_JWKS_BYTES, MAX_RSA_BITS, MIN_RSA_BITS};
pub use verify::{
    begin, verify, Jws, PendingSignature, TimeCheck, Validation, Verification, VerifiedJwt,
    VerifyMode, DEFAULT_LEEWAY_S, MAX_TOKEN_BYTES,
};

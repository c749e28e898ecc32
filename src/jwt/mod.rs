//! Compact JWS parsing, claims, JWKS and Ed25519 verification.

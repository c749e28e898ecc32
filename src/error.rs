//! One error type for the crate: a comparable [`ErrorKind`] and a stable string code per kind.
//!
//! Codes are part of the public API (JavaScript callers branch on `error.code`); never rename one.
//! Better Auth's own codes (`INVALID_EMAIL_OR_PASSWORD`, `USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL`, ...)
//! pass through unchanged in [`ErrorKind::Server`].

use crate::prelude::*;
use core::fmt;

/// What went wrong, comparable in tests.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
// A tag byte of its own rather than a niche in a field: each match is one jump on one byte
// (issue #13, measured: smaller wasm).
#[repr(u8)]
pub enum ErrorKind {
    /// The request never got an HTTP response (offline, DNS, CORS refusal, connection reset).
    /// Code `NETWORK_ERROR`. Retryable.
    Network,
    /// The server answered with an error status. `code` is the server's own code when its body
    /// carried one (Better Auth's `{message, code}`), otherwise `HTTP_<status>`.
    Server {
        /// HTTP status.
        status: u16,
        /// The server's error code, passed through unchanged.
        code: String,
    },
    /// The auth server answers, but the browser refused its answer for CORS: this page's origin is
    /// not allowed (the server's `trustedOrigins` and CORS headers). Code `CORS_REFUSED`.
    CorsRefused,
    /// `get-session` answered 404: no Better Auth handler at `baseURL` + `basePath`.
    /// Code `BASE_PATH_NOT_FOUND`.
    BasePathNotFound,
    /// `/token` answered 404: the server has no jwt plugin. Code `JWT_PLUGIN_NOT_FOUND`.
    JwtPluginNotFound,
    /// The key set's URL answered 404 (`jwksPath`). Code `JWKS_NOT_FOUND`.
    JwksNotFound,
    /// A sign-in succeeded but the browser did not keep the session cookie (the page and the auth
    /// server on different sites, most often). Code `COOKIE_NOT_STORED`.
    CookieNotStored,
    /// The server answered 2xx with a body we could not understand. Code `INVALID_RESPONSE`.
    InvalidResponse,
    /// An operation that needs a session found none. Code `NO_SESSION`.
    NoSession,
    /// The caller passed options or arguments we cannot use. Code `INVALID_CONFIG`.
    InvalidConfig,
    /// The client was disposed (`dispose()`); create a new one. Code `CLIENT_DISPOSED`.
    ClientDisposed,
    /// An answer asked the page to navigate off its own origin after a sign-in; the client
    /// refused. Code `UNSAFE_REDIRECT`.
    UnsafeRedirect,
    /// The token is not a compact JWS we can parse: wrong number of segments, base64url that is
    /// padded, non-canonical or has invalid characters, invalid UTF-8, JSON that is invalid, not
    /// an object, nested too deeply or has duplicate member names. Code `JWT_MALFORMED`.
    JwtMalformed,
    /// The token is longer than [`crate::jwt::MAX_TOKEN_BYTES`]. Code `JWT_TOO_LARGE`.
    JwtTooLarge,
    /// The header names an algorithm this crate knows but does not verify (`HS256` and the other
    /// HMACs, whose secret a browser must never hold; `RS384`, `ES384`, `Ed448`, ...), or one
    /// that only the browser's WebCrypto verifies (`ES256`, `ES512`, `RS256`, `PS256`) given to
    /// the synchronous [`crate::jwt::verify`]. Tokens of such servers can still be used in
    /// [`crate::jwt::VerifyMode::TimingOnly`]. Code `JWT_ALG_UNSUPPORTED`.
    JwtAlgUnsupported,
    /// The header's algorithm is `none`, unknown, or not in the configured allow-list.
    /// Code `JWT_ALG_NOT_ALLOWED`.
    JwtAlgNotAllowed,
    /// The header carries a parameter we refuse: an embedded or remote key (`jwk`, `jku`, `x5u`,
    /// `x5c`), or `crit`. Code `JWT_HEADER_UNSUPPORTED`.
    JwtHeaderUnsupported,
    /// The header has no `kid`, so no JWKS key can be chosen. Code `JWT_KID_MISSING`.
    JwtKidMissing,
    /// No key in the JWKS has the token's `kid` (the JWKS may be stale: see
    /// [`crate::jwt::JwksCache`]). Code `JWT_KEY_NOT_FOUND`.
    JwtKeyNotFound,
    /// The JWKS key with the token's `kid` is unusable: a `use` other than `sig`, a coordinate or
    /// modulus missing or of the wrong size, an Ed25519 key that is not a curve point or of small
    /// order, or a key WebCrypto refuses to import. Code `JWT_KEY_INVALID`.
    JwtKeyInvalid,
    /// The key with the token's `kid` is pinned (its `alg` member) to another algorithm than the
    /// header's, of the same key type (an `RS256` key and a `PS256` header).
    /// Code `JWT_ALG_MISMATCH`.
    JwtAlgMismatch,
    /// The key with the token's `kid` is of a type or curve the header's algorithm cannot use:
    /// an RSA key with an EC or EdDSA header, an EC or OKP key with an RSA header, a P-256 key
    /// with `ES512`... Code `JWT_KEY_TYPE_MISMATCH`.
    JwtKeyTypeMismatch,
    /// The token's `kid` names a key that the set holds under another algorithm, while the set
    /// also holds keys of the header's algorithm (a key set of several algorithms, Better Auth's
    /// `keyPairConfigs`, with the header's `alg` or `kid` swapped). Code `JWT_KID_ALG_MISMATCH`.
    JwtKidAlgMismatch,
    /// The RSA key's modulus is shorter than 2048 bits (RFC 7518 §3.3), or longer than 16384.
    /// Code `JWT_RSA_KEY_TOO_SHORT`.
    JwtRsaKeyTooShort,
    /// The signature is not in the encoding JWS prescribes for its algorithm: an ECDSA signature
    /// that is not raw `r||s` of twice the curve's size (a DER `SEQUENCE`, for example), or an
    /// RSA signature whose length is not the modulus's. Code `JWT_SIGNATURE_FORMAT`.
    JwtSignatureFormat,
    /// The signature does not verify; for Ed25519 also: not 64 bytes or not canonical (S >= L).
    /// Code `JWT_SIGNATURE_INVALID`.
    JwtSignatureInvalid,
    /// The token needs the browser's WebCrypto (`ES256`, `ES512`, `RS256`, `PS256`) and
    /// `crypto.subtle` is absent: pages served over plain `http://` from another host than
    /// `localhost` are not a secure context, and browsers hide it there. Serve the page over
    /// HTTPS, or sign with EdDSA (verified without WebCrypto by the package's ed25519.js). Also an
    /// Ed25519 token where WebCrypto has no Ed25519 and no verifier was given to the client (the
    /// package's index.js gives one), or what it gave is not a function.
    /// Code `WEBCRYPTO_UNAVAILABLE`.
    WebCryptoUnavailable,
    /// A registered claim has the wrong type or an impossible value (`exp` missing or not a
    /// number, `exp <= iat`, `aud` neither string nor array of strings...).
    /// Code `JWT_CLAIMS_INVALID`.
    JwtClaimsInvalid,
    /// `exp` is past (beyond the leeway). Code `JWT_EXPIRED`.
    JwtExpired,
    /// `nbf` or `iat` is in the future (beyond the leeway). Code `JWT_NOT_YET_VALID`.
    JwtNotYetValid,
    /// `iss` is missing or is not the expected issuer. Code `JWT_ISSUER_INVALID`.
    JwtIssuerInvalid,
    /// `aud` is missing or contains none of the expected audiences. Code `JWT_AUDIENCE_INVALID`.
    JwtAudienceInvalid,
    /// The JWKS document is not a JSON object with a `keys` array of objects, has duplicate
    /// `kid`s, or is larger than [`crate::jwt::MAX_JWKS_BYTES`]. Code `JWKS_INVALID`.
    JwksInvalid,
}

impl ErrorKind {
    /// The stable string code of this kind.
    pub fn code(&self) -> &str {
        match self {
            ErrorKind::Server { code, .. } => code,
            _ => CODES.get(self.index()).copied().unwrap_or_default(),
        }
    }

    /// The kind's place in the declaration, which is its tag: the match compiles to reading
    /// the tag byte.
    fn index(&self) -> usize {
        match self {
            ErrorKind::Network => 0,
            ErrorKind::Server { .. } => 1,
            ErrorKind::CorsRefused => 2,
            ErrorKind::BasePathNotFound => 3,
            ErrorKind::JwtPluginNotFound => 4,
            ErrorKind::JwksNotFound => 5,
            ErrorKind::CookieNotStored => 6,
            ErrorKind::InvalidResponse => 7,
            ErrorKind::NoSession => 8,
            ErrorKind::InvalidConfig => 9,
            ErrorKind::ClientDisposed => 10,
            ErrorKind::UnsafeRedirect => 11,
            ErrorKind::JwtMalformed => 12,
            ErrorKind::JwtTooLarge => 13,
            ErrorKind::JwtAlgUnsupported => 14,
            ErrorKind::JwtAlgNotAllowed => 15,
            ErrorKind::JwtHeaderUnsupported => 16,
            ErrorKind::JwtKidMissing => 17,
            ErrorKind::JwtKeyNotFound => 18,
            ErrorKind::JwtKeyInvalid => 19,
            ErrorKind::JwtAlgMismatch => 20,
            ErrorKind::JwtKeyTypeMismatch => 21,
            ErrorKind::JwtKidAlgMismatch => 22,
            ErrorKind::JwtRsaKeyTooShort => 23,
            ErrorKind::JwtSignatureFormat => 24,
            ErrorKind::JwtSignatureInvalid => 25,
            ErrorKind::WebCryptoUnavailable => 26,
            ErrorKind::JwtClaimsInvalid => 27,
            ErrorKind::JwtExpired => 28,
            ErrorKind::JwtNotYetValid => 29,
            ErrorKind::JwtIssuerInvalid => 30,
            ErrorKind::JwtAudienceInvalid => 31,
            ErrorKind::JwksInvalid => 32,
        }
    }
}

/// Every kind's code, at its [`ErrorKind::index`] (`Server`'s is the server's own): a table
/// rather than a match that returns a string per arm (smaller wasm, issue #13).
const CODES: [&str; 33] = [
    "NETWORK_ERROR",
    "",
    "CORS_REFUSED",
    "BASE_PATH_NOT_FOUND",
    "JWT_PLUGIN_NOT_FOUND",
    "JWKS_NOT_FOUND",
    "COOKIE_NOT_STORED",
    "INVALID_RESPONSE",
    "NO_SESSION",
    "INVALID_CONFIG",
    "CLIENT_DISPOSED",
    "UNSAFE_REDIRECT",
    "JWT_MALFORMED",
    "JWT_TOO_LARGE",
    "JWT_ALG_UNSUPPORTED",
    "JWT_ALG_NOT_ALLOWED",
    "JWT_HEADER_UNSUPPORTED",
    "JWT_KID_MISSING",
    "JWT_KEY_NOT_FOUND",
    "JWT_KEY_INVALID",
    "JWT_ALG_MISMATCH",
    "JWT_KEY_TYPE_MISMATCH",
    "JWT_KID_ALG_MISMATCH",
    "JWT_RSA_KEY_TOO_SHORT",
    "JWT_SIGNATURE_FORMAT",
    "JWT_SIGNATURE_INVALID",
    "WEBCRYPTO_UNAVAILABLE",
    "JWT_CLAIMS_INVALID",
    "JWT_EXPIRED",
    "JWT_NOT_YET_VALID",
    "JWT_ISSUER_INVALID",
    "JWT_AUDIENCE_INVALID",
    "JWKS_INVALID",
];

/// The kinds without data, so that a code read back (from another tab) finds its kind.
const CODED: [ErrorKind; 32] = [
    ErrorKind::Network,
    ErrorKind::CorsRefused,
    ErrorKind::BasePathNotFound,
    ErrorKind::JwtPluginNotFound,
    ErrorKind::JwksNotFound,
    ErrorKind::CookieNotStored,
    ErrorKind::JwtAlgMismatch,
    ErrorKind::JwtKeyTypeMismatch,
    ErrorKind::JwtKidAlgMismatch,
    ErrorKind::JwtRsaKeyTooShort,
    ErrorKind::JwtSignatureFormat,
    ErrorKind::WebCryptoUnavailable,
    ErrorKind::InvalidResponse,
    ErrorKind::NoSession,
    ErrorKind::InvalidConfig,
    ErrorKind::ClientDisposed,
    ErrorKind::UnsafeRedirect,
    ErrorKind::JwtMalformed,
    ErrorKind::JwtTooLarge,
    ErrorKind::JwtAlgUnsupported,
    ErrorKind::JwtAlgNotAllowed,
    ErrorKind::JwtHeaderUnsupported,
    ErrorKind::JwtKidMissing,
    ErrorKind::JwtKeyNotFound,
    ErrorKind::JwtKeyInvalid,
    ErrorKind::JwtSignatureInvalid,
    ErrorKind::JwtClaimsInvalid,
    ErrorKind::JwtExpired,
    ErrorKind::JwtNotYetValid,
    ErrorKind::JwtIssuerInvalid,
    ErrorKind::JwtAudienceInvalid,
    ErrorKind::JwksInvalid,
];

impl ErrorKind {
    /// The HTTP status this kind carries: the server's, or 404 for the kinds that name one.
    pub fn status(&self) -> Option<u16> {
        match self {
            ErrorKind::Server { status, .. } => Some(*status),
            ErrorKind::BasePathNotFound
            | ErrorKind::JwtPluginNotFound
            | ErrorKind::JwksNotFound => Some(404),
            _ => None,
        }
    }

    /// The kind a code and status stand for: [`ErrorKind::Server`] when there is a status, else
    /// the kind whose [`ErrorKind::code`] it is; `None` for an unknown code.
    pub fn from_code(code: &str, status: Option<u16>) -> Option<ErrorKind> {
        // A kind of this crate with its own status (`JWKS_NOT_FOUND`, 404) is found by both.
        let own = CODED
            .into_iter()
            .find(|k| k.code() == code && k.status() == status);
        match status {
            Some(status) if own.is_none() => Some(ErrorKind::Server {
                status,
                code: code.to_owned(),
            }),
            _ => own,
        }
    }
}

/// The crate's error: a kind, an HTTP status where there was one, and a human-readable message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    /// An error of `kind` with a message for humans.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The stable code of [`Self::kind`].
    pub fn code(&self) -> &str {
        self.kind.code()
    }

    /// The message for humans (the server's own message for [`ErrorKind::Server`]).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The HTTP status when the error came from a response, else `None`.
    pub fn status(&self) -> Option<u16> {
        self.kind.status()
    }

    /// Whether trying again later may succeed (no response, 408, 429, 5xx), as supabase auth-js marks it.
    pub fn is_retryable(&self) -> bool {
        match &self.kind {
            ErrorKind::Network => true,
            ErrorKind::Server { status, .. } => matches!(*status, 408 | 429 | 500..=599),
            _ => false,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())?;
        f.write_str(": ")?;
        f.write_str(&self.message)
    }
}

impl core::error::Error for Error {}

/// The crate's result type.
pub type Result<T, E = Error> = core::result::Result<T, E>;

/// `n` in decimal, for messages: without `core::fmt`, whose integer formatting costs wasm. In the
/// browser, JavaScript's `String()` of it (as a BigInt: exact).
pub(crate) fn decimal(n: u64) -> String {
    #[cfg(target_arch = "wasm32")]
    return crate::json::js_string(&n.into());
    #[cfg(not(target_arch = "wasm32"))]
    {
        let mut out = String::new();
        crate::json::write_u64(n, &mut out);
        out
    }
}

/// `s` in double quotes, escaped as a JSON string, for messages: the text `{s:?}` gives for
/// ordinary strings, without `Debug`'s escaper and its Unicode tables (kilobytes of wasm). In the
/// browser, `JSON.stringify`'s, which escapes the same characters the same way.
pub(crate) fn quoted(s: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    return crate::web::js::stringify(&s.into())
        .ok()
        .and_then(|q| q.as_string())
        .unwrap_or_default();
    #[cfg(not(target_arch = "wasm32"))]
    return crate::json::quote(s);
}

#[cfg(test)]
mod tests {
    /// The decimal text of `n`, as `Display` writes it.
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn decimal_is_what_display_writes() {
        for n in [0, 1, 9, 10, 99, 100, 404, 2047, 65_535, 1 << 53, u64::MAX] {
            assert_eq!(super::decimal(n), n.to_string());
        }
    }

    /// A message's quoting (in the browser, `JSON.stringify`'s) is the JSON writer's.
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn quoted_is_the_json_writers_quote() {
        let controls: String = (0..0x20u8).map(char::from).collect();
        for s in ["", "a b", "\"\\/", "é😀\u{7f}\u{2028}\u{fffd}", &controls] {
            assert_eq!(super::quoted(s), crate::json::quote(s), "{s:?}");
        }
        assert_eq!(super::quoted("a\"b\n"), r#""a\"b\n""#);
    }

    /// The codes are public API (never renamed): every kind's, and each read back to its kind.
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn every_kind_has_its_code() {
        use super::ErrorKind;
        for (kind, code) in [
            (ErrorKind::Network, "NETWORK_ERROR"),
            (ErrorKind::CorsRefused, "CORS_REFUSED"),
            (ErrorKind::BasePathNotFound, "BASE_PATH_NOT_FOUND"),
            (ErrorKind::JwtPluginNotFound, "JWT_PLUGIN_NOT_FOUND"),
            (ErrorKind::JwksNotFound, "JWKS_NOT_FOUND"),
            (ErrorKind::CookieNotStored, "COOKIE_NOT_STORED"),
            (ErrorKind::InvalidResponse, "INVALID_RESPONSE"),
            (ErrorKind::NoSession, "NO_SESSION"),
            (ErrorKind::InvalidConfig, "INVALID_CONFIG"),
            (ErrorKind::ClientDisposed, "CLIENT_DISPOSED"),
            (ErrorKind::UnsafeRedirect, "UNSAFE_REDIRECT"),
            (ErrorKind::JwtMalformed, "JWT_MALFORMED"),
            (ErrorKind::JwtTooLarge, "JWT_TOO_LARGE"),
            (ErrorKind::JwtAlgUnsupported, "JWT_ALG_UNSUPPORTED"),
            (ErrorKind::JwtAlgNotAllowed, "JWT_ALG_NOT_ALLOWED"),
            (ErrorKind::JwtHeaderUnsupported, "JWT_HEADER_UNSUPPORTED"),
            (ErrorKind::JwtKidMissing, "JWT_KID_MISSING"),
            (ErrorKind::JwtKeyNotFound, "JWT_KEY_NOT_FOUND"),
            (ErrorKind::JwtKeyInvalid, "JWT_KEY_INVALID"),
            (ErrorKind::JwtAlgMismatch, "JWT_ALG_MISMATCH"),
            (ErrorKind::JwtKeyTypeMismatch, "JWT_KEY_TYPE_MISMATCH"),
            (ErrorKind::JwtKidAlgMismatch, "JWT_KID_ALG_MISMATCH"),
            (ErrorKind::JwtRsaKeyTooShort, "JWT_RSA_KEY_TOO_SHORT"),
            (ErrorKind::JwtSignatureFormat, "JWT_SIGNATURE_FORMAT"),
            (ErrorKind::WebCryptoUnavailable, "WEBCRYPTO_UNAVAILABLE"),
            (ErrorKind::JwtSignatureInvalid, "JWT_SIGNATURE_INVALID"),
            (ErrorKind::JwtClaimsInvalid, "JWT_CLAIMS_INVALID"),
            (ErrorKind::JwtExpired, "JWT_EXPIRED"),
            (ErrorKind::JwtNotYetValid, "JWT_NOT_YET_VALID"),
            (ErrorKind::JwtIssuerInvalid, "JWT_ISSUER_INVALID"),
            (ErrorKind::JwtAudienceInvalid, "JWT_AUDIENCE_INVALID"),
            (ErrorKind::JwksInvalid, "JWKS_INVALID"),
        ] {
            assert_eq!(kind.code(), code);
            assert_eq!(ErrorKind::from_code(code, kind.status()), Some(kind));
        }
        let server = ErrorKind::Server {
            status: 401,
            code: "INVALID_EMAIL_OR_PASSWORD".into(),
        };
        assert_eq!(server.code(), "INVALID_EMAIL_OR_PASSWORD");
        assert_eq!(
            ErrorKind::from_code("INVALID_EMAIL_OR_PASSWORD", Some(401)),
            Some(server)
        );
    }
}

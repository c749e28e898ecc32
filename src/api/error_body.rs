//! Turning an HTTP error response into an [`Error`] that keeps the server's code.

use crate::error::{Error, ErrorKind};
use serde::Deserialize;

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    code: Option<String>,
    /// FastAPI-style APIs answer `{"detail": ...}`.
    #[serde(default)]
    detail: Option<serde_json::Value>,
}

/// The error for a non-2xx response with `status` and raw `body`.
///
/// Better Auth answers `{"message","code"}` (the code passes through unchanged); its 429 has only a
/// message, and 404/500 have an empty body: those get the code `HTTP_<status>` and the reason
/// phrase as message. A resource API's `{"detail": ...}` becomes the message.
pub fn error_from_response(status: u16, body: &[u8]) -> Error {
    let parsed: Option<ErrorBody> = serde_json::from_slice(body).ok();
    let (code, message) = match parsed {
        Some(b) => {
            let detail = b.detail.map(|d| match d {
                serde_json::Value::String(s) => s,
                // Not `to_string()`: `Display` for `Value` brings a pretty printer and an io
                // adapter into the wasm; this is the compact writer the request bodies use.
                other => serde_json::to_string(&other).unwrap_or_default(),
            });
            (b.code, b.message.or(detail))
        }
        None => (None, None),
    };
    let code = code
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| format!("HTTP_{status}"));
    let message = message
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| reason(status).to_owned());
    Error::new(ErrorKind::Server { status, code }, message)
}

fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "HTTP error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn better_auth_code_passes_through() {
        let e = error_from_response(
            422,
            br#"{"message":"User already exists. Use another email.","code":"USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL"}"#,
        );
        assert_eq!(e.code(), "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL");
        assert_eq!(e.status(), Some(422));
        assert_eq!(e.message(), "User already exists. Use another email.");
        assert!(!e.is_retryable());
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn empty_body_gets_status_code() {
        let e = error_from_response(500, b"");
        assert_eq!(e.code(), "HTTP_500");
        assert_eq!(e.message(), "Internal Server Error");
        assert!(e.is_retryable());
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn rate_limit_body_without_code() {
        let e = error_from_response(
            429,
            br#"{"message":"Too many requests. Please try again later."}"#,
        );
        assert_eq!(e.code(), "HTTP_429");
        assert_eq!(e.message(), "Too many requests. Please try again later.");
        assert!(e.is_retryable());
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn fastapi_detail_becomes_message() {
        let e = error_from_response(401, br#"{"detail":"Token expired"}"#);
        assert_eq!(e.code(), "HTTP_401");
        assert_eq!(e.message(), "Token expired");
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn garbage_body_is_not_a_panic() {
        let e = error_from_response(502, &[0xff, 0xfe, b'{']);
        assert_eq!(e.code(), "HTTP_502");
    }
}

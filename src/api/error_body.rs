//! Turning an HTTP error response into an [`Error`] that keeps the server's code.

use crate::error::{Error, ErrorKind};
use crate::json::Value;
use crate::prelude::*;
/// The error for a non-2xx response with `status` and raw `body`.
///
/// Better Auth answers `{"message","code"}` (the code passes through unchanged); its 429 has only a
/// message, and 404/500 have an empty body: those get the code `HTTP_<status>` and the message
/// `the server answered HTTP <status>`. A resource API's `{"detail": ...}` becomes the message.
pub fn error_from_response(status: u16, body: &[u8]) -> Error {
    let (code, message) = parse(body).unwrap_or((None, None));
    let number = crate::error::decimal(status.into());
    let code = code
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| ["HTTP_", &number].concat());
    let message = message
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| ["the server answered HTTP ", &number].concat());
    Error::new(ErrorKind::Server { status, code }, message)
}

/// `(code, message)` of a JSON object body; `None` when the body is not one, or when `code` or
/// `message` is neither a string nor `null` (then neither is trusted, and the status speaks).
///
/// Read through the strict parser and picked by hand rather than through a derived
/// `Deserialize`, whose type errors format floats (kilobytes of wasm). Like the derived reader it
/// replaced, it refuses duplicate member names.
fn parse(body: &[u8]) -> Option<(Option<String>, Option<String>)> {
    let mut map = crate::json::parse_object(body).ok()?;
    let mut text = |key: &str| match map.remove(key) {
        None | Some(Value::Null) => Some(None),
        Some(Value::String(s)) => Some(Some(s)),
        Some(_) => None,
    };
    let code = text("code")?;
    let message = text("message")?;
    let detail = match map.remove("detail") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        // The compact writer the request bodies use.
        Some(other) => Some(other.to_json()),
    };
    Some((code, message.or(detail)))
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
        assert_eq!(e.message(), "the server answered HTTP 500");
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
    fn ill_typed_or_ambiguous_bodies_fall_back_to_the_status() {
        for body in [
            &br#"{"code":42,"message":"m"}"#[..],
            br#"{"code":"C","message":["m"]}"#,
            br#"{"code":"A","code":"B"}"#,
            br#"["C","m"]"#,
            br#""C""#,
        ] {
            let e = error_from_response(400, body);
            assert_eq!(e.code(), "HTTP_400", "{body:?}");
            assert_eq!(e.message(), "the server answered HTTP 400", "{body:?}");
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn null_members_and_structured_detail() {
        let e = error_from_response(403, br#"{"code":null,"message":null,"detail":{"a":1}}"#);
        assert_eq!(e.code(), "HTTP_403");
        assert_eq!(e.message(), r#"{"a":1}"#);
        let e = error_from_response(400, br#"{"code":"C","message":"","detail":"d","x":1.5}"#);
        assert_eq!(e.code(), "C");
        assert_eq!(e.message(), "the server answered HTTP 400");
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn garbage_body_is_not_a_panic() {
        let e = error_from_response(502, &[0xff, 0xfe, b'{']);
        assert_eq!(e.code(), "HTTP_502");
    }
}

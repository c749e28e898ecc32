//! Turning an HTTP error response into an [`Error`] that keeps the server's code.

use crate::error::{Error, ErrorKind};
use crate::json::Value;
use crate::prelude::*;
/// The error for a non-2xx response with `status` and raw `body` (see [`error_from_answer`]),
/// the body read by the strict parser: one that repeats a member name is not trusted, and the
/// status speaks.
pub fn error_from_response(status: u16, body: &[u8]) -> Error {
    let map = crate::json::parse_object(body).unwrap_or_default();
    error_from_answer(status, &map)
}

/// The error for a non-2xx response with `status` whose body reads as `answer` (a JSON object;
/// in the browser, the body as `JSON.parse` read it).
///
/// Better Auth answers `{"message","code"}` (the code passes through unchanged); its 429 has only a
/// message, and 404/500 have an empty body: those get the code `HTTP_<status>` and the message
/// `the server answered HTTP <status>`. A resource API's `{"detail": ...}` becomes the message.
/// When `code` or `message` is neither a string nor `null`, neither is trusted, and the status
/// speaks.
pub fn error_from_answer(status: u16, answer: &(impl ErrorMembers + ?Sized)) -> Error {
    let (code, message) = code_and_message(answer).unwrap_or((None, None));
    let number = crate::error::decimal(status.into());
    let code = code
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| ["HTTP_", &number].concat());
    let message = message
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| ["the server answered HTTP ", &number].concat());
    Error::new(ErrorKind::Server { status, code }, message)
}

fn code_and_message(
    answer: &(impl ErrorMembers + ?Sized),
) -> Option<(Option<String>, Option<String>)> {
    let code = answer.text("code")?;
    let message = answer.text("message")?;
    Some((code, message.or_else(|| answer.json_text("detail"))))
}

/// The members of an error answer, whatever holds it: a JSON object here, the `JSON.parse`d
/// JavaScript value in the browser. Picked by hand rather than through a derived `Deserialize`,
/// whose type errors format floats (kilobytes of wasm).
pub trait ErrorMembers {
    /// Member `name`: `Some(None)` when it is absent or `null`, `Some(Some(text))` when it is a
    /// string, `None` for anything else.
    fn text(&self, name: &str) -> Option<Option<String>>;
    /// Member `name` as text: a string as it is, anything else its compact JSON text; `None` when
    /// it is absent or `null`.
    fn json_text(&self, name: &str) -> Option<String>;
}

impl ErrorMembers for crate::json::Map {
    fn text(&self, name: &str) -> Option<Option<String>> {
        match self.get(name) {
            None | Some(Value::Null) => Some(None),
            Some(Value::String(s)) => Some(Some(s.clone())),
            Some(_) => None,
        }
    }

    fn json_text(&self, name: &str) -> Option<String> {
        match self.get(name)? {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            other => Some(other.to_json()),
        }
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

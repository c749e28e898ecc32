//! Better Auth request and response types, error-body parsing and URL resolution. Pure: no IO.
//!
//! The shapes follow what a real Better Auth 1.7 server answers (see the project's contract notes):
//! timestamps are ISO-8601 strings, ids are strings, and unknown fields are kept so that plugins'
//! additional user fields survive a round trip.

mod error_body;
mod types;
mod url;

pub use error_body::error_from_response;
pub use types::{
    Session, SessionResponse, SignInEmail, SignInResponse, SignUpEmail, SignUpResponse,
    TokenResponse, User,
};
pub use url::{origin_of, resolve_base_url, Endpoint, DEFAULT_BASE_PATH};

//! Better Auth's endpoints as data, error-body parsing and URL resolution. Pure: no IO.
//!
//! Every endpoint the client knows is a row of [`routes`]: its path, its method and what it does to
//! the session. The answers themselves are passed through to JavaScript as the server sent them;
//! only the fields the session decides on are read (see [`crate::core::session`]).

mod error_body;
pub mod misconfig;
pub mod routes;
mod url;

pub use error_body::{error_from_answer, error_from_response, ErrorMembers};
pub use url::{origin_of, redirect_allowed, resolve_base_url, DEFAULT_BASE_PATH};

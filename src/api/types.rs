//! Request bodies and response bodies of the endpoints this crate calls.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A Better Auth user. Fields a plugin adds are kept in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// User id (32 alphanumeric characters on a default server).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Email address.
    pub email: String,
    /// Whether the email address was verified.
    #[serde(default)]
    pub email_verified: bool,
    /// Avatar URL, if any.
    #[serde(default)]
    pub image: Option<String>,
    /// Creation time, ISO-8601.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update time, ISO-8601.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Fields added by plugins or `additionalFields`.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A Better Auth session row, as `get-session` returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    /// Session id.
    pub id: String,
    /// Owner.
    pub user_id: String,
    /// When the session ends, ISO-8601.
    pub expires_at: String,
    /// The bare session token (the cookie carries it signed).
    #[serde(default)]
    pub token: Option<String>,
    /// Creation time, ISO-8601.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update time, ISO-8601.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Client IP as the server saw it.
    #[serde(default)]
    pub ip_address: Option<String>,
    /// Client user agent as the server saw it.
    #[serde(default)]
    pub user_agent: Option<String>,
    /// Other fields.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The body of `GET /get-session` when a session exists (the server answers `null` otherwise).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionResponse {
    /// The session.
    pub session: Session,
    /// Its user.
    pub user: User,
}

/// `POST /sign-up/email` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignUpEmail {
    /// Display name (required by the server).
    pub name: String,
    /// Email address.
    pub email: String,
    /// Password, 8 to 128 characters on a default server.
    pub password: String,
    /// Avatar URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Where the server may redirect after email verification.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        rename = "callbackURL"
    )]
    pub callback_url: Option<String>,
    /// `false` makes the session cookie last only for the browser session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remember_me: Option<bool>,
}

/// `POST /sign-in/email` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInEmail {
    /// Email address.
    pub email: String,
    /// Password.
    pub password: String,
    /// A trusted URL (or relative path) to go to after sign-in.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        rename = "callbackURL"
    )]
    pub callback_url: Option<String>,
    /// `false` makes the session cookie last only for the browser session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remember_me: Option<bool>,
}

/// `POST /sign-up/email` 200 body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignUpResponse {
    /// The bare session token (`null` when autoSignIn is off).
    #[serde(default)]
    pub token: Option<String>,
    /// The new user.
    pub user: User,
}

/// `POST /sign-in/email` 200 body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignInResponse {
    /// Whether the server asks the client to navigate to `url`.
    #[serde(default)]
    pub redirect: bool,
    /// The bare session token.
    #[serde(default)]
    pub token: Option<String>,
    /// Where to navigate when `redirect` is true.
    #[serde(default)]
    pub url: Option<String>,
    /// The signed-in user.
    pub user: User,
}

/// `GET /token` 200 body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenResponse {
    /// The JWT.
    pub token: String,
}

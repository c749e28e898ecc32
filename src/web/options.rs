//! The options object of `createAuthClient`, with its defaults.

use crate::api::{origin_of, resolve_base_url};
use crate::core::Config;
use crate::error::{Error, ErrorKind, Result};
use crate::jwt::{Validation, VerifyMode, DEFAULT_LEEWAY_S};
use serde::Deserialize;
use wasm_bindgen::JsValue;

/// Options as JavaScript passes them (camelCase, Better Auth's names where they exist).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawOptions {
    #[serde(rename = "baseURL")]
    base_url: Option<String>,
    base_path: Option<String>,
    jwks_path: Option<String>,
    #[serde(default)]
    api_origins: Vec<String>,
    issuer: Option<String>,
    /// A string or an array of strings. Read as JSON rather than through an untagged enum,
    /// whose buffering deserializer costs kilobytes of wasm.
    audience: Option<serde_json::Value>,
    leeway_seconds: Option<u64>,
    refresh_margin_seconds: Option<u64>,
    verification: Option<String>,
    cross_tab: Option<bool>,
    cache_jwks: Option<bool>,
}

/// Resolved options.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    /// `{baseURL}{basePath}`, without a trailing slash.
    pub base: String,
    /// Path of the JWKS below `base`. Default `/jwks`, the jwt plugin's default.
    pub jwks_path: String,
    /// Normalised origins (`scheme://host[:port]`) allowed to receive the token. Default: none,
    /// so a token goes only where the application said.
    pub api_origins: Vec<String>,
    /// What a token must satisfy. Default: EdDSA signed by a key of the JWKS, `iss` and `aud` equal
    /// to the auth server's origin (Better Auth's defaults), 30 s leeway.
    pub validation: Validation,
    /// The lifecycle's tunables (refresh margin, backoff...): `core::Config::default()` unless
    /// `refreshMarginSeconds` is given.
    pub lifecycle: Config,
    /// One refresh for all tabs (Web Locks + BroadcastChannel). Default `true`.
    pub cross_tab: bool,
    /// Keep the JWKS (public keys) in localStorage across page loads. Default `true`. The token
    /// itself is never stored: the get-session made at each page load returns a fresh one.
    pub cache_jwks: bool,
}

impl Options {
    pub fn from_js(value: &JsValue, page_origin: Option<&str>) -> Result<Self> {
        let raw: RawOptions = if value.is_undefined() || value.is_null() {
            RawOptions::default()
        } else {
            serde_wasm_bindgen::from_value(value.clone())
                .map_err(|e| config_error(format!("invalid options: {e}")))?
        };
        let base = resolve_base_url(
            raw.base_url.as_deref(),
            raw.base_path.as_deref(),
            page_origin,
        )?;
        let jwks_path = raw.jwks_path.unwrap_or_else(|| "/jwks".to_owned());
        if !jwks_path.starts_with('/') {
            return Err(config_error("jwksPath must start with '/'"));
        }
        let api_origins = raw
            .api_origins
            .iter()
            .map(|o| {
                origin_of(o).ok_or_else(|| {
                    config_error(format!("apiOrigins: not an http(s) origin: {o:?}"))
                })
            })
            .collect::<Result<Vec<_>>>()?;

        // Better Auth's iss/aud default to the baseURL origin; a relative base means the page's.
        let server_origin = origin_of(&base).or_else(|| page_origin.map(str::to_owned));
        let mode = match raw.verification.as_deref() {
            None | Some("signature") => VerifyMode::Signature,
            Some("timing-only") => VerifyMode::TimingOnly,
            Some(other) => {
                return Err(config_error(format!(
                    "verification must be \"signature\" or \"timing-only\", got {other:?}"
                )))
            }
        };
        let validation = Validation {
            issuer: raw.issuer.or_else(|| server_origin.clone()),
            audiences: match raw.audience {
                Some(a) => audiences(a)?,
                None => server_origin.into_iter().collect(),
            },
            leeway_s: raw.leeway_seconds.unwrap_or(DEFAULT_LEEWAY_S),
            mode,
            ..Validation::default()
        };
        let mut lifecycle = Config::default();
        if let Some(s) = raw.refresh_margin_seconds {
            lifecycle.min_margin_ms = s.saturating_mul(1000);
        }
        Ok(Self {
            base,
            jwks_path,
            api_origins,
            validation,
            lifecycle,
            cross_tab: raw.cross_tab.unwrap_or(true),
            cache_jwks: raw.cache_jwks.unwrap_or(true),
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Whether a request to `url` may carry the token.
    pub fn may_receive_token(&self, url: &str) -> bool {
        origin_of(url).is_some_and(|o| self.api_origins.contains(&o))
    }
}

fn audiences(value: serde_json::Value) -> Result<Vec<String>> {
    use serde_json::Value;
    let bad = || config_error("invalid options: audience must be a string or an array of strings");
    match value {
        Value::String(a) => Ok(vec![a]),
        Value::Array(items) => items
            .into_iter()
            .map(|v| match v {
                Value::String(a) => Ok(a),
                _ => Err(bad()),
            })
            .collect(),
        _ => Err(bad()),
    }
}

fn config_error(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidConfig, message)
}

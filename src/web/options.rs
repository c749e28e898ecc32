//! The options object of `createAuthClient`, with its defaults.

use crate::api::{origin_of, resolve_base_url};
use crate::error::{Error, ErrorKind, Result};
use serde::Deserialize;
use wasm_bindgen::JsValue;

/// Options as JavaScript passes them (camelCase, Better Auth's names where they exist).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawOptions {
    #[serde(rename = "baseURL")]
    base_url: Option<String>,
    base_path: Option<String>,
    /// Path of the JWKS below the base URL. Defaults to `/jwks`, the jwt plugin's default.
    jwks_path: Option<String>,
    /// Origins of the APIs allowed to receive the token. Defaults to none: a token is attached only
    /// where the application said so.
    #[serde(default)]
    api_origins: Vec<String>,
}

/// Resolved options.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    /// `{baseURL}{basePath}`, without a trailing slash.
    pub base: String,
    pub jwks_path: String,
    /// Normalised origins (`scheme://host[:port]`).
    pub api_origins: Vec<String>,
}

impl Options {
    pub fn from_js(value: &JsValue, page_origin: Option<&str>) -> Result<Self> {
        let raw: RawOptions = if value.is_undefined() || value.is_null() {
            RawOptions::default()
        } else {
            serde_wasm_bindgen::from_value(value.clone()).map_err(|e| {
                Error::new(ErrorKind::InvalidConfig, format!("invalid options: {e}"))
            })?
        };
        let base = resolve_base_url(
            raw.base_url.as_deref(),
            raw.base_path.as_deref(),
            page_origin,
        )?;
        let jwks_path = raw.jwks_path.unwrap_or_else(|| "/jwks".to_owned());
        if !jwks_path.starts_with('/') {
            return Err(Error::new(
                ErrorKind::InvalidConfig,
                "jwksPath must start with '/'",
            ));
        }
        let api_origins = raw
            .api_origins
            .iter()
            .map(|o| {
                origin_of(o).ok_or_else(|| {
                    Error::new(
                        ErrorKind::InvalidConfig,
                        format!("apiOrigins: not an http(s) origin: {o:?}"),
                    )
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            base,
            jwks_path,
            api_origins,
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }
}

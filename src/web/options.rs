//! The options object of `createAuthClient`, with its defaults.

use super::js::json_of;
use crate::api::{origin_of, resolve_base_url};
use crate::core::Config;
use crate::error::{quoted, Error, ErrorKind, Result};
use crate::json::Value;
use crate::jwt::{Validation, VerifyMode, DEFAULT_LEEWAY_S};
use core::cell::Cell;
use wasm_bindgen::JsValue;

/// Options as JavaScript passes them (camelCase, Better Auth's names where they exist).
#[derive(Debug, Default)]
struct RawOptions {
    base_url: Option<String>,
    base_path: Option<String>,
    jwks_path: Option<String>,
    jwks_url: Option<String>,
    api_origins: Vec<String>,
    issuer: Option<String>,
    /// A string or an array of strings.
    audience: Option<Value>,
    leeway_seconds: Option<u64>,
    refresh_margin_seconds: Option<u64>,
    verification: Option<String>,
    cross_tab: Option<bool>,
    cache_jwks: Option<bool>,
}

impl RawOptions {
    /// Reads the known properties of `obj` (own or inherited, as `obj[name]` does); others are
    /// ignored. By hand rather than through a derived `Deserialize`: its type errors format
    /// floats, which costs 13 KB of wasm.
    fn read(obj: &JsValue) -> Result<Self> {
        if !obj.is_object() {
            return Err(config_error("invalid options: not an object"));
        }
        // The first property that did not fit; reading goes on so that there is one exit.
        let failed = Cell::new(None);
        let get = |name: &str| super::js::get(obj, name);
        let string = |name: &str| pick(&get(name), name, "a string", &failed, text);
        let flag = |name: &str| pick(&get(name), name, "a boolean", &failed, |v| v.as_bool());
        let seconds = |name: &str| {
            pick(
                &get(name),
                name,
                "a whole number of seconds",
                &failed,
                |v| v.as_u64(),
            )
        };
        let mut origins = get("apiOrigins");
        // Any iterable of strings (a Set...), as a sequence was read before.
        if origins.is_object()
            && !js_sys::Array::is_array(&origins)
            && js_sys::Symbol::iterator().js_in(&origins)
        {
            origins = js_sys::Array::from(&origins).into();
        }
        let raw = Self {
            base_url: string("baseURL"),
            base_path: string("basePath"),
            jwks_path: string("jwksPath"),
            jwks_url: string("jwksUrl"),
            api_origins: pick(
                &origins,
                "apiOrigins",
                "an array of strings",
                &failed,
                |v| match v {
                    Value::Array(items) => strings(&items),
                    _ => None,
                },
            )
            .unwrap_or_default(),
            issuer: string("issuer"),
            audience: pick(&get("audience"), "audience", "JSON", &failed, Some),
            leeway_seconds: seconds("leewaySeconds"),
            refresh_margin_seconds: seconds("refreshMarginSeconds"),
            verification: string("verification"),
            cross_tab: flag("crossTab"),
            cache_jwks: flag("cacheJwks"),
        };
        match failed.into_inner() {
            None => Ok(raw),
            Some(e) => Err(e),
        }
    }
}

fn text(v: Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s),
        _ => None,
    }
}

/// `f` of the property `name`'s value, `None` when it is absent, `undefined` or `null`. When it is
/// not JSON or `f` refuses it, `failed` keeps an error (the first one) and the answer is `None`.
fn pick<T>(
    value: &JsValue,
    name: &str,
    what: &str,
    failed: &Cell<Option<Error>>,
    f: impl FnOnce(Value) -> Option<T>,
) -> Option<T> {
    let got = match json_of(value) {
        Some(Value::Null) => return None,
        Some(v) => f(v),
        None => None,
    };
    if got.is_none() {
        let first = failed.take().unwrap_or_else(|| {
            // As JavaScript writes it (no JSON writer of our own in the module).
            let seen = js_sys::JSON::stringify(value)
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_else(|| "a value that is not JSON".to_owned());
            let e = invalid(name, what);
            // `[null]`: most often an environment variable that is not set at build time.
            Error::new(
                ErrorKind::InvalidConfig,
                [e.message(), ", got ", &seen].concat(),
            )
        });
        failed.set(Some(first));
    }
    got
}

/// `invalid options: {name} must be {what}`.
fn invalid(name: &str, what: &str) -> Error {
    config_error(["invalid options: ", name, " must be ", what].concat())
}

/// Resolved options.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    /// `{baseURL}{basePath}`, without a trailing slash.
    pub base: String,
    /// Path of the JWKS below `base`. Default `/jwks`, the jwt plugin's default.
    pub jwks_path: String,
    /// Where the key set lives when it is not on the auth server (`jwksUrl`, for the jwt
    /// plugin's `jwks.remoteUrl`): an absolute http(s) URL that replaces `base` + `jwks_path`.
    /// Default `None`.
    pub jwks_url: Option<String>,
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
    /// Whether `baseURL` was given (else the page's origin is used), for the messages.
    pub base_url_set: bool,
}

impl Options {
    pub fn from_js(value: &JsValue, page_origin: Option<&str>) -> Result<Self> {
        let raw: RawOptions = if value.is_undefined() || value.is_null() {
            RawOptions::default()
        } else {
            RawOptions::read(value)?
        };
        let base_url_set = raw.base_url.is_some();
        let base = resolve_base_url(
            raw.base_url.as_deref(),
            raw.base_path.as_deref(),
            page_origin,
        )?;
        // Everything that can fail is checked on borrows first, so that an early return drops
        // `raw` whole rather than field by field (a ladder of drops costs wasm).
        if !raw.jwks_path.as_deref().unwrap_or("/").starts_with('/') {
            return Err(config_error("jwksPath must start with '/'"));
        }
        if raw
            .jwks_url
            .as_deref()
            .is_some_and(|u| origin_of(u).is_none())
        {
            return Err(config_error("jwksUrl must be an absolute http(s) URL"));
        }
        let mut api_origins = Vec::with_capacity(raw.api_origins.len());
        for o in &raw.api_origins {
            let Some(origin) = origin_of(o) else {
                return Err(config_error(
                    ["apiOrigins: not an http(s) origin: ", &quoted(o)].concat(),
                ));
            };
            api_origins.push(origin);
        }
        let mode = match raw.verification.as_deref() {
            None | Some("signature") => VerifyMode::Signature,
            Some("timing-only") => VerifyMode::TimingOnly,
            Some(other) => {
                return Err(config_error(
                    [
                        "verification must be \"signature\" or \"timing-only\", got ",
                        &quoted(other),
                    ]
                    .concat(),
                ))
            }
        };
        // Better Auth's iss/aud default to the baseURL origin; a relative base means the page's.
        let server_origin = origin_of(&base).or_else(|| page_origin.map(str::to_owned));
        let audiences = match &raw.audience {
            Some(a) => audiences(a)?,
            None => server_origin.iter().cloned().collect(),
        };
        let jwks_path = raw.jwks_path.unwrap_or_else(|| "/jwks".to_owned());
        let validation = Validation {
            issuer: raw.issuer.or(server_origin),
            audiences,
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
            jwks_url: raw.jwks_url,
            api_origins,
            validation,
            lifecycle,
            cross_tab: raw.cross_tab.unwrap_or(true),
            cache_jwks: raw.cache_jwks.unwrap_or(true),
            base_url_set,
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// The key set's URL: `jwksUrl`, else `{base}{jwksPath}`.
    pub fn jwks_url(&self) -> String {
        self.jwks_url
            .clone()
            .unwrap_or_else(|| self.url(&self.jwks_path))
    }

    /// Whether a request to `url` may carry the token.
    pub fn may_receive_token(&self, url: &str) -> bool {
        origin_of(url).is_some_and(|o| self.api_origins.contains(&o))
    }
}

fn audiences(value: &Value) -> Result<Vec<String>> {
    match value {
        Value::String(a) => Some(vec![a.clone()]),
        Value::Array(items) => strings(items),
        _ => None,
    }
    .ok_or_else(|| {
        config_error("invalid options: audience must be a string or an array of strings")
    })
}

/// The strings of a JSON array, or `None` when it holds anything else.
fn strings(items: &[Value]) -> Option<Vec<String>> {
    let mut out = Vec::with_capacity(items.len());
    for v in items {
        out.push(v.as_str()?.to_owned());
    }
    Some(out)
}

fn config_error(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidConfig, message)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::Options;
    use wasm_bindgen::JsValue;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn options(text: &str) -> crate::Result<Options> {
        let v = js_sys::Function::new_no_args(&["return ", text].concat())
            .call0(&JsValue::NULL)
            .unwrap();
        Options::from_js(&v, Some("https://app.example"))
    }

    #[wasm_bindgen_test]
    fn options_are_read_by_name() {
        let o = options(
            "({baseURL: 'https://auth.example', basePath: '/x', apiOrigins: new Set(['https://api.example']), \
             audience: ['a', 'b'], leewaySeconds: 5, refreshMarginSeconds: 7n, verification: 'timing-only', \
             crossTab: false, cacheJwks: null, issuer: undefined, unknown: () => 1})",
        )
        .unwrap();
        assert_eq!(o.base, "https://auth.example/x");
        assert_eq!(o.api_origins, ["https://api.example"]);
        assert_eq!(o.validation.audiences, ["a", "b"]);
        assert_eq!(o.validation.issuer.as_deref(), Some("https://auth.example"));
        assert_eq!(o.validation.leeway_s, 5);
        assert_eq!(o.lifecycle.min_margin_ms, 7000);
        assert!(!o.cross_tab);
        assert!(o.cache_jwks);
        let inherited = options("Object.create({jwksPath: '/keys'})").unwrap();
        assert_eq!(inherited.jwks_path, "/keys");
        assert_eq!(inherited.base, "https://app.example/api/auth");
    }

    #[wasm_bindgen_test]
    fn ill_typed_options_are_invalid_config() {
        for text in [
            "'https://auth.example'",
            "({baseURL: 42})",
            "({leewaySeconds: 1.5})",
            "({leewaySeconds: -1})",
            "({refreshMarginSeconds: '5'})",
            "({crossTab: 'yes'})",
            "({apiOrigins: 'https://api.example'})",
            "({apiOrigins: [1]})",
            "({audience: 42})",
            "({issuer: Symbol()})",
            "({verification: 'none'})",
        ] {
            let r = options(text);
            assert!(
                matches!(&r, Err(e) if e.code() == "INVALID_CONFIG"),
                "{text}: {r:?}"
            );
        }
    }
}

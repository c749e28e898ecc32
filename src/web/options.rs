//! The options object of `createAuthClient`, with its defaults.

use crate::api::{origin_of, resolve_base_url};
use crate::core::Config;
use crate::error::{quoted, Error, ErrorKind, Result};
use crate::jwt::{Validation, VerifyMode, DEFAULT_LEEWAY_S};
use crate::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

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
    audience: Option<Vec<String>>,
    /// `audience` was neither a string nor an array of strings (an error once the earlier checks
    /// of `Options::from_js` pass).
    audience_ill_typed: bool,
    leeway_seconds: Option<u64>,
    refresh_margin_seconds: Option<u64>,
    verification: Option<String>,
    cross_tab: Option<bool>,
    cache_jwks: Option<bool>,
}

impl RawOptions {
    /// Reads the known properties of `obj` (own or inherited, as `obj[name]` does); others are
    /// ignored. By hand rather than through a derived `Deserialize`: its type errors format
    /// floats, which costs 13 KB of wasm. Each type has its own reader, straight from the
    /// JavaScript value (converting to JSON first and a generic reader per type cost 2 KB).
    fn read(obj: &JsValue) -> Result<Self> {
        if !obj.is_object() {
            return Err(config_error("invalid options: not an object"));
        }
        let mut r = Reader { obj, failed: None };
        let mut origins = r.get("apiOrigins");
        // Any iterable of strings (a Set...), as a sequence was read before.
        if origins.is_object()
            && !js_sys::Array::is_array(&origins)
            && js_sys::Symbol::iterator().js_in(&origins)
        {
            origins = js_sys::Array::from(&origins).into();
        }
        let base_url = r.string("baseURL");
        let base_path = r.string("basePath");
        let jwks_path = r.string("jwksPath");
        let jwks_url = r.string("jwksUrl");
        let mut api_origins = None;
        if !absent(&origins) {
            api_origins = strings(&origins);
            if api_origins.is_none() {
                r.fail(&origins, "apiOrigins", "an array of strings");
            }
        }
        let issuer = r.string("issuer");
        let mut audience = None;
        let mut audience_ill_typed = false;
        let value = r.get("audience");
        if let Some(a) = value.as_string() {
            audience = Some(vec![a]);
        } else if !absent(&value) {
            audience = strings(&value);
            // Refused later, with its own message.
            audience_ill_typed = audience.is_none();
        }
        let raw = Self {
            base_url,
            base_path,
            jwks_path,
            jwks_url,
            api_origins: api_origins.unwrap_or_default(),
            issuer,
            audience,
            audience_ill_typed,
            leeway_seconds: r.seconds("leewaySeconds"),
            refresh_margin_seconds: r.seconds("refreshMarginSeconds"),
            verification: r.string("verification"),
            cross_tab: r.flag("crossTab"),
            cache_jwks: r.flag("cacheJwks"),
        };
        match r.failed {
            None => Ok(raw),
            Some(e) => Err(e),
        }
    }
}

/// Reads the properties of an options object. A property whose value is absent (see
/// [`absent`]) reads as `None`; one of the wrong type too, and `failed` keeps an error (the
/// first one), so that reading goes on and there is one exit.
struct Reader<'a> {
    obj: &'a JsValue,
    failed: Option<Error>,
}

impl Reader<'_> {
    fn get(&self, name: &str) -> JsValue {
        super::js::get(self.obj, name)
    }

    /// Records `invalid options: {name} must be {what}, got {JSON.stringify(value)}` unless an
    /// earlier property failed.
    fn fail(&mut self, value: &JsValue, name: &str, what: &str) {
        if self.failed.is_some() {
            return;
        }
        // As JavaScript writes it (no JSON writer of our own in the module).
        let seen = super::js::stringify(value)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| "a value that is not JSON".to_owned());
        // `[null]`: most often an environment variable that is not set at build time.
        self.failed = Some(config_error(
            [
                "invalid options: ",
                name,
                " must be ",
                what,
                ", got ",
                &seen,
            ]
            .concat(),
        ));
    }

    fn string(&mut self, name: &str) -> Option<String> {
        let value = self.get(name);
        let got = value.as_string();
        if got.is_none() && !absent(&value) {
            self.fail(&value, name, "a string");
        }
        got
    }

    fn flag(&mut self, name: &str) -> Option<bool> {
        let value = self.get(name);
        let got = value.as_bool();
        if got.is_none() && !absent(&value) {
            self.fail(&value, name, "a boolean");
        }
        got
    }

    /// A safe integer number or a BigInt, zero or more.
    fn seconds(&mut self, name: &str) -> Option<u64> {
        /// 2^53 - 1.
        const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
        let value = self.get(name);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // checked
        let got = if value.is_bigint() {
            // Its decimal digits (`String(10n)`: "10", a negative one's start with "-"), through
            // the imports already in the module: wasm-bindgen's `u64::try_from` brings three.
            crate::num::decimal(crate::json::js_string(&value).as_bytes())
        } else {
            value
                .as_f64()
                // A whole number: the cast truncates, and is exact up to 2^53 (`f64::trunc` is std's).
                .filter(|n| (0.0..=MAX_SAFE).contains(n) && (*n as u64) as f64 == *n)
                .map(|n| n as u64)
        };
        if got.is_none() && !absent(&value) {
            self.fail(&value, name, "a whole number of seconds");
        }
        got
    }
}

/// `null`, `undefined` or a number that JSON cannot hold (NaN, infinities), all of which JSON
/// reading takes for `null`: the option is not given.
fn absent(value: &JsValue) -> bool {
    value.is_null() || value.is_undefined() || value.as_f64().is_some_and(|n| !n.is_finite())
}

/// The items of a JavaScript array, or `None` when it is not an array or holds anything but
/// strings.
fn strings(value: &JsValue) -> Option<Vec<String>> {
    let items = value.dyn_ref::<js_sys::Array>()?;
    let mut out = Vec::with_capacity(items.length() as usize);
    for i in 0..items.length() {
        out.push(items.get(i).as_string()?);
    }
    Some(out)
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
        if !raw.jwks_path.as_deref().unwrap_or("/").starts_with("/") {
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
        if raw.audience_ill_typed {
            return Err(config_error(
                "invalid options: audience must be a string or an array of strings",
            ));
        }
        // Better Auth's iss/aud default to the baseURL origin; a relative base means the page's.
        let server_origin = origin_of(&base).or_else(|| page_origin.map(str::to_owned));
        let audiences = match raw.audience {
            Some(a) => a,
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
            lifecycle.min_margin_ms = crate::num::saturating_mul(s, 1000);
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
        [self.base.as_str(), path].concat()
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
            "({refreshMarginSeconds: -1n})",
            "({refreshMarginSeconds: 2n**64n})",
            "({refreshMarginSeconds: ['5']})",
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

    #[wasm_bindgen_test]
    fn option_messages_and_edge_cases() {
        let message = |text: &str| options(text).unwrap_err().message().to_owned();
        for (text, want) in [
            ("({baseURL: 42})", "invalid options: baseURL must be a string, got 42"),
            (
                "({leewaySeconds: 2**53})",
                "invalid options: leewaySeconds must be a whole number of seconds, got 9007199254740992",
            ),
            (
                "({refreshMarginSeconds: -1n, leewaySeconds: 0.5})",
                "invalid options: leewaySeconds must be a whole number of seconds, got 0.5",
            ),
            ("({crossTab: [null]})", "invalid options: crossTab must be a boolean, got [null]"),
            (
                "({issuer: Symbol()})",
                "invalid options: issuer must be a string, got a value that is not JSON",
            ),
            (
                "({apiOrigins: new Set([1])})",
                "invalid options: apiOrigins must be an array of strings, got [1]",
            ),
            (
                "({audience: [1]})",
                "invalid options: audience must be a string or an array of strings",
            ),
            (
                "({audience: {a: 1}, verification: 'none'})",
                "verification must be \"signature\" or \"timing-only\", got \"none\"",
            ),
            (
                "({audience: {a: 1}, cacheJwks: 0})",
                "invalid options: cacheJwks must be a boolean, got 0",
            ),
            (
                "({audience: ['a', () => 1]})",
                "invalid options: audience must be a string or an array of strings",
            ),
        ] {
            assert_eq!(message(text), want, "{text}");
        }
        // What JSON reads as null is not given.
        let o = options(
            "({baseURL: NaN, leewaySeconds: -0, refreshMarginSeconds: 2n**64n-1n, crossTab: Infinity, \
             audience: null, apiOrigins: undefined})",
        )
        .unwrap();
        assert_eq!(o.base, "https://app.example/api/auth");
        assert_eq!(o.validation.leeway_s, 0);
        assert_eq!(o.lifecycle.min_margin_ms, u64::MAX);
        assert!(o.cross_tab);
        assert_eq!(o.validation.audiences, ["https://app.example"]);
        assert!(o.api_origins.is_empty());
        assert_eq!(
            options("({audience: 'x'})").unwrap().validation.audiences,
            ["x"]
        );
    }
}

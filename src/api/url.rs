//! Where the auth endpoints live: the base URL resolution of Better Auth's TypeScript client.

use crate::error::{quoted, Error, ErrorKind, Result};
use crate::prelude::*;
use crate::text::{split_at_byte, trim_end_slashes, until};

/// The path Better Auth mounts its handler on when none is configured.
pub const DEFAULT_BASE_PATH: &str = "/api/auth";

/// Resolves the auth base URL as `better-auth/client` does.
///
/// 1. `base_url` given: when it has no path (or only `/`), `base_path` (default
///    [`DEFAULT_BASE_PATH`]) is appended; when it has a path it is used as is.
/// 2. Otherwise `page_origin + base_path` (the page's `window.location.origin`).
/// 3. Otherwise the relative `base_path`.
///
/// The result never ends in `/`.
///
/// # Errors
/// [`ErrorKind::InvalidConfig`] when `base_url` is not an absolute `http(s)` URL or `base_path`
/// does not start with `/`.
pub fn resolve_base_url(
    base_url: Option<&str>,
    base_path: Option<&str>,
    page_origin: Option<&str>,
) -> Result<String> {
    let base_path = trim_end_slashes(base_path.unwrap_or(DEFAULT_BASE_PATH));
    if !base_path.is_empty() && !base_path.starts_with("/") {
        return Err(Error::new(
            ErrorKind::InvalidConfig,
            ["basePath must start with '/': ", &quoted(base_path)].concat(),
        ));
    }
    match base_url.map(str::trim_ascii).filter(|s| !s.is_empty()) {
        Some(url) => {
            let (origin, path) = split_origin(url).ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidConfig,
                    ["baseURL must be an absolute http(s) URL: ", &quoted(url)].concat(),
                )
            })?;
            let path = trim_end_slashes(path);
            if path.is_empty() {
                Ok([origin.as_str(), base_path].concat())
            } else {
                Ok([origin.as_str(), path].concat())
            }
        }
        None => match page_origin.and_then(split_origin) {
            Some((origin, _)) => Ok([origin.as_str(), base_path].concat()),
            None => Ok(base_path.to_owned()),
        },
    }
}

/// The origin (`scheme://host[:port]`, lower-cased, default port dropped) of an absolute http(s)
/// URL, or `None` for anything else.
pub fn origin_of(url: &str) -> Option<String> {
    split_origin(url).map(|(o, _)| o)
}

/// Splits an absolute http(s) URL into its normalised origin and its path (query and fragment dropped).
/// Whether the client may navigate to `url` after a sign-in that answered `redirect: true`: only
/// to the page's own origin or a relative path (`/next`, not `//elsewhere`), whatever the server
/// trusts. Off-site navigation is left to the application.
pub fn redirect_allowed(url: &str, page_origin: Option<&str>) -> bool {
    let relative = url.starts_with("/") && !url.starts_with("//") && !url.starts_with("/\\");
    relative || (page_origin.is_some() && origin_of(url).as_deref() == page_origin)
}

fn split_origin(url: &str) -> Option<(String, &str)> {
    // Byte searches (see `text`), not `split_once("://")` or `find` with chars. The scheme
    // cannot hold a ':', so the first one is the one of "://".
    let (scheme, rest) = split_at_byte(url, b':')?;
    let rest = rest.strip_prefix("//")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let (authority, tail) =
        rest.split_at_checked(until(rest, |b| matches!(b, b'/' | b'?' | b'#')))?;
    if authority.is_empty()
        || authority.bytes().any(|b| b == b'@')
        || authority.chars().any(char::is_whitespace)
    {
        return None;
    }
    let authority = authority.to_ascii_lowercase();
    let default_port = if scheme == "http" { ":80" } else { ":443" };
    let authority = authority.strip_suffix(default_port).unwrap_or(&authority);
    let path = tail
        .get(..until(tail, |b| b == b'?' || b == b'#'))
        .unwrap_or("");
    Some(([scheme.as_str(), "://", authority].concat(), path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn base_url_without_path_gets_base_path() {
        assert_eq!(
            resolve_base_url(Some("http://127.0.0.1:3000"), None, None).ok(),
            Some("http://127.0.0.1:3000/api/auth".into())
        );
        assert_eq!(
            resolve_base_url(Some("http://127.0.0.1:3000/"), Some("/auth/"), None).ok(),
            Some("http://127.0.0.1:3000/auth".into())
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn base_url_with_path_is_kept() {
        assert_eq!(
            resolve_base_url(Some("https://Example.com:443/custom/auth/"), None, None).ok(),
            Some("https://example.com/custom/auth".into())
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn falls_back_to_page_origin_then_relative() {
        assert_eq!(
            resolve_base_url(None, None, Some("http://127.0.0.1:8080")).ok(),
            Some("http://127.0.0.1:8080/api/auth".into())
        );
        assert_eq!(
            resolve_base_url(None, None, None).ok(),
            Some("/api/auth".into())
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn bad_config_is_an_error() {
        for bad in ["ftp://x", "127.0.0.1:3000", "http://", "http://user@host"] {
            let e = resolve_base_url(Some(bad), None, None);
            assert_eq!(
                e.map_err(|e| e.code().to_owned()),
                Err("INVALID_CONFIG".to_owned()),
                "{bad}"
            );
        }
        assert!(resolve_base_url(None, Some("api"), None).is_err());
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn redirects_stay_on_the_page_origin() {
        let page = Some("http://127.0.0.1:8080");
        assert!(redirect_allowed("/dashboard", page));
        assert!(redirect_allowed("/dashboard", None));
        assert!(redirect_allowed("http://127.0.0.1:8080/x?y=1", page));
        assert!(!redirect_allowed("//evil.example/x", page));
        assert!(!redirect_allowed("/\\evil.example/x", page));
        assert!(!redirect_allowed("https://evil.example/x", page));
        assert!(!redirect_allowed("http://127.0.0.1:3000/x", page));
        assert!(!redirect_allowed("http://127.0.0.1:8080/x", None));
        assert!(!redirect_allowed("javascript:alert(1)", page));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn origins_are_normalised() {
        assert_eq!(
            origin_of("HTTP://LocalHost:80/x?y"),
            Some("http://localhost".into())
        );
        assert_eq!(
            origin_of("http://127.0.0.1:4000/api"),
            Some("http://127.0.0.1:4000".into())
        );
        assert_eq!(origin_of("javascript:alert(1)"), None);
        assert_eq!(origin_of("/relative"), None);
        for not_http in [
            "a:b://host",
            "http:/host",
            "http:host",
            "http//host",
            "ftp://host",
            "://host",
        ] {
            assert_eq!(origin_of(not_http), None, "{not_http}");
        }
        assert_eq!(
            origin_of("https://é.example/ü"),
            Some("https://é.example".into())
        );
        assert_eq!(origin_of("https://h#://x"), Some("https://h".into()));
        assert_eq!(origin_of("https://"), None);
    }
}

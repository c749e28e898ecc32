//! Misconfigurations named: what a failure seen by the client means about the setup, as an error
//! whose message names the setting, the value expected, the value seen and the URL that answered.
//! Pure: the browser layer says what happened (and, for a request that got no answer, whether the
//! server answered a `no-cors` request: see [`unanswered`]); this module words it.

use crate::error::{Error, ErrorKind};
use crate::prelude::*;

/// The URL of a request and the text of a message about it: `GET http://…/get-session`.
fn get(url: &str) -> String {
    ["GET ", url].concat()
}

/// The site of an origin as cookies see it (`SameSite`): the host without port or scheme, reduced
/// to its last two labels for a domain name (`app.example.com` → `example.com`); an IP address or
/// `localhost` is its own site. An approximation of the registrable domain: without the public
/// suffix list, `a.co.uk` and `b.co.uk` look like one site.
pub fn site_of(origin: &str) -> &str {
    // By bytes: `str` patterns (`split("://")`, `find`) bring searchers that cost kilobytes of wasm.
    let after_scheme = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .unwrap_or(origin);
    let bytes = after_scheme.as_bytes();
    let end = bytes.iter().position(|&b| b == b'/').unwrap_or(bytes.len());
    let authority = after_scheme.get(..end).unwrap_or(after_scheme);
    if authority.starts_with("[") {
        // `[::1]:3000` → `[::1]`
        let close = authority
            .bytes()
            .position(|b| b == b']')
            .map_or(authority.len(), |i| i + 1);
        return authority.get(..close).unwrap_or(authority);
    }
    let host = match authority.bytes().rposition(|b| b == b':') {
        Some(i) => authority.get(..i).unwrap_or(authority),
        None => authority,
    };
    if host.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return host;
    }
    // The last two labels: what follows the second-last dot.
    let last_dot = |h: &str| h.bytes().rposition(|b| b == b'.');
    match last_dot(host).and_then(|i| last_dot(host.get(..i)?)) {
        Some(i) => host.get(i + 1..).unwrap_or(host),
        None => host,
    }
}

/// A request to the auth server got no HTTP answer (`fetch` rejected). `reachable`: whether the
/// same URL answered a `no-cors` request (an opaque answer): then the server is there and the
/// browser refused its answer for CORS.
pub fn unanswered(
    method: &str,
    url: &str,
    page_origin: Option<&str>,
    reachable: bool,
    cause: &str,
) -> Error {
    let page = page_origin.unwrap_or("this page");
    let request = [method, " ", url].concat();
    if reachable {
        return Error::new(
            ErrorKind::CorsRefused,
            [
                &request,
                " was refused by CORS: the auth server answers, but not to this page's origin ",
                page,
                ". Add ",
                page,
                " to the server's `trustedOrigins`, and answer it with Access-Control-Allow-Origin: ",
                page,
                " and Access-Control-Allow-Credentials: true (see the README's server setup). A proxy's error page without CORS headers looks the same, and passes",
            ]
            .concat(),
        );
    }
    Error::new(
        ErrorKind::Network,
        [
            "cannot reach the auth server: ",
            &request,
            " got no answer (",
            cause,
            "). Check `baseURL`, and that the server is running",
        ]
        .concat(),
    )
}

/// `get-session` answered 404: no Better Auth handler at the base URL.
pub fn base_path_not_found(url: &str, base: &str) -> Error {
    Error::new(
        ErrorKind::BasePathNotFound,
        [
            &get(url),
            " answered 404: no Better Auth handler at ",
            base,
            ". `baseURL` + `basePath` must be where the server mounts its handler (Better Auth's default: \"/api/auth\")",
        ]
        .concat(),
    )
}

/// `get-session` answered 2xx with something that is not JSON (a single-page app's fallback
/// page): the base URL is not Better Auth's handler. `base_url_set`: whether `baseURL` was given
/// (else it is the page's origin).
pub fn not_better_auth(url: &str, base: &str, base_url_set: bool) -> Error {
    Error::new(
        ErrorKind::InvalidResponse,
        [
            get(url).as_str(),
            " answered with something that is not JSON: ",
            base,
            " is not a Better Auth handler. `baseURL` + `basePath` must be where the server mounts it",
            if base_url_set {
                ""
            } else {
                " (`baseURL` is not set, so this page's origin was used: an environment variable missing?)"
            },
        ]
        .concat(),
    )
}

/// `/token` answered 404: the server has no jwt plugin (or another base path).
pub fn token_not_found(url: &str) -> Error {
    Error::new(
        ErrorKind::JwtPluginNotFound,
        [
            &get(url),
            " answered 404: the auth server has no jwt plugin. Add `plugins: [jwt()]` to its `betterAuth({ ... })`",
        ]
        .concat(),
    )
}

/// The key set could not be read: `status` is what its URL answered (0: no answer, or not a key
/// set). `error` is the verification's own error (an unknown `kid` with no keys).
pub fn jwks_unavailable(error: Error, url: &str, status: u16) -> Error {
    if status == 404 {
        return Error::new(
            ErrorKind::JwksNotFound,
            [
                &get(url),
                " answered 404: no key set there. `jwksPath` must match the server's `jwt({ jwks: { jwksPath } })` (default \"/jwks\"), or `jwksUrl` its `jwks.remoteUrl`",
            ]
            .concat(),
        );
    }
    let answered = if status == 0 {
        " gave no key set".to_owned()
    } else {
        [" answered HTTP ", &crate::error::decimal(status.into())].concat()
    };
    Error::new(
        error.kind().clone(),
        [error.message(), "; the key set ", &get(url), &answered].concat(),
    )
}

/// A token the server sent failed verification: the message gains the setting to change and the
/// URL that sent it.
pub fn token_refused(error: Error, url: &str) -> Error {
    let hint = match error.kind() {
        ErrorKind::JwtIssuerInvalid => {
            "; the client's `issuer` (default: the auth server's origin) must be the server's `jwt({ jwt: { issuer } })`"
        }
        ErrorKind::JwtAudienceInvalid => {
            "; the client's `audience` (default: the auth server's origin) must be the server's `jwt({ jwt: { audience } })`"
        }
        ErrorKind::JwtAlgUnsupported
        | ErrorKind::JwtAlgNotAllowed
        | ErrorKind::JwtAlgMismatch
        | ErrorKind::JwtKidAlgMismatch => {
            "; the server's `jwt({ jwks: { keyPairConfig: { alg } } })` and the client's allowed algorithms must agree (EdDSA, ES256, ES512, RS256 and PS256 are verified), or set `verification: \"timing-only\"` for a shared secret"
        }
        _ => "",
    };
    Error::new(
        error.kind().clone(),
        [error.message(), hint, " (the token from ", url, ")"].concat(),
    )
}

/// A sign-in answered a session, and the `get-session` that followed found none: the browser did
/// not store (or did not send) the session cookie.
pub fn cookie_not_stored(page_origin: Option<&str>, base: &str) -> Error {
    let page = page_origin.unwrap_or("this page");
    let (page_site, server_site) = (site_of(page), site_of(base));
    let why = if page_site != server_site {
        [
            "this page (",
            page,
            ", site ",
            page_site,
            ") and the auth server (",
            base,
            ", site ",
            server_site,
            ") are different sites, and the cookie is SameSite=Lax. Serve both from one site (the same host name: 127.0.0.1 and localhost are two sites), or give the cookie SameSite=None; Secure over HTTPS (`advanced.defaultCookieAttributes`)",
        ]
        .concat()
    } else {
        [
            "this page (",
            page,
            ") and the auth server (",
            base,
            ") are one site: the browser refused the cookie for another reason (a Secure cookie over http, cookies blocked), or the server cleared it (Better Auth's multiSession plugin does when the same user signs in twice in one browser)",
        ]
        .concat()
    };
    Error::new(
        ErrorKind::CookieNotStored,
        [
            "the sign-in succeeded, but the browser did not keep its session cookie: ",
            &why,
        ]
        .concat(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_as_cookies_see_them() {
        for (origin, site) in [
            ("http://127.0.0.1:8080", "127.0.0.1"),
            ("http://localhost:3000", "localhost"),
            ("https://app.example.com", "example.com"),
            ("https://auth.example.com:8443/api/auth", "example.com"),
            ("https://example.com", "example.com"),
            ("http://[::1]:3000", "[::1]"),
        ] {
            assert_eq!(site_of(origin), site, "{origin}");
        }
    }

    #[test]
    fn a_cookie_lost_between_two_sites_names_both_and_the_fix() {
        let e = cookie_not_stored(
            Some("http://localhost:8080"),
            "http://127.0.0.1:3000/api/auth",
        );
        assert_eq!(e.code(), "COOKIE_NOT_STORED");
        for part in [
            "http://localhost:8080, site localhost",
            "http://127.0.0.1:3000/api/auth, site 127.0.0.1",
            "SameSite=Lax",
            "same host name",
        ] {
            assert!(e.message().contains(part), "{part} in {}", e.message());
        }
        let same = cookie_not_stored(
            Some("http://127.0.0.1:8080"),
            "http://127.0.0.1:3000/api/auth",
        );
        assert!(same.message().contains("one site"), "{}", same.message());
    }

    #[test]
    fn no_answer_is_cors_when_the_server_answers_no_cors() {
        let url = "http://127.0.0.1:3000/api/auth/get-session";
        let cors = unanswered("GET", url, Some("http://127.0.0.1:5173"), true, "TypeError");
        assert_eq!(cors.code(), "CORS_REFUSED");
        assert!(cors.message().contains("`trustedOrigins`"));
        assert!(cors.message().contains("http://127.0.0.1:5173"));
        assert!(cors.message().contains(url));
        let down = unanswered(
            "POST",
            url,
            Some("http://127.0.0.1:5173"),
            false,
            "Failed to fetch",
        );
        assert_eq!(down.code(), "NETWORK_ERROR");
        assert!(down.message().contains("`baseURL`"));
        assert!(down.message().contains(&["POST ", url].concat()));
        assert!(down.message().contains("Failed to fetch"));
    }

    #[test]
    fn not_found_names_the_setting_and_the_url() {
        let e = base_path_not_found("http://h/auth/get-session", "http://h/auth");
        assert_eq!(e.code(), "BASE_PATH_NOT_FOUND");
        assert!(e
            .message()
            .contains("GET http://h/auth/get-session answered 404"));
        assert!(e.message().contains("`basePath`"));
        let e = not_better_auth("http://p/api/auth/get-session", "http://p/api/auth", false);
        assert_eq!(e.code(), "INVALID_RESPONSE");
        assert!(e.message().contains("`baseURL` is not set"));
        let e = token_not_found("http://h/api/auth/token");
        assert_eq!(e.code(), "JWT_PLUGIN_NOT_FOUND");
        assert!(e.message().contains("jwt()"));
        let unknown = Error::new(ErrorKind::JwtKeyNotFound, "no key with kid \"k\"");
        let e = jwks_unavailable(unknown.clone(), "http://h/api/auth/keys", 404);
        assert_eq!(e.code(), "JWKS_NOT_FOUND");
        assert!(e
            .message()
            .contains("GET http://h/api/auth/keys answered 404"));
        assert!(e.message().contains("`jwksPath`"));
        let e = jwks_unavailable(unknown, "http://h/api/auth/jwks", 503);
        assert_eq!(e.code(), "JWT_KEY_NOT_FOUND");
        assert!(
            e.message().ends_with("answered HTTP 503"),
            "{}",
            e.message()
        );
    }

    #[test]
    fn refused_tokens_name_the_setting() {
        let e = token_refused(
            Error::new(ErrorKind::JwtIssuerInvalid, "iss is \"a\", expected \"b\""),
            "http://h/api/auth/token",
        );
        assert_eq!(e.code(), "JWT_ISSUER_INVALID");
        assert!(e
            .message()
            .starts_with("iss is \"a\", expected \"b\"; the client's `issuer`"));
        assert!(e
            .message()
            .ends_with("(the token from http://h/api/auth/token)"));
        let e = token_refused(
            Error::new(ErrorKind::JwtAudienceInvalid, "aud"),
            "http://h/t",
        );
        assert!(e.message().contains("`audience`"));
        let e = token_refused(Error::new(ErrorKind::JwtAlgUnsupported, "RS256"), "u");
        assert!(e.message().contains("keyPairConfig"));
        let e = token_refused(Error::new(ErrorKind::JwtExpired, "expired"), "u");
        assert_eq!(e.message(), "expired (the token from u)");
    }
}

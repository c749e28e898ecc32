//! Better Auth's endpoints as data, in the manner of its client's `pathMethods` and session-signal
//! matchers: every endpoint is a [`Route`] with its path (below `basePath`), its method and its
//! [`Effect`] on the session. One table for the core and one per plugin; [`find`] looks a path up
//! in all of them.
//!
//! Adding an endpoint is adding a row (and its test in this file's table test). A path that is in
//! no table still works: it is sent with the method the caller gives, else `POST` when there is a
//! body and `GET` without (Better Auth's proxy does the same), and it changes nothing locally.

/// An HTTP method Better Auth routes use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`: the arguments go in the query string.
    Get,
    /// `POST`: a JSON body (`{}` when there is none: some routes refuse a bodiless POST).
    Post,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }

    /// `GET` or `POST`, any case; `None` for anything else.
    pub fn parse(name: &str) -> Option<Method> {
        if name.eq_ignore_ascii_case("GET") {
            Some(Method::Get)
        } else if name.eq_ignore_ascii_case("POST") {
            Some(Method::Post)
        } else {
            None
        }
    }
}

/// What a successful answer of a route does to the session, and so to the JWT (see
/// [`crate::core::session`] for what the client does about each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Nothing the session or the JWT carry.
    None,
    /// May create a session: when the answer carries one (`token`, `user` or `session`), the user
    /// is signed in; when it says `twoFactorRedirect`, a second factor is asked for first.
    SignsIn,
    /// May change who the session is for, or what the JWT says about them (active organization,
    /// impersonation, the user's fields); may also create or end it. The session is loaded again
    /// and the JWT minted again before the call resolves.
    Changes,
    /// May end the session (deleting the user, revoking every session); loaded again to see.
    Ends,
    /// Signs out: the token is dropped before the request leaves, whatever the server answers.
    SignsOut,
}

/// One endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// Below `basePath`, starting with `/`, kebab-case (`/two-factor/verify-totp`).
    pub path: &'static str,
    /// The method the server routes it under (it answers 404 to the other).
    pub method: Method,
    /// What a successful answer does to the session.
    pub effect: Effect,
}

const fn get(path: &'static str, effect: Effect) -> Route {
    Route {
        path,
        method: Method::Get,
        effect,
    }
}

const fn post(path: &'static str, effect: Effect) -> Route {
    Route {
        path,
        method: Method::Post,
        effect,
    }
}

use Effect::{Changes, Ends, SignsIn, SignsOut};
const NONE: Effect = Effect::None;

/// Better Auth's own endpoints (email and password, sessions, accounts, users).
pub const CORE: &[Route] = &[
    post("/sign-up/email", SignsIn),
    post("/sign-in/email", SignsIn),
    // `{ url, redirect }` to go to the provider (nothing yet), or a session with `idToken`.
    post("/sign-in/social", SignsIn),
    post("/sign-out", SignsOut),
    get("/get-session", NONE),
    post("/update-user", Changes),
    post("/update-session", Changes),
    post("/change-password", Changes),
    post("/change-email", Changes),
    post("/delete-user", Ends),
    get("/delete-user/callback", Ends),
    post("/request-password-reset", NONE),
    post("/reset-password", NONE),
    post("/send-verification-email", NONE),
    // Marks the email verified (a JWT claim), or signs in with `autoSignInAfterVerification`.
    get("/verify-email", Changes),
    get("/list-sessions", NONE),
    // Revoking one's own session ends it; loading it again tells.
    post("/revoke-session", Changes),
    post("/revoke-sessions", Ends),
    post("/revoke-other-sessions", NONE),
    post("/link-social", NONE),
    post("/unlink-account", NONE),
    get("/list-accounts", NONE),
    get("/account-info", NONE),
    post("/get-access-token", NONE),
    post("/refresh-token", NONE),
    post("/verify-password", NONE),
    get("/ok", NONE),
];

/// The `jwt` plugin.
pub const JWT: &[Route] = &[get("/token", NONE), get("/jwks", NONE)];

/// `twoFactor`: enabling and disabling change the user (`twoFactorEnabled`); the verifications
/// complete a sign-in that answered `twoFactorRedirect`.
pub const TWO_FACTOR: &[Route] = &[
    post("/two-factor/enable", Changes),
    post("/two-factor/disable", Changes),
    post("/two-factor/get-totp-uri", NONE),
    post("/two-factor/verify-totp", SignsIn),
    post("/two-factor/send-otp", NONE),
    post("/two-factor/verify-otp", SignsIn),
    post("/two-factor/generate-backup-codes", NONE),
    post("/two-factor/verify-backup-code", SignsIn),
];

/// `organization`: the active organization (and team) lives in the session, and reaches the JWT
/// through `definePayload`.
pub const ORGANIZATION: &[Route] = &[
    post("/organization/create", Changes),
    post("/organization/update", NONE),
    post("/organization/delete", Changes),
    post("/organization/set-active", Changes),
    get("/organization/get-full-organization", NONE),
    get("/organization/list", NONE),
    post("/organization/check-slug", NONE),
    post("/organization/invite-member", NONE),
    post("/organization/cancel-invitation", NONE),
    post("/organization/accept-invitation", Changes),
    post("/organization/reject-invitation", NONE),
    get("/organization/get-invitation", NONE),
    get("/organization/list-invitations", NONE),
    get("/organization/list-user-invitations", NONE),
    get("/organization/list-members", NONE),
    post("/organization/remove-member", Changes),
    post("/organization/update-member-role", Changes),
    get("/organization/get-active-member", NONE),
    get("/organization/get-active-member-role", NONE),
    post("/organization/leave", Changes),
    post("/organization/has-permission", NONE),
    post("/organization/create-team", NONE),
    get("/organization/list-teams", NONE),
    post("/organization/update-team", NONE),
    post("/organization/remove-team", NONE),
    post("/organization/set-active-team", Changes),
    get("/organization/list-user-teams", NONE),
    get("/organization/list-team-members", NONE),
    post("/organization/add-team-member", NONE),
    post("/organization/remove-team-member", NONE),
    post("/organization/create-role", NONE),
    post("/organization/delete-role", NONE),
    get("/organization/list-roles", NONE),
    get("/organization/get-role", NONE),
    post("/organization/update-role", NONE),
];

/// `admin`: impersonation swaps the session's user.
pub const ADMIN: &[Route] = &[
    get("/admin/list-users", NONE),
    get("/admin/get-user", NONE),
    post("/admin/create-user", NONE),
    post("/admin/update-user", NONE),
    post("/admin/set-role", NONE),
    post("/admin/ban-user", NONE),
    post("/admin/unban-user", NONE),
    post("/admin/list-user-sessions", NONE),
    post("/admin/revoke-user-session", NONE),
    post("/admin/revoke-user-sessions", NONE),
    post("/admin/impersonate-user", Changes),
    post("/admin/stop-impersonating", Changes),
    post("/admin/remove-user", NONE),
    post("/admin/set-user-password", NONE),
    post("/admin/has-permission", NONE),
];

/// `multiSession`: several sessions in one browser, one of them active.
pub const MULTI_SESSION: &[Route] = &[
    get("/multi-session/list-device-sessions", NONE),
    post("/multi-session/set-active", Changes),
    // Revoking the active session switches to another one, or ends it.
    post("/multi-session/revoke", Changes),
];

/// `username`.
pub const USERNAME: &[Route] = &[
    post("/sign-in/username", SignsIn),
    post("/is-username-available", NONE),
];

/// `anonymous`.
pub const ANONYMOUS: &[Route] = &[
    post("/sign-in/anonymous", SignsIn),
    post("/delete-anonymous-user", Ends),
];

/// `magicLink`: the mail's link verifies (GET); sending it changes nothing yet.
pub const MAGIC_LINK: &[Route] = &[
    post("/sign-in/magic-link", NONE),
    get("/magic-link/verify", SignsIn),
];

/// `emailOTP`.
pub const EMAIL_OTP: &[Route] = &[
    post("/email-otp/send-verification-otp", NONE),
    post("/email-otp/check-verification-otp", NONE),
    post("/email-otp/verify-email", Changes),
    post("/sign-in/email-otp", SignsIn),
    post("/forget-password/email-otp", NONE),
    post("/email-otp/request-password-reset", NONE),
    post("/email-otp/reset-password", NONE),
    post("/email-otp/request-email-change", NONE),
    post("/email-otp/change-email", Changes),
];

/// `phoneNumber`: verifying a number signs in (`signUpOnVerification`) or changes the user.
pub const PHONE_NUMBER: &[Route] = &[
    post("/sign-in/phone-number", SignsIn),
    post("/phone-number/send-otp", NONE),
    post("/phone-number/verify", Changes),
    post("/phone-number/request-password-reset", NONE),
    post("/phone-number/reset-password", NONE),
];

/// `oneTimeToken`: a token generated in one context signs in another.
pub const ONE_TIME_TOKEN: &[Route] = &[
    get("/one-time-token/generate", NONE),
    post("/one-time-token/verify", SignsIn),
];

/// `oneTap`: Google One Tap posts its credential, which signs in.
pub const ONE_TAP: &[Route] = &[post("/one-tap/callback", SignsIn)];

/// `passkey` (`@better-auth/passkey`).
pub const PASSKEY: &[Route] = &[
    get("/passkey/generate-register-options", NONE),
    // Signs in when asked to (`createSession`): the answer then carries the session.
    post("/passkey/verify-registration", SignsIn),
    get("/passkey/generate-authenticate-options", NONE),
    post("/passkey/verify-authentication", SignsIn),
    get("/passkey/list-user-passkeys", NONE),
    post("/passkey/delete-passkey", NONE),
    post("/passkey/update-passkey", NONE),
];

/// Every table: the core's, then one per Better Auth plugin (named as Better Auth names it).
pub const TABLES: &[&[Route]] = &[
    CORE,
    JWT,
    TWO_FACTOR,
    ORGANIZATION,
    ADMIN,
    MULTI_SESSION,
    USERNAME,
    ANONYMOUS,
    MAGIC_LINK,
    EMAIL_OTP,
    PHONE_NUMBER,
    ONE_TIME_TOKEN,
    ONE_TAP,
    PASSKEY,
];

/// Every route of [`TABLES`] as the lookup reads them, built at compile time: per route, a tag
/// byte (`0x80 | method << 3 | effect`, never ASCII) and the path's bytes. The module holds these
/// bytes and none of the tables' 12-byte records (about 1.6 KB of wasm data).
static ENCODED: [u8; ENCODED_LEN] = encode();

const ENCODED_LEN: usize = encoded_len();

// Compile-time only (as `encode`): an index out of range fails the build.
#[allow(clippy::indexing_slicing)]
const fn encoded_len() -> usize {
    let mut n = 0;
    let mut t = 0;
    while t < TABLES.len() {
        let mut r = 0;
        while r < TABLES[t].len() {
            n += 1 + TABLES[t][r].path.len();
            r += 1;
        }
        t += 1;
    }
    n
}

// Compile-time only: an index out of range fails the build.
#[allow(clippy::indexing_slicing)]
const fn encode() -> [u8; ENCODED_LEN] {
    let mut out = [0; ENCODED_LEN];
    let mut at = 0;
    let mut t = 0;
    while t < TABLES.len() {
        let mut r = 0;
        while r < TABLES[t].len() {
            let route = TABLES[t][r];
            out[at] = 0x80 | (route.method as u8) << 3 | route.effect as u8;
            at += 1;
            let path = route.path.as_bytes();
            let mut i = 0;
            while i < path.len() {
                out[at] = path[i];
                at += 1;
                i += 1;
            }
            r += 1;
        }
        t += 1;
    }
    out
}

/// The method and effect of `path` (below `basePath`, without query), if a table has it.
pub fn find(path: &str) -> Option<(Method, Effect)> {
    let mut rest: &[u8] = &ENCODED;
    while let Some((&tag, tail)) = rest.split_first() {
        let end = tail.iter().position(|&b| b >= 0x80).unwrap_or(tail.len());
        let (candidate, next) = tail.split_at(end);
        if candidate == path.as_bytes() {
            let method = if tag & 8 == 0 {
                Method::Get
            } else {
                Method::Post
            };
            let effect = match tag & 7 {
                1 => Effect::SignsIn,
                2 => Effect::Changes,
                3 => Effect::Ends,
                4 => Effect::SignsOut,
                _ => Effect::None,
            };
            return Some((method, effect));
        }
        rest = next;
    }
    None
}

/// The method to send `path` with: the caller's when given, else the table's, else `POST` with
/// a body and `GET` without, as Better Auth's proxy chooses.
pub fn method_for(path: &str, explicit: Option<Method>, has_body: bool) -> Method {
    explicit
        .or_else(|| find(path).map(|(method, _)| method))
        .unwrap_or(if has_body { Method::Post } else { Method::Get })
}

/// What a successful answer of `path` does to the session ([`Effect::None`] for unknown paths).
pub fn effect_of(path: &str) -> Effect {
    find(path).map_or(Effect::None, |(_, effect)| effect)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic)]
    use super::*;

    /// Every path once, well formed: `/`, lowercase kebab segments.
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn paths_are_unique_and_kebab_case() {
        let all: Vec<&Route> = TABLES.iter().flat_map(|t| t.iter()).collect();
        for (i, r) in all.iter().enumerate() {
            assert!(r.path.starts_with('/'), "{}", r.path);
            assert!(
                r.path.bytes().all(|b| b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b == b'-'
                    || b == b'/'),
                "{}",
                r.path
            );
            assert!(
                !r.path.contains("//") && !r.path.ends_with('/'),
                "{}",
                r.path
            );
            assert!(
                all.iter().skip(i + 1).all(|o| o.path != r.path),
                "{} twice",
                r.path
            );
        }
    }

    /// The rows that decide what the client does, as `better-auth/client`'s session-signal
    /// matchers and its plugins' `pathMethods` say (see the project's notes on the client).
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_rows_that_matter() {
        let rows: &[(&str, Method, Effect)] = &[
            ("/sign-in/email", Method::Post, SignsIn),
            ("/sign-up/email", Method::Post, SignsIn),
            ("/sign-in/social", Method::Post, SignsIn),
            ("/sign-out", Method::Post, SignsOut),
            ("/update-user", Method::Post, Changes),
            ("/update-session", Method::Post, Changes),
            ("/change-email", Method::Post, Changes),
            ("/change-password", Method::Post, Changes),
            ("/delete-user", Method::Post, Ends),
            ("/revoke-sessions", Method::Post, Ends),
            ("/revoke-session", Method::Post, Changes),
            ("/verify-email", Method::Get, Changes),
            ("/list-sessions", Method::Get, NONE),
            ("/list-accounts", Method::Get, NONE),
            ("/account-info", Method::Get, NONE),
            ("/verify-password", Method::Post, NONE),
            ("/token", Method::Get, NONE),
            ("/two-factor/verify-totp", Method::Post, SignsIn),
            ("/two-factor/verify-otp", Method::Post, SignsIn),
            ("/two-factor/verify-backup-code", Method::Post, SignsIn),
            ("/two-factor/enable", Method::Post, Changes),
            ("/two-factor/send-otp", Method::Post, NONE),
            ("/organization/set-active", Method::Post, Changes),
            ("/organization/create", Method::Post, Changes),
            ("/organization/accept-invitation", Method::Post, Changes),
            ("/organization/list", Method::Get, NONE),
            ("/organization/list-members", Method::Get, NONE),
            ("/organization/invite-member", Method::Post, NONE),
            ("/admin/impersonate-user", Method::Post, Changes),
            ("/admin/stop-impersonating", Method::Post, Changes),
            ("/admin/list-users", Method::Get, NONE),
            ("/multi-session/set-active", Method::Post, Changes),
            ("/multi-session/list-device-sessions", Method::Get, NONE),
            ("/multi-session/revoke", Method::Post, Changes),
            ("/sign-in/username", Method::Post, SignsIn),
            ("/sign-in/anonymous", Method::Post, SignsIn),
            ("/delete-anonymous-user", Method::Post, Ends),
            ("/sign-in/magic-link", Method::Post, NONE),
            ("/magic-link/verify", Method::Get, SignsIn),
            ("/sign-in/email-otp", Method::Post, SignsIn),
            ("/email-otp/verify-email", Method::Post, Changes),
            ("/sign-in/phone-number", Method::Post, SignsIn),
            ("/phone-number/verify", Method::Post, Changes),
            ("/one-time-token/generate", Method::Get, NONE),
            ("/one-time-token/verify", Method::Post, SignsIn),
            ("/one-tap/callback", Method::Post, SignsIn),
            ("/passkey/verify-authentication", Method::Post, SignsIn),
            ("/passkey/generate-register-options", Method::Get, NONE),
        ];
        for &(path, method, effect) in rows {
            let r = find(path).unwrap_or_else(|| panic!("{path} is in no table"));
            assert_eq!(r, (method, effect), "{path}");
        }
    }

    /// The encoded table the lookup reads answers for every row of the tables as the row says,
    /// and for nothing else: not a path's prefix, extension or another case.
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_lookup_answers_every_row_and_nothing_else() {
        let mut rows = 0;
        for table in TABLES {
            for r in *table {
                assert_eq!(find(r.path), Some((r.method, r.effect)), "{}", r.path);
                for other in [
                    &r.path[..r.path.len() - 1],
                    &[r.path, "/x"].concat(),
                    &[r.path, "x"].concat(),
                    &r.path.to_uppercase(),
                ] {
                    assert!(
                        TABLES
                            .iter()
                            .flat_map(|t| t.iter())
                            .any(|o| o.path == other)
                            || find(other).is_none(),
                        "{other}"
                    );
                }
                rows += 1;
            }
        }
        assert!(rows > 100, "{rows} rows");
        assert_eq!(
            ENCODED.len(),
            TABLES
                .iter()
                .flat_map(|t| t.iter())
                .map(|r| 1 + r.path.len())
                .sum::<usize>()
        );
        assert_eq!(find(""), None);
        assert_eq!(find("/"), None);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_method_is_the_callers_then_the_tables_then_by_body() {
        assert_eq!(method_for("/sign-in/anonymous", None, false), Method::Post);
        assert_eq!(method_for("/organization/list", None, true), Method::Get);
        assert_eq!(
            method_for("/organization/list", Some(Method::Post), false),
            Method::Post
        );
        assert_eq!(method_for("/some-plugin/thing", None, true), Method::Post);
        assert_eq!(method_for("/some-plugin/thing", None, false), Method::Get);
        assert_eq!(effect_of("/some-plugin/thing"), NONE);
        assert_eq!(
            effect_of("/sign-in/email?x=1"),
            NONE,
            "paths are looked up without query"
        );
        assert_eq!(Method::parse("get"), Some(Method::Get));
        assert_eq!(Method::parse("Post"), Some(Method::Post));
        assert_eq!(Method::parse("DELETE"), None);
    }
}

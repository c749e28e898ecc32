//! Executes the core's `FetchToken`: `GET /token`, then verification against the cached JWKS.

use super::inner::{Dated, Inner};
use super::session::NotFound;
use super::transport::send;
use crate::api::{error_from_answer, misconfig};
use crate::core::Failure;
use crate::error::{Error, ErrorKind, Result};
use crate::jwt::{begin, Jwks, TimeCheck, Verification, VerifiedJwt, VerifyMode};
use crate::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/src/web/browser.js")]
extern "C" {
    /// See browser.js: `[fetched_at_ms, body]` from localStorage, or `undefined`.
    #[wasm_bindgen(js_name = loadJwks)]
    fn load_jwks(key: &str) -> JsValue;

    /// See browser.js: writes the entry; never throws.
    #[wasm_bindgen(js_name = storeJwks)]
    fn store_jwks(key: &str, fetched_at_ms: f64, body: &str);
}

impl Inner {
    /// A fresh token from the server, verified, with the local time its request was sent.
    /// Failures carry what the core needs to decide (status, `x-retry-after`).
    pub(crate) async fn fetch_verified_token(&self) -> core::result::Result<Dated, Failure> {
        let sent = self.now();
        let url = self.opts.url("/token");
        let reply = match send("GET", &url, "").await {
            Ok(reply) if reply.is_success() => Ok(reply),
            Ok(reply) => Err((
                error_from_answer(reply.status, &reply.data),
                reply.retry_after_s,
            )),
            Err(error) => Err((error, None)),
        };
        let reply = match reply {
            Ok(reply) => reply,
            Err((error, retry_after_s)) => {
                return Err(Failure {
                    error: self.named("GET", &url, error, NotFound::JwtPlugin).await,
                    retry_after_s,
                })
            }
        };
        // A `TokenResponse`: its `token`, off the answer as `JSON.parse` read it.
        let token = super::js::get(&reply.data, "token")
            .as_string()
            .ok_or_else(|| {
                Failure::from(Error::new(
                    ErrorKind::InvalidResponse,
                    "unexpected /token answer: not {\"token\": string}",
                ))
            })?;
        match self.verify_token(&token).await {
            Ok(jwt) => Ok((alloc::rc::Rc::new(jwt), sent)),
            Err(error) => Err(Failure::from(self.explain_refusal(error, &url))),
        }
    }

    /// A token from `url` that failed verification, named: with no key set to verify it, what
    /// the key set's URL answered; else the setting the failed check reads.
    fn explain_refusal(&self, error: crate::error::Error, url: &str) -> crate::error::Error {
        match self.jwks_failure.get() {
            Some(status)
                if error.kind() == &ErrorKind::JwtKeyNotFound
                    && self.jwks.borrow().jwks().is_none() =>
            {
                misconfig::jwks_unavailable(error, &self.opts.jwks_url(), status)
            }
            _ => misconfig::token_refused(error, url),
        }
    }

    /// Verifies a token just received from the auth server. Fetches the JWKS when the cache is
    /// empty or old, and once more (within the cache's cooldown) when the `kid` is unknown, which
    /// is how a key rotation shows. ES256, ES512, RS256 and PS256 signatures are then checked by
    /// WebCrypto, once the core has chosen and checked the key.
    pub(crate) async fn verify_token(&self, raw: &str) -> Result<VerifiedJwt> {
        // Timing-only reads no key: `begin` answers `Verified` without a key set (never
        // `JWT_KEY_NOT_FOUND`), so no fetch and no second round.
        let signature = self.opts.validation.mode == VerifyMode::Signature;
        // With no keys at all every verification fails, so a failed first fetch is retried at the
        // next token (those are paced by the lifecycle's backoff) instead of after the cache's
        // 30 s cooldown, which with the backoff on top left a signed-in user tokenless for up to
        // ~90 s after a single JWKS error.
        let cold = self.jwks.borrow().jwks().is_none();
        let mut fetch = signature && (cold || self.jwks.borrow().should_fetch(self.now()));
        let mut retried = false;
        // One await of the key-set request for both rounds (each await site is a state of the
        // future, in wasm).
        let step = loop {
            if fetch {
                self.refresh_jwks().await;
            }
            match self.begin_with_cache(raw) {
                Err(e) if !retried && e.kind() == &ErrorKind::JwtKeyNotFound => {
                    retried = true;
                    fetch = self
                        .jwks
                        .borrow()
                        .should_refetch_for_unknown_kid(self.now());
                    if !fetch {
                        break Err(e);
                    }
                }
                other => break other,
            }
        }?;
        match step {
            Verification::Verified(jwt) => Ok(jwt),
            Verification::Pending(pending) => {
                super::webcrypto::verify_pending(pending, self.hooks.load_ed25519.as_ref()).await
            }
        }
    }

    /// The core's part of the verification; the cache's borrow ends before anything is awaited.
    fn begin_with_cache(&self, raw: &str) -> Result<Verification<'_>> {
        let cache = self.jwks.borrow();
        let empty = Jwks::default();
        let jwks = cache.jwks().unwrap_or(&empty);
        begin(raw, jwks, &self.opts.validation, TimeCheck::JustIssued)
    }

    fn jwks_storage_key(&self) -> String {
        ["better-auth-wasm:jwks:", &self.opts.jwks_url()].concat()
    }

    /// Seeds the JWKS cache from localStorage (`cacheJwks`), so that a page load needs no JWKS
    /// request while the stored set is younger than the cache's max age. A stored set that does
    /// not parse, or claims to come from the future, is ignored.
    pub(crate) fn load_stored_jwks(&self) {
        if !self.opts.cache_jwks {
            return;
        }
        let stored = load_jwks(&self.jwks_storage_key());
        let Some(stored) = stored.dyn_ref::<js_sys::Array>() else {
            return;
        };
        let fetched_at_ms = stored.get(0).as_f64().unwrap_or(f64::INFINITY) as u64;
        if fetched_at_ms > self.now() {
            return;
        }
        if let Ok(jwks) = Jwks::parse(stored.get(1).as_string().unwrap_or_default().as_bytes()) {
            self.jwks.borrow_mut().fetch_succeeded(jwks, fetched_at_ms);
        }
    }

    /// `GET {jwksPath}` into the cache. A failure keeps the old keys (and the cooldown applies).
    pub(crate) async fn refresh_jwks(&self) {
        self.jwks.borrow_mut().fetch_started(self.now());
        let url = self.opts.jwks_url();
        let fetched = match send("GET", &url, "").await {
            Ok(reply) if reply.is_success() => Jwks::parse(reply.body.as_bytes())
                .ok()
                .map(|jwks| (jwks, reply.body)),
            Ok(reply) => {
                self.jwks_failure.set(Some(reply.status));
                None
            }
            Err(_) => None,
        };
        if fetched.is_some() {
            self.jwks_failure.set(None);
        } else if self.jwks_failure.get().is_none() {
            self.jwks_failure.set(Some(0));
        }
        let now = self.now();
        match fetched {
            Some((jwks, body)) => {
                self.jwks.borrow_mut().fetch_succeeded(jwks, now);
                if self.opts.cache_jwks {
                    store_jwks(&self.jwks_storage_key(), now as f64, &body);
                }
            }
            None => self.jwks.borrow_mut().fetch_failed(now),
        }
    }
}

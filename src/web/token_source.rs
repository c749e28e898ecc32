//! Executes the core's `FetchToken`: `GET /token`, then verification against the cached JWKS.

use super::inner::Inner;
use super::transport::send;
use crate::api::{error_from_response, Endpoint, TokenResponse};
use crate::core::Failure;
use crate::error::{Error, ErrorKind, Result};
use crate::jwt::{verify, Jwks, TimeCheck, VerifiedJwt, VerifyMode};

impl Inner {
    /// A fresh token from the server, verified. Failures carry what the core needs to decide
    /// (status, `x-retry-after`).
    pub(crate) async fn fetch_verified_token(&self) -> std::result::Result<VerifiedJwt, Failure> {
        let reply = send("GET", &self.opts.url(Endpoint::Token.path()), None)
            .await
            .map_err(|error| Failure {
                error,
                retry_after_s: None,
            })?;
        if !reply.is_success() {
            return Err(Failure {
                error: error_from_response(reply.status, &reply.body),
                retry_after_s: reply.retry_after_s,
            });
        }
        let parsed: TokenResponse = serde_json::from_slice(&reply.body).map_err(|e| Failure {
            error: Error::new(
                ErrorKind::InvalidResponse,
                format!("unexpected /token answer: {e}"),
            ),
            retry_after_s: None,
        })?;
        self.verify_token(&parsed.token)
            .await
            .map_err(|error| Failure {
                error,
                retry_after_s: None,
            })
    }

    /// Verifies a token just received from the auth server. Fetches the JWKS when the cache is
    /// empty or old, and once more (within the cache's cooldown) when the `kid` is unknown, which
    /// is how a key rotation shows.
    pub(crate) async fn verify_token(&self, raw: &str) -> Result<VerifiedJwt> {
        let validation = &self.opts.validation;
        if validation.mode == VerifyMode::TimingOnly {
            return verify(raw, &Jwks::default(), validation, TimeCheck::JustIssued);
        }
        if self.jwks.borrow().should_fetch(self.now()) {
            self.refresh_jwks().await;
        }
        let first = self.verify_with_cache(raw);
        match first {
            Err(e) if e.kind() == &ErrorKind::JwtKeyNotFound => {
                if self
                    .jwks
                    .borrow()
                    .should_refetch_for_unknown_kid(self.now())
                {
                    self.refresh_jwks().await;
                    self.verify_with_cache(raw)
                } else {
                    Err(e)
                }
            }
            other => other,
        }
    }

    fn verify_with_cache(&self, raw: &str) -> Result<VerifiedJwt> {
        let cache = self.jwks.borrow();
        let empty = Jwks::default();
        let jwks = cache.jwks().unwrap_or(&empty);
        verify(raw, jwks, &self.opts.validation, TimeCheck::JustIssued)
    }

    /// `GET {jwksPath}` into the cache. A failure keeps the old keys (and the cooldown applies).
    pub(crate) async fn refresh_jwks(&self) {
        self.jwks.borrow_mut().fetch_started(self.now());
        let url = self.opts.url(&self.opts.jwks_path);
        let parsed = match send("GET", &url, None).await {
            Ok(reply) if reply.is_success() => Jwks::parse(&reply.body).ok(),
            _ => None,
        };
        let now = self.now();
        let mut cache = self.jwks.borrow_mut();
        match parsed {
            Some(jwks) => cache.fetch_succeeded(jwks, now),
            None => cache.fetch_failed(now),
        }
    }
}

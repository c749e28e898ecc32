//! A pure JWKS cache: it decides when to fetch, the browser layer fetches.

use super::Jwks;

/// How long a fetched JWKS is used before it is fetched again, in ms. Defaults to `600_000`
/// (10 min), as jose's `createRemoteJWKSet` does: rotations are announced in the set long before
/// use (Better Auth keeps old keys for a 30-day grace period), so freshness matters little.
pub const DEFAULT_JWKS_MAX_AGE_MS: u64 = 10 * 60 * 1000;

/// The least time between two fetches, in ms. Defaults to `30_000` (30 s), as jose's
/// `cooldownDuration`: a flood of tokens with unknown `kid`s (or a failing JWKS endpoint) then
/// costs the server at most one request per 30 s from each client.
pub const DEFAULT_JWKS_COOLDOWN_MS: u64 = 30 * 1000;

/// JWKS cache tunables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JwksCacheConfig {
    /// See [`DEFAULT_JWKS_MAX_AGE_MS`].
    pub max_age_ms: u64,
    /// See [`DEFAULT_JWKS_COOLDOWN_MS`].
    pub cooldown_ms: u64,
}

impl Default for JwksCacheConfig {
    fn default() -> Self {
        JwksCacheConfig {
            max_age_ms: DEFAULT_JWKS_MAX_AGE_MS,
            cooldown_ms: DEFAULT_JWKS_COOLDOWN_MS,
        }
    }
}

/// The JWKS cache. Every method takes the local clock as `now_ms` and the browser layer does the
/// IO the answers call for:
///
/// ```
/// # use better_auth_wasm::jwt::{JwksCache, JwksCacheConfig, Jwks};
/// let mut cache = JwksCache::new(JwksCacheConfig::default());
/// let now_ms = 1_000;
/// if cache.should_fetch(now_ms) {
///     cache.fetch_started(now_ms);
///     // ... GET /api/auth/jwks, then on success:
///     let jwks = Jwks::parse(br#"{"keys":[]}"#).unwrap();
///     cache.fetch_succeeded(jwks, now_ms + 20);
///     // ... or on failure: cache.fetch_failed(now_ms + 20);
/// }
/// // verify with cache.jwks(); on JWT_KEY_NOT_FOUND:
/// if cache.should_refetch_for_unknown_kid(now_ms + 40) {
///     // fetch again as above, then verify once more; never loop.
/// }
/// ```
#[derive(Debug, Clone)]
pub struct JwksCache {
    config: JwksCacheConfig,
    jwks: Option<Jwks>,
    fetched_at_ms: Option<u64>,
    last_attempt_ms: Option<u64>,
    in_flight: bool,
}

impl JwksCache {
    /// An empty cache.
    pub fn new(config: JwksCacheConfig) -> Self {
        JwksCache {
            config,
            jwks: None,
            fetched_at_ms: None,
            last_attempt_ms: None,
            in_flight: false,
        }
    }

    /// The cached set, even if stale (a stale set still verifies tokens signed with its keys).
    pub fn jwks(&self) -> Option<&Jwks> {
        self.jwks.as_ref()
    }

    fn cooled_down(&self, now_ms: u64) -> bool {
        self.last_attempt_ms
            .is_none_or(|t| now_ms.saturating_sub(t) >= self.config.cooldown_ms)
    }

    /// Whether to fetch now: nothing fetched yet, or the set is older than `max_age_ms`. Never
    /// while a fetch is in flight, and a failed fetch is retried only after `cooldown_ms`.
    pub fn should_fetch(&self, now_ms: u64) -> bool {
        if self.in_flight {
            return false;
        }
        match self.fetched_at_ms {
            None => self.last_attempt_ms.is_none() || self.cooled_down(now_ms),
            Some(at) => {
                now_ms.saturating_sub(at) >= self.config.max_age_ms && self.cooled_down(now_ms)
            }
        }
    }

    /// A token named a `kid` the cached set lacks: whether to refetch once now. True at most
    /// once per `cooldown_ms` (and not while a fetch is in flight), whatever the number of tokens.
    pub fn should_refetch_for_unknown_kid(&self, now_ms: u64) -> bool {
        !self.in_flight && self.cooled_down(now_ms)
    }

    /// The browser layer started a fetch.
    pub fn fetch_started(&mut self, now_ms: u64) {
        self.in_flight = true;
        self.last_attempt_ms = Some(now_ms);
    }

    /// A fetch returned a set that parsed.
    pub fn fetch_succeeded(&mut self, jwks: Jwks, now_ms: u64) {
        self.in_flight = false;
        self.jwks = Some(jwks);
        self.fetched_at_ms = Some(now_ms);
    }

    /// A fetch failed (network, status, or [`Jwks::parse`] error). The old set, if any, is kept.
    pub fn fetch_failed(&mut self, _now_ms: u64) {
        self.in_flight = false;
    }
}

//! Lifecycle tunables. Every default is stated here, where it is defined, with its reason.

/// The least refresh margin before local expiry, in ms. Defaults to `60_000` (60 s): a request
/// that picks up the token just before the refresh must still reach the API before expiry, even
/// over a slow mobile link.
pub const DEFAULT_MIN_MARGIN_MS: u64 = 60_000;
/// The refresh margin as a share of the lifetime, in percent. Defaults to `10` (90 s of a 15 min
/// Better Auth token): longer tokens get a proportionally longer cushion for failures.
pub const DEFAULT_MARGIN_PERCENT: u64 = 10;
/// Largest random extra advance of a refresh, as a share of the refresh margin, in percent.
/// Defaults to `100`: the refresh point is spread over a whole margin (90 s of a 15 min token, so
/// a refresh starts 90 to 180 s before expiry). Clients that got their tokens together (after a
/// deploy, or after an outage) then refresh over 90 s rather than 15 s, and no "echo" of that
/// herd comes back a lifetime later. Costs about 5 % more refreshes than a 15 s jitter. The
/// refresh never starts before 40 % of the lifetime (see [`Config::max_jitter_ms`]).
pub const DEFAULT_JITTER_PERCENT: u64 = 100;
/// Cap of that jitter, in ms. Defaults to `300_000` (5 min): only long-lived tokens reach it (a
/// 24 h token's margin is 2.4 h).
pub const DEFAULT_JITTER_CAP_MS: u64 = 300_000;
/// First backoff step after a failed refresh, in ms. Defaults to `1_000` (1 s).
pub const DEFAULT_BACKOFF_BASE_MS: u64 = 1_000;
/// Largest backoff between failed refreshes, in ms. Defaults to `60_000` (60 s): a server that is
/// down sees one request a minute per client at worst, and recovery is noticed within a minute.
pub const DEFAULT_BACKOFF_CAP_MS: u64 = 60_000;
/// Backoff after an error that cannot heal by itself, in ms: the token's issuer, audience or
/// algorithm is not the one configured (`JWT_ISSUER_INVALID`, `JWT_AUDIENCE_INVALID`,
/// `JWT_ALG_UNSUPPORTED`, `JWT_ALG_NOT_ALLOWED`), or the token endpoint or the key set answers 404.
/// Defaults to `300_000` (5 min; the wait is random in its last fifth, 4 to 5 min): only a
/// deploy fixes these, and retrying every few seconds would only load the server. Calls do not
/// probe ahead of it.
pub const DEFAULT_PERMANENT_BACKOFF_MS: u64 = 300_000;
/// While refreshes fail, a call that finds no usable token may try the server at once ("probe")
/// instead of failing until the next retry, at most once per this interval per browser (the tabs
/// share their attempts), in ms. Defaults to `5_000` (5 s): a user who clicks after the server
/// is back gets through at once, or on a click at most 5 s later, rather than waiting up to the
/// 60 s backoff; a server that is still down sees at most one probe per 5 s from a browser whose
/// user keeps clicking, and none from idle ones. A 429's or 503's `Retry-After`, and the errors
/// of [`DEFAULT_PERMANENT_BACKOFF_MS`], are never probed ahead of.
pub const DEFAULT_PROBE_INTERVAL_MS: u64 = 5_000;
/// Largest wait honoured from a 429's or 503's `Retry-After` (or Better Auth's `x-retry-after`),
/// in ms. Defaults to `600_000` (10 min), so a
/// bogus header cannot park the client for a day.
pub const DEFAULT_MAX_RETRY_AFTER_MS: u64 = 600_000;
/// How long a token fetch may take before the core gives up on it, in ms. Defaults to `30_000`
/// (30 s): the browser layer should abort its fetch sooner, this is only a watchdog so a fetch
/// that never settles cannot wedge the lifecycle in `Refreshing`.
pub const DEFAULT_FETCH_TIMEOUT_MS: u64 = 30_000;
/// The least time between two refreshes started by a 401 from the API, in ms. Defaults to
/// `10_000` (10 s): the first 401 for the current token refreshes it (revoked or rotated key), but
/// an API that keeps refusing fresh tokens (wrong issuer, clock, revoked user) must not turn each
/// of its 401s into a request to the auth server.
pub const DEFAULT_MIN_UNAUTHORIZED_REFRESH_INTERVAL_MS: u64 = 10_000;
/// When the token has no `iat`, its lifetime is `exp` minus local now, clamped to this range, in
/// ms. Defaults to `10_000..=86_400_000` (10 s to 24 h): a wrong local clock then yields a too
/// early or too late refresh, but never a storm (at most one per 4 s) nor a lost timer.
pub const DEFAULT_NO_IAT_LIFETIME_RANGE_MS: (u64, u64) = (10_000, 86_400_000);
/// While a refresh is on its way (waiting for the cross-tab lock or for the server) or failing, or
/// the browser is offline, the old token is still handed out until this long before its local
/// expiry (its cut-off), in ms. Defaults to `5_000` (5 s), the time a request needs to reach the
/// API.
pub const DEFAULT_ATTACH_SAFETY_MS: u64 = 5_000;
/// How long a token fetch may wait for another tab's fetch of the same token (the cross-tab lock)
/// before taking the lock from it, in ms, at most. Defaults to `10_000` (10 s): longer than a
/// healthy token request, shorter than the 30 s fetch watchdog. While a usable token is held the
/// wait also ends at its cut-off ([`DEFAULT_ATTACH_SAFETY_MS`] before expiry), past which calls
/// would stall behind it.
pub const DEFAULT_LOCK_WAIT_MS: u64 = 10_000;
/// The least wait for the cross-tab lock, in ms. Defaults to `1_000` (1 s): a healthy tab's token
/// request takes well under a second, so a shorter wait would take the lock from a tab in the
/// middle of its request and double it.
pub const DEFAULT_MIN_LOCK_WAIT_MS: u64 = 1_000;
/// Longest timer the core asks for, in ms. Defaults to `86_400_000` (24 h): browsers fire a
/// `setTimeout` longer than 2^31-1 ms (24.8 days) at once, so long deadlines are split; a timer
/// that fires early just re-arms.
pub const MAX_TIMER_DELAY_MS: u64 = 86_400_000;

/// Lifecycle configuration. `Config::default()` gives every default above.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// See [`DEFAULT_MIN_MARGIN_MS`].
    pub min_margin_ms: u64,
    /// See [`DEFAULT_MARGIN_PERCENT`].
    pub margin_percent: u64,
    /// See [`DEFAULT_JITTER_PERCENT`].
    pub jitter_percent: u64,
    /// See [`DEFAULT_JITTER_CAP_MS`].
    pub jitter_cap_ms: u64,
    /// See [`DEFAULT_BACKOFF_BASE_MS`].
    pub backoff_base_ms: u64,
    /// See [`DEFAULT_BACKOFF_CAP_MS`].
    pub backoff_cap_ms: u64,
    /// See [`DEFAULT_MAX_RETRY_AFTER_MS`].
    pub max_retry_after_ms: u64,
    /// See [`DEFAULT_PERMANENT_BACKOFF_MS`].
    pub permanent_backoff_ms: u64,
    /// See [`DEFAULT_PROBE_INTERVAL_MS`].
    pub probe_interval_ms: u64,
    /// See [`DEFAULT_FETCH_TIMEOUT_MS`].
    pub fetch_timeout_ms: u64,
    /// See [`DEFAULT_MIN_UNAUTHORIZED_REFRESH_INTERVAL_MS`].
    pub min_unauthorized_refresh_interval_ms: u64,
    /// See [`DEFAULT_NO_IAT_LIFETIME_RANGE_MS`].
    pub no_iat_lifetime_range_ms: (u64, u64),
    /// See [`DEFAULT_ATTACH_SAFETY_MS`].
    pub attach_safety_ms: u64,
    /// See [`DEFAULT_LOCK_WAIT_MS`].
    pub lock_wait_ms: u64,
    /// See [`DEFAULT_MIN_LOCK_WAIT_MS`].
    pub min_lock_wait_ms: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            min_margin_ms: DEFAULT_MIN_MARGIN_MS,
            margin_percent: DEFAULT_MARGIN_PERCENT,
            jitter_percent: DEFAULT_JITTER_PERCENT,
            jitter_cap_ms: DEFAULT_JITTER_CAP_MS,
            backoff_base_ms: DEFAULT_BACKOFF_BASE_MS,
            backoff_cap_ms: DEFAULT_BACKOFF_CAP_MS,
            max_retry_after_ms: DEFAULT_MAX_RETRY_AFTER_MS,
            permanent_backoff_ms: DEFAULT_PERMANENT_BACKOFF_MS,
            probe_interval_ms: DEFAULT_PROBE_INTERVAL_MS,
            fetch_timeout_ms: DEFAULT_FETCH_TIMEOUT_MS,
            min_unauthorized_refresh_interval_ms: DEFAULT_MIN_UNAUTHORIZED_REFRESH_INTERVAL_MS,
            no_iat_lifetime_range_ms: DEFAULT_NO_IAT_LIFETIME_RANGE_MS,
            attach_safety_ms: DEFAULT_ATTACH_SAFETY_MS,
            lock_wait_ms: DEFAULT_LOCK_WAIT_MS,
            min_lock_wait_ms: DEFAULT_MIN_LOCK_WAIT_MS,
        }
    }
}

impl Config {
    /// The refresh margin for a lifetime: `max(min_margin, margin_percent · lifetime)`, capped to
    /// half the lifetime so a short token is not refreshed the moment it arrives.
    pub fn margin_ms(&self, lifetime_ms: u64) -> u64 {
        let m = self
            .min_margin_ms
            .max(lifetime_ms / 100 * self.margin_percent);
        m.min(lifetime_ms / 2)
    }

    /// The largest jitter for a lifetime: `min(jitter_percent · margin, jitter_cap)`, and no more
    /// than leaves the refresh after 40 % of the lifetime (`0.6 · lifetime − margin`): a short
    /// token, whose margin is half its lifetime, keeps a 10 % jitter.
    pub fn max_jitter_ms(&self, lifetime_ms: u64) -> u64 {
        let margin = self.margin_ms(lifetime_ms);
        crate::num::saturating_mul(margin / 100, self.jitter_percent)
            .min(self.jitter_cap_ms)
            .min((lifetime_ms / 10 * 6).saturating_sub(margin))
    }
}

//! The token the lifecycle holds and hands out.

use crate::prelude::*;

/// An accepted token, with its timing translated to the local clock.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// The compact JWS, to send as `Authorization: Bearer <raw>`.
    pub raw: String,
    /// Increments by one per accepted token, starting at 1. A request that got a 401 reports the
    /// generation it sent, so the lifecycle knows whether a newer token already exists.
    pub generation: u64,
    /// `iat`, server seconds, if present.
    pub iat: Option<u64>,
    /// `exp`, server seconds.
    pub exp: u64,
    /// Local time the request that brought the token was sent, ms (for a token another tab shared:
    /// when that tab's request was sent). The token was minted after it, so its lifetime counted
    /// from here never runs past its real expiry, however late the answer was processed.
    pub sent_at_ms: u64,
    /// Local expiry, ms: `sent_at_ms + (exp - iat - 1)·1000`: `iat` is rounded down to the
    /// second, so the token may have been minted up to 1 s after it. The server's clock is only
    /// used for the difference, so a local clock that is hours off changes nothing.
    pub expires_at_ms: u64,
    /// When the lifecycle refreshes it (local ms, strictly before `expires_at_ms`).
    pub refresh_at_ms: u64,
}

/// What the lifecycle hands a waiting request ([`crate::core::Action::Resolve`]): the token to
/// attach, its generation (which a 401 reports back) and its local expiry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handed {
    /// The compact JWS, to send as `Authorization: Bearer <raw>`.
    pub raw: String,
    /// The token's [`Token::generation`].
    pub generation: u64,
    /// The token's [`Token::expires_at_ms`].
    pub expires_at_ms: u64,
}

impl Token {
    /// What a waiting request is given of this token.
    pub fn handed(&self) -> Handed {
        Handed {
            raw: self.raw.clone(),
            generation: self.generation,
            expires_at_ms: self.expires_at_ms,
        }
    }

    /// Lifetime on the local clock, ms.
    pub fn lifetime_ms(&self) -> u64 {
        self.expires_at_ms.saturating_sub(self.sent_at_ms)
    }
}

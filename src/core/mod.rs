//! The token lifecycle: a pure state machine with an injected clock.

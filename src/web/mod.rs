//! The browser layer: the only code that touches `fetch`, timers, events and JavaScript values.
//!
//! It carries out what the pure core decides ([`crate::core::Lifecycle`]'s and
//! [`crate::core::Session`]'s actions, the [`crate::jwt`] verdicts) and exposes the
//! `#[wasm_bindgen]` surface that the hand-written JavaScript face in `pkg-template/` wraps into
//! Better Auth's client shape.

mod client;
mod fetch;
mod inner;
mod input;
pub(crate) mod js;
mod listeners;
mod options;
mod session;
mod tabs;
mod tasks;
mod token_source;
mod transport;
mod webcrypto;

pub use client::WasmAuthClient;
pub use webcrypto::verify_pending;

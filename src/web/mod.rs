//! The browser layer: the only code that touches `fetch`, timers, events and JavaScript values.
//!
//! It executes what the pure core decides ([`crate::core::Lifecycle`]'s actions, the
//! [`crate::jwt`] verdicts) and exposes the `#[wasm_bindgen]` surface that the hand-written
//! JavaScript face in `pkg-template/` wraps into Better Auth's client shape.

mod client;
mod fetch;
mod inner;
mod js;
mod listeners;
mod options;
mod tabs;
mod token_source;
mod transport;

pub use client::WasmAuthClient;

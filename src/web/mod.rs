//! The browser layer: the only code that touches `fetch`, timers and JavaScript values.
//!
//! It executes what the pure modules decide and exposes the `#[wasm_bindgen]` surface that the
//! hand-written JavaScript face in `pkg-template/` wraps into Better Auth's client shape.

mod client;
mod js;
mod options;
mod transport;

pub use client::WasmAuthClient;

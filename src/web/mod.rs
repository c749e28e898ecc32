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

/// `spawn_local` for every background task of the module: the futures are boxed so that
/// wasm-bindgen-futures' task machinery is compiled once rather than once per call site.
pub(crate) fn spawn<F: core::future::Future<Output = ()> + 'static>(future: F) {
    spawn_job(Box::pin(future));
}

#[inline(never)]
fn spawn_job(job: core::pin::Pin<Box<dyn core::future::Future<Output = ()>>>) {
    wasm_bindgen_futures::spawn_local(job);
}

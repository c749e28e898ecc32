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
mod js;
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

use core::cell::{Ref, RefCell, RefMut};

/// `RefCell` borrows whose conflict stops the module with a bare trap ([`crate::bug`]) instead of
/// core's panic: `borrow()` and `borrow_mut()` are `#[track_caller]`, so each of the layer's
/// 40-odd borrows carried a panic location (16 bytes of data and a call). A conflict is a bug either way (no
/// borrow crosses an `.await`; clippy denies it), and a panic in the package was already a trap.
pub(crate) trait Cells<T> {
    /// `borrow()`.
    fn read(&self) -> Ref<'_, T>;
    /// `borrow_mut()`.
    fn write(&self) -> RefMut<'_, T>;
}

impl<T> Cells<T> for RefCell<T> {
    #[inline]
    fn read(&self) -> Ref<'_, T> {
        self.try_borrow()
            .unwrap_or_else(|_| crate::bug("RefCell already mutably borrowed"))
    }

    #[inline]
    fn write(&self) -> RefMut<'_, T> {
        self.try_borrow_mut()
            .unwrap_or_else(|_| crate::bug("RefCell already borrowed"))
    }
}

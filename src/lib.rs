//! # better-auth-wasm
//!
//! A [Better Auth](https://www.better-auth.com) browser client written in Rust and compiled to
//! WebAssembly. It runs the cookie-based sign-up / sign-in / session flows against a real Better
//! Auth server, obtains the JWT of Better Auth's `jwt()` plugin, verifies it against the server's
//! JWKS, holds it in memory only, and attaches it as `Authorization: Bearer` to calls to your API.
//!
//! The crate is split so that everything that *decides* is pure and testable on the host:
//!
//! - [`error`]: one error type with stable string codes.
//! - [`api`]: Better Auth request and response types, error-body parsing, URL resolution. No IO.
//! - [`jwt`]: compact JWS parsing, claims, JWKS and key selection, Ed25519 verification. No IO.
//! - [`core`]: the token lifecycle as a state machine with an injected clock. No IO.
//! - `web` (wasm32 only): the only module that touches the browser; it executes what the core
//!   decides and exposes the `#[wasm_bindgen]` surface. Nothing above may import it.

#![cfg_attr(not(test), warn(clippy::print_stdout, clippy::print_stderr))]
// The package's module is built without std: a panic is a trap either way (`panic = "abort"`), and
// std's panic machinery formats its message first. Tests, and crates that link std (the feature
// `std`), build it with std.
#![cfg_attr(all(target_arch = "wasm32", not(feature = "std")), no_std)]

extern crate alloc;

/// What the std prelude gives and `no_std` does not.
pub(crate) mod prelude {
    pub use alloc::borrow::ToOwned;
    pub use alloc::string::String;
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}

/// A panic stops the module (a trap), as std's `panic = "abort"` does, without formatting its
/// message. The crate's code is written not to panic (clippy denies `unwrap`, `expect`, indexing).
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
#[panic_handler]
fn panic(_: &::core::panic::PanicInfo) -> ! {
    ::core::arch::wasm32::unreachable()
}

pub mod api;
pub mod core;
pub mod error;
pub mod json;
pub mod jwt;
mod num;
mod text;

#[cfg(target_arch = "wasm32")]
pub mod web;

/// The module's allocator: lol_alloc's free list (sorted by address, neighbours coalesced), about
/// 1 KB of code where the default dlmalloc is about 8 KB. The SDK allocates little and briefly (a
/// token, a response, a JSON document at a time), so a linear search of the free list costs
/// nothing measurable. `LockedAllocator` because its constructor is safe (this crate forbids
/// `unsafe`); without threads its lock is never contended.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

pub use error::{Error, ErrorKind, Result};

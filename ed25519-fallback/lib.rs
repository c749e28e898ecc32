//! Ed25519 signature verification with ed25519-compact, for browsers whose WebCrypto lacks
//! Ed25519. The package's main module hands every signature to WebCrypto; when `importKey`
//! answers `NotSupportedError` for Ed25519, it loads this module (pkg/ed25519.js) and asks it
//! instead. The main module has already checked the key's size and the signature's.
#![no_std]

/// The global allocator: wasm-bindgen copies the three byte strings into the module's memory.
/// The same free list as the main crate's.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

/// Nothing here panics; should anything, the module traps (release builds abort).
#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

use wasm_bindgen::prelude::wasm_bindgen;

/// Whether `signature` is a valid Ed25519 signature of `message` under the 32-byte public key
/// `key`: `false` too for a key or signature of the wrong size, a key that is not a point or has
/// a small order, and a non-canonical signature (ed25519-compact's strict checks).
#[wasm_bindgen]
pub fn verify(key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    let (Ok(key), Ok(signature)) = (
        ed25519_compact::PublicKey::from_slice(key),
        ed25519_compact::Signature::from_slice(signature),
    ) else {
        return false;
    };
    key.verify(message, &signature).is_ok()
}

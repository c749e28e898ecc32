//! The size floor of the product design's crates: what wasm-bindgen, ed25519-compact, serde,
//! serde_json, base64, wasm-bindgen-futures, js-sys, web-sys, gloo-net, serde-wasm-bindgen and
//! gloo-storage cost in a release module before any of the SDK's own logic, and how small a module
//! that only verifies an Ed25519 signature can be. Bench-only, not part of the package;
//! `scripts/size-floor.sh` builds each variant as `scripts/build-pkg.sh` builds the package,
//! measures it and runs `bench/floor/smoke.mjs` on it.
//!
//! Each variant is a set of cargo features that makes a minimal but real use of what it adds (an
//! export the smoke test calls), so the linker keeps what any caller of those crates needs and the
//! growth from its base is what they cost:
//!
//! | variant | features | base | adds | export |
//! |---|---|---|---|---|
//! | v1 | (none) | – | wasm-bindgen | `add(a, b)` |
//! | v2 | v2 | v1 | ed25519-compact (`opt_size`, as the package) | `verify(pk, msg, sig)`: an Ed25519 signature check |
//! | v2a | v2, small-alloc | v2 | lol_alloc's locked free list as global allocator, instead of dlmalloc (as the package) | – |
//! | v2n | v2, no-std, no default features | v2a | `#![no_std]`: no std, wasm-bindgen without `std` | – |
//! | v3 | v3 | v2a | serde, serde_json, base64 | `claims_exp(segment)`: a JWT payload's `exp` |
//! | v4 | v4 | v3 | wasm-bindgen-futures, js-sys, web-sys | `fetch_text(url)`: a GET by hand |
//! | v5 | v5 | v3 | gloo-net (with wasm-bindgen-futures, web-sys) | `fetch_text(url)`: the GET, gloo-net |
//! | v6 | v6 | v5 | serde-wasm-bindgen | `configure(options)`: an options object read with serde |
//! | v7 | v7 | v6 | gloo-storage | `store_roundtrip(key, value)`: a localStorage set and get |
//!
//! v2, v2a and v2n are the verify-only floors: the same export, first with Rust's default allocator
//! (dlmalloc), then with the package's allocator, then without std. v3..v7 build on v2a, with the
//! package's allocator. v4 and v5 are two ways to the same `fetch_text`: v4 writes it against
//! web-sys, v5 uses gloo-net (which the design names); v6 and v7 build on v5. With both features
//! on, v5's is compiled.
//!
//! Nothing here panics: errors come back as `false`, `-1` or a rejected promise. No `unsafe`
//! either, in v2n too (its panic handler traps with the safe `core::arch::wasm32::unreachable`).
#![cfg_attr(feature = "no-std", no_std)]
#![forbid(unsafe_code)]

#[cfg(all(feature = "no-std", feature = "std"))]
compile_error!("the no-std variant needs --no-default-features (wasm-bindgen without `std`)");
#[cfg(all(feature = "no-std", feature = "v3"))]
compile_error!("the no-std variant is verify-only: v2 at most");

/// small-alloc (v2a, v2n, v3..v7): the package's global allocator (the main crate's src/lib.rs),
/// lol_alloc's free list behind a spin lock (its constructor is safe; without threads the lock is
/// never contended), in place of Rust's default dlmalloc.
#[cfg(all(feature = "small-alloc", target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

/// no-std (v2n): without std there is no panic runtime, so the crate names its own handler. Release
/// builds use panic=abort and nothing here panics; should anything, the module traps, as the
/// package's abort does.
#[cfg(feature = "no-std")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

use wasm_bindgen::prelude::*;

/// v1: the smallest export, so the module holds wasm-bindgen's runtime and little else.
#[wasm_bindgen]
pub fn add(a: u32, b: u32) -> u32 {
    a.wrapping_add(b)
}

/// v2: whether `sig` is a valid Ed25519 signature of `msg` under the 32-byte public key `pk`;
/// `false` for a malformed key or signature too.
#[cfg(feature = "v2")]
#[wasm_bindgen]
pub fn verify(pk: &[u8], msg: &[u8], sig: &[u8]) -> bool {
    use ed25519_compact::{PublicKey, Signature};
    let (Ok(pk), Ok(sig)) = (PublicKey::from_slice(pk), Signature::from_slice(sig)) else {
        return false;
    };
    pk.verify(msg, &sig).is_ok()
}

/// v3: the registered claims of a JWT payload, parsed as the SDK parses them. Only `exp` is read
/// back; the rest is there so serde builds a realistic deserializer.
#[cfg(feature = "v3")]
#[allow(dead_code)]
#[derive(serde::Deserialize)]
struct Claims {
    sub: Option<String>,
    iat: Option<u64>,
    exp: Option<u64>,
    iss: Option<String>,
    aud: Option<String>,
}

/// v3: decodes a base64url (unpadded) JWT payload segment and returns its `exp`, or -1 when the
/// segment is not base64url, not a JSON claims object, or has no `exp`.
#[cfg(feature = "v3")]
#[wasm_bindgen]
pub fn claims_exp(payload_b64: &str) -> f64 {
    use base64::Engine;
    let Ok(bytes) = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload_b64) else {
        return -1.0;
    };
    match serde_json::from_slice::<Claims>(&bytes) {
        Ok(Claims { exp: Some(exp), .. }) => exp as f64,
        _ => -1.0,
    }
}

/// v4: a GET with `credentials: "include"` written against web-sys and js-sys, resolving to the
/// body as text; rejects on a network error or when there is no `window`.
#[cfg(all(feature = "v4", not(feature = "v5")))]
#[wasm_bindgen]
pub async fn fetch_text(url: String) -> Result<String, JsValue> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Request, RequestCredentials, RequestInit, Response};
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_credentials(RequestCredentials::Include);
    let request = Request::new_with_str_and_init(&url, &init)?;
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await?
        .dyn_into()?;
    let text: js_sys::Promise = response.text()?;
    JsFuture::from(text)
        .await?
        .as_string()
        .ok_or_else(|| JsValue::from_str("body is not text"))
}

/// v5: the same GET through gloo-net (which assumes a `window`: without one it traps).
#[cfg(feature = "v5")]
#[wasm_bindgen]
pub async fn fetch_text(url: String) -> Result<String, JsValue> {
    use gloo_net::http::Request;
    use web_sys::RequestCredentials;
    let error = |e: gloo_net::Error| JsValue::from_str(&e.to_string());
    let response = Request::get(&url)
        .credentials(RequestCredentials::Include)
        .send()
        .await
        .map_err(error)?;
    response.text().await.map_err(error)
}

/// v6: a client options object as the SDK reads it from JavaScript.
#[cfg(feature = "v6")]
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Options {
    base_url: Option<String>,
    base_path: Option<String>,
    token: Option<String>,
}

/// v6: reads `options` (`{ baseUrl?, basePath?, token? }`) with serde-wasm-bindgen and returns the
/// total length of the strings given, or -1 when `options` is not such an object.
#[cfg(feature = "v6")]
#[wasm_bindgen]
pub fn configure(options: JsValue) -> f64 {
    let Ok(options) = serde_wasm_bindgen::from_value::<Options>(options) else {
        return -1.0;
    };
    [options.base_url, options.base_path, options.token]
        .iter()
        .flatten()
        .map(String::len)
        .sum::<usize>() as f64
}

/// v7: stores `value` under `key` in localStorage with gloo-storage, reads it back and tells
/// whether it came back unchanged; `false` when there is no localStorage (checked first, as
/// gloo-storage throws a JavaScript error then).
#[cfg(feature = "v7")]
#[wasm_bindgen]
pub fn store_roundtrip(key: &str, value: &str) -> bool {
    use gloo_storage::{LocalStorage, Storage};
    let has_storage = web_sys::window().is_some_and(|w| matches!(w.local_storage(), Ok(Some(_))));
    has_storage
        && LocalStorage::set(key, value).is_ok()
        && LocalStorage::get::<String>(key).is_ok_and(|stored| stored == value)
}

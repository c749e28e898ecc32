// The Ed25519 verifier for browsers whose WebCrypto has no Ed25519 (Chromium before 137, Firefox
// before 129, Safari before 17): ed25519-compact compiled to its own small module
// (ed25519-fallback/), inlined here as base64 so that every bundler handles it as plain
// JavaScript. index.js hands `load` to the wasm client, which imports this file on the first
// Ed25519 signature WebCrypto cannot check; browsers that have Ed25519 never download it.
// scripts/build-pkg.sh bundles it with the module's glue into pkg/ed25519.js.
import { initSync, verify } from "./ed25519_fallback.js";
import base64 from "./ed25519_fallback_bg.wasm.base64.js";

let ready = false;

/**
 * Whether `signature` is a valid Ed25519 signature of `message` under the raw 32-byte `key`.
 * The module is compiled and instantiated on the first call (synchronously: it is small).
 * @param {Uint8Array} key
 * @param {Uint8Array} message
 * @param {Uint8Array} signature
 * @returns {boolean}
 */
export function ed25519Verify(key, message, signature) {
  if (!ready) {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    initSync({ module: bytes });
    ready = true;
  }
  return verify(key, message, signature);
}

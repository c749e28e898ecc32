// The Ed25519 verifier for browsers whose WebCrypto has no Ed25519 (Chromium before 137, Firefox
// before 129, Safari before 17, or no `crypto.subtle` outside a secure context): ed25519-compact
// compiled to its own small module (ed25519-fallback/), inlined here as base64 so that every
// bundler handles it as plain JavaScript. index.js hands the wasm client a loader that imports
// this file on the first Ed25519 signature WebCrypto cannot check; browsers that have Ed25519 never
// download it. scripts/build-ed25519.sh bundles it with the module's glue into pkg/ed25519.js.
import init, { verify } from "./ed25519_fallback.js";
import base64 from "./ed25519_fallback_bg.wasm.base64.js";

/**
 * The verifier, once its module is instantiated (asynchronously: older Chromium refuses to
 * compile modules over 4 KB synchronously on the main thread). The glue keeps one instance and
 * tries again after a failure.
 * @returns {Promise<(key: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean>}
 */
export async function ed25519Verifier() {
  await init({ module_or_path: Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)) });
  return verify;
}

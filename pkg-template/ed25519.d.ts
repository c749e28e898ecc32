/**
 * The Ed25519 verifier the client loads where the browser's WebCrypto has no Ed25519
 * (ed25519-compact in a module of its own). Not an entry point: index.js imports it on demand.
 * Resolves, once its module is instantiated, to a function that says whether `signature` is a
 * valid Ed25519 signature of `message` under the raw 32-byte `key` (`false` for wrong sizes,
 * small-order keys and non-canonical signatures too).
 */
export function ed25519Verifier(): Promise<(key: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean>;

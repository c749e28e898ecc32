// The JavaScript face of better-auth-wasm: Better Auth's client shape over the wasm exports.
// Importing this module touches no browser global (server rendering survives it); the wasm module
// is loaded lazily, once, on the first call that needs it.
import initWasm, { WasmAuthClient } from "./better_auth_wasm.js";

let loading = null;

/**
 * Loads and instantiates the wasm module. Idempotent; called for you on first use. Pass a URL,
 * Response or bytes to load the `.wasm` from somewhere else than beside this file.
 */
export function init(moduleOrPath) {
  if (!loading) {
    loading = initWasm(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath }).catch((err) => {
      loading = null;
      throw err;
    });
  }
  return loading;
}

function failure(err) {
  return {
    data: null,
    error: {
      code: (err && err.code) || "INIT_FAILED",
      message: (err && err.message) || String(err),
      status: (err && err.status) || 0,
    },
  };
}

/**
 * Creates a client. Options: `baseURL`, `basePath` (default "/api/auth"), `jwksPath` (default
 * "/jwks"), `apiOrigins` (origins allowed to receive the JWT; default none).
 */
export function createAuthClient(options = {}) {
  let client = null;
  const get = () => {
    if (!client) {
      client = init().then(() => new WasmAuthClient(options));
      client.catch(() => {
        client = null;
      });
    }
    return client;
  };
  // `{ data, error }` calls never reject, like Better Auth's client; failures to load the module or
  // bad options come back as `error` too.
  const call = (method) => async (...args) => {
    let c;
    try {
      c = await get();
    } catch (err) {
      return failure(err);
    }
    return c[method](...args);
  };
  return {
    signUp: { email: call("signUpEmail") },
    signIn: { email: call("signInEmail") },
    signOut: call("signOut"),
    getSession: call("getSession"),
    token: call("token"),
    /** `fetch` that attaches `Authorization: Bearer` for `apiOrigins` and retries once on 401. */
    fetch: async (input, init) => (await get()).fetch(input, init),
    /** Resolves when the wasm module is loaded and the options are valid. */
    ready: async () => {
      await get();
    },
  };
}

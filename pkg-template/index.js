// The JavaScript face of better-auth-wasm: Better Auth's client shape over the wasm exports.
// Importing this module touches no browser global (server rendering survives it); the wasm module
// is loaded lazily, once, by the first client created in a browser.
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

const INITIAL_STATE = Object.freeze({
  status: "loading",
  user: null,
  session: null,
  tokenExpiresAt: null,
  tokenGeneration: null,
  lifecycle: "NoSession",
});
const SERVER_STATE = Object.freeze({ ...INITIAL_STATE, status: "unauthenticated" });

function errorResult(code, err) {
  return {
    data: null,
    error: { code: (err && err.code) || code, message: (err && err.message) || String(err), status: (err && err.status) || 0 },
  };
}

/** Thrown by the `api` helpers for a non-2xx answer; carries the server's `detail` or `message`. */
export class ApiError extends Error {
  constructor(status, body, response) {
    const detail = body && typeof body === "object" ? body.detail ?? body.message : undefined;
    super(typeof detail === "string" ? detail : `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.code = (body && body.code) || `HTTP_${status}`;
    this.body = body;
    this.response = response;
  }
}

/**
 * Creates a client. See `AuthClientOptions` in index.d.ts for the options and their defaults.
 * Outside a browser (server rendering) the client is inert: its state is "unauthenticated" and
 * its calls answer `{ data: null, error: { code: "NOT_IN_BROWSER" } }`.
 */
export function createAuthClient(options = {}) {
  const inBrowser = typeof window !== "undefined" && typeof document !== "undefined";
  const listeners = new Set();
  let client = null;
  let creating = null;
  let disposed = false;

  const get = () => {
    if (!inBrowser) return Promise.reject(Object.assign(new Error("better-auth-wasm runs in a browser"), { code: "NOT_IN_BROWSER" }));
    if (disposed) return Promise.reject(Object.assign(new Error("the client was disposed"), { code: "CLIENT_DISPOSED" }));
    if (!creating) {
      creating = init().then(() => {
        client = new WasmAuthClient(options);
        client.subscribe((event) => {
          for (const l of [...listeners]) l(event);
        });
        for (const l of [...listeners]) l({ type: "state", state: client.getState() });
        return client;
      });
      creating.catch(() => {
        creating = null;
      });
    }
    return creating;
  };
  // Start loading the session at once in a browser, as Better Auth's client does.
  if (inBrowser) get().catch(() => {});

  // `{ data, error }` calls never reject, like Better Auth's client; failures to load the module
  // or bad options come back as `error` too.
  const call = (method) => async (...args) => {
    let c;
    try {
      c = await get();
    } catch (err) {
      return errorResult("INIT_FAILED", err);
    }
    return c[method](...args);
  };

  const authFetch = async (input, init) => (await get()).fetch(input, init);
  // Better Auth routes without a wasm method of their own.
  const route = (method, path) => (body, query) => call("request")(method, path, body, query);
  const post = (path) => (body) => route("POST", path)(body, undefined);
  const getRoute = (path) => (arg) => route("GET", path)(undefined, arg && arg.query);

  async function signInSocial(body) {
    const result = await route("POST", "/sign-in/social")(body, undefined);
    // Like Better Auth's redirect plugin: go to the provider unless the caller asked not to.
    if (result.data && result.data.redirect && result.data.url && !(body && body.disableRedirect)) {
      window.location.href = result.data.url;
    }
    return result;
  }

  const json = (method) => async (url, body, init = {}) => {
    const headers = new Headers(init.headers);
    const hasBody = body !== undefined;
    if (hasBody && !headers.has("content-type")) headers.set("content-type", "application/json");
    if (!headers.has("accept")) headers.set("accept", "application/json");
    const res = await authFetch(url, { ...init, method, headers, body: hasBody ? JSON.stringify(body) : undefined });
    const text = await res.text();
    let parsed = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (!res.ok) throw new ApiError(res.status, parsed, res);
    return parsed;
  };

  return {
    signUp: { email: call("signUpEmail") },
    signIn: { email: call("signInEmail"), social: signInSocial },
    signOut: call("signOut"),
    getSession: call("getSession"),
    token: call("token"),
    jwks: call("jwks"),
    updateUser: post("/update-user"),
    changePassword: post("/change-password"),
    requestPasswordReset: post("/request-password-reset"),
    resetPassword: post("/reset-password"),
    sendVerificationEmail: post("/send-verification-email"),
    verifyEmail: getRoute("/verify-email"),
    listSessions: getRoute("/list-sessions"),
    revokeSession: post("/revoke-session"),
    revokeSessions: post("/revoke-sessions"),
    revokeOtherSessions: post("/revoke-other-sessions"),
    /** `fetch` that attaches `Authorization: Bearer` for `apiOrigins` and retries once on 401. */
    fetch: authFetch,
    /** JSON helpers over `fetch`: resolve the parsed body, throw `ApiError` otherwise. */
    api: { get: (url, init) => json("GET")(url, undefined, init), post: json("POST"), put: json("PUT"), patch: json("PATCH"), delete: (url, init) => json("DELETE")(url, undefined, init) },
    /** `listener(event)` on every change; returns the unsubscribe function. */
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** The current state; the same object until something changes. */
    getState() {
      if (!inBrowser) return SERVER_STATE;
      return client ? client.getState() : INITIAL_STATE;
    },
    /**
     * The state to render on the server and while hydrating: "loading" (the session is not known
     * before the browser asks), identical on both sides so hydration matches.
     */
    getServerState() {
      return INITIAL_STATE;
    },
    /** Resolves when the wasm module is loaded and the options are valid. */
    async ready() {
      await get();
    },
    /** Stops timers and listeners; the client is unusable afterwards. */
    dispose() {
      disposed = true;
      listeners.clear();
      if (client) client.dispose();
    },
  };
}

// @ts-check
// The JavaScript face of better-auth-wasm: Better Auth's client shape over the wasm exports.
// Importing this module touches no browser global (server rendering survives it); the wasm module
// is loaded lazily, once, by the first client created in a browser.
// Type-checked against index.d.ts (`tsc --allowJs --checkJs`, see scripts/test-pkg.sh).
import initWasm, { create } from "./better_auth_wasm.js";

/** @typedef {import("./index.js").AuthClient} AuthClient */
/** @typedef {import("./index.js").AuthClientOptions} AuthClientOptions */
/** @typedef {import("./index.js").AuthError} AuthError */
/** @typedef {import("./index.js").AuthEvent} AuthEvent */
/** @typedef {import("./index.js").AuthState} AuthState */
/** @typedef {import("./index.js").CallOptions} CallOptions */
/** @typedef {import("./index.js").Query} Query */
/** @typedef {{ data: null, error: AuthError }} Failure */
/** @typedef {ReturnType<typeof import("./passkey.js").passkeys>} Ceremonies */
/**
 * The wasm client: one function (src/web/client.rs `create`). `what` 0 to 3: the data of
 * getSession, token, jwks and the base URL; 4: `request(method, path, body, query)`'s; 5:
 * `fetch(input, init)`; 6: the state; 7: `subscribe(listener)`; 8: `dispose()`. 0 to 4 reject
 * with a coded `Error` (`code`, `message`, `status`), which `call` makes `{ data: null, error }`.
 * @typedef {(what: number, a?: unknown, b?: unknown, c?: unknown, d?: unknown) => any} WasmAuthClient
 */

/** @type {Promise<unknown> | null} */
let loading = null;

/**
 * Loads and instantiates the wasm module. Idempotent; called for you on first use. Pass a URL,
 * Response or bytes to load the `.wasm` from somewhere else than beside this file.
 * @type {typeof import("./index.js").init}
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

/** @type {AuthState} */
const INITIAL_STATE = Object.freeze({
  status: "loading",
  user: null,
  session: null,
  tokenExpiresAt: null,
  tokenGeneration: null,
  lifecycle: "NoSession",
  error: null,
});
/** @type {AuthState} */
const SERVER_STATE = Object.freeze({ ...INITIAL_STATE, status: "unauthenticated" });

/**
 * The error the client throws (`auth.fetch`, `auth.ready()`): `name`, `code`, `status`. Errors
 * thrown by the wasm side (src/web/js.rs `js_error`) are plain `Error`s with those members:
 * `instanceof` recognises them too.
 */
export class BetterAuthWasmError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {number} [status]
   */
  constructor(code, message, status = 0) {
    super(message);
    /** @type {"BetterAuthWasmError"} */
    this.name = "BetterAuthWasmError";
    this.code = code;
    this.status = status;
  }

  /** @param {unknown} e */
  static [Symbol.hasInstance](e) {
    return isBetterAuthWasmError(e);
  }
}

/**
 * @param {string} code
 * @param {string} message
 * @returns {BetterAuthWasmError}
 */
const wasmError = (code, message) => new BetterAuthWasmError(code, message);

/** @type {typeof import("./index.js").isBetterAuthWasmError} */
export function isBetterAuthWasmError(e) {
  const x = /** @type {{ name?: unknown, code?: unknown, status?: unknown } | null} */ (e);
  return e instanceof Error && x !== null && x.name === "BetterAuthWasmError" && typeof x.code === "string" && typeof x.status === "number";
}

/** ISO-8601 date-times as Better Auth's client (better-json) reads them into `Date`s. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * A copy of `value` with every ISO-8601 date-time string (at any depth) a `Date`, as
 * better-auth/client's JSON parser makes them.
 * @type {typeof import("./index.js").withDates}
 */
export function withDates(value) {
  if (typeof value === "string") return /** @type {never} */ (ISO_DATE.test(value) ? new Date(value) : value);
  if (Array.isArray(value)) return /** @type {never} */ (value.map(withDates));
  if (value && typeof value === "object" && !(value instanceof Date)) {
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = withDates(v);
    return /** @type {never} */ (out);
  }
  return /** @type {never} */ (value);
}

/**
 * `{ data: null, error }` from a thrown value: its own `code` when it has one, else `code`.
 * @param {string} code
 * @param {unknown} err
 * @returns {Failure}
 */
function errorResult(code, err) {
  const e = /** @type {{ code?: unknown, message?: unknown, status?: unknown } | null | undefined} */ (err);
  return {
    data: null,
    error: {
      code: (e && typeof e.code === "string" && e.code) || code,
      message: (e && typeof e.message === "string" && e.message) || String(err),
      status: (e && typeof e.status === "number" && e.status) || 0,
    },
  };
}

/** Thrown by the `api` helpers for a non-2xx answer; carries the server's `detail` or `message`. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {unknown} body
   * @param {Response} response
   */
  constructor(status, body, response) {
    const b = /** @type {{ detail?: unknown, message?: unknown, code?: unknown } | null} */ (body && typeof body === "object" ? body : null);
    const detail = b ? b.detail ?? b.message : undefined;
    super(typeof detail === "string" ? detail : `HTTP ${status}`);
    /** @type {"ApiError"} */
    this.name = "ApiError";
    this.status = status;
    this.code = b && typeof b.code === "string" ? b.code : `HTTP_${status}`;
    this.body = body;
    this.response = response;
  }
}

/**
 * `["twoFactor", "verifyTotp"]` → `"/two-factor/verify-totp"`: `@better-auth/core`'s `toKebabCase`
 * per name (its word pattern, on ASCII), joined with "/".
 * @type {typeof import("./index.js").pathOf}
 */
export function pathOf(segments) {
  const kebab = (/** @type {string} */ s) => (s.match(/[a-z\d]+|[A-Z]+(?![a-z])|[A-Z][a-z\d]+/g) || []).join("-").toLowerCase();
  return `/${segments.map(kebab).join("/")}`;
}

/**
 * Whether a property read on the client names a route. `then`, `catch` and `finally` are not (as in
 * Better Auth's proxy, so `await auth` works), nor `toJSON`, symbols (`Symbol.toPrimitive`,
 * inspection), nor names that are not plain identifiers (`$$typeof`, `@@iterator`, `_private`).
 * @param {string | symbol} prop
 * @returns {prop is string}
 */
function isSegment(prop) {
  return typeof prop === "string" && /^[A-Za-z][A-Za-z\d]*$/.test(prop) && !["then", "catch", "finally", "toJSON"].includes(prop);
}

/**
 * @typedef {(segments: string[], args: unknown[]) => Promise<unknown>} Send
 */

/**
 * A callable route below `segments`: calling it sends; reading a name goes one segment deeper.
 * @param {string[]} segments
 * @param {Send} send
 * @returns {unknown}
 */
function route(segments, send) {
  return new Proxy(() => {}, {
    get: (_, prop) => (isSegment(prop) ? route([...segments, prop], send) : undefined),
    apply: (_, __, args) => send(segments, args),
  });
}

/**
 * `members` with every other name a route below `segments`: the explicit members win.
 * @param {object} members
 * @param {string[]} segments
 * @param {Send} send
 * @returns {unknown}
 */
function withRoutes(members, segments, send) {
  return new Proxy(members, {
    get: (target, prop, receiver) =>
      prop in target || !isSegment(prop) ? Reflect.get(target, prop, receiver) : route([...segments, prop], send),
  });
}

/** @param {string | undefined} method */
const sendsBody = (method) => method === undefined || /^(POST|PUT|PATCH|DELETE)$/i.test(method);

/**
 * Creates a client. See `AuthClientOptions` in index.d.ts for the options and their defaults.
 * Outside a browser (server rendering) the client is inert: its state is "unauthenticated" and
 * its calls answer `{ data: null, error: { code: "NOT_IN_BROWSER" } }`.
 * @param {AuthClientOptions} [options]
 * @returns {AuthClient}
 */
export function createAuthClient(options = {}) {
  const inBrowser = typeof window !== "undefined" && typeof document !== "undefined";
  /** @type {Set<(event: AuthEvent) => void>} */
  const listeners = new Set();
  /** @type {WasmAuthClient | null} */
  let client = null;
  /** @type {Promise<WasmAuthClient> | null} */
  let creating = null;
  let disposed = false;

  /**
   * The state while the client could not be created (bad options, the module did not load):
   * signed out, with the error. Reported once, on the console and as an `error` event.
   * @type {AuthState | null}
   */
  let failed = null;
  /** The state shown before the first session is known (`hydrateSession`), else the initial one. @type {AuthState} */
  let hydrated = INITIAL_STATE;

  /** @param {AuthEvent} event */
  const emit = (event) => {
    for (const l of [...listeners]) l(event);
  };

  /** @param {unknown} err */
  const creationFailed = (err) => {
    const { error } = errorResult("INIT_FAILED", err);
    if (failed && failed.error && failed.error.code === error.code && failed.error.message === error.message) return;
    failed = Object.freeze({ ...INITIAL_STATE, status: "unauthenticated", error });
    console.error(`better-auth-wasm: ${error.code}: ${error.message}`);
    emit({ type: "error", error, state: failed });
  };

  /** @returns {Promise<WasmAuthClient>} */
  const get = () => {
    if (disposed) return Promise.reject(wasmError("CLIENT_DISPOSED", "the client was disposed"));
    if (!inBrowser) return Promise.reject(wasmError("NOT_IN_BROWSER", "better-auth-wasm runs in a browser"));
    if (!creating) {
      creating = init().then(() => {
        // Ed25519 tokens where WebCrypto has no Ed25519: ed25519-compact's module, on demand.
        const c = /** @type {WasmAuthClient} */ (create(options, () => import("./ed25519.js").then((m) => m.ed25519Verifier())));
        client = c;
        failed = null;
        c(7, emit);
        emit({ type: "state", state: c(6) });
        return c;
      });
      creating.catch((err) => {
        creating = null;
        creationFailed(err);
      });
    }
    return creating;
  };
  // Start loading the session at once in a browser, as Better Auth's client does.
  if (inBrowser) get().catch(() => {});

  /**
   * `{ data, error }` from a wasm call, which resolves the data or rejects with a coded error;
   * never rejects, like Better Auth's client: failing to load the module, bad options and a
   * throwing call come back as `error` too.
   * @template T
   * @param {(client: WasmAuthClient) => Promise<T>} f
   * @returns {Promise<{ data: T, error: null } | Failure>}
   */
  const call = async (f) => {
    let c;
    try {
      c = await get();
    } catch (err) {
      return errorResult("INIT_FAILED", err);
    }
    try {
      return { data: await f(c), error: null };
    } catch (err) {
      return errorResult("INVALID_CONFIG", err);
    }
  };

  /**
   * Without a method, the wasm side picks it (its route table, else POST with a body, GET
   * without); it also carries out the route's effect on the session.
   * @param {string | undefined} method
   * @param {string} path
   * @param {unknown} body
   * @param {Query | undefined} query
   */
  const request = (method, path, body, query) =>
    call((c) => c(4, method, path, sendsBody(method) ? body : undefined, query));

  /**
   * A call's arguments `(arg, fetchOptions)` as better-auth/client's proxy reads them: `arg` is
   * `{ query?, fetchOptions?, ...body }`; `arg.fetchOptions` overrides `fetchOptions`; the body is
   * `arg`'s other members, then `fetchOptions.body`'s (an empty body is none); the query is
   * `arg.query`, else `fetchOptions.query`.
   * @param {unknown[]} args
   */
  const readCall = ([arg, fetchOptions]) => {
    const { query, fetchOptions: argOptions, ...body } = /** @type {{ query?: Query, fetchOptions?: CallOptions }} */ (arg || {});
    /** @type {CallOptions} */
    const opts = { .../** @type {CallOptions | undefined} */ (fetchOptions), ...argOptions };
    const merged = { ...body, ...opts.body };
    return { method: opts.method, body: Object.keys(merged).length > 0 ? merged : undefined, query: query || opts.query };
  };

  /** @type {Send} */
  const send = (segments, args) => {
    const { method, body, query } = readCall(args);
    return request(method, pathOf(segments), body, query);
  };

  /**
   * `signUp.email` and `signIn.email`, whose bodies the wasm side checks member by member.
   * @param {string} path
   */
  const emailFlow = (path) => (/** @type {unknown[]} */ ...args) => request(undefined, path, readCall(args).body || {}, undefined);

  /** @type {AuthClient["signIn"]["social"]} */
  const signInSocial = async (arg, fetchOptions) => {
    const result = /** @type {import("./index.js").Result<{ url?: string, redirect: boolean }>} */ (
      await send(["signIn", "social"], [arg, fetchOptions])
    );
    // Like Better Auth's redirect plugin: go to the provider unless the caller asked not to. An
    // `idToken` sign-in answers `redirect: false` with the session instead.
    if (result.data && result.data.redirect && result.data.url && !(arg && arg.disableRedirect)) {
      window.location.href = result.data.url;
    }
    return /** @type {never} */ (result);
  };

  /**
   * passkey.js, loaded on the first ceremony: pages that never use passkeys do not download it.
   * @type {Ceremonies | null}
   */
  let ceremonies = null;
  /** @type {Promise<Ceremonies> | null} */
  let loadingCeremonies = null;

  /**
   * A passkey ceremony (passkey.js): its requests go through the wasm client's `request`, so a
   * passkey sign-in creates the session as any other; `signal` aborts the ceremony (the call
   * answers `PASSKEY_ABORTED`), as does a newer ceremony.
   * @param {boolean} create `passkey.addPasskey`, else `signIn.passkey`
   * @param {import("./index.js").AddPasskeyOptions & import("./index.js").SignInPasskeyOptions} [opts]
   * @returns {Promise<never>}
   */
  const passkey = (create, opts) =>
    /** @type {Promise<never>} */ (call(async (c) => {
      const loaded = (loadingCeremonies ||= import("./passkey.js").then(
        (m) => (ceremonies = m.passkeys(wasmError, () => disposed)),
        (err) => {
          loadingCeremonies = null;
          throw wasmError("INIT_FAILED", `passkey.js did not load: ${err}`);
        },
      ));
      return (await loaded).run(c, create, opts || {});
    }));

  /** @type {AuthClient["fetch"]} */
  const authFetch = async (input, init) => (await get())(5, input, init);

  /**
   * @param {string} method
   * @returns {(url: string, body: unknown, init?: RequestInit) => Promise<never>}
   */
  const json = (method) => async (url, body, init = {}) => {
    const headers = new Headers(init.headers);
    const hasBody = body !== undefined;
    if (hasBody && !headers.has("content-type")) headers.set("content-type", "application/json");
    if (!headers.has("accept")) headers.set("accept", "application/json");
    const res = await authFetch(url, { ...init, method, headers, body: hasBody ? JSON.stringify(body) : undefined });
    const text = await res.text();
    /** @type {unknown} */
    let parsed = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (!res.ok) throw new ApiError(res.status, parsed, res);
    return /** @type {never} */ (parsed);
  };

  /** @type {Pick<AuthClient, "signUp" | "signIn" | "passkey" | "signOut" | "getSession" | "token" | "jwks" | "$fetch" | "fetch" | "api" | "subscribe" | "getState" | "getServerState" | "hydrateSession" | "diagnose" | "ready" | "dispose">} */
  const members = {
    signUp: /** @type {AuthClient["signUp"]} */ (withRoutes({ email: emailFlow("/sign-up/email") }, ["signUp"], send)),
    signIn: /** @type {AuthClient["signIn"]} */ (
      withRoutes({ email: emailFlow("/sign-in/email"), social: signInSocial, passkey: (/** @type {import("./index.js").SignInPasskeyOptions} */ opts) => passkey(false, opts) }, ["signIn"], send)
    ),
    passkey: /** @type {AuthClient["passkey"]} */ (
      withRoutes(
        { addPasskey: (/** @type {import("./index.js").AddPasskeyOptions} */ opts) => passkey(true, opts) },
        ["passkey"],
        send,
      )
    ),
    signOut: () => request(undefined, "/sign-out", undefined, undefined),
    // With `Date`s for the ISO-8601 strings, as better-auth/client answers it.
    getSession: async () => {
      const result = /** @type {{ data: unknown, error: AuthError | null }} */ (await call((c) => c(0)));
      return /** @type {never} */ (result.data ? { data: withDates(result.data), error: null } : result);
    },
    token: () => call((c) => c(1)),
    jwks: () => call((c) => c(2)),
    $fetch: (path, opts = {}) => request(opts.method, path, opts.body, opts.query),
    /** `fetch` that attaches `Authorization: Bearer` for `apiOrigins` and retries once on 401. */
    fetch: authFetch,
    /** JSON helpers over `fetch`: resolve the parsed body, throw `ApiError` otherwise. */
    api: {
      get: (url, init) => json("GET")(url, undefined, init),
      post: json("POST"),
      put: json("PUT"),
      patch: json("PATCH"),
      delete: (url, init) => json("DELETE")(url, undefined, init),
    },
    /** `listener(event)` on every change; returns the unsubscribe function. */
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    /** The current state; the same object until something changes. */
    getState() {
      if (failed) return failed;
      if (!inBrowser) return hydrated === INITIAL_STATE ? SERVER_STATE : hydrated;
      const state = client ? client(6) : INITIAL_STATE;
      return state.status === "loading" ? hydrated : state;
    },
    /**
     * The state to render on the server and while hydrating: "loading" (the session is not known
     * before the browser asks), or the session given to `hydrateSession`; identical on both sides
     * so hydration matches.
     */
    getServerState() {
      return hydrated;
    },
    hydrateSession(data) {
      // Only in the browser: on the server one module-level client serves every request.
      if (!inBrowser) return;
      const d = data && data.user && data.session ? data : null;
      const user = d ? /** @type {import("./index.js").User} */ (d.user) : null;
      if (hydrated !== INITIAL_STATE && hydrated.user === user) return;
      hydrated = Object.freeze({ ...INITIAL_STATE, status: d ? "authenticated" : "unauthenticated", user, session: d ? /** @type {import("./index.js").Session} */ (d.session) : null });
      if (!client || client(6).status === "loading") emit({ type: "state", state: hydrated });
    },
    // A module of its own, loaded on first use: pages that never call it do not download it.
    diagnose: async () => (await import("./diagnose.js")).diagnose(members, options, get),
    /** Resolves when the wasm module is loaded and the options are valid. */
    async ready() {
      await get();
    },
    /** Stops timers and listeners; the client is unusable afterwards. */
    dispose() {
      disposed = true;
      listeners.clear();
      if (ceremonies) ceremonies.cancel();
      if (client) client(8);
    },
  };
  // Every other name is an endpoint: `auth.twoFactor.verifyTotp(body)` is `/two-factor/verify-totp`.
  return /** @type {AuthClient} */ (withRoutes(members, [], send));
}

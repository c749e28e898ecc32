// React bindings: a context for the client, the session as an external store, the wrapped fetch.
// The client is created by the application (once, at module level), not by the provider, so
// Strict Mode's double mount and server rendering never create or dispose one.
import { createContext, createElement, useContext, useEffect, useMemo, useSyncExternalStore } from "react";
import { withDates } from "./index.js";

/** @type {import("react").Context<{ client: import("./index.js").AuthClient, state: import("./index.js").AuthState } | null>} */
const AuthContext = createContext(null);

/** Better Auth's client refetches the session on window focus at most once per this many ms. */
const FOCUS_REFETCH_MS = 5_000;

/**
 * Per client: whether a `refetch` runs (`isRefetching`), when the last one started, and who
 * listens. Module level, keyed by client, so that every `useSession` of a client shares them.
 * @type {WeakMap<object, { refetching: boolean, last: number, listeners: Set<() => void> }>}
 */
const refetches = new WeakMap();

/** @param {import("./index.js").AuthClient} client */
function refetchOf(client) {
  let r = refetches.get(client);
  if (!r) {
    r = { refetching: false, last: 0, listeners: new Set() };
    refetches.set(client, r);
  }
  return r;
}

/** @param {import("./index.js").AuthClient} client */
async function refetch(client) {
  const r = refetchOf(client);
  r.last = Date.now();
  r.refetching = true;
  for (const l of [...r.listeners]) l();
  try {
    await client.getSession();
  } finally {
    r.refetching = false;
    for (const l of [...r.listeners]) l();
  }
}

/**
 * Makes `client` (from `createAuthClient`) available to the hooks. `session`: what the server
 * rendered with (`{ user, session }` or `null`), shown until the client has loaded its own, so
 * that the server's markup and the first client render match (`hydrateSession`).
 */
export function AuthProvider({ client, session, children }) {
  // In the browser: the client shows it until its own session is known (a no-op on the server).
  if (session !== undefined) client.hydrateSession(session);
  const state = useMemo(
    () =>
      session === undefined
        ? client.getServerState()
        : Object.freeze({ ...client.getServerState(), status: session ? "authenticated" : "unauthenticated", user: session ? session.user : null, session: session ? session.session : null }),
    [client, session],
  );
  // Better Auth's client refetches the session when the window regains focus, throttled.
  useEffect(() => {
    const onFocus = () => {
      if (document.visibilityState === "visible" && Date.now() - refetchOf(client).last >= FOCUS_REFETCH_MS) refetch(client);
    };
    window.addEventListener("focus", onFocus);
    return () => window.removeEventListener("focus", onFocus);
  }, [client]);
  return createElement(AuthContext.Provider, { value: { client, state } }, children);
}

function useAuthContext() {
  const value = useContext(AuthContext);
  if (!value) throw new Error("better-auth-wasm/react: wrap the tree in <AuthProvider client={...}>");
  return value;
}

/** The client of the nearest `AuthProvider`. */
export function useAuth() {
  return useAuthContext().client;
}

/**
 * The whole auth state (`{ status, user, session, tokenExpiresAt, tokenGeneration, lifecycle,
 * error }`), re-rendered on every change. Server rendering and hydration see `status: "loading"`
 * (or the provider's `session`), so the markup matches on both sides.
 */
export function useAuthState() {
  const { client, state } = useAuthContext();
  return useSyncExternalStore(client.subscribe, client.getState, () => state);
}

/** The `useSession()` results made, per state object and refetch flag (stable snapshots). */
const results = new WeakMap();

/**
 * The session as `better-auth/react`'s `useSession()` returns it: `{ data: { user, session } |
 * null, isPending, isRefetching, error, refetch }`, timestamps as `Date`s.
 */
export function useSession() {
  const { client } = useAuthContext();
  const state = useAuthState();
  const r = refetchOf(client);
  const refetching = useSyncExternalStore(
    (l) => {
      r.listeners.add(l);
      return () => r.listeners.delete(l);
    },
    () => r.refetching,
    () => false,
  );
  let byFlag = results.get(state);
  if (!byFlag) results.set(state, (byFlag = {}));
  const key = String(refetching);
  if (!byFlag[key]) {
    byFlag[key] = {
      data: state.status === "authenticated" && state.user ? withDates({ user: state.user, session: state.session }) : null,
      isPending: state.status === "loading",
      isRefetching: refetching,
      error: state.error,
      refetch: () => refetch(client),
    };
  }
  return byFlag[key];
}

/** `fetch` that attaches the token to the client's `apiOrigins` and retries once on 401. */
export function useAuthFetch() {
  return useAuth().fetch;
}

// React bindings: a context for the client, the session as an external store, the wrapped fetch.
// The client is created by the application (once, at module level), not by the provider, so
// Strict Mode's double mount and server rendering never create or dispose one.
import { createContext, createElement, useContext, useSyncExternalStore } from "react";

const AuthContext = createContext(null);

/** Makes `client` (from `createAuthClient`) available to `useSession`, `useAuthFetch`, `useAuth`. */
export function AuthProvider({ client, children }) {
  return createElement(AuthContext.Provider, { value: client }, children);
}

/** The client of the nearest `AuthProvider`. */
export function useAuth() {
  const client = useContext(AuthContext);
  if (!client) throw new Error("better-auth-wasm/react: wrap the tree in <AuthProvider client={...}>");
  return client;
}

/**
 * The auth state (`{ status, user, session, tokenExpiresAt, ... }`), re-rendered on every change.
 * Server rendering and hydration see `status: "loading"`, so the markup matches on both sides.
 */
export function useSession() {
  const client = useAuth();
  return useSyncExternalStore(client.subscribe, client.getState, client.getServerState);
}

/** `fetch` that attaches the token to the client's `apiOrigins` and retries once on 401. */
export function useAuthFetch() {
  return useAuth().fetch;
}

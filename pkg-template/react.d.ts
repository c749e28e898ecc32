import type { ReactNode, ReactElement } from "react";
import type { AuthClient, AuthError, AuthState, SessionData } from "./index.js";

export interface AuthProviderProps {
  client: AuthClient;
  /**
   * The session the server rendered with (`{ user, session }`, or `null` for nobody): shown by the
   * hooks until the client has loaded its own, on the server and in the first client render alike.
   */
  session?: { user: unknown; session: unknown } | null;
  children?: ReactNode;
}

/** What `useSession()` returns: the shape of `better-auth/react`'s `useSession()`. */
export interface UseSession {
  /** The signed-in user and session, timestamps as `Date`s; `null` when nobody is (or not yet known). */
  data: SessionData | null;
  /** The first session load has not answered yet. */
  isPending: boolean;
  /** A `refetch` (or the refetch on window focus) is on its way. */
  isRefetching: boolean;
  /** What keeps the client from a session or a token (`AuthState.error`). */
  error: AuthError | null;
  /** Loads the session again. */
  refetch(): Promise<void>;
}

/**
 * Makes `client` (from `createAuthClient`) available to the hooks below, and refetches the session
 * when the window regains focus (at most once per 5 s), as Better Auth's client does.
 */
export function AuthProvider(props: AuthProviderProps): ReactElement;
/** The client of the nearest `AuthProvider`; throws outside one. */
export function useAuth(): AuthClient;
/** The session, as `better-auth/react`'s `useSession()` returns it. */
export function useSession(): UseSession;
/** The whole auth state (token expiry, lifecycle, error), re-rendered on every change. */
export function useAuthState(): AuthState;
/** `fetch` that attaches the token to the client's `apiOrigins` and retries once on 401. */
export function useAuthFetch(): AuthClient["fetch"];

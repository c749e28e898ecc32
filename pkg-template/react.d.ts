import type { ReactNode, ReactElement } from "react";
import type { AuthClient, AuthState } from "./index.js";

export interface AuthProviderProps {
  client: AuthClient;
  children?: ReactNode;
}

/** Makes `client` (from `createAuthClient`) available to the hooks below. */
export function AuthProvider(props: AuthProviderProps): ReactElement;
/** The client of the nearest `AuthProvider`; throws outside one. */
export function useAuth(): AuthClient;
/** The auth state, re-rendered on every change (`loading` during server rendering and hydration). */
export function useSession(): AuthState;
/** `fetch` that attaches the token to the client's `apiOrigins` and retries once on 401. */
export function useAuthFetch(): AuthClient["fetch"];

/** An error as the Better Auth client returns it: the server's own `code` passes through. */
export interface AuthError {
  /**
   * Stable code: the server's (e.g. `INVALID_EMAIL_OR_PASSWORD`, `USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL`),
   * `HTTP_<status>` when the server sent none, or this client's own: `NETWORK_ERROR` (no response),
   * `NO_SESSION`, `INVALID_CONFIG`, `INVALID_RESPONSE`, `JWT_*` (the token did not verify),
   * `INIT_FAILED`, `NOT_IN_BROWSER`.
   */
  code: string;
  message: string;
  /** HTTP status, or 0 when there was no response. */
  status: number;
}

/** Every flow resolves to this; it never rejects (a network failure is `NETWORK_ERROR`). */
export type Result<T> = { data: T; error: null } | { data: null; error: AuthError };

export interface User {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  image: string | null;
  createdAt: string;
  updatedAt: string;
  [field: string]: unknown;
}

export interface Session {
  id: string;
  userId: string;
  token: string;
  expiresAt: string;
  createdAt: string;
  updatedAt: string;
  ipAddress?: string | null;
  userAgent?: string | null;
  [field: string]: unknown;
}

export interface Jwk {
  kty: string;
  kid?: string;
  alg?: string;
  crv?: string;
  x?: string;
  [field: string]: unknown;
}

export interface AuthState {
  status: "loading" | "authenticated" | "unauthenticated";
  user: User | null;
  session: Session | null;
  /** Local time (ms since the epoch) when the held JWT expires, measured from its receipt. */
  tokenExpiresAt: number | null;
  /** Increments with every token accepted. */
  tokenGeneration: number | null;
  /** The token lifecycle's state: NoSession, Fresh, RefreshDue, Refreshing, Failing, SignedOut. */
  lifecycle: string;
}

export type AuthEvent =
  | { type: "state"; state: AuthState }
  | { type: "signedIn"; generation: number; state: AuthState }
  | { type: "tokenRefreshed"; generation: number; state: AuthState }
  | { type: "refreshFailed"; error: AuthError; retryAt: number; state: AuthState }
  | { type: "signedOut"; state: AuthState }
  | { type: "unauthorized"; generation: number; state: AuthState };

export interface AuthClientOptions {
  /** Auth server URL. With no path, `basePath` is appended. Default: the page's origin. */
  baseURL?: string;
  /** Default `"/api/auth"`. */
  basePath?: string;
  /** JWKS path below the base URL, as configured in the server's jwt plugin. Default `"/jwks"`. */
  jwksPath?: string;
  /** Origins (`https://api.example.com`) allowed to receive the JWT. Default: none. */
  apiOrigins?: string[];
  /** Expected `iss`. Default: the auth server's origin (Better Auth's default). */
  issuer?: string;
  /** Accepted `aud` values. Default: the auth server's origin (Better Auth's default). */
  audience?: string | string[];
  /** Clock leeway for `exp`/`nbf`/`iat` checks, seconds. Default 30. */
  leewaySeconds?: number;
  /** Least refresh margin before expiry, seconds. Default 60 (capped to half the token lifetime). */
  refreshMarginSeconds?: number;
  /**
   * `"signature"` (default): EdDSA tokens verified against the JWKS. `"timing-only"`: for servers
   * signing with RS256/ES256/PS256 or a shared secret; the token is treated as opaque and only its
   * timing claims are read for scheduling (your API still verifies it).
   */
  verification?: "signature" | "timing-only";
  /**
   * Keep the JWKS (public keys, nothing secret) in localStorage across page loads, so a load
   * verifies its first token without a JWKS request. Default `true`. The token is never stored.
   */
  cacheJwks?: boolean;
  /** One refresh for all tabs of the origin (Web Locks + BroadcastChannel). Default `true`. */
  crossTab?: boolean;
  /** Called before each attempt of `fetch` (after `Authorization` is set); may return a replacement Request. */
  onRequest?: (request: Request) => Request | void;
  /** Called with each response `fetch` receives (a retried call calls it twice). */
  onResponse?: (response: Response) => void;
  /** Called once per session when the API refuses a fresh token or the session ends unasked. */
  onUnauthorized?: (event: AuthEvent) => void;
}

export interface SignUpEmailBody {
  name: string;
  email: string;
  password: string;
  image?: string;
  callbackURL?: string;
  rememberMe?: boolean;
  /** The server's `user.additionalFields`, sent as given (JSON values). */
  [field: string]: unknown;
}

export interface SignInEmailBody {
  email: string;
  password: string;
  /** A trusted URL or relative path; the page navigates there (same origin only). */
  callbackURL?: string;
  rememberMe?: boolean;
}

export interface SignInSocialBody {
  provider: string;
  callbackURL?: string;
  newUserCallbackURL?: string;
  errorCallbackURL?: string;
  disableRedirect?: boolean;
  scopes?: string[];
  loginHint?: string;
  requestSignUp?: boolean;
}

/** Thrown by `api.*` for a non-2xx answer; `message` is the server's `detail` or `message`. */
export declare class ApiError extends Error {
  readonly name: "ApiError";
  readonly status: number;
  readonly code: string;
  readonly body: unknown;
  readonly response: Response;
}

export interface JsonApi {
  get<T = unknown>(url: string, init?: RequestInit): Promise<T>;
  post<T = unknown>(url: string, body?: unknown, init?: RequestInit): Promise<T>;
  put<T = unknown>(url: string, body?: unknown, init?: RequestInit): Promise<T>;
  patch<T = unknown>(url: string, body?: unknown, init?: RequestInit): Promise<T>;
  delete<T = unknown>(url: string, init?: RequestInit): Promise<T>;
}

type Status = { status: boolean };

export interface AuthClient {
  signUp: { email(body: SignUpEmailBody): Promise<Result<{ token: string | null; user: User }>> };
  signIn: {
    email(body: SignInEmailBody): Promise<Result<{ redirect: boolean; token: string; url?: string; user: User }>>;
    social(body: SignInSocialBody): Promise<Result<{ url: string; redirect: boolean }>>;
  };
  signOut(): Promise<Result<{ success: boolean }>>;
  getSession(): Promise<Result<{ session: Session; user: User } | null>>;
  /** The verified JWT, from memory when fresh. */
  token(): Promise<Result<{ token: string }>>;
  jwks(): Promise<Result<{ keys: Jwk[] }>>;
  updateUser(body: { name?: string; image?: string | null; [field: string]: unknown }): Promise<Result<Status>>;
  changePassword(body: { currentPassword: string; newPassword: string; revokeOtherSessions?: boolean }): Promise<Result<{ token: string | null; user: User }>>;
  requestPasswordReset(body: { email: string; redirectTo?: string }): Promise<Result<{ status: boolean; message: string }>>;
  resetPassword(body: { newPassword: string; token: string }): Promise<Result<Status>>;
  sendVerificationEmail(body: { email: string; callbackURL?: string }): Promise<Result<Status>>;
  verifyEmail(arg: { query: { token: string; callbackURL?: string } }): Promise<Result<unknown>>;
  listSessions(): Promise<Result<Session[]>>;
  revokeSession(body: { token: string }): Promise<Result<Status>>;
  revokeSessions(): Promise<Result<Status>>;
  revokeOtherSessions(): Promise<Result<Status>>;
  /** `fetch` that attaches `Authorization: Bearer` for `apiOrigins` and retries once on 401. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  api: JsonApi;
  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: (event: AuthEvent) => void): () => void;
  /** The current state; the same object until something changes. */
  getState(): AuthState;
  /** The state for server rendering and hydration: always `status: "loading"`. */
  getServerState(): AuthState;
  ready(): Promise<void>;
  dispose(): void;
}

/** Loads the wasm module (idempotent; done for you on first use). */
export function init(moduleOrPath?: string | URL | Request | Response | BufferSource | WebAssembly.Module): Promise<unknown>;

export function createAuthClient(options?: AuthClientOptions): AuthClient;

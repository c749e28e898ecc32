/** An error as the Better Auth client returns it: the server's own `code` passes through. */
export interface AuthError {
  /** Stable code: the server's (e.g. `INVALID_EMAIL_OR_PASSWORD`) or this client's (e.g. `NETWORK_ERROR`). */
  code: string;
  message: string;
  /** HTTP status, or 0 when there was no response. */
  status: number;
}

/** Every flow resolves to this; it never rejects. */
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

export interface AuthClientOptions {
  /** Auth server URL. With no path, `basePath` is appended. Default: the page's origin. */
  baseURL?: string;
  /** Default `"/api/auth"`. */
  basePath?: string;
  /** JWKS path below the base URL, as configured in the server's jwt plugin. Default `"/jwks"`. */
  jwksPath?: string;
  /** Origins (`https://api.example.com`) allowed to receive the JWT. Default: none. */
  apiOrigins?: string[];
}

export interface SignUpEmailBody {
  name: string;
  email: string;
  password: string;
  image?: string;
  callbackURL?: string;
  rememberMe?: boolean;
}

export interface SignInEmailBody {
  email: string;
  password: string;
  callbackURL?: string;
  rememberMe?: boolean;
}

export interface AuthClient {
  signUp: { email(body: SignUpEmailBody): Promise<Result<{ token: string | null; user: User }>> };
  signIn: {
    email(body: SignInEmailBody): Promise<Result<{ redirect: boolean; token: string; url?: string; user: User }>>;
  };
  signOut(): Promise<Result<{ success: boolean }>>;
  getSession(): Promise<Result<{ session: Session; user: User } | null>>;
  token(): Promise<Result<{ token: string }>>;
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  ready(): Promise<void>;
}

/** Loads the wasm module (idempotent; done for you on first use). */
export function init(moduleOrPath?: string | URL | Request | Response | BufferSource | WebAssembly.Module): Promise<unknown>;

export function createAuthClient(options?: AuthClientOptions): AuthClient;

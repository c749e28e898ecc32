/** An error as the Better Auth client returns it: the server's own `code` passes through. */
export interface AuthError {
  /**
   * Stable code. The server's own pass through unchanged (`INVALID_EMAIL_OR_PASSWORD`,
   * `USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL`, `VALIDATION_ERROR`, `UNAUTHORIZED`, a plugin's
   * `INVALID_CODE`, ...). This client's own:
   * - `HTTP_<status>`: the server answered an error status without a `code` (Better Auth's 404 for
   *   an unknown path or wrong method, its 429 and 500).
   * - `NETWORK_ERROR`: no response at all (offline, DNS, connection reset, the server down); status 0.
   * - `NO_SESSION`: a call that needs a session (`token()`, `fetch` to an `apiOrigins` URL) found none.
   * - `INVALID_CONFIG`: an option or an argument is unusable (a bad `baseURL`, a body that is not
   *   JSON, a path that is not `/segment/...`, a method other than GET or POST).
   * - `INVALID_RESPONSE`: a 2xx answer that is not what the endpoint returns (not JSON, no token).
   * - `CLIENT_DISPOSED`: the client was disposed (`dispose()`) before or during the call.
   * - `UNSAFE_REDIRECT`: the answer asked to navigate (a `callbackURL`, `{ redirect, url }`) off
   *   this page's origin, and the client refused to follow.
   * - `PASSKEY_CANCELLED`: the user cancelled the passkey dialog, or it timed out (the browser's
   *   `NotAllowedError` does not tell the two apart).
   * - `PASSKEY_ABORTED`: the ceremony was aborted: another one started (a modal sign-in ends a
   *   waiting autofill one), or the call's `signal` aborted (`dispose()` ends it with
   *   `CLIENT_DISPOSED`).
   * - `PASSKEY_UNSUPPORTED`: no WebAuthn here (no `PublicKeyCredential`, not a secure context), or
   *   no authenticator supports what the server asks.
   * - `PASSKEY_AUTOFILL_UNSUPPORTED`: `autoFill` asked for, but the browser has no conditional UI.
   * - `PASSKEY_RP_ID_MISMATCH`: the server's relying party ID (the passkey plugin's `rpID`) does not
   *   fit this page's host, or the page is on an IP address; the message names both.
   * - `PASSKEY_ALREADY_REGISTERED`: this authenticator already holds a passkey for the account.
   * - `PASSKEY_FAILED`: the browser refused for another reason (its words are in `message`).
   *   The server's refusals keep their own codes (`PASSKEY_NOT_FOUND`, `CHALLENGE_NOT_FOUND`,
   *   `AUTHENTICATION_FAILED`, `SESSION_REQUIRED`...).
   * - `INIT_FAILED`: the wasm module did not load (network, Content-Security-Policy, bad bytes).
   * - `CORS_REFUSED`: the auth server answers, but not to this page's origin (its `trustedOrigins`
   *   and CORS headers); the message names the page's origin.
   * - `BASE_PATH_NOT_FOUND`: `get-session` answered 404: no Better Auth handler at `baseURL` + `basePath`.
   * - `JWT_PLUGIN_NOT_FOUND`: `/token` answered 404: the server has no `jwt()` plugin.
   * - `COOKIE_NOT_STORED`: a sign-in succeeded but the browser did not keep the session cookie (the
   *   page and the auth server on different sites, most often); the message names both sites.
   * - `NOT_IN_BROWSER`: called where there is no `window` (server rendering, Node); nothing was sent.
   * - `JWKS_INVALID`: the JWKS is not `{ keys: [...] }` of objects, repeats a `kid`, or exceeds 64 KiB.
   * - `JWKS_NOT_FOUND` (status 404): the key set's address (`jwksPath`, or `jwksUrl`) answered 404
   *   and no key is known for the token. Like `JWT_ISSUER_INVALID`, `JWT_AUDIENCE_INVALID`,
   *   `JWT_ALG_*`, `JWT_KEY_TYPE_MISMATCH`, `JWT_RSA_KEY_TOO_SHORT`, `WEBCRYPTO_UNAVAILABLE`,
   *   `BASE_PATH_NOT_FOUND`, `JWT_PLUGIN_NOT_FOUND` and any 404 from the token endpoint, it cannot
   *   heal by itself: the next refresh is 4-5 min later.
   * - `JWT_MALFORMED`: the token is not a compact JWS (three base64url parts of JSON objects).
   * - `JWT_TOO_LARGE`: the token exceeds 16 KiB.
   * - `JWT_ALG_UNSUPPORTED`: HS256 (a shared secret) or an algorithm Better Auth does not sign with
   *   (RS384, ES384, Ed448...): use `verification: "timing-only"`.
   * - `JWT_ALG_NOT_ALLOWED`: `alg` is `none`, unknown, or outside the allowed algorithms.
   * - `JWT_HEADER_UNSUPPORTED`: the header embeds or points to a key (`jwk`, `jku`, `x5u`, `x5c`) or has `crit`.
   * - `JWT_KID_MISSING`: the header has no `kid` to choose a JWKS key by.
   * - `JWT_KEY_NOT_FOUND`: no JWKS key has the token's `kid`, even after fetching the JWKS again.
   * - `JWT_KEY_INVALID`: the key with that `kid` is unusable (`use` not `sig`, coordinates or modulus
   *   missing or of the wrong size, a weak Ed25519 key, a key WebCrypto refuses to import).
   * - `JWT_ALG_MISMATCH`: the key with that `kid` is pinned (its `alg`) to another algorithm of
   *   its type than the header's (an RS256 key, a PS256 header).
   * - `JWT_KEY_TYPE_MISMATCH`: the key's type or curve cannot do the header's algorithm (an RSA
   *   key with an ES256 or EdDSA header, a P-256 key with ES512...).
   * - `JWT_KID_ALG_MISMATCH`: the `kid` names a key the set holds under another algorithm, while
   *   the set also has keys of the header's (a key set of several algorithms, a swapped header).
   * - `JWT_RSA_KEY_TOO_SHORT`: the RSA key is under 2048 bits (or over 16384).
   * - `JWT_SIGNATURE_FORMAT`: an ECDSA signature that is not raw `r||s` of the curve's size (DER,
   *   for example), or an RSA signature not as long as the modulus.
   * - `JWT_SIGNATURE_INVALID`: the signature does not verify.
   * - `WEBCRYPTO_UNAVAILABLE`: the token is ES256, ES512, RS256 or PS256, which WebCrypto checks,
   *   and `crypto.subtle` is missing (a page on plain `http://` other than localhost is not a
   *   secure context). Serve the page over HTTPS, or sign with EdDSA (verified there by
   *   `ed25519.js`, loaded on demand).
   * - `JWT_CLAIMS_INVALID`: a registered claim has the wrong type or an impossible value (`exp <= iat`).
   * - `JWT_EXPIRED`: `exp` is past, beyond `leewaySeconds`.
   * - `JWT_NOT_YET_VALID`: `nbf` or `iat` is in the future, beyond `leewaySeconds`.
   * - `JWT_ISSUER_INVALID`: `iss` is missing or not `issuer`.
   * - `JWT_AUDIENCE_INVALID`: `aud` is missing or holds none of `audience`.
   */
  code: string;
  message: string;
  /** HTTP status, or 0 when there was no response. */
  status: number;
}

/**
 * What `auth.fetch` and `auth.ready()` reject with when the client itself refuses (a real
 * `Error`; `fetch`'s own network failure stays the browser's `TypeError`). `code` is one of
 * `AuthError.code`'s. `e instanceof BetterAuthWasmError` recognises every error the client throws.
 */
export class BetterAuthWasmError extends Error {
  constructor(code: string, message: string, status?: number);
  name: "BetterAuthWasmError";
  code: string;
  /** HTTP status, or 0 when there was no response. */
  status: number;
}

/** Whether `e` is a `BetterAuthWasmError` (the same as `e instanceof BetterAuthWasmError`). */
export function isBetterAuthWasmError(e: unknown): e is BetterAuthWasmError;

/** `T` with its ISO-8601 timestamps as `Date`s, as better-auth/client's JSON parser reads them. */
export type WithDates<T> = T extends string
  ? T
  : T extends (infer U)[]
    ? WithDates<U>[]
    : T extends object
      ? { [K in keyof T]: K extends "createdAt" | "updatedAt" | "expiresAt" ? Date : WithDates<T[K]> }
      : T;

/** A copy of `value` with every ISO-8601 date-time string (at any depth) a `Date`. */
export function withDates<T>(value: T): WithDates<T>;

/** The session as `getSession()` and `useSession()` answer it: timestamps are `Date`s. */
export interface SessionData {
  user: WithDates<User>;
  session: WithDates<Session>;
}

/** Every call resolves to this; it never rejects (a network failure is `NETWORK_ERROR`). */
export type Result<T> = { data: T; error: null } | { data: null; error: AuthError };

/** In `getState()`, timestamps are ISO-8601 strings as the server sends them; `getSession()` and `useSession()` make them `Date`s (`SessionData`). */
export interface User {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  image: string | null;
  createdAt: string;
  updatedAt: string;
  /** Plugins' fields (`twoFactorEnabled`, `role`, `username`, ...) and `user.additionalFields`. */
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
  /** Plugins' fields (`activeOrganizationId`, `impersonatedBy`, ...) and `session.additionalFields`. */
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
  /** Local time (ms since the epoch) when the held JWT expires, measured from when the request that brought it was sent. */
  tokenExpiresAt: number | null;
  /** Increments with every token accepted. */
  tokenGeneration: number | null;
  /** The token lifecycle's state: NoSession, Fresh, RefreshDue, Refreshing, Failing, SignedOut. */
  lifecycle: string;
  /**
   * What keeps the client from a session or a token now, named (`CORS_REFUSED`,
   * `BASE_PATH_NOT_FOUND`, `JWKS_NOT_FOUND`, `JWT_ISSUER_INVALID`, `COOKIE_NOT_STORED`,
   * `INVALID_CONFIG`, ...: the message names the setting, what was expected, what was seen and the
   * URL); written once to the console and told once as an `error` event. `null` once things work.
   */
  error: AuthError | null;
}

export type AuthEvent =
  | { type: "state"; state: AuthState }
  | { type: "signedIn"; generation: number; state: AuthState }
  | { type: "tokenRefreshed"; generation: number; state: AuthState }
  | { type: "refreshFailed"; error: AuthError; retryAt: number; state: AuthState }
  | { type: "signedOut"; state: AuthState }
  /** A new `state.error`: reported once, not at every retry. */
  | { type: "error"; error: AuthError; state: AuthState }
  | { type: "unauthorized"; generation: number; state: AuthState }
  /** A sign-in answered that a second factor is needed (twoFactor plugin): no session yet. */
  | { type: "twoFactorRedirect"; twoFactorMethods: string[]; state: AuthState };

export interface AuthClientOptions {
  /** Auth server URL. With no path, `basePath` is appended. Default: the page's origin. */
  baseURL?: string;
  /** Default `"/api/auth"`. */
  basePath?: string;
  /** JWKS path below the base URL, as configured in the server's jwt plugin. Default `"/jwks"`. */
  jwksPath?: string;
  /**
   * Absolute URL of the key set when it is not on the auth server (the jwt plugin's
   * `jwks.remoteUrl`, whose `/jwks` then answers 404); replaces `baseURL` + `jwksPath`.
   * Default: none.
   */
  jwksUrl?: string;
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
   * `"signature"` (default): the token is verified with the JWKS key its `kid` names, which must be
   * of the header's algorithm: EdDSA, ES256, ES512, RS256 and PS256 through WebCrypto (EdDSA, where
   * WebCrypto has no Ed25519, through ed25519-compact in `ed25519.js`, loaded on demand).
   * `"timing-only"`: for servers signing with a shared secret (HS256) or handing out opaque
   * tokens. It does NOT check the signature, so not who issued the token, nor that a claim was
   * left unchanged, nor which key or algorithm signed it; `iss`/`aud` are compared but whoever
   * hands the client a token can write them. Its claims only schedule refreshes: never trust them
   * for anything else (your API still verifies the token).
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
  /**
   * Called when a sign-in (`signIn.email`, `signIn.username`, `signIn.phoneNumber`) answers
   * `{ twoFactorRedirect: true, twoFactorMethods }` (twoFactor plugin), as `twoFactorClient`'s
   * option: show the second-factor step, then `twoFactor.verifyTotp` / `verifyOtp` /
   * `verifyBackupCode` sign in. A `twoFactorRedirect` event is emitted too.
   */
  onTwoFactorRedirect?: (context: { twoFactorMethods: string[] }) => void | Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Calls. As in better-auth/client, `auth.a.b(arg, fetchOptions)` calls `/a/b` (camelCase becomes
// kebab-case): `arg` is the JSON body plus `query` (sent in the URL) and `fetchOptions`.

/** Query string values (`undefined` members are left out). */
export type Query = Record<string, string | number | boolean | undefined>;

/** The fetch options this client reads (Better Auth's hooks such as `onSuccess` are not supported). */
export interface CallOptions {
  /** Default: the endpoint's own method; for a path the client does not know, POST with a body, GET without. */
  method?: "GET" | "POST";
  /** Sent in the URL when `arg.query` is absent. */
  query?: Query;
  /** Members merged over `arg`'s (ignored for GET). */
  body?: Record<string, unknown>;
}

/** What every call's first argument may carry besides its body. */
export interface CallArg {
  fetchOptions?: CallOptions;
}

/** An endpoint whose first argument is required: `(arg, fetchOptions?)`. */
export type Endpoint<Arg, T> = (arg: Arg & CallArg, fetchOptions?: CallOptions) => Promise<Result<T>>;
/** An endpoint whose first argument may be left out: `(arg?, fetchOptions?)`. */
export type OptionalEndpoint<Arg, T> = (arg?: Arg & CallArg, fetchOptions?: CallOptions) => Promise<Result<T>>;
/** No body, no query. */
export type Empty = Record<never, never>;

type Status = { status: boolean };
type Success = { success: boolean };

/** A sign-in's answer when the user has two-factor authentication on: no session yet. */
export interface TwoFactorRedirect {
  twoFactorRedirect: true;
  /** `"totp"`, `"otp"`: the methods the user can verify with. */
  twoFactorMethods: string[];
}

/** A completed sign-in; `twoFactorRedirect` is absent, so `if (data.twoFactorRedirect)` narrows. */
export interface SignedIn {
  token: string;
  user: User;
  redirect?: boolean;
  url?: string;
  twoFactorRedirect?: undefined;
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

/** An ID token from the provider's own SDK (Google One Tap, Sign in with Apple, ...). */
export interface IdToken {
  token: string;
  nonce?: string;
  accessToken?: string;
  refreshToken?: string;
  expiresAt?: number;
  user?: { name?: { firstName?: string; lastName?: string }; email?: string };
}

export interface SignInSocialBody {
  provider: string;
  callbackURL?: string;
  newUserCallbackURL?: string;
  errorCallbackURL?: string;
  /** Answer `{ url }` without navigating to the provider. */
  disableRedirect?: boolean;
  /** Sign in with the provider's ID token directly: no navigation, the session comes back. */
  idToken?: IdToken;
  scopes?: string[];
  loginHint?: string;
  requestSignUp?: boolean;
  additionalParams?: Record<string, string>;
  additionalData?: Record<string, unknown>;
}

/** `signIn.*` answers of the plugins that can ask for a second factor (email, username, phone). */
type SignInAnswer<U = User> = (SignedIn & { user: U }) | TwoFactorRedirect;

export interface LinkSocialBody {
  provider: string;
  callbackURL?: string;
  errorCallbackURL?: string;
  idToken?: Omit<IdToken, "expiresAt" | "user">;
  scopes?: string[];
  requestSignUp?: boolean;
  disableRedirect?: boolean;
  loginHint?: string;
  additionalParams?: Record<string, string>;
  additionalData?: Record<string, unknown>;
}

/** A linked account (`listAccounts`). */
export interface Account {
  id: string;
  providerId: string;
  accountId: string;
  userId: string;
  scopes: string[];
  createdAt: string;
  updatedAt: string;
  [field: string]: unknown;
}

/** Which account: by id, or the one in the account cookie. */
export type AccountSelector = ({ accountId: string } | { useAccountCookie: true }) & { userId?: string };

// --- twoFactor --------------------------------------------------------------------------------

export interface TwoFactorClient {
  /** With `method: "totp"` (default) answers the URI and backup codes; verify with `verifyTotp`. */
  enable: Endpoint<{ password: string; method?: "totp" | "otp"; issuer?: string }, { method: "otp" } | { method: "totp"; totpURI: string; backupCodes: string[] }>;
  disable: Endpoint<{ password: string }, Status>;
  getTotpUri: Endpoint<{ password: string }, { totpURI: string }>;
  /** Completes a sign-in that answered `twoFactorRedirect` (the session starts), or confirms `enable`. */
  verifyTotp: Endpoint<{ code: string; trustDevice?: boolean }, { token: string; user: User }>;
  sendOtp: OptionalEndpoint<{ trustDevice?: boolean }, Status>;
  verifyOtp: Endpoint<{ code: string; trustDevice?: boolean }, { token: string; user: User }>;
  generateBackupCodes: Endpoint<{ password: string }, { status: boolean; backupCodes: string[] }>;
  verifyBackupCode: Endpoint<{ code: string; disableSession?: boolean; trustDevice?: boolean }, { token?: string; user: User }>;
}

// --- organization -----------------------------------------------------------------------------

export interface Organization {
  id: string;
  name: string;
  slug: string;
  logo?: string | null;
  metadata?: unknown;
  createdAt: string;
  [field: string]: unknown;
}

export interface Member {
  id: string;
  organizationId: string;
  userId: string;
  /** One role, or several joined with commas. */
  role: string;
  createdAt: string;
  teamId?: string;
  user: { id: string; name: string; email: string; image?: string | null };
  [field: string]: unknown;
}

export interface Invitation {
  id: string;
  organizationId: string;
  email: string;
  role: string;
  status: "pending" | "accepted" | "rejected" | "canceled";
  inviterId: string;
  expiresAt: string;
  createdAt: string;
  teamId?: string | null;
  [field: string]: unknown;
}

export interface FullOrganization extends Organization {
  members: Member[];
  invitations: Invitation[];
  /** With teams enabled. */
  teams?: { id: string; name: string; organizationId: string; createdAt: string; [field: string]: unknown }[];
}

/** Permissions to check: `{ project: ["create", "update"] }`. */
export type Permissions = Record<string, string[]>;
type Role = string | string[];
type OrganizationRef = { organizationId?: string; organizationSlug?: string };
type ListQuery = {
  limit?: number | string;
  offset?: number | string;
  sortBy?: string;
  sortDirection?: "asc" | "desc";
  filterField?: string;
  filterValue?: string | number | boolean;
  filterOperator?: "eq" | "ne" | "lt" | "lte" | "gt" | "gte" | "contains" | "starts_with" | "ends_with";
};

/** The rest (teams, dynamic roles, `checkSlug`, `getInvitation`, ...) through `auth.$fetch`. */
export interface OrganizationClient {
  create: Endpoint<{ name: string; slug: string; logo?: string | null; metadata?: Record<string, unknown>; userId?: string; keepCurrentActiveOrganization?: boolean; [field: string]: unknown }, Organization & { members: Member[] }>;
  update: Endpoint<{ data: { name?: string; slug?: string; logo?: string | null; metadata?: Record<string, unknown>; [field: string]: unknown }; organizationId?: string }, Organization | null>;
  delete: Endpoint<{ organizationId: string }, Organization>;
  /** `organizationId: null` unsets the active organization. The session (and the JWT) change. */
  setActive: Endpoint<{ organizationId?: string | null; organizationSlug?: string }, FullOrganization | null>;
  list: OptionalEndpoint<Empty, Organization[]>;
  /** The active organization unless `query` names another. */
  getFullOrganization: OptionalEndpoint<{ query?: OrganizationRef & { membersLimit?: number } }, FullOrganization | null>;
  inviteMember: Endpoint<{ email: string; role: Role; organizationId?: string; resend?: boolean; teamId?: string | string[] }, Invitation>;
  acceptInvitation: Endpoint<{ invitationId: string }, { invitation: Invitation; member: Member }>;
  rejectInvitation: Endpoint<{ invitationId: string }, { invitation: Invitation | null; member: null }>;
  cancelInvitation: Endpoint<{ invitationId: string }, Invitation | null>;
  listInvitations: OptionalEndpoint<{ query?: { organizationId?: string } }, Invitation[]>;
  listMembers: OptionalEndpoint<{ query?: OrganizationRef & ListQuery }, { members: Member[]; total: number }>;
  /** `memberIdOrEmail`: the member's id or the user's email. */
  removeMember: Endpoint<{ memberIdOrEmail: string; organizationId?: string }, { member: Member }>;
  updateMemberRole: Endpoint<{ memberId: string; role: Role; organizationId?: string }, Member>;
  getActiveMember: OptionalEndpoint<Empty, Member>;
  leave: Endpoint<{ organizationId: string }, Member>;
  hasPermission: Endpoint<{ permissions: Permissions; organizationId?: string }, { success: boolean; error: null }>;
}

// --- admin ------------------------------------------------------------------------------------

export interface AdminUser extends User {
  role?: string | null;
  banned: boolean | null;
  banReason?: string | null;
  banExpires?: string | null;
}

export interface AdminSession extends Session {
  /** The admin's user id when this session is an impersonation. */
  impersonatedBy?: string | null;
}

export interface AdminClient {
  listUsers: Endpoint<{ query: ListQuery & { searchValue?: string; searchField?: "email" | "name"; searchOperator?: "contains" | "starts_with" | "ends_with" } }, { users: AdminUser[]; total: number; limit?: number; offset?: number }>;
  getUser: Endpoint<{ query: { id: string } }, AdminUser>;
  createUser: Endpoint<{ email: string; password?: string; name: string; role?: Role; data?: Record<string, unknown> }, { user: AdminUser }>;
  updateUser: Endpoint<{ userId: string; data: Record<string, unknown> }, AdminUser>;
  setRole: Endpoint<{ userId: string; role: Role }, { user: AdminUser }>;
  /** `banExpiresIn`: seconds; default never. */
  banUser: Endpoint<{ userId: string; banReason?: string; banExpiresIn?: number }, { user: AdminUser }>;
  unbanUser: Endpoint<{ userId: string }, { user: AdminUser }>;
  listUserSessions: Endpoint<{ userId: string }, { sessions: AdminSession[] }>;
  revokeUserSession: Endpoint<{ sessionToken: string }, Success>;
  revokeUserSessions: Endpoint<{ userId: string }, Success>;
  /** The session becomes the user's (and the JWT is minted for them) until `stopImpersonating`. */
  impersonateUser: Endpoint<{ userId: string }, { session: AdminSession; user: AdminUser }>;
  stopImpersonating: OptionalEndpoint<Empty, { session: Session; user: User }>;
  removeUser: Endpoint<{ userId: string }, Success>;
  setUserPassword: Endpoint<{ userId: string; newPassword: string }, Status>;
  /** The signed-in user's permissions, or those of `userId` / `role`. */
  hasPermission: Endpoint<{ permissions: Permissions; userId?: string; role?: string }, { success: boolean; error: null }>;
}

// --- multiSession, oneTimeToken, magicLink, emailOtp, phoneNumber -----------------------------

export interface MultiSessionClient {
  listDeviceSessions: OptionalEndpoint<Empty, { session: Session; user: User }[]>;
  /** Switches this browser's active session (the user, and so the JWT, change). */
  setActive: Endpoint<{ sessionToken: string }, { session: Session; user: User }>;
  revoke: Endpoint<{ sessionToken: string }, Status>;
}

export interface OneTimeTokenClient {
  generate: OptionalEndpoint<Empty, { token: string }>;
  /** Signs in with a token generated elsewhere. */
  verify: Endpoint<{ token: string }, { session: Session; user: User }>;
}

export interface MagicLinkClient {
  /** Signs in with the mail's token (usually the link itself does this). */
  verify: Endpoint<{ query: { token: string; callbackURL?: string; errorCallbackURL?: string; newUserCallbackURL?: string } }, { token: string; user: User; session: Session }>;
}

export type EmailOtpType = "sign-in" | "email-verification" | "forget-password" | "change-email";

export interface EmailOtpClient {
  sendVerificationOtp: Endpoint<{ email: string; type: EmailOtpType }, Success>;
  checkVerificationOtp: Endpoint<{ email: string; type: EmailOtpType; otp: string }, Success>;
  verifyEmail: Endpoint<{ email: string; otp: string }, { status: boolean; token: string | null; user: User }>;
  requestPasswordReset: Endpoint<{ email: string }, Success>;
  resetPassword: Endpoint<{ email: string; otp: string; password: string }, Success>;
  requestEmailChange: Endpoint<{ newEmail: string; otp?: string }, Success>;
  changeEmail: Endpoint<{ newEmail: string; otp: string }, Success>;
}

export interface PhoneNumberClient {
  sendOtp: Endpoint<{ phoneNumber: string }, { message: string }>;
  /** Verifies the number; signs in when the server creates users on verification. */
  verify: Endpoint<{ phoneNumber: string; code: string; disableSession?: boolean; updatePhoneNumber?: boolean }, { status: boolean; token: string | null; user: User }>;
  requestPasswordReset: Endpoint<{ phoneNumber: string }, Status>;
  resetPassword: Endpoint<{ phoneNumber: string; otp: string; newPassword: string }, Status>;
}

// --- passkey (@better-auth/passkey) ------------------------------------------------------------

/** A passkey as the server stores it (`passkey.listUserPasskeys`). */
export interface Passkey {
  id: string;
  name?: string | null;
  userId: string;
  credentialID: string;
  publicKey: string;
  counter: number;
  deviceType: "singleDevice" | "multiDevice" | string;
  backedUp: boolean;
  transports?: string | null;
  aaguid?: string | null;
  createdAt: string | null;
}

/** `passkey.addPasskey`'s options. */
export interface AddPasskeyOptions {
  /** Shown in `listUserPasskeys`. */
  name?: string;
  /** `platform` (this device) or `cross-platform` (a security key, a phone). */
  authenticatorAttachment?: "platform" | "cross-platform";
  /** Passed to the server's `registration.resolveUser` (passkey-first sign-up). */
  context?: string;
  /** Sign in with the new passkey's account (the server creates a session). */
  createSession?: boolean;
  /** WebAuthn extensions, merged over the server's. */
  extensions?: Record<string, unknown>;
  /** Aborts the ceremony (`PASSKEY_ABORTED`). */
  signal?: AbortSignal;
}

/** `signIn.passkey`'s options. */
export interface SignInPasskeyOptions {
  /**
   * Offer the passkeys in the browser's autofill (WebAuthn conditional UI) instead of a dialog:
   * the call resolves when the user picks one. Needs an
   * `<input autocomplete="username webauthn">` on the page. Start it when the form shows; a
   * modal `signIn.passkey()` (or `signal`) ends it with `PASSKEY_ABORTED`.
   */
  autoFill?: boolean;
  /** WebAuthn extensions, merged over the server's. */
  extensions?: Record<string, unknown>;
  /** Aborts the ceremony (`PASSKEY_ABORTED`). */
  signal?: AbortSignal;
}

export interface PasskeyClient {
  /** A new passkey for the signed-in user: the WebAuthn registration ceremony, then the server's check. */
  addPasskey(options?: AddPasskeyOptions): Promise<Result<Passkey & { session?: Session; user?: User }>>;
  listUserPasskeys: OptionalEndpoint<Empty, Passkey[]>;
  deletePasskey: Endpoint<{ id: string }, Status>;
  updatePasskey: Endpoint<{ id: string; name: string }, { passkey: Passkey }>;
}

// --- the client -------------------------------------------------------------------------------

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

/** `auth.$fetch`'s options. */
export interface FetchEndpointOptions {
  /** Default: the endpoint's own method when the client knows the path, else POST with a body, GET without. */
  method?: "GET" | "POST";
  /** JSON body (ignored for GET). */
  body?: unknown;
  query?: Query;
}

/**
 * Better Auth's client API, core and plugins. Every name the types below do not list is still
 * an endpoint at run time (`auth.somePlugin.doThing(body)` calls `/some-plugin/do-thing`); from
 * TypeScript, call those with `auth.$fetch`.
 */
export interface AuthClient {
  signUp: {
    email: Endpoint<SignUpEmailBody, { token: string | null; user: User }>;
  };
  signIn: {
    /** With two-factor on, answers `TwoFactorRedirect` instead of a session. */
    email: Endpoint<SignInEmailBody, SignInAnswer>;
    /**
     * Answers the provider's URL and navigates there (unless `disableRedirect`); with `idToken`
     * signs in directly and answers the session, without navigating.
     */
    social(arg: SignInSocialBody & { idToken: IdToken } & CallArg, fetchOptions?: CallOptions): Promise<Result<{ redirect: false; token: string; user: User; url?: undefined }>>;
    social(arg: SignInSocialBody & CallArg, fetchOptions?: CallOptions): Promise<Result<{ url: string; redirect: boolean }>>;
    /** username plugin. */
    username: Endpoint<{ username: string; password: string; rememberMe?: boolean; callbackURL?: string }, SignInAnswer<User & { username: string; displayUsername?: string }>>;
    /** anonymous plugin. */
    anonymous: OptionalEndpoint<Empty, { token: string; user: User }>;
    /** magicLink plugin: sends the mail; its link signs in. */
    magicLink: Endpoint<{ email: string; name?: string; callbackURL?: string; newUserCallbackURL?: string; errorCallbackURL?: string; metadata?: Record<string, unknown> }, Status>;
    /** emailOtp plugin: signs in (or up) with the code from `emailOtp.sendVerificationOtp({ type: "sign-in" })`. */
    emailOtp: Endpoint<{ email: string; otp: string; name?: string; image?: string; [field: string]: unknown }, { token: string; user: User }>;
    /** phoneNumber plugin. */
    phoneNumber: Endpoint<{ phoneNumber: string; password: string; rememberMe?: boolean }, SignInAnswer<User & { phoneNumber: string; phoneNumberVerified: boolean }>>;
    /** passkey plugin: the WebAuthn ceremony in a dialog, or in the autofill with `autoFill`. */
    passkey(options?: SignInPasskeyOptions): Promise<Result<{ session: Session; user: User }>>;
  };
  signOut(): Promise<Result<{ success: boolean }>>;
  /** The session, loaded again; timestamps are `Date`s, as better-auth/client answers. */
  getSession(): Promise<Result<SessionData | null>>;
  /** The verified JWT, from memory when fresh. */
  token(): Promise<Result<{ token: string }>>;
  jwks(): Promise<Result<{ keys: Jwk[] }>>;

  updateUser: Endpoint<{ name?: string; image?: string | null; [field: string]: unknown }, Status>;
  changeEmail: Endpoint<{ newEmail: string; callbackURL?: string }, Status>;
  changePassword: Endpoint<{ currentPassword: string; newPassword: string; revokeOtherSessions?: boolean }, { token: string | null; user: User }>;
  /** The session's `session.additionalFields`. */
  updateSession: Endpoint<Record<string, unknown>, { session: Session }>;
  /** Asks for `password` or a fresh session, or mails a confirmation (`token` comes back by link). */
  deleteUser: OptionalEndpoint<{ password?: string; token?: string; callbackURL?: string }, { success: boolean; message: string }>;
  verifyPassword: Endpoint<{ password: string }, Status>;
  requestPasswordReset: Endpoint<{ email: string; redirectTo?: string }, { status: boolean; message: string }>;
  resetPassword: Endpoint<{ newPassword: string; token?: string; query?: { token?: string } }, Status>;
  sendVerificationEmail: Endpoint<{ email: string; callbackURL?: string }, Status>;
  verifyEmail: Endpoint<{ query: { token: string; callbackURL?: string } }, Status | null>;
  listSessions: OptionalEndpoint<Empty, Session[]>;
  revokeSession: Endpoint<{ token: string }, Status>;
  revokeSessions: OptionalEndpoint<Empty, Status>;
  revokeOtherSessions: OptionalEndpoint<Empty, Status>;
  /** Answers the provider's authorization URL (`{ url, redirect }`), or links an `idToken` directly. */
  linkSocial: Endpoint<LinkSocialBody, { url: string; redirect: boolean }>;
  unlinkAccount: Endpoint<{ accountId: string }, Status>;
  listAccounts: OptionalEndpoint<Empty, Account[]>;
  /** The provider's profile of an account. */
  accountInfo: Endpoint<{ query: AccountSelector }, { account: { id: string; providerId: string; accountId: string }; user: { id: string; email?: string | null; name?: string; image?: string; emailVerified: boolean; [field: string]: unknown }; data: Record<string, unknown> }>;
  /** The provider's access token for an account, refreshed by the server when due. */
  getAccessToken: Endpoint<AccountSelector, { accessToken: string; accessTokenExpiresAt?: string; scopes: string[]; idToken?: string }>;
  refreshToken: Endpoint<AccountSelector, { accessToken?: string; refreshToken: string; accessTokenExpiresAt?: string; refreshTokenExpiresAt?: string | null; scope?: string | null; idToken?: string | null; providerId: string; accountId: string }>;

  twoFactor: TwoFactorClient;
  organization: OrganizationClient;
  admin: AdminClient;
  multiSession: MultiSessionClient;
  /** username plugin. */
  isUsernameAvailable: Endpoint<{ username: string }, { available: boolean }>;
  /** anonymous plugin. */
  deleteAnonymousUser: OptionalEndpoint<Empty, Success>;
  magicLink: MagicLinkClient;
  emailOtp: EmailOtpClient;
  forgetPassword: {
    /** emailOtp plugin. */
    emailOtp: Endpoint<{ email: string }, Success>;
  };
  phoneNumber: PhoneNumberClient;
  oneTimeToken: OneTimeTokenClient;
  passkey: PasskeyClient;

  /**
   * Any endpoint by its path below `basePath`, for plugins without types here:
   * `auth.$fetch<{ id: string }>("/some-plugin/some-path", { method: "POST", body })`. `T` is
   * the answer's type as you know it (not checked).
   */
  $fetch<T = unknown>(path: `/${string}`, options?: FetchEndpointOptions): Promise<Result<T>>;
  /** `fetch` that attaches `Authorization: Bearer` for `apiOrigins` and retries once on 401. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  api: JsonApi;
  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: (event: AuthEvent) => void): () => void;
  /**
   * The current state; the same object until something changes, and the same `user` and
   * `session` objects until the session is loaded again or changes.
   */
  getState(): AuthState;
  /**
   * The state for server rendering and hydration: `status: "loading"`, or the session given to
   * `hydrateSession`.
   */
  getServerState(): AuthState;
  /**
   * The session the server rendered with (`{ user, session }`, or `null` for nobody), shown until
   * the client has loaded its own. In the browser only (a no-op on the server, where one client
   * serves every request): pass it to `<AuthProvider session={...}>` for React.
   */
  hydrateSession(data: { user: unknown; session: unknown } | null): void;
  /**
   * Checks the live setup and says what to fix: options, auth server reachable, CORS for this
   * page, page and server on one site, session cookie stored, JWT verifies, issuer and audience,
   * and each of `apiOrigins`. Sends no token anywhere. `String(await auth.diagnose())` is a
   * checklist a person can read.
   */
  diagnose(): Promise<Diagnosis>;
  /** Resolves when the module is loaded and the options are valid; rejects with a `BetterAuthWasmError` otherwise. */
  ready(): Promise<void>;
  dispose(): void;
}

export interface DiagnosisCheck {
  name: string;
  /** `skipped`: could not be checked (nobody signed in, or an earlier check failed). */
  status: "ok" | "failed" | "skipped";
  detail: string;
}

export interface Diagnosis {
  /** No check failed. */
  ok: boolean;
  checks: DiagnosisCheck[];
  /** One line per check: `✓ auth server reachable: GET … answered 200`. */
  toString(): string;
}

/** Loads the wasm module (idempotent; done for you on first use). */
export function init(moduleOrPath?: string | URL | Request | Response | BufferSource | WebAssembly.Module): Promise<unknown>;

export function createAuthClient(options?: AuthClientOptions): AuthClient;

/**
 * The endpoint path a property chain calls, as better-auth/client maps it (each name camelCase
 * to kebab-case, joined with "/"; ASCII names): `pathOf(["twoFactor", "verifyTotp"])` is
 * `"/two-factor/verify-totp"`. Exported for building `$fetch` paths and for tests.
 */
export function pathOf(segments: readonly string[]): `/${string}`;

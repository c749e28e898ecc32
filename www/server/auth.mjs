// The real Better Auth server of the demo and the tests: email and password, the jwt() plugin and
// the plugins the SDK supports (two-factor, organization, admin, multi-session, username,
// anonymous, one-time token, passkey; magic link, email OTP and phone number with the development
// mailbox),
// SQLite through better-sqlite3, CORS for the trusted origins, and request counters for tests.
import { createServer } from "node:http";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { cors } from "./cors.mjs";
import { jwtExpiration, keyPairConfig, loadOrCreateSecret, sqlitePath } from "./config.mjs";

// better-auth comes from www/node_modules, or, with BETTER_AUTH_MODULES=<a node_modules folder>
// (relative to the repository), from there: the tests run the previous minor release
// (tests/servers/ba16) through the same server code.
const modules = process.env.BETTER_AUTH_MODULES
  ? resolve(dirname(import.meta.dirname), "..", process.env.BETTER_AUTH_MODULES)
  : null;
const requireBa = createRequire(modules ? join(modules, "..", "package.json") : import.meta.url);
const load = (spec) => import(pathToFileURL(requireBa.resolve(spec)).href);
const { betterAuth } = await load("better-auth");
const {
  admin,
  anonymous,
  bearer,
  createJwk,
  customSession,
  emailOTP,
  jwt,
  magicLink,
  multiSession,
  oneTimeToken,
  organization,
  phoneNumber,
  twoFactor,
  username,
} = await load("better-auth/plugins");
const { passkey } = await load("@better-auth/passkey");
const { toNodeHandler } = await load("better-auth/node");

/** The better-auth version this server runs (its package.json is not in its exports map). */
const BETTER_AUTH_VERSION = JSON.parse(
  readFileSync(join(dirname(requireBa.resolve("better-auth")), "..", "package.json"), "utf8"),
).version;

/** The bare session token of a request's Better Auth cookie (`<token>.<signature>`), if any. */
function sessionOf(req) {
  const m = /(?:^|;\s*)(?:__Secure-)?better-auth\.session_token=([^;]+)/.exec(req.headers.cookie || "");
  return m ? decodeURIComponent(m[1]).split(".")[0] : null;
}

/**
 * Counts requests per auth path, in total and per session (keyed by the bare session token that
 * sign-up and sign-in return), so that tests running side by side can each count their own.
 */
export function createStats() {
  const counts = {};
  const bySession = new Map();
  return {
    hit(req, path) {
      const key = `${req.method} ${path}`;
      counts[key] = (counts[key] || 0) + 1;
      const session = sessionOf(req);
      if (session) {
        const c = bySession.get(session) || {};
        c[key] = (c[key] || 0) + 1;
        bySession.set(session, c);
      }
    },
    snapshot(session) {
      return session ? { ...(bySession.get(session) || {}) } : { ...counts };
    },
    reset() {
      for (const k of Object.keys(counts)) delete counts[k];
      bySession.clear();
    },
  };
}

/**
 * The development mailbox (DEV_MAILBOX=1): the last messages sent to each address, in memory, so
 * that the demo and the tests can follow password-reset and verification links. Each message is
 * also printed to stderr.
 */
export function createMailbox(keep = 10) {
  const boxes = new Map();
  return {
    // `token` is the link's token, or the code of an OTP mail, or the id of an invitation.
    send(to, kind, { url = null, token = null }) {
      const box = boxes.get(to) || [];
      box.push({ kind, url, token, at: Date.now() });
      boxes.set(to, box.slice(-keep));
      console.error(`mail to ${to}: ${kind} ${url ?? token}`);
    },
    read(to) {
      return boxes.get(to) || [];
    },
  };
}

/**
 * The development SMS sink, the phone twin of the mailbox (only with DEV_MAILBOX=1): the last codes
 * sent to each phone number, served at GET /__sms?to=<phone> as [{kind, code, at}].
 */
export function createSmsSink(keep = 10) {
  const boxes = new Map();
  return {
    send(to, kind, code) {
      const box = boxes.get(to) || [];
      box.push({ kind, code, at: Date.now() });
      boxes.set(to, box.slice(-keep));
      console.error(`sms to ${to}: ${kind} ${code}`);
    },
    read(to) {
      return boxes.get(to) || [];
    },
  };
}

/** Opens (creating its folder) the SQLite database of DATABASE_URL. */
export function openDatabase(cfg) {
  const file = sqlitePath(cfg.databaseUrl);
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  return new Database(file);
}

/**
 * Builds the Better Auth instance for `cfg` (its `authUrl` and `trustedOrigins` already resolved)
 * over `database` (see `openDatabase`). With a `mailbox` (and its `sms` twin), everything that sends
 * is on and sends there: password reset, email verification, two-factor OTP, invitations, magic
 * links, email OTP, phone number OTP.
 */
export async function createAuth(cfg, { database, mailbox = null, sms = null }) {
  const jwtOptions = jwtPluginOptions(cfg);
  const auth = betterAuth({
    // Also the issuer of TOTP URIs (/two-factor/get-totp-uri ignores the plugin's `issuer`).
    appName: "better-auth-wasm",
    baseURL: cfg.authUrl,
    basePath: cfg.basePath,
    secret: loadOrCreateSecret(cfg),
    database,
    trustedOrigins: cfg.trustedOrigins,
    emailAndPassword: {
      enabled: true,
      ...(mailbox && { sendResetPassword: async ({ user, url, token }) => mailbox.send(user.email, "reset-password", { url, token }) }),
    },
    ...(mailbox && {
      emailVerification: { sendVerificationEmail: async ({ user, url, token }) => mailbox.send(user.email, "verify-email", { url, token }) },
    }),
    ...(cfg.github && { socialProviders: { github: cfg.github } }),
    user: {
      // An extra user field, as apps add with additionalFields: sign-up takes it, the session and
      // the JWT (the jwt plugin's payload is the user) carry it.
      additionalFields: { nickname: { type: "string", required: false } },
      // Unverified addresses change at once. Verified ones (mailbox only) after two mails: a
      // confirmation to the old address ("change-email-confirmation"), then "verify-email" to the new.
      changeEmail: {
        enabled: true,
        updateEmailWithoutVerification: true,
        ...(mailbox && {
          sendChangeEmailConfirmation: async ({ user, url, token }) => mailbox.send(user.email, "change-email-confirmation", { url, token }),
        }),
      },
      // Deleted at once (password, or a fresh session): no confirmation mail.
      deleteUser: { enabled: true },
    },
    session: {
      // An extra session field, so that POST /update-session has something to update.
      additionalFields: { locale: { type: "string", required: false } },
      // Opt-in (DEFER_SESSION_REFRESH=1): GET /get-session never writes and answers `needsRefresh`;
      // POST /get-session refreshes. SESSION_UPDATE_AGE=0 makes every session due for a refresh.
      ...(cfg.deferSessionRefresh && { deferSessionRefresh: true }),
      ...(cfg.sessionUpdateAge !== null && { updateAge: cfg.sessionUpdateAge }),
    },
    // Development only (test stack): an `admin+…@` address signs up with role "admin", so that
    // tests can drive the admin plugin (its adminUserIds cannot name users that do not exist yet).
    ...(mailbox && {
      databaseHooks: {
        user: { create: { before: async (user) => (/^admin\+/i.test(user.email) ? { data: { ...user, role: "admin" } } : undefined) } },
      },
    }),
    // Keep the origin and CSRF checks on even if someone runs this with NODE_ENV=test.
    advanced: { disableOriginCheck: false },
    plugins: [
      jwt(jwtOptions),
      ...(cfg.bearer ? [bearer()] : []),
      ...(cfg.customSession
        ? [
            // Better Auth's customSession: get-session answers this shape instead of its own.
            customSession(async ({ user, session }) => ({
              user: { ...user, greeting: `Hello ${user.name}` },
              session,
              plan: "pro",
            })),
          ]
        : []),
      // TOTP works without sending; the OTP method only with the mailbox.
      twoFactor({
        issuer: "better-auth-wasm",
        ...(mailbox && { otpOptions: { sendOTP: async ({ user, otp }) => mailbox.send(user.email, "two-factor-otp", { token: otp }) } }),
      }),
      organization({
        ...(mailbox && {
          sendInvitationEmail: async ({ id, email }) => mailbox.send(email, "organization-invitation", { token: id }),
        }),
      }),
      admin(),
      multiSession(),
      username(),
      anonymous(),
      oneTimeToken(),
      // WebAuthn's relying party is the auth server's host name (`PUBLIC_HOST=localhost` for a
      // stack that passkeys can use: an IP address is never a valid RP ID). The expected origin is
      // the request's Origin, which Better Auth has already checked against trustedOrigins.
      passkey({ rpName: "better-auth-wasm", ...(cfg.passkeyRpId && { rpID: cfg.passkeyRpId }) }),
      // These cannot work without sending, so they exist only with the mailbox.
      ...(mailbox
        ? [
            magicLink({ sendMagicLink: async ({ email, url, token }) => mailbox.send(email, "magic-link", { url, token }) }),
            emailOTP({ sendVerificationOTP: async ({ email, otp, type }) => mailbox.send(email, `email-otp-${type}`, { token: otp }) }),
          ]
        : []),
      ...(sms
        ? [
            phoneNumber({
              sendOTP: async ({ phoneNumber, code }) => sms.send(phoneNumber, "phone-otp", code),
              sendPasswordResetOTP: async ({ phoneNumber, code }) => sms.send(phoneNumber, "phone-reset-password", code),
              // A number that verifies without an account gets one (placeholder email), so that
              // a phone number alone can sign in.
              signUpOnVerification: { getTempEmail: (phone) => `phone-${phone.replace(/\D/g, "")}@phone.placeholder.invalid` },
            }),
          ]
        : []),
    ],
  });
  // Creates the core tables (user, session, account, verification), jwks and the plugins' tables
  // and columns when missing.
  const context = await auth.$context;
  await context.runMigrations();
  // A key set of several algorithms (JWT_EXTRA_ALGS): Better Auth (>= 1.7, `keyPairConfigs`) mints
  // the extra algorithms' keys only when something asks to sign with them, so they are minted here
  // with its own createJwk, before the primary key, which thus stays the newest and signs.
  const keyCount = async () => (await context.adapter.findMany({ model: "jwks" })).length;
  if (cfg.jwtExtraAlgs.length && (await keyCount()) === 0) {
    for (const alg of cfg.jwtExtraAlgs) {
      await createJwk({ context }, { ...jwtOptions, jwks: { ...jwtOptions.jwks, keyPairConfig: keyPairConfig(alg) } });
    }
    await createJwk({ context }, jwtOptions);
  }
  /**
   * Test hook (JWT_ROTATE_TO): the operator switches `keyPairConfig.alg` to `alg` and a key of it is
   * minted; old keys stay in the set (as after a redeploy over the same database), new tokens are
   * signed with the new key.
   */
  auth.rotateJwtAlg = async (alg) => {
    jwtOptions.jwks.keyPairConfig = keyPairConfig(alg);
    const key = await createJwk({ context }, jwtOptions);
    return { kid: key.id, alg };
  };
  /** The key set as the jwt plugin's /jwks would answer it (served elsewhere with JWKS_REMOTE=1). */
  auth.publicJwks = async () => {
    const keys = await context.adapter.findMany({ model: "jwks" });
    return {
      keys: keys.map((k) => ({ alg: k.alg ?? jwtOptions.jwks.keyPairConfig?.alg ?? "EdDSA", ...(k.crv && { crv: k.crv }), ...JSON.parse(k.publicKey), kid: k.id })),
    };
  };
  return auth;
}

/** The jwt plugin's options for `cfg` (JWT_* and JWKS_* of .env.example). */
function jwtPluginOptions(cfg) {
  const customPayload = cfg.jwtCustomPayload
    ? {
        // A payload of our own and a subject that is not the user id.
        definePayload: ({ user }) => ({ email: user.email, name: user.name, scope: "api:read" }),
        getSubject: ({ user }) => `user:${user.id}`,
      }
    : {
        // The user (all its fields) plus what the plugins put in the session, so that an API
        // sees the active organization, the role and an impersonation.
        definePayload: ({ user, session }) => ({
          ...user,
          activeOrganizationId: session.activeOrganizationId ?? null,
          role: user.role ?? null,
          impersonatedBy: session.impersonatedBy ?? null,
        }),
      };
  return {
    jwt: {
      expirationTime: jwtExpiration(cfg.jwtExpiration),
      ...customPayload,
      ...(cfg.jwtIssuer && { issuer: cfg.jwtIssuer }),
      ...(cfg.jwtAudience.length && { audience: cfg.jwtAudience.length === 1 ? cfg.jwtAudience[0] : cfg.jwtAudience }),
    },
    jwks: {
      jwksPath: cfg.jwksPath,
      ...(cfg.jwtAlg && { keyPairConfig: keyPairConfig(cfg.jwtAlg) }),
      ...(cfg.jwtExtraAlgs.length && { keyPairConfigs: cfg.jwtExtraAlgs.map(keyPairConfig) }),
      // remoteUrl needs keyPairConfig.alg (the plugin refuses to start without it).
      ...(cfg.jwksRemoteUrl && { remoteUrl: cfg.jwksRemoteUrl, keyPairConfig: keyPairConfig(cfg.jwtAlg || "EdDSA") }),
    },
    ...(cfg.jwtDisableHeader && { disableSettingJwtHeader: true }),
  };
}

/**
 * An http.Server that is not yet handling requests; call `attach(auth, cfg)` once the auth
 * instance exists (the server may have to listen first to learn its port).
 */
export function createAuthHttpServer(stats, mailbox = null, sms = null) {
  let handler = null;
  let origins = [];
  let current = null;
  let jwtConfig = {};
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    if (cors(req, res, origins, { exposeHeaders: ["set-auth-jwt", "x-retry-after", "retry-after"] })) return;
    // Test hooks outside basePath: request counters, and the development mailbox and SMS sink.
    if (url.pathname === "/__stats") {
      if (req.method === "DELETE") stats.reset();
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(stats.snapshot(url.searchParams.get("session"))));
      return;
    }
    if (mailbox && url.pathname === "/__mail" && req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(mailbox.read(url.searchParams.get("to") || "")));
      return;
    }
    if (sms && url.pathname === "/__sms" && req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(sms.read(url.searchParams.get("to") || "")));
      return;
    }
    if (!handler) {
      res.writeHead(503).end();
      return;
    }
    // Test hooks of the jwt scenarios: the jwt-related configuration, and the rotation of
    // JWT_ROTATE_TO (only when it is set).
    if (url.pathname === "/__jwt-config" && req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(jwtConfig));
      return;
    }
    if (jwtConfig.rotateTo && url.pathname === "/__jwks/rotate" && req.method === "POST") {
      current.rotateJwtAlg(jwtConfig.rotateTo).then(
        (r) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(r)),
        (e) => res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ detail: String(e) })),
      );
      return;
    }
    stats.hit(req, url.pathname);
    handler(req, res);
  });
  server.attach = (auth, cfg) => {
    origins = cfg.trustedOrigins;
    handler = toNodeHandler(auth);
    current = auth;
    jwtConfig = {
      alg: cfg.jwtAlg || "EdDSA",
      extraAlgs: cfg.jwtExtraAlgs,
      rotateTo: cfg.jwtRotateTo,
      issuer: cfg.jwtIssuer,
      audience: cfg.jwtAudience,
      disableHeader: cfg.jwtDisableHeader,
      customPayload: cfg.jwtCustomPayload,
      jwksUrl: cfg.jwksRemoteUrl || null,
      customSession: cfg.customSession,
      bearer: cfg.bearer,
      expiration: cfg.jwtExpiration,
      betterAuthVersion: BETTER_AUTH_VERSION,
    };
  };
  server.detach = () => {
    handler = null;
  };
  server.current = () => current;
  return server;
}

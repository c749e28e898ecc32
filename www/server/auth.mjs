// The real Better Auth server of the demo and the tests: email and password, the jwt() plugin,
// SQLite through better-sqlite3, CORS for the trusted origins, and request counters for tests.
import { createServer } from "node:http";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { betterAuth } from "better-auth";
import { jwt } from "better-auth/plugins";
import { toNodeHandler } from "better-auth/node";
import { cors } from "./cors.mjs";
import { jwtExpiration, loadOrCreateSecret, sqlitePath } from "./config.mjs";

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
    send(to, kind, { url, token }) {
      const box = boxes.get(to) || [];
      box.push({ kind, url, token, at: Date.now() });
      boxes.set(to, box.slice(-keep));
      console.error(`mail to ${to}: ${kind} ${url}`);
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
 * over `database` (see `openDatabase`). With a `mailbox`, password reset and email verification
 * are on and their mails go to it.
 */
export async function createAuth(cfg, { database, mailbox = null }) {
  const auth = betterAuth({
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
    // An extra user field, as apps add with additionalFields: sign-up takes it, the session and
    // the JWT (the jwt plugin's payload is the user) carry it.
    user: { additionalFields: { nickname: { type: "string", required: false } } },
    // Keep the origin and CSRF checks on even if someone runs this with NODE_ENV=test.
    advanced: { disableOriginCheck: false },
    plugins: [
      jwt({
        jwt: { expirationTime: jwtExpiration(cfg.jwtExpiration) },
        jwks: { jwksPath: cfg.jwksPath },
      }),
    ],
  });
  // Creates user, session, account, verification and jwks tables when missing.
  await (await auth.$context).runMigrations();
  return auth;
}

/**
 * An http.Server that is not yet handling requests; call `attach(auth, cfg)` once the auth
 * instance exists (the server may have to listen first to learn its port).
 */
export function createAuthHttpServer(stats, mailbox = null) {
  let handler = null;
  let origins = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    if (cors(req, res, origins, { exposeHeaders: ["set-auth-jwt", "x-retry-after"] })) return;
    // Test hooks outside basePath: request counters, and the development mailbox.
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
    if (!handler) {
      res.writeHead(503).end();
      return;
    }
    stats.hit(req, url.pathname);
    handler(req, res);
  });
  server.attach = (auth, cfg) => {
    origins = cfg.trustedOrigins;
    handler = toNodeHandler(auth);
  };
  server.detach = () => {
    handler = null;
  };
  return server;
}

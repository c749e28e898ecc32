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

/** Counts requests per auth path, so tests can assert how often the SDK called the server. */
export function createStats() {
  const counts = {};
  return {
    hit(path) {
      counts[path] = (counts[path] || 0) + 1;
    },
    snapshot() {
      return { ...counts };
    },
    reset() {
      for (const k of Object.keys(counts)) delete counts[k];
    },
  };
}

/** Builds the Better Auth instance for `cfg` (its `authUrl` and `trustedOrigins` already resolved). */
export async function createAuth(cfg) {
  const file = sqlitePath(cfg.databaseUrl);
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const auth = betterAuth({
    baseURL: cfg.authUrl,
    basePath: cfg.basePath,
    secret: loadOrCreateSecret(cfg),
    database: new Database(file),
    trustedOrigins: cfg.trustedOrigins,
    emailAndPassword: { enabled: true },
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
export function createAuthHttpServer(stats) {
  let handler = null;
  let origins = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    if (cors(req, res, origins, { exposeHeaders: ["set-auth-jwt", "x-retry-after"] })) return;
    // Test hooks outside basePath: request counters.
    if (url.pathname === "/__stats") {
      if (req.method === "DELETE") stats.reset();
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(stats.snapshot()));
      return;
    }
    if (!handler) {
      res.writeHead(503).end();
      return;
    }
    stats.hit(`${req.method} ${url.pathname}`);
    handler(req, res);
  });
  server.attach = (auth, cfg) => {
    origins = cfg.trustedOrigins;
    handler = toNodeHandler(auth);
  };
  return server;
}

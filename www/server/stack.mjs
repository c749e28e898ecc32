#!/usr/bin/env node
// Starts the whole demo stack in one process: the Better Auth server, the demo resource API and
// the static server for the www page. Ports may be 0 (any free port). When everything listens it
// prints one line `READY {json}` with the URLs, which the test scripts read.
//
//   node www/server/stack.mjs            # demo defaults: 3000 / 4000 / 8080 on 127.0.0.1
//   AUTH_PORT=0 API_PORT=0 WEB_PORT=0 node www/server/stack.mjs   # tests
import { join } from "node:path";
import { REPO_DIR, WWW_DIR, readConfig } from "./config.mjs";
import { createAuth, createAuthHttpServer, createMailbox, createSmsSink, createStats, openDatabase } from "./auth.mjs";
import { createApiServer } from "./api.mjs";
import { createStaticServer } from "./static.mjs";

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server.address().port));
  });
}

const cfg = readConfig();
const STRICT_CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' http://127.0.0.1:*; " +
  "style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const extraServers = [];
const stats = createStats();
const mailbox = cfg.devMailbox ? createMailbox() : null;
const sms = cfg.devMailbox ? createSmsSink() : null;
const authServer = createAuthHttpServer(stats, mailbox, sms);
let apiHandler = null;
const apiServer = (await import("node:http")).createServer((req, res) => apiHandler(req, res));
let pageConfig = {};
const webServer = createStaticServer({
  wwwDir: WWW_DIR,
  pkgDir: process.env.PKG_DIR || join(REPO_DIR, "pkg"),
  config: () => pageConfig,
});

try {
  const authPort = await listen(authServer, cfg.authPort, cfg.host);
  const apiPort = await listen(apiServer, cfg.apiPort, cfg.host);
  const webPort = await listen(webServer, cfg.webPort, cfg.host);

  const authUrl = cfg.authUrl || `http://${cfg.publicHost}:${authPort}`;
  const apiUrl = cfg.apiUrl || `http://${cfg.publicHost}:${apiPort}`;
  const webUrl = cfg.webUrl || `http://${cfg.publicHost}:${webPort}`;
  const origin = new URL(authUrl).origin;
  const trustedOrigins = [...new Set([webUrl, ...cfg.trustedOrigins].map((u) => new URL(u).origin))];
  // JWKS_REMOTE=1: the key set is not on the auth server (its /jwks answers 404: the jwt plugin's
  // `jwks.remoteUrl`) but on the API's origin, as a key set published elsewhere would be.
  const jwksRemoteUrl = cfg.jwksRemote ? `${apiUrl}/.well-known/jwks.json` : null;
  const full = { ...cfg, authUrl, trustedOrigins, jwksRemoteUrl };

  let database = openDatabase(full);
  authServer.attach(await createAuth(full, { database, mailbox, sms }), full);
  /**
   * Test-only (FAULT_PROXY=1): the auth server goes away (listener closed, open connections cut,
   * database closed) for `downMs`, then a new Better Auth instance over the same database file and
   * secret listens on the same port again. Resolves with the local times {downAt, upAt}.
   */
  const restartAuth = async (downMs) => {
    const downAt = Date.now();
    await new Promise((resolve) => {
      authServer.close(() => resolve());
      authServer.closeAllConnections();
    });
    authServer.detach();
    database.close();
    await new Promise((resolve) => setTimeout(resolve, downMs));
    database = openDatabase(full);
    authServer.attach(await createAuth(full, { database, mailbox, sms }), full);
    await listen(authServer, authPort, cfg.host);
    return { downAt, upAt: Date.now() };
  };
  const jwksUrl = jwksRemoteUrl || `${authUrl}${cfg.basePath}${cfg.jwksPath}`;
  const api = createApiServer({
    jwksUrl,
    issuer: cfg.jwtIssuer || origin,
    // The API accepts a token meant for any of the audiences the server writes (JWT_AUDIENCE).
    audience: cfg.jwtAudience.length ? cfg.jwtAudience : origin,
    allowedOrigins: trustedOrigins,
    authUrl,
    // Served by the API itself with JWKS_REMOTE=1, read from the auth server's database.
    publishJwks: jwksRemoteUrl ? () => authServer.current().publicJwks() : null,
    // After a rotation (JWT_ROTATE_TO) the new kid must be fetched at once, not after jose's 30 s.
    jwksCooldownMs: cfg.jwtRotateTo ? 0 : undefined,
  });
  apiHandler = (req, res) => api.emit("request", req, res);
  pageConfig = { authUrl, basePath: cfg.basePath, jwksPath: cfg.jwksPath, apiUrl };

  const ready = { authUrl, apiUrl, webUrl, basePath: cfg.basePath, jwksPath: cfg.jwksPath, trustedOrigins, dataDir: cfg.dataDir, jwksUrl };
  // Test-only: the fault-injecting proxies in front of the auth server and the API, and a
  // foreign-origin echo server (tests/faults/). Nothing of it runs unless FAULT_PROXY=1.
  if (process.env.FAULT_PROXY === "1") {
    const { createFaultProxy, createEchoServer } = await import("./faults.mjs");
    const authProxy = createFaultProxy(authUrl, { restart: restartAuth });
    const apiProxy = createFaultProxy(apiUrl);
    const echo = createEchoServer();
    extraServers.push(authProxy, apiProxy, echo);
    ready.authProxyUrl = `http://${cfg.host}:${await listen(authProxy, 0, cfg.host)}`;
    ready.apiProxyUrl = `http://${cfg.host}:${await listen(apiProxy, 0, cfg.host)}`;
    // Another origin (localhost is not 127.0.0.1) on the same machine.
    ready.echoUrl = `http://localhost:${await listen(echo, 0, cfg.host)}`;
    // The www files again under /__csp/, with a strict Content-Security-Policy header whose only
    // allowance is 'wasm-unsafe-eval' (plus where the page may connect).
    const [serveStatic] = webServer.listeners("request");
    webServer.removeAllListeners("request");
    webServer.on("request", (req, res) => {
      if (req.url.startsWith("/__csp/")) {
        req.url = req.url.slice("/__csp".length);
        res.setHeader("content-security-policy", STRICT_CSP);
      }
      serveStatic(req, res);
    });
    ready.cspPrefix = "/__csp";
  }
  console.log(`READY ${JSON.stringify(ready)}`);
} catch (err) {
  console.error(`stack: failed to start: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
}

function shutdown() {
  for (const s of [authServer, apiServer, webServer, ...extraServers]) {
    s.closeHanging?.();
    s.close();
  }
  setTimeout(() => process.exit(0), 200).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
// Never outlive the test script that started us (no orphans even if it is killed with SIGKILL).
if (process.env.STACK_PARENT_PID) {
  const parent = Number(process.env.STACK_PARENT_PID);
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      shutdown();
    }
  }, 500).unref();
}

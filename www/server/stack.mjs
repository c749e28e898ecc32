#!/usr/bin/env node
// Starts the whole demo stack in one process: the Better Auth server, the demo resource API and
// the static server for the www page. Ports may be 0 (any free port). When everything listens it
// prints one line `READY {json}` with the URLs, which the test scripts read.
//
//   node www/server/stack.mjs            # demo defaults: 3000 / 4000 / 8080 on 127.0.0.1
//   AUTH_PORT=0 API_PORT=0 WEB_PORT=0 node www/server/stack.mjs   # tests
import { join } from "node:path";
import { REPO_DIR, WWW_DIR, readConfig } from "./config.mjs";
import { createAuth, createAuthHttpServer, createStats } from "./auth.mjs";
import { createApiServer } from "./api.mjs";
import { createStaticServer } from "./static.mjs";

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server.address().port));
  });
}

const cfg = readConfig();
const stats = createStats();
const authServer = createAuthHttpServer(stats);
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

  const authUrl = cfg.authUrl || `http://${cfg.host}:${authPort}`;
  const apiUrl = cfg.apiUrl || `http://${cfg.host}:${apiPort}`;
  const webUrl = cfg.webUrl || `http://${cfg.host}:${webPort}`;
  const origin = new URL(authUrl).origin;
  const trustedOrigins = [...new Set([webUrl, ...cfg.trustedOrigins].map((u) => new URL(u).origin))];
  const full = { ...cfg, authUrl, trustedOrigins };

  const auth = await createAuth(full);
  authServer.attach(auth, full);
  const jwksUrl = `${authUrl}${cfg.basePath}${cfg.jwksPath}`;
  const api = createApiServer({ jwksUrl, issuer: origin, audience: origin, allowedOrigins: trustedOrigins, authUrl });
  apiHandler = (req, res) => api.emit("request", req, res);
  pageConfig = { authUrl, basePath: cfg.basePath, jwksPath: cfg.jwksPath, apiUrl };

  const ready = { authUrl, apiUrl, webUrl, basePath: cfg.basePath, jwksPath: cfg.jwksPath, trustedOrigins, dataDir: cfg.dataDir };
  console.log(`READY ${JSON.stringify(ready)}`);
} catch (err) {
  console.error(`stack: failed to start: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
}

function shutdown() {
  for (const s of [authServer, apiServer, webServer]) s.close();
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

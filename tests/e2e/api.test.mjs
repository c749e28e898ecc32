// The demo API's answers (www/server/api.mjs), with a real token from the stack's Better Auth
// server: 200 for a good token, 401 for a bad one, and 503 (not 401) when it cannot fetch the JWKS,
// so that clients do not throw a good token away while the auth server is down.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { env, freshEmail, repo } from "./browser.mjs";

const { createApiServer } = await import(pathToFileURL(join(repo, "www/server/api.mjs")).href);

let token;
const servers = [];

/** An API server on a free port verifying against `jwksUrl`; resolves with its base URL. */
function startApi(jwksUrl) {
  const origin = new URL(env("BAW_TEST_AUTH_URL")).origin;
  const server = createApiServer({ jwksUrl, issuer: origin, audience: origin, allowedOrigins: [], authUrl: origin });
  servers.push(server);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${server.address().port}`)));
}

/** A port nothing listens on. */
function closedPort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

before(async () => {
  const auth = env("BAW_TEST_AUTH_URL");
  const origin = env("BAW_TEST_WEB_URL");
  const r = await fetch(`${auth}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({ name: "API Test", email: freshEmail("api"), password: "correct-horse-battery" }),
  });
  assert.equal(r.status, 200);
  const cookie = r.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const t = await fetch(`${auth}/api/auth/token`, { headers: { cookie, origin } });
  assert.equal(t.status, 200);
  token = (await t.json()).token;
});
after(() => {
  for (const s of servers) s.close();
});

const me = (base, authorization) => fetch(`${base}/api/me`, { headers: authorization ? { authorization } : {} });

test("a good token is 200, a bad or missing one 401", async () => {
  const api = await startApi(`${env("BAW_TEST_AUTH_URL")}/api/auth/jwks`);
  assert.equal((await me(api, `Bearer ${token}`)).status, 200);
  const [h, p, s] = token.split(".");
  const sig = Buffer.from(s, "base64url");
  sig[0] ^= 0x01;
  const bad = await me(api, `Bearer ${h}.${p}.${sig.toString("base64url")}`);
  assert.equal(bad.status, 401);
  assert.match(bad.headers.get("www-authenticate"), /^Bearer/);
  assert.equal((await me(api)).status, 401);
});

test("a JWKS it cannot fetch is 503 with retry-after, not 401", async () => {
  const api = await startApi(`http://127.0.0.1:${await closedPort()}/api/auth/jwks`);
  const r = await me(api, `Bearer ${token}`);
  assert.equal(r.status, 503);
  assert.equal(r.headers.get("retry-after"), "5");
  assert.match((await r.json()).detail, /JWKS/);
  // Garbage that is not a JWT is refused without a JWKS: still 401.
  assert.equal((await me(api, "Bearer not-a-jwt")).status, 401);
});

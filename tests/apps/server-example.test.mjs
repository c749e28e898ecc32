// The README's server side (examples/server: betterAuth with the jwt plugin and trustedOrigins, a
// Node server adding CORS with credentials) compiled with `tsc` (strict, noUnusedLocals), started,
// and used by the package in Chromium from a page origin it trusts: sign-up, a verified JWT, and
// the session in the state. A page origin it does not trust gets CORS_REFUSED.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { env, freePort, freshEmail, launch, repo } from "../e2e/browser.mjs";

const dir = join(repo, "examples/server");
const web = env("BAW_TEST_WEB_URL");

let browser;
let server;
let authUrl;
const page = "http://127.0.0.1:8997";

before(async () => {
  const tsc = spawnSync(process.execPath, [join(dir, "node_modules/typescript/bin/tsc")], { cwd: dir, encoding: "utf8" });
  assert.equal(tsc.status, 0, `tsc failed:\n${tsc.stdout}\n${tsc.stderr}`);
  const port = await freePort();
  authUrl = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ["dist/server.js"], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), BETTER_AUTH_URL: authUrl, BETTER_AUTH_SECRET: "a-test-secret-of-more-than-32-characters", PAGE_ORIGINS: page },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; ; i++) {
    try {
      await fetch(`${authUrl}/api/auth/ok`);
      break;
    } catch (e) {
      if (i > 100) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // Pages served by Playwright have no address space: see tests/misconfig/.
  browser = await launch("chromium", { extraArgs: ["--disable-features=LocalNetworkAccessChecks"] });
});
after(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
});

async function open(origin) {
  const p = await browser.newPage();
  await p.route(`${origin}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === "/") {
      await route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><script type="module">
          import { createAuthClient } from "/pkg/index.js";
          window.auth = createAuthClient({ baseURL: ${JSON.stringify(authUrl)} });
        </script>`,
      });
    } else {
      await route.fulfill({ response: await route.fetch({ url: web + url.pathname }) });
    }
  });
  await p.goto(`${origin}/`);
  await p.waitForFunction(() => window.auth !== undefined);
  return p;
}

test("the README's server: sign-up, a verified JWT and the session, from a trusted page", async () => {
  const p = await open(page);
  await p.waitForFunction(() => window.auth.getState().status === "unauthenticated");
  const up = await p.evaluate((email) => window.auth.signUp.email({ name: "Server Example", email, password: "correct-horse-battery" }), freshEmail("server-example"));
  assert.equal(up.error, null, JSON.stringify(up.error));
  const token = await p.evaluate(() => window.auth.token());
  assert.equal(token.error, null, JSON.stringify(token.error));
  assert.equal(token.data.token.split(".").length, 3);
  const state = await p.evaluate(() => window.auth.getState());
  assert.equal(state.status, "authenticated");
  assert.equal(state.error, null);
  assert.ok(state.tokenExpiresAt > Date.now() + 14 * 60_000, "a 15-minute token");
  await p.close();
});

test("the README's server refuses a page it does not trust: CORS_REFUSED", async () => {
  const p = await open("http://127.0.0.1:8996");
  await p.waitForFunction(() => window.auth.getState().error !== null, null, { timeout: 15_000 });
  const error = await p.evaluate(() => window.auth.getState().error);
  assert.equal(error.code, "CORS_REFUSED");
  assert.ok(error.message.includes("http://127.0.0.1:8996"));
  await p.close();
});

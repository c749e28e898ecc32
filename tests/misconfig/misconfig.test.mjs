// Every misconfiguration of the first hour, named: for each, the package in Chromium against the
// real stack, set up wrong in one way. Each must give one console error (not one per retry), an
// `error` in the state and one `error` event with a stable code, and a message naming the setting,
// the value expected, the value seen and the URL that answered.
//
// The page is served by Playwright (page.route) at origins the stack was started to trust or not:
// run through `node scripts/with-stack.mjs --env TRUSTED_ORIGINS=http://localhost:8999 -- ...`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { env, freshEmail, launch } from "../e2e/browser.mjs";

const web = env("BAW_TEST_WEB_URL");
const authUrl = env("BAW_TEST_AUTH_URL");
const apiUrl = env("BAW_TEST_API_URL");
/** Trusted by the stack (TRUSTED_ORIGINS), but another site than the auth server (127.0.0.1). */
const CROSS_SITE = "http://localhost:8999";
/** The auth server's site, but not in its trusted origins. */
const UNTRUSTED = "http://127.0.0.1:8998";

let browser;
before(async () => {
  // A page that Playwright serves (page.route) has no address space of its own, and Chromium's
  // Local Network Access checks would refuse its requests to 127.0.0.1 before CORS is asked.
  browser = await launch("chromium", { extraArgs: ["--disable-features=LocalNetworkAccessChecks"] });
});
after(async () => {
  await browser?.close();
});

/**
 * A page at `origin` whose client is `createAuthClient(options)`; `/pkg/` comes from the stack's
 * web server. Records console errors, events and the client on `window`.
 */
async function open(origin, options, { fallback = false } = {}) {
  const page = await browser.newPage();
  const consoleErrors = [];
  page.on("console", (m) => {
    if (m.type() === "error" && m.text().startsWith("better-auth-wasm:")) consoleErrors.push(m.text());
  });
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.route(`${origin}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === "/" || (fallback && !url.pathname.startsWith("/pkg/"))) {
      await route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><meta charset="utf-8"><script type="module">
          import { createAuthClient } from "/pkg/index.js";
          window.events = [];
          const auth = createAuthClient(${JSON.stringify(options)});
          auth.subscribe((e) => window.events.push({ type: e.type, code: e.error && e.error.code }));
          window.auth = auth;
        </script>`,
      });
    } else {
      await route.fulfill({ response: await route.fetch({ url: web + url.pathname }) });
    }
  });
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => window.auth !== undefined);
  return { page, consoleErrors, pageErrors };
}

/** Waits until the state shows an error, and returns it. */
async function stateError(page, timeout = 15_000) {
  await page.waitForFunction(() => window.auth.getState().error !== null, null, { timeout });
  return page.evaluate(() => window.auth.getState().error);
}

/** One console error, one `error` event, of `code`. */
function reportedOnce(page, consoleErrors, code) {
  assert.equal(consoleErrors.length, 1, `one console error: ${consoleErrors.join(" | ")}`);
  assert.ok(consoleErrors[0].startsWith(`better-auth-wasm: ${code}: `), consoleErrors[0]);
  return page.evaluate((code) => window.events.filter((e) => e.type === "error" && e.code === code).length, code).then((n) => {
    assert.equal(n, 1, "one error event");
  });
}

function includesAll(message, parts) {
  for (const part of parts) assert.ok(message.includes(part), `${JSON.stringify(part)} in: ${message}`);
}

async function signUp(page) {
  return page.evaluate(
    (email) => window.auth.signUp.email({ name: "Misconfigured", email, password: "correct-horse-battery" }),
    freshEmail("misconfig"),
  );
}

test("invalid options at creation (an environment variable not set): INVALID_CONFIG in the state, once", async () => {
  const { page, consoleErrors } = await open(web, { baseURL: authUrl, apiOrigins: [null] });
  const error = await stateError(page);
  assert.equal(error.code, "INVALID_CONFIG");
  includesAll(error.message, ["apiOrigins", "an array of strings", "got [null]"]);
  assert.equal(await page.evaluate(() => window.auth.getState().status), "unauthenticated", "not loading forever");
  // Every call answers the same error; the console still has it once.
  const r = await page.evaluate(() => window.auth.getSession());
  assert.equal(r.error.code, "INVALID_CONFIG");
  await reportedOnce(page, consoleErrors, "INVALID_CONFIG");
  await page.close();
});

test("no baseURL on an app whose server answers every path with its page (Vite, a SPA fallback): INVALID_RESPONSE naming baseURL", async () => {
  const origin = "http://127.0.0.1:8995";
  const { page, consoleErrors } = await open(origin, { apiOrigins: [apiUrl] }, { fallback: true });
  const error = await stateError(page);
  assert.equal(error.code, "INVALID_RESPONSE");
  includesAll(error.message, [`GET ${origin}/api/auth/get-session answered with something that is not JSON`, "not a Better Auth handler", "`baseURL` is not set", "this page's origin"]);
  await reportedOnce(page, consoleErrors, "INVALID_RESPONSE");
  await page.close();
});

test("an auth server that does not answer: NETWORK_ERROR naming the URL and baseURL", async () => {
  const down = "http://127.0.0.1:9/api/auth";
  const { page, consoleErrors } = await open(web, { baseURL: down, apiOrigins: [apiUrl] });
  const error = await stateError(page);
  assert.equal(error.code, "NETWORK_ERROR");
  includesAll(error.message, [`GET ${down}/get-session`, "`baseURL`", "cannot reach the auth server"]);
  assert.equal(await page.evaluate(() => window.auth.getState().status), "unauthenticated");
  await reportedOnce(page, consoleErrors, "NETWORK_ERROR");
  await page.close();
});

test("a page origin the server does not trust: CORS_REFUSED naming trustedOrigins and the origin", async () => {
  const { page, consoleErrors } = await open(UNTRUSTED, { baseURL: authUrl, apiOrigins: [apiUrl] });
  const error = await stateError(page);
  assert.equal(error.code, "CORS_REFUSED");
  includesAll(error.message, ["`trustedOrigins`", UNTRUSTED, `GET ${authUrl}/api/auth/get-session`, "Access-Control-Allow-Credentials"]);
  // A sign-in from there is named the same way.
  const r = await signUp(page);
  assert.equal(r.error.code, "CORS_REFUSED");
  // diagnose() says what to fix, and checks nothing that depends on it.
  const report = await page.evaluate(async () => {
    const d = await window.auth.diagnose();
    return { ok: d.ok, text: String(d), checks: d.checks };
  });
  assert.equal(report.ok, false);
  const cors = report.checks.find((c) => c.name === "CORS allows this page");
  assert.equal(cors.status, "failed", report.text);
  includesAll(cors.detail, [UNTRUSTED, "trustedOrigins"]);
  assert.equal(report.checks.find((c) => c.name === "auth server reachable").status, "ok", report.text);
  await reportedOnce(page, consoleErrors, "CORS_REFUSED");
  await page.close();
});

test("page and auth server on two sites: the sign-up answers COOKIE_NOT_STORED naming both sites and the fix", async () => {
  const { page, consoleErrors } = await open(CROSS_SITE, { baseURL: authUrl, apiOrigins: [apiUrl] });
  await page.waitForFunction(() => window.auth.getState().status === "unauthenticated");
  assert.equal(await page.evaluate(() => window.auth.getState().error), null, "nothing wrong before signing in");
  const r = await signUp(page);
  assert.equal(r.error?.code, "COOKIE_NOT_STORED", JSON.stringify(r));
  includesAll(r.error.message, ["site localhost", "site 127.0.0.1", CROSS_SITE, authUrl, "SameSite=Lax", "same host name"]);
  const error = await stateError(page);
  assert.equal(error.code, "COOKIE_NOT_STORED");
  const report = await page.evaluate(async () => String(await window.auth.diagnose()));
  assert.match(report, /✗ same site: the page \(localhost\) and the auth server \(127\.0\.0\.1\) are different sites/);
  assert.equal(await page.evaluate(() => window.auth.getState().status), "unauthenticated");
  await reportedOnce(page, consoleErrors, "COOKIE_NOT_STORED");
  await page.close();
});

test("a wrong basePath: BASE_PATH_NOT_FOUND naming the URL that answered 404", async () => {
  const { page, consoleErrors } = await open(web, { baseURL: authUrl, basePath: "/auth", apiOrigins: [apiUrl] });
  const error = await stateError(page);
  assert.equal(error.code, "BASE_PATH_NOT_FOUND");
  assert.equal(error.status, 404);
  includesAll(error.message, [`GET ${authUrl}/auth/get-session answered 404`, "`basePath`", "\"/api/auth\""]);
  await reportedOnce(page, consoleErrors, "BASE_PATH_NOT_FOUND");
  await page.close();
});

// The token failures retry on the lifecycle's backoff; the console error and the event stay one.
for (const [name, options, code, parts] of [
  ["a wrong jwksPath", { jwksPath: "/keys" }, "JWKS_NOT_FOUND", [`GET ${authUrl}/api/auth/keys answered 404`, "`jwksPath`", "\"/jwks\""]],
  ["a wrong issuer", { issuer: "https://issuer.example" }, "JWT_ISSUER_INVALID", [`iss is "${authUrl}"`, 'expected "https://issuer.example"', "`issuer`", `${authUrl}/api/auth/token`]],
  ["a wrong audience", { audience: "https://api.example" }, "JWT_AUDIENCE_INVALID", [`aud [${authUrl}]`, "https://api.example", "`audience`", `${authUrl}/api/auth/token`]],
]) {
  test(`${name}: ${code} naming the setting, both values and the URL, once across retries`, async () => {
    const { page, consoleErrors } = await open(web, { baseURL: authUrl, apiOrigins: [apiUrl], ...options });
    await page.waitForFunction(() => window.auth.getState().status === "unauthenticated");
    const r = await signUp(page);
    assert.equal(r.error, null, "the sign-up itself works");
    const error = await stateError(page);
    assert.equal(error.code, code);
    includesAll(error.message, parts);
    const report = await page.evaluate(async () => String(await window.auth.diagnose()));
    assert.match(report, new RegExp(`✗ JWT verifies: ${code}`), report);
    // A second attempt (the lifecycle retries; a call asks too) fails the same way: not logged again.
    const attempt = await page.evaluate(() => window.auth.token());
    assert.equal(attempt.error.code, code);
    // Let the lifecycle retry too, when its backoff allows it within a few seconds.
    await page
      .waitForFunction(() => window.events.filter((e) => e.type === "refreshFailed").length >= 2, null, { timeout: 8_000 })
      .catch(() => {});
    await reportedOnce(page, consoleErrors, code);
    await page.close();
  });
}

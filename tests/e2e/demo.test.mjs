// The www demo page in headless Chromium against the real stack: a person signs up and sees the
// protected API's answer.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { artifacts, env, freshEmail, launch } from "./browser.mjs";

let browser;
before(async () => {
  browser = await launch();
  mkdirSync(artifacts, { recursive: true });
});
after(async () => {
  await browser?.close();
});

test("sign up on the demo page and call the protected API", async () => {
  const web = env("BAW_TEST_WEB_URL");
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(web);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
  assert.equal(await page.textContent("#status"), "Signed out");

  const email = freshEmail("demo");
  await page.fill("#signup-form input[name=email]", email);
  await page.fill("#signup-form input[name=password]", "correct-horse-battery");
  await page.click("#signup-form button[type=submit]");
  await page.waitForSelector("#status[data-state=authenticated]", { timeout: 10_000 });
  assert.equal(await page.textContent("#user-email"), email);

  await page.click("#call-api");
  await page.waitForFunction(() => document.querySelector("#api-answer").textContent.startsWith("200"), null, { timeout: 10_000 });
  const answer = await page.textContent("#api-answer");
  assert.match(answer, /verified by the API/);
  assert.ok(answer.includes(email), answer);

  // The token lives in wasm memory only.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
  assert.ok(!/eyJ[\w-]+\.[\w-]+\.[\w-]+/.test(stored), `a JWT leaked to storage: ${stored}`);

  // The setup check, signed in on a working stack: every line ticked, none skipped.
  await page.click("#diagnose");
  await page.waitForSelector("#diagnosis[data-ok]", { timeout: 20_000 });
  const diagnosis = await page.textContent("#diagnosis");
  assert.equal(await page.getAttribute("#diagnosis", "data-ok"), "true", diagnosis);
  for (const line of ["auth server reachable", "CORS allows this page", "same site", `session cookie stored: signed in as ${email}`, "JWT verifies", "issuer matches", "audience matches", `API ${env("BAW_TEST_API_URL")}: answers`]) {
    assert.ok(diagnosis.includes(`✓ ${line}`), `${line} in:\n${diagnosis}`);
  }
  assert.ok(!/[✗–]/.test(diagnosis), diagnosis);

  await page.screenshot({ path: join(artifacts, "demo-signed-in.png"), fullPage: true });
  assert.deepEqual(errors, []);

  await page.click("#sign-out");
  await page.waitForSelector("#status[data-state=unauthenticated]");
});

test("a wrong password shows the server's error code", async () => {
  const web = env("BAW_TEST_WEB_URL");
  const page = await browser.newPage();
  await page.goto(web);
  await page.waitForSelector("body[data-ready=true]");
  await page.click("#tab-signin");
  await page.fill("#signin-form input[name=email]", freshEmail("nobody"));
  await page.fill("#signin-form input[name=password]", "whatever-password");
  await page.click("#signin-form button[type=submit]");
  await page.waitForSelector("#auth-error:not([hidden])");
  assert.match(await page.textContent("#auth-error"), /INVALID_EMAIL_OR_PASSWORD/);
});

test("a sign-in with a callbackURL on the page's origin takes the page there", async () => {
  const web = env("BAW_TEST_WEB_URL");
  const page = await browser.newPage();
  await page.goto(web);
  await page.waitForSelector("body[data-ready=true]");
  const email = freshEmail("callback");
  const signedUp = await page.evaluate((email) => window.auth.signUp.email({ email, password: "correct-horse-battery", name: "Callback" }), email);
  assert.equal(signedUp.error, null);
  await page.evaluate(() => window.auth.signOut());
  // Better Auth answers `redirect: true` with the URL; the client navigates, as better-auth/client
  // does. Not awaited in the page: the navigation ends the page's context.
  await page.evaluate((email) => {
    window.auth.signIn.email({ email, password: "correct-horse-battery", callbackURL: "/?landed=1" });
  }, email);
  await page.waitForURL((url) => url.searchParams.get("landed") === "1", { timeout: 10_000 });
  assert.equal(new URL(page.url()).origin, new URL(web).origin);
  // The page it landed on is signed in.
  await page.waitForSelector("#status[data-state=authenticated]", { timeout: 10_000 });
  assert.equal(await page.textContent("#user-email"), email);
});

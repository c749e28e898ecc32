// The `better-auth-wasm/inline` entry in Chromium with every `.wasm` request refused, as under a
// bundler that cannot serve one: the module embedded in the JavaScript is the one that loads, and
// sign-up, the token and the API call work as with the main entry.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { env, freshEmail, launch } from "./browser.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test("the inline entry works where no .wasm file can be fetched", async () => {
  const web = env("BAW_TEST_WEB_URL");
  const page = await browser.newPage();
  const wasmRequests = [];
  await page.route("**/*.wasm", (route) => {
    wasmRequests.push(route.request().url());
    return route.abort();
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // Any document of the www origin will do (the page config comes from /config.json).
  await page.goto(`${web}/config.json`);
  const out = await page.evaluate(async (email) => {
    const config = await (await fetch("/config.json")).json();
    const { createAuthClient } = await import("/pkg/inline.js");
    const auth = createAuthClient({ baseURL: config.authUrl, apiOrigins: [config.apiUrl] });
    await auth.ready();
    const signUp = await auth.signUp.email({ name: "Inline", email, password: "correct-horse-battery" });
    const res = await auth.fetch(`${config.apiUrl}/api/me`);
    const body = await res.json();
    auth.dispose();
    return { error: signUp.error, status: res.status, email: body.email };
  }, freshEmail("inline"));
  assert.equal(out.error, null);
  assert.equal(out.status, 200);
  assert.ok(out.email.startsWith("inline+"), out.email);
  assert.deepEqual(wasmRequests, [], "the embedded module needs no .wasm request");
  assert.deepEqual(errors, []);
});

test("the main entry indeed needs the .wasm file (the control)", async () => {
  const web = env("BAW_TEST_WEB_URL");
  const page = await browser.newPage();
  await page.route("**/*.wasm", (route) => route.abort());
  await page.goto(`${web}/config.json`);
  const code = await page.evaluate(async () => {
    const config = await (await fetch("/config.json")).json();
    const { createAuthClient } = await import("/pkg/index.js");
    const auth = createAuthClient({ baseURL: config.authUrl });
    try {
      await auth.ready();
      return "loaded";
    } catch (e) {
      return e.name || "error";
    }
  });
  assert.notEqual(code, "loaded");
});

// Ed25519 in a browser whose WebCrypto has none (Chromium before 137, Firefox before 129, Safari
// before 17), simulated in today's Chromium by making `crypto.subtle` answer `NotSupportedError`
// for Ed25519, as those browsers do: the package loads pkg/ed25519.js (ed25519-compact in its own
// module) and the session's EdDSA token verifies through it, against the real server; with
// WebCrypto's Ed25519 there, ed25519.js is never requested. Both entries (main and inline).
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

/** What an older browser's WebCrypto does with Ed25519: it does not know the name. */
function withoutWebCryptoEd25519() {
  const subtle = globalThis.crypto.subtle;
  const named = (alg) => (typeof alg === "string" ? alg : alg && alg.name) === "Ed25519";
  for (const method of ["importKey", "verify", "sign", "generateKey"]) {
    const real = subtle[method].bind(subtle);
    const at = method === "importKey" ? 2 : 0;
    subtle[method] = (...args) =>
      named(args[at]) ? Promise.reject(new DOMException("Unrecognized algorithm name", "NotSupportedError")) : real(...args);
  }
}

/** Signs up through `entry`, calls the demo API with `auth.fetch`, and reports. */
async function signUpAndCall(page, entry, email) {
  return page.evaluate(
    async ([entry, email]) => {
      const config = await (await fetch("/config.json")).json();
      const { createAuthClient } = await import(entry);
      const auth = createAuthClient({ baseURL: config.authUrl, apiOrigins: [config.apiUrl] });
      await auth.ready();
      const signUp = await auth.signUp.email({ name: "Ed", email, password: "correct-horse-battery" });
      const state = auth.getState();
      const res = await auth.fetch(`${config.apiUrl}/api/me`);
      const body = await res.json();
      auth.dispose();
      return { error: signUp.error, status: res.status, email: body.email, expiresAt: state.tokenExpiresAt, stateError: state.error };
    },
    [entry, email],
  );
}

for (const entry of ["/pkg/index.js", "/pkg/inline.js"]) {
  test(`${entry}: without WebCrypto Ed25519, the token verifies through ed25519.js`, async () => {
    const web = env("BAW_TEST_WEB_URL");
    const page = await browser.newPage();
    await page.addInitScript(withoutWebCryptoEd25519);
    const loads = [];
    page.on("request", (r) => r.url().endsWith("/ed25519.js") && loads.push(r.url()));
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${web}/config.json`);
    // The simulation holds: this page's WebCrypto refuses Ed25519.
    const refused = await page.evaluate(() =>
      crypto.subtle.importKey("raw", new Uint8Array(32), { name: "Ed25519" }, false, ["verify"]).then(
        () => "imported",
        (e) => e.name,
      ),
    );
    assert.equal(refused, "NotSupportedError");
    const email = freshEmail("ed25519");
    const out = await signUpAndCall(page, entry, email);
    assert.equal(out.error, null);
    assert.equal(out.stateError, null);
    assert.equal(typeof out.expiresAt, "number", "a verified token is held");
    assert.equal(out.status, 200, "the API accepted the token");
    assert.equal(out.email, email);
    assert.equal(loads.length, 1, `ed25519.js loaded once: ${loads}`);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test("with WebCrypto Ed25519, ed25519.js is never requested", async () => {
  const web = env("BAW_TEST_WEB_URL");
  const page = await browser.newPage();
  const loads = [];
  page.on("request", (r) => r.url().endsWith("/ed25519.js") && loads.push(r.url()));
  await page.goto(`${web}/config.json`);
  const email = freshEmail("webcrypto");
  const out = await signUpAndCall(page, "/pkg/index.js", email);
  assert.equal(out.error, null);
  assert.equal(out.status, 200);
  assert.equal(typeof out.expiresAt, "number");
  assert.deepEqual(loads, []);
  await page.close();
});

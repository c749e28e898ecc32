// Passkeys in headless Chromium, against the real Better Auth server with the passkey plugin
// (www/server/auth.mjs), through the demo page's client (`window.auth`). The authenticator is
// Chromium's DevTools WebAuthn virtual authenticator (ctap2, internal transport, resident keys,
// user verification). WebAuthn refuses IP addresses as relying party IDs, so this stack runs on
// `localhost` (scripts/test.sh: `with-stack.mjs --env PUBLIC_HOST=localhost`).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { env, freshEmail, launch } from "../e2e/browser.mjs";

let browser;
before(async () => {
  assert.equal(new URL(env("BAW_TEST_WEB_URL")).hostname, "localhost", "run with --env PUBLIC_HOST=localhost");
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const PASSWORD = "correct-horse-battery";

async function openPage(context) {
  const page = await context.newPage();
  await page.goto(env("BAW_TEST_WEB_URL"));
  await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
  return page;
}

/** A virtual authenticator on `page`'s target; `options` override the passkey-capable defaults. */
async function authenticator(page, options = {}) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
      ...options,
    },
  });
  return {
    cdp,
    id: authenticatorId,
    credentials: async () => (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials,
    add: (credential) => cdp.send("WebAuthn.addCredential", { authenticatorId, credential }),
    remove: () => cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId }),
  };
}

async function signUp(page, tag) {
  const email = freshEmail(tag);
  const res = await page.evaluate(
    ({ email, password }) => window.auth.signUp.email({ name: "Passkey User", email, password }),
    { email, password: PASSWORD },
  );
  assert.equal(res.error, null, JSON.stringify(res.error));
  return email;
}

const run = (page, fn, arg) => page.evaluate(fn, arg);
// WebAuthn runs only in the focused page ("the page does not have focus" otherwise).
async function addPasskey(page, opts) {
  await page.bringToFront();
  return run(page, (o) => window.auth.passkey.addPasskey(o), opts);
}
async function signInPasskey(page, opts) {
  await page.bringToFront();
  return run(page, (o) => window.auth.signIn.passkey(o), opts);
}
const signOut = (page) => run(page, () => window.auth.signOut());
const status = (page) => run(page, () => window.auth.getState().status);
const list = (page) => run(page, () => window.auth.passkey.listUserPasskeys());
const callApi = (page) =>
  run(page, async (api) => {
    const r = await window.auth.fetch(`${api}/api/me`);
    return { status: r.status, body: await r.json() };
  }, env("BAW_TEST_API_URL"));

async function tokenRequests() {
  const r = await fetch(`${env("BAW_TEST_AUTH_URL")}/__stats`);
  return (await r.json())["GET /api/auth/token"] || 0;
}

test("register a passkey, sign out, sign in with it: the JWT is there at once, in every tab", async () => {
  const context = await browser.newContext();
  const a = await openPage(context);
  const email = await signUp(a, "passkey");
  const b = await openPage(context);
  await b.waitForFunction(() => window.auth.getState().status === "authenticated");
  const key = await authenticator(a);

  const added = await addPasskey(a, { name: "laptop" });
  assert.equal(added.error, null, JSON.stringify(added.error));
  assert.equal(added.data.name, "laptop");
  assert.ok(added.data.credentialID, "the server stored the credential");
  // Registration creates no session of its own: nothing changed for the tabs.
  assert.equal(await status(a), "authenticated");
  const [stored] = await key.credentials();
  assert.equal(stored.isResidentCredential, true, "a discoverable credential (a passkey)");
  assert.equal(stored.rpId, "localhost");

  assert.equal((await signOut(a)).error, null);
  await b.waitForFunction(() => window.auth.getState().status === "unauthenticated");
  const before = await tokenRequests();

  const signedIn = await signInPasskey(a);
  assert.equal(signedIn.error, null, JSON.stringify(signedIn.error));
  assert.equal(signedIn.data.user.email, email);
  // Resolved only once the session is loaded and its JWT verified: the API accepts it at once.
  assert.equal(await status(a), "authenticated");
  const state = await run(a, () => window.auth.getState());
  assert.ok(state.tokenExpiresAt > Date.now(), "a JWT is held when signIn.passkey resolves");
  const me = await callApi(a);
  assert.equal(me.status, 200);
  assert.equal(me.body.email, email);
  // The other tab was told, and uses the token the first one fetched.
  await b.waitForFunction(() => window.auth.getState().status === "authenticated");
  const meB = await callApi(b);
  assert.equal(meB.status, 200);
  assert.equal(meB.body.sub, me.body.sub);
  const requests = (await tokenRequests()) - before;
  console.log(`passkey sign-in: /token requests for both tabs ${requests}`);
  // The counter is server-wide (other tests may run beside this one): bounded, not exact.
  assert.ok(requests <= 2, `${requests} /token requests`);
  await context.close();
});

test("the conditional UI: the passkey offered in autofill signs in; a modal sign-in ends a pending one", async () => {
  const context = await browser.newContext();
  const page = await openPage(context);
  const email = await signUp(page, "autofill");
  await authenticator(page);
  assert.equal((await addPasskey(page)).error, null);
  assert.equal((await signOut(page)).error, null);
  assert.equal(await run(page, () => PublicKeyCredential.isConditionalMediationAvailable()), true);

  // The virtual authenticator answers a conditional request as a user picking the passkey would.
  const picked = await signInPasskey(page, { autoFill: true });
  assert.equal(picked.error, null, JSON.stringify(picked.error));
  assert.equal(picked.data.user.email, email);
  assert.equal((await callApi(page)).status, 200);
  await context.close();

  // Without an authenticator a conditional request waits for the user; a modal sign-in (or the
  // caller's signal) ends it, as @simplewebauthn's abort service does.
  const other = await browser.newContext();
  const p = await openPage(other);
  const outcome = await run(p, async () => {
    const pending = window.auth.signIn.passkey({ autoFill: true });
    await new Promise((r) => setTimeout(r, 300));
    const controller = new AbortController();
    const modal = window.auth.signIn.passkey({ signal: controller.signal });
    await new Promise((r) => setTimeout(r, 300));
    controller.abort();
    const [a, b] = await Promise.all([pending, modal]);
    return [a.error && a.error.code, b.error && b.error.code];
  });
  assert.deepEqual(outcome, ["PASSKEY_ABORTED", "PASSKEY_ABORTED"]);

  // A signal belongs to its call: aborting it after that call ended leaves a later ceremony alone.
  const later = await run(p, async () => {
    const used = new AbortController();
    const first = await window.auth.signIn.passkey({ extensions: "not an object", signal: used.signal });
    const pending = window.auth.signIn.passkey({ autoFill: true });
    await new Promise((r) => setTimeout(r, 300));
    used.abort();
    const waited = await Promise.race([pending.then(() => "ended"), new Promise((r) => setTimeout(() => r("still pending"), 500))]);
    const ender = new AbortController();
    const modal = window.auth.signIn.passkey({ signal: ender.signal });
    await new Promise((r) => setTimeout(r, 300));
    ender.abort();
    return [first.error && first.error.code, waited, (await pending).error.code, (await modal).error.code];
  });
  assert.deepEqual(later, ["INVALID_CONFIG", "still pending", "PASSKEY_ABORTED", "PASSKEY_ABORTED"]);
  await other.close();
});

test("passkey.js loads on the first passkey call; no WebAuthn, autofill without its field, bad extensions are refused before any request", async () => {
  const context = await browser.newContext();
  const page = await openPage(context);
  const loaded = () => run(page, () => performance.getEntriesByType("resource").some((e) => new URL(e.name).pathname.endsWith("/passkey.js")));
  assert.equal(await loaded(), false, "a page that has not used passkeys has not downloaded passkey.js");
  const optionRequests = [];
  page.on("request", (r) => {
    if (r.url().includes("/passkey/")) optionRequests.push(r.url());
  });
  const outcome = await run(page, async () => {
    const code = (r) => r.error && [r.error.code, r.error.message];
    const bad = code(await window.auth.signIn.passkey({ extensions: "credProps" }));
    // What an older browser (or an embedded web view) looks like.
    const saved = window.PublicKeyCredential;
    delete window.PublicKeyCredential;
    const signIn = code(await window.auth.signIn.passkey());
    const added = code(await window.auth.passkey.addPasskey());
    window.PublicKeyCredential = saved;
    // The browser offers conditional UI, but the page has no field to offer the passkey in.
    for (const field of document.querySelectorAll("input[autocomplete$='webauthn']")) field.remove();
    const autoFill = code(await window.auth.signIn.passkey({ autoFill: true }));
    return { bad, signIn, added, autoFill };
  });
  assert.deepEqual(outcome.bad, ["INVALID_CONFIG", "passkey: `extensions` must be an object"]);
  assert.deepEqual(outcome.signIn, ["PASSKEY_UNSUPPORTED", "this browser has no WebAuthn (no PublicKeyCredential)"]);
  assert.deepEqual(outcome.added, outcome.signIn);
  assert.deepEqual(outcome.autoFill, ["INVALID_CONFIG", 'signIn.passkey: autoFill needs an <input autocomplete="username webauthn"> on the page']);
  assert.deepEqual(optionRequests, [], "nothing was sent");
  assert.equal(await loaded(), true);
  await context.close();
});

test("cancelled ceremonies and refusals come back with their codes", async () => {
  const context = await browser.newContext();
  const page = await openPage(context);
  await signUp(page, "cancel");
  // An authenticator whose user never answers, and the ceremony's timeout cut to 1.5 s in the
  // server's options (rewritten on the way, as a proxy would): the browser's NotAllowedError,
  // which is also what a user's "Cancel" gives.
  const absent = await authenticator(page, { isUserConsenting: false, automaticPresenceSimulation: false });
  await page.route("**/passkey/generate-*-options*", async (route) => {
    const response = await route.fetch();
    const options = await response.json();
    await route.fulfill({ response, json: { ...options, timeout: 1500 } });
  });
  const started = Date.now();
  const add = await addPasskey(page);
  assert.equal(add.error?.code, "PASSKEY_CANCELLED", JSON.stringify(add.error));
  assert.match(add.error.message, /NotAllowedError/);
  assert.equal((await list(page)).data.length, 0, "nothing registered");
  const signIn = await signInPasskey(page);
  assert.equal(signIn.error?.code, "PASSKEY_CANCELLED", JSON.stringify(signIn.error));
  console.log(`cancelled ceremonies answered after ${Date.now() - started} ms (two 1.5 s timeouts)`);
  assert.equal(await status(page), "authenticated", "a cancelled ceremony changes nothing");
  await page.unroute("**/passkey/generate-*-options*");
  await absent.remove();

  const key = await authenticator(page);
  assert.equal((await addPasskey(page)).error, null);
  // The same authenticator again: the server excludes its credential (InvalidStateError).
  const again = await addPasskey(page);
  assert.equal(again.error?.code, "PASSKEY_ALREADY_REGISTERED", JSON.stringify(again.error));
  assert.match(again.error.message, /InvalidStateError/);
  await key.remove();

  // Options the client refuses before the browser is asked.
  const bad = await addPasskey(page, { authenticatorAttachment: "usb" });
  assert.equal(bad.error?.code, "INVALID_CONFIG");
  // A server refusal keeps the server's code: registration needs a session.
  assert.equal((await signOut(page)).error, null);
  const noSession = await addPasskey(page);
  assert.deepEqual([noSession.error?.code, noSession.error?.status], ["UNAUTHORIZED", 401]);
  await context.close();
});

test("a second passkey, list, rename, delete; the deleted passkey no longer signs in", async () => {
  const context = await browser.newContext();
  const page = await openPage(context);
  const email = await signUp(page, "two-keys");

  const first = await authenticator(page);
  const one = await addPasskey(page, { name: "first" });
  assert.equal(one.error, null, JSON.stringify(one.error));
  const firstCredentials = await first.credentials();
  await first.remove();

  const second = await authenticator(page);
  const two = await addPasskey(page, { name: "second", authenticatorAttachment: "platform" });
  assert.equal(two.error, null, JSON.stringify(two.error));
  const secondCredentials = await second.credentials();
  await second.remove();

  let listed = await list(page);
  assert.equal(listed.error, null);
  assert.deepEqual(listed.data.map((p) => p.name).sort(), ["first", "second"]);

  const renamed = await run(page, (id) => window.auth.passkey.updatePasskey({ id, name: "renamed" }), one.data.id);
  assert.equal(renamed.error, null, JSON.stringify(renamed.error));
  assert.equal(renamed.data.passkey.name, "renamed");
  const deleted = await run(page, (id) => window.auth.passkey.deletePasskey({ id }), one.data.id);
  assert.deepEqual(deleted, { data: { status: true }, error: null });
  listed = await list(page);
  assert.deepEqual(listed.data.map((p) => p.name), ["second"]);
  assert.equal((await signOut(page)).error, null);

  // The deleted passkey is still on its authenticator: the server refuses it.
  const stale = await authenticator(page);
  await stale.add(firstCredentials[0]);
  const refused = await signInPasskey(page);
  assert.equal(refused.data, null);
  assert.equal(refused.error.code, "PASSKEY_NOT_FOUND", JSON.stringify(refused.error));
  assert.equal(refused.error.status, 401);
  assert.equal(await status(page), "unauthenticated");
  await stale.remove();

  // The remaining one does.
  const kept = await authenticator(page);
  await kept.add(secondCredentials[0]);
  const ok = await signInPasskey(page);
  assert.equal(ok.error, null, JSON.stringify(ok.error));
  assert.equal(ok.data.user.email, email);
  assert.equal((await callApi(page)).status, 200);
  await context.close();
});

test("the demo page's buttons: Add a passkey, Sign out, Sign in with a passkey", async () => {
  const context = await browser.newContext();
  const page = await openPage(context);
  await page.fill("#signup-form input[name=email]", freshEmail("demo-passkey"));
  await page.fill("#signup-form input[name=password]", PASSWORD);
  await page.click("#signup-form button[type=submit]");
  await page.waitForSelector("#status[data-state=authenticated]");
  const key = await authenticator(page);
  await page.click("#add-passkey");
  await page.waitForFunction(() => document.getElementById("log").textContent.includes("passkey added"));
  const [credential] = await key.credentials();
  await key.remove();
  await page.click("#sign-out");
  await page.waitForSelector("#status[data-state=unauthenticated]");
  // The sign-in form offers the passkey in its autofill; with no authenticator present that
  // request waits. The button's dialog then ends it and signs in, once (with Better Auth's
  // multiSession plugin a second sign-in of the same user in one browser clears the session
  // cookie, so the test must not let the autofill and the dialog both complete).
  await page.click("#tab-signin");
  await new Promise((r) => setTimeout(r, 300));
  const back = await authenticator(page);
  await back.add(credential);
  await page.click("#passkey-sign-in");
  await page.waitForSelector("#status[data-state=authenticated]", { timeout: 20_000 });
  await page.click("#call-api");
  await page.waitForFunction(() => document.getElementById("api-answer").textContent.startsWith("200"));
  const log = await page.locator("#log").textContent();
  assert.match(log, /signed in with a passkey as/);
  assert.doesNotMatch(log, /\(autofill\)/, "the dialog ended the autofill request");
  await context.close();
});

// Passkeys in headless Firefox (Debian's firefox-esr through geckodriver), against the real Better
// Auth server with the passkey plugin, through the demo page's client (`window.auth`). Playwright
// cannot drive this Firefox, so the test speaks WebDriver itself (./webdriver.mjs), including the
// WebAuthn extension commands: virtual authenticators (ctap2, internal transport, resident keys,
// user verification). Needs the localhost stack (`with-stack.mjs --env PUBLIC_HOST=localhost`).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { env, freshEmail } from "../e2e/browser.mjs";
import { firefox } from "./webdriver.mjs";

const PASSKEY = { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserConsenting: true, isUserVerified: true };

let ff;
before(async () => {
  ff = await firefox();
  await ff.setTimeouts({ script: 30_000 });
});
after(async () => {
  await ff?.close();
});

async function openPage() {
  await ff.goto(env("BAW_TEST_WEB_URL"));
  const ready = await ff.run(async () => {
    for (let i = 0; i < 200 && document.body.dataset.ready !== "true"; i++) await new Promise((r) => setTimeout(r, 100));
    return document.body.dataset.ready === "true";
  });
  assert.ok(ready, "the demo page loaded");
}

async function signUp(tag) {
  const email = freshEmail(tag);
  const error = await ff.run(
    ({ email }) => window.auth.signUp.email({ name: "Firefox Passkey", email, password: "correct-horse-battery" }).then((r) => r.error),
    { email },
  );
  assert.equal(error, null, JSON.stringify(error));
  return email;
}

test("Firefox: register a passkey, sign out, sign in with it, then the API accepts the JWT", async () => {
  await openPage();
  const email = await signUp("ff-passkey");
  const authenticatorId = await ff.addAuthenticator(PASSKEY);
  try {
    const added = await ff.run(() => window.auth.passkey.addPasskey({ name: "firefox" }));
    assert.equal(added.error, null, JSON.stringify(added.error));
    assert.equal(added.data.name, "firefox");
    const [stored] = await ff.credentials(authenticatorId);
    assert.equal(stored.isResidentCredential, true);
    assert.equal(stored.rpId, "localhost");

    assert.equal((await ff.run(() => window.auth.signOut())).error, null);
    const signedIn = await ff.run(() => window.auth.signIn.passkey());
    assert.equal(signedIn.error, null, JSON.stringify(signedIn.error));
    assert.equal(signedIn.data.user.email, email);
    const me = await ff.run(async (api) => {
      const r = await window.auth.fetch(`${api}/api/me`);
      return { status: r.status, body: await r.json() };
    }, env("BAW_TEST_API_URL"));
    assert.equal(me.status, 200);
    assert.equal(me.body.email, email);
    // The conditional UI exists in this Firefox; unlike Chromium's, its virtual authenticator
    // does not pick a passkey from the autofill by itself (the request waits for the user), so
    // the autofill is only started and aborted here (next test).
    assert.equal(await ff.run(() => PublicKeyCredential.isConditionalMediationAvailable()), true);

    // The same authenticator again: excluded by the server (InvalidStateError).
    const again = await ff.run(() => window.auth.passkey.addPasskey());
    assert.equal(again.error?.code, "PASSKEY_ALREADY_REGISTERED", JSON.stringify(again.error));
  } finally {
    await ff.removeAuthenticator(authenticatorId);
  }
});

test("Firefox: a user who declines gets PASSKEY_CANCELLED; an aborted ceremony PASSKEY_ABORTED", async () => {
  await openPage();
  await signUp("ff-cancel");
  const authenticatorId = await ff.addAuthenticator({ ...PASSKEY, isUserConsenting: false });
  try {
    const started = Date.now();
    const declined = await ff.run(() => window.auth.passkey.addPasskey());
    assert.equal(declined.error?.code, "PASSKEY_CANCELLED", JSON.stringify(declined.error));
    assert.match(declined.error.message, /NotAllowedError/);
    console.log(`Firefox: declined registration answered after ${Date.now() - started} ms`);
    assert.equal((await ff.run(() => window.auth.passkey.listUserPasskeys())).data.length, 0);
    const aborted = await ff.run(async () => {
      const controller = new AbortController();
      const pending = window.auth.signIn.passkey({ autoFill: true, signal: controller.signal });
      await new Promise((r) => setTimeout(r, 300));
      controller.abort();
      return (await pending).error;
    });
    assert.equal(aborted?.code, "PASSKEY_ABORTED", JSON.stringify(aborted));
    assert.equal(await ff.run(() => window.auth.getState().status), "authenticated", "nothing changed");
  } finally {
    await ff.removeAuthenticator(authenticatorId);
  }
});

// passkey.js (the WebAuthn ceremony, loaded by index.js on the first passkey call), as shipped
// (minified) in the package: reading and checking Better Auth's options, the relying party ID
// check, the credential's JSON for the server, the refusals' codes, and the ceremony's order of
// checks and requests against a fake wasm client and a fake `navigator.credentials`. The real
// ceremonies, with virtual authenticators against the real server, are in tests/passkey/.
// Run by scripts/test-pkg.sh from a consumer folder (the package in node_modules).
import { test } from "node:test";
import assert from "node:assert/strict";
import { decode, encode, passkeys } from "./node_modules/better-auth-wasm/passkey.js";
import { BetterAuthWasmError, isBetterAuthWasmError } from "better-auth-wasm";

const wasmError = (code, message) => new BetterAuthWasmError(code, message);
const fresh = () => passkeys(wasmError, () => false);
const p = fresh();

const CHALLENGE = "uGYDPYKt3EaUP5fOED7FMR_kT8loG6UwudPxHtBlXvQ";

/** As the passkey plugin answers GET /passkey/generate-register-options. */
const creation = () => ({
  challenge: CHALLENGE,
  rp: { name: "better-auth-wasm", id: "localhost" },
  user: { id: "dXNlci0x", name: "a@example.com", displayName: "a@example.com" },
  pubKeyCredParams: [
    { alg: -8, type: "public-key" },
    { alg: -7, type: "public-key" },
  ],
  timeout: 60000,
  attestation: "none",
  excludeCredentials: [{ id: "AQID", type: "public-key", transports: ["internal"] }],
  authenticatorSelection: { residentKey: "preferred", userVerification: "preferred" },
  extensions: { credProps: true },
});

/** As the passkey plugin answers GET /passkey/generate-authenticate-options (signed in). */
const request = () => ({
  rpId: "localhost",
  challenge: CHALLENGE,
  timeout: 60000,
  userVerification: "preferred",
  allowCredentials: [
    { id: "AQID", type: "public-key" },
    { id: "BAUG", type: "public-key" },
  ],
});

const bytes = (...b) => new Uint8Array(b);
const thrown = (f) => {
  try {
    f();
  } catch (e) {
    return e;
  }
  assert.fail("did not throw");
};

test("base64url: strict, one encoding per byte string, as the JWTs are read", () => {
  assert.deepEqual(decode(""), bytes());
  assert.deepEqual(decode("Zg"), new TextEncoder().encode("f"));
  assert.deepEqual(decode("Zm8"), new TextEncoder().encode("fo"));
  assert.deepEqual(decode("Zm9v"), new TextEncoder().encode("foo"));
  assert.deepEqual(decode("_-8"), bytes(0xff, 0xef));
  for (const bad of ["Z", "Zh", "Zm9", "Zg==", "Zg=", "Zm9v\n", "+/8", " Zg", "Zm9v=", "é", 5, null, undefined]) {
    assert.equal(decode(bad), null, JSON.stringify(bad));
  }
  for (const [b, text] of [
    [bytes(), ""],
    [new TextEncoder().encode("foob"), "Zm9vYg"],
    [bytes(0xff, 0xef), "_-8"],
  ]) {
    assert.equal(encode(b), text);
  }
  // Against Node's own base64url, both ways, over random lengths and bytes.
  for (let i = 0; i < 2000; i++) {
    const b = new Uint8Array(Math.floor(Math.random() * 100));
    for (let j = 0; j < b.length; j++) b[j] = Math.floor(Math.random() * 256);
    const text = Buffer.from(b).toString("base64url");
    assert.equal(encode(b), text);
    assert.deepEqual(decode(text), b);
  }
  // Near misses: the unused bits of the last character must be zero.
  for (const text of ["AR", "AQH", "AQJ", "_-9"]) {
    assert.equal(decode(text), null, text);
  }
});

test("creation options are decoded; the rest passes through as the server sent it", () => {
  const o = p.readOptions(true, creation(), undefined, false);
  assert.equal(o.challenge.length, 32);
  assert.deepEqual(o.userId, new TextEncoder().encode("user-1"));
  assert.deepEqual(o.credentialIds, [bytes(1, 2, 3)]);
  assert.equal(o.rpId, "localhost");
  assert.equal(o.json.timeout, 60000);
  assert.equal(o.json.authenticatorSelection.residentKey, "preferred");
  // The browser's options: the same JSON, with ArrayBuffers for the bytes.
  const js = p.publicKeyOptions(true, o);
  assert.ok(js.challenge instanceof ArrayBuffer && js.challenge.byteLength === 32);
  assert.deepEqual(new Uint8Array(js.user.id), new TextEncoder().encode("user-1"));
  assert.deepEqual(new Uint8Array(js.excludeCredentials[0].id), bytes(1, 2, 3));
  assert.deepEqual(js.excludeCredentials[0].transports, ["internal"]);
  assert.equal(js.user.name, "a@example.com");
});

test("request options are decoded, and a conditional sign-in lists no credentials", () => {
  let o = p.readOptions(false, request(), undefined, false);
  assert.deepEqual(o.credentialIds, [bytes(1, 2, 3), bytes(4, 5, 6)]);
  assert.equal(o.rpId, "localhost");
  assert.equal(o.userId, null);
  const js = p.publicKeyOptions(false, o);
  assert.deepEqual(new Uint8Array(js.allowCredentials[1].id), bytes(4, 5, 6));
  o = p.readOptions(false, request(), undefined, true);
  assert.deepEqual(o.credentialIds, []);
  assert.ok(!("allowCredentials" in o.json));
});

test("the caller's extensions are merged over the server's", () => {
  const extra = { credProps: false, largeBlob: { support: "preferred" } };
  assert.deepEqual(p.readOptions(true, creation(), extra, false).json.extensions, extra);
  assert.deepEqual(p.readOptions(false, request(), extra, false).json.extensions, extra);
  const kept = p.readOptions(true, creation(), { largeBlob: { support: "preferred" } }, false).json.extensions;
  assert.deepEqual(kept, { credProps: true, largeBlob: { support: "preferred" } });
});

test("malformed options are refused by name, as INVALID_RESPONSE", () => {
  const cases = [
    [false, [], "not an object"],
    [false, null, "not an object"],
    [false, { challenge: 5 }, "`challenge`"],
    [false, { challenge: "AQID" }, "shorter than 16"],
    [false, { challenge: `${CHALLENGE}=` }, "`challenge`"],
    [false, { challenge: CHALLENGE.replace("_", "/") }, "`challenge`"],
    [false, { challenge: CHALLENGE, allowCredentials: {} }, "not a list"],
    [false, { challenge: CHALLENGE, allowCredentials: [{ id: "" }] }, "is empty"],
    [false, { challenge: CHALLENGE, allowCredentials: [{ id: "A" }] }, "allowCredentials[].id"],
  ];
  for (const [member, value, needle] of [
    ["user", { id: "", name: "a", displayName: "a" }, "1 to 64 bytes"],
    ["user", { id: "A".repeat(88), name: "a", displayName: "a" }, "1 to 64 bytes"],
    ["user", { id: "dXNlci0x=" }, "`user.id`"],
    ["user", undefined, "`user.id`"],
    ["excludeCredentials", [{ id: 1 }], "excludeCredentials[].id"],
  ]) {
    const o = creation();
    if (value === undefined) delete o[member];
    else o[member] = value;
    cases.push([true, o, needle]);
  }
  for (const [create, answer, needle] of cases) {
    const e = thrown(() => p.readOptions(create, answer, undefined, false));
    assert.ok(isBetterAuthWasmError(e), "a BetterAuthWasmError");
    assert.equal(e.code, "INVALID_RESPONSE", JSON.stringify(answer));
    assert.equal(e.status, 0);
    assert.ok(e.message.startsWith("passkey options: ") && e.message.includes(needle), `${JSON.stringify(answer)}: ${e.message}`);
  }
});

test("relying party IDs the browser would refuse", () => {
  const table = [
    ["localhost", "localhost", true],
    ["example.com", "example.com", true],
    ["example.com", "app.example.com", true],
    ["Example.COM", "app.example.com", true],
    [null, "app.example.com", true],
    ["example.com", "badexample.com", false],
    ["app.example.com", "example.com", false],
    ["localhost", "127.0.0.1", false],
    [null, "127.0.0.1", false],
    [null, "[::1]", false],
    ["", "localhost", false],
    ["127.0.0.1", "localhost", false],
  ];
  for (const [rp, host, ok] of table) {
    let e = null;
    try {
      p.checkRpId(rp, host);
    } catch (err) {
      e = err;
    }
    assert.equal(e === null, ok, `${rp} on ${host}`);
    if (e) {
      assert.equal(e.code, "PASSKEY_RP_ID_MISMATCH");
      // The message names both, or says why the host cannot have one.
      assert.ok(e.message.includes(`"${host}"`), e.message);
      assert.ok(rp === null || e.message.includes(JSON.stringify(rp)) || e.message.includes("IP address"), e.message);
    }
  }
});

const registration = () => ({
  rawId: bytes(0xfb, 0xff, 1),
  clientDataJSON: new TextEncoder().encode('{"type":"webauthn.create"}'),
  attestationObject: bytes(0xa3, 0x63),
  authenticatorData: new Uint8Array(37).fill(9),
  signature: null,
  userHandle: null,
  publicKey: bytes(0x30, 0x2a),
  publicKeyAlgorithm: -8,
  transports: ["internal", "hybrid"],
  authenticatorAttachment: "platform",
  clientExtensionResults: { credProps: { rk: true } },
});

test("a registration is sent as RegistrationResponseJSON", () => {
  assert.deepEqual(p.credentialJSON(true, registration()), {
    id: "-_8B",
    rawId: "-_8B",
    type: "public-key",
    response: {
      clientDataJSON: "eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0",
      attestationObject: "o2M",
      authenticatorData: "CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQ",
      publicKey: "MCo",
      publicKeyAlgorithm: -8,
      transports: ["internal", "hybrid"],
    },
    clientExtensionResults: { credProps: { rk: true } },
    authenticatorAttachment: "platform",
  });
  const e = thrown(() => p.credentialJSON(true, { ...registration(), attestationObject: null }));
  assert.equal(e.code, "INVALID_RESPONSE");
  assert.match(e.message, /no `response.attestationObject`/);
});

test("an assertion is sent as AuthenticationResponseJSON", () => {
  const c = {
    ...registration(),
    rawId: bytes(1, 2, 3),
    clientDataJSON: new TextEncoder().encode("{}"),
    attestationObject: null,
    authenticatorData: new Uint8Array(37).fill(7),
    signature: bytes(0x30, 0x44),
    userHandle: new TextEncoder().encode("user-1"),
    publicKey: null,
    publicKeyAlgorithm: null,
    transports: [],
    authenticatorAttachment: null,
    clientExtensionResults: undefined,
  };
  const v = p.credentialJSON(false, c);
  assert.equal(v.id, "AQID");
  assert.equal(v.rawId, "AQID");
  assert.equal(v.response.signature, "MEQ");
  assert.equal(v.response.userHandle, "dXNlci0x");
  assert.equal(v.response.clientDataJSON, "e30");
  assert.deepEqual(v.clientExtensionResults, {});
  assert.ok(!("authenticatorAttachment" in v));
  assert.ok(!("transports" in v.response));
  // No user handle: the member is left out, as @simplewebauthn/browser does.
  assert.ok(!("userHandle" in p.credentialJSON(false, { ...c, userHandle: null }).response));
  for (const [broken, what] of [
    [{ ...c, signature: null }, "response.signature"],
    [{ ...c, authenticatorData: null }, "response.authenticatorData"],
    [{ ...c, rawId: bytes() }, "rawId"],
  ]) {
    const e = thrown(() => p.credentialJSON(false, broken));
    assert.equal(e.code, "INVALID_RESPONSE");
    assert.equal(e.message, `passkey credential: no \`${what}\``);
  }
});

test("a PublicKeyCredential is read back into bytes, getters where the browser has them", () => {
  const buf = (...b) => new Uint8Array(b).buffer;
  const created = p.readCredential({
    rawId: buf(1, 2, 3),
    authenticatorAttachment: "cross-platform",
    getClientExtensionResults: () => ({ credProps: { rk: true } }),
    response: {
      clientDataJSON: buf(4),
      attestationObject: buf(5),
      getAuthenticatorData: () => buf(6),
      getPublicKey: () => buf(7),
      getPublicKeyAlgorithm: () => -7,
      getTransports: () => ["usb", 5, "nfc"],
    },
  });
  assert.deepEqual(p.credentialJSON(true, created), {
    id: "AQID",
    rawId: "AQID",
    type: "public-key",
    response: { clientDataJSON: "BA", authenticatorData: "Bg", attestationObject: "BQ", publicKey: "Bw", publicKeyAlgorithm: -7, transports: ["usb", "nfc"] },
    clientExtensionResults: { credProps: { rk: true } },
    authenticatorAttachment: "cross-platform",
  });
  // An older browser: no Level 2/3 getters, or getters that throw.
  const old = p.readCredential({
    rawId: buf(1),
    response: { clientDataJSON: buf(2), attestationObject: buf(3), getPublicKey: () => { throw new Error("no"); } },
  });
  assert.deepEqual(p.credentialJSON(true, old).response, { clientDataJSON: "Ag", attestationObject: "Aw", transports: [] });
  const asserted = p.readCredential({
    rawId: buf(1),
    authenticatorAttachment: null,
    response: { clientDataJSON: buf(2), authenticatorData: new Uint8Array([0, 8, 9]).subarray(1), signature: buf(3), userHandle: null },
  });
  assert.deepEqual(p.credentialJSON(false, asserted).response, { clientDataJSON: "Ag", authenticatorData: "CAk", signature: "Aw" });
});

test("every refusal of the browser has its code, and keeps the browser's words", () => {
  const table = [
    [false, "NotAllowedError", "PASSKEY_CANCELLED"],
    [true, "NotAllowedError", "PASSKEY_CANCELLED"],
    [false, "AbortError", "PASSKEY_ABORTED"],
    [true, "InvalidStateError", "PASSKEY_ALREADY_REGISTERED"],
    [false, "InvalidStateError", "PASSKEY_FAILED"],
    [false, "SecurityError", "PASSKEY_RP_ID_MISMATCH"],
    [true, "NotSupportedError", "PASSKEY_UNSUPPORTED"],
    [true, "UnknownError", "PASSKEY_FAILED"],
    [false, "TypeError", "PASSKEY_FAILED"],
  ];
  for (const [create, name, code] of table) {
    const e = p.refusal(create, name, "the browser's words");
    assert.equal(e.code, code, name);
    assert.ok(e.message.endsWith(`(${name}: the browser's words)`), e.message);
  }
});

// --- the ceremony, with a fake wasm client and a fake navigator.credentials ---------------------

/**
 * Runs `body` with browser globals set (`undefined` deletes one), then restores them.
 * @param {Record<string, unknown>} globals
 */
async function withGlobals(globals, body) {
  const saved = Object.fromEntries(Object.keys(globals).map((k) => [k, Object.getOwnPropertyDescriptor(globalThis, k)]));
  for (const [k, v] of Object.entries(globals)) {
    if (v === undefined) delete globalThis[k];
    else Object.defineProperty(globalThis, k, { value: v, configurable: true, writable: true });
  }
  try {
    return await body();
  } finally {
    for (const [k, d] of Object.entries(saved)) {
      if (d) Object.defineProperty(globalThis, k, d);
      else delete globalThis[k];
    }
  }
}

/**
 * A wasm client (index.js's `WasmAuthClient`: one function) whose `request` (`what` 4) resolves
 * `answers[path]` (a function: rejects with what it returns) and records the calls in `calls`.
 */
function fakeClient(answers) {
  const calls = [];
  const client = async (what, method, path, body, query) => {
    assert.equal(what, 4, "passkey.js only sends requests");
    calls.push({ method, path, body, query });
    const a = answers[path];
    if (typeof a === "function") throw a();
    // A fresh object per answer, as the wasm client's are (passkey.js changes it in place).
    return structuredClone(a);
  };
  client.calls = calls;
  return client;
}

/** `navigator.credentials` whose `create`/`get` call `answer(options)`. */
function browser(answer, { host = "localhost", conditional = true, field = true } = {}) {
  const asked = [];
  return {
    asked,
    globals: {
      PublicKeyCredential: { isConditionalMediationAvailable: async () => conditional },
      navigator: { credentials: { create: (o) => (asked.push(["create", o]), answer(o)), get: (o) => (asked.push(["get", o]), answer(o)) } },
      location: { hostname: host },
      document: { querySelector: (s) => (field && s === "input[autocomplete$='webauthn']" ? {} : null) },
    },
  };
}

const buf = (...b) => new Uint8Array(b).buffer;
const assertion = () => ({
  rawId: buf(1, 2, 3),
  authenticatorAttachment: "platform",
  getClientExtensionResults: () => ({}),
  response: { clientDataJSON: buf(4), authenticatorData: buf(5), signature: buf(6), userHandle: buf(7) },
});
/** Resolves when `signal` aborts: rejects with its AbortError, as the browser does. */
const waitForAbort = (o) =>
  new Promise((_, reject) => o.signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));

test("signIn.passkey: options, then the browser, then the verification, through the client's request", async () => {
  const b = browser(async () => assertion());
  const c = fakeClient({
    "/passkey/generate-authenticate-options": request(),
    "/passkey/verify-authentication": { session: { id: "s" }, user: { id: "u" } },
  });
  const r = await withGlobals(b.globals, () => fresh().run(c, false, {}));
  assert.deepEqual(r, { session: { id: "s" }, user: { id: "u" } });
  assert.deepEqual(
    c.calls.map((x) => [x.method, x.path, x.query]),
    [
      ["GET", "/passkey/generate-authenticate-options", undefined],
      ["POST", "/passkey/verify-authentication", undefined],
    ],
  );
  assert.deepEqual(c.calls[1].body, {
    response: {
      id: "AQID",
      rawId: "AQID",
      type: "public-key",
      response: { clientDataJSON: "BA", authenticatorData: "BQ", signature: "Bg", userHandle: "Bw" },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    },
  });
  const [[kind, options]] = b.asked;
  assert.equal(kind, "get");
  assert.ok(options.signal instanceof AbortSignal);
  assert.equal(options.mediation, undefined);
  assert.equal(options.publicKey.challenge.byteLength, 32);
});

test("passkey.addPasskey: the registration's query and body; an error answer is thrown as it is", async () => {
  const b = browser(async () => ({
    rawId: buf(1),
    response: { clientDataJSON: buf(2), attestationObject: buf(3), getTransports: () => ["internal"] },
    getClientExtensionResults: () => ({}),
  }));
  const c = fakeClient({ "/passkey/generate-register-options": creation(), "/passkey/verify-registration": { id: "pk" } });
  const r = await withGlobals(b.globals, () =>
    fresh().run(c, true, { name: "laptop", authenticatorAttachment: "platform", extensions: { largeBlob: { support: "preferred" } } }),
  );
  assert.deepEqual(r, { id: "pk" });
  assert.deepEqual(c.calls[0].query, { name: "laptop", context: undefined, authenticatorAttachment: "platform" });
  assert.deepEqual(c.calls[1].body.name, "laptop");
  assert.ok(!("createSession" in c.calls[1].body), "members left undefined are not sent");
  assert.deepEqual(c.calls[1].body.response.response, { clientDataJSON: "Ag", attestationObject: "Aw", transports: ["internal"] });
  assert.deepEqual(b.asked[0][1].publicKey.extensions, { credProps: true, largeBlob: { support: "preferred" } });

  const refused = Object.assign(new Error("no session"), { code: "UNAUTHORIZED", status: 401 });
  const c2 = fakeClient({ "/passkey/generate-register-options": () => refused });
  await assert.rejects(
    withGlobals(b.globals, () => fresh().run(c2, true, {})),
    (e) => e === refused,
  );
  assert.equal(c2.calls.length, 1);
});

test("refused before anything is sent: bad options, no WebAuthn, no secure context, no autofill", async () => {
  const b = browser(async () => assertion());
  const c = fakeClient({});
  const code = async (globals, opts) => {
    try {
      await withGlobals(globals, () => fresh().run(c, false, opts));
    } catch (e) {
      assert.ok(isBetterAuthWasmError(e));
      return [e.code, e.message];
    }
    return null;
  };
  assert.deepEqual(await code(b.globals, { extensions: "credProps" }), ["INVALID_CONFIG", "passkey: `extensions` must be an object"]);
  assert.equal((await code(b.globals, { authenticatorAttachment: "usb" }))[0], "INVALID_CONFIG");
  const aborted = new AbortController();
  aborted.abort();
  assert.deepEqual(await code(b.globals, { signal: aborted.signal }), ["PASSKEY_ABORTED", "the signal was already aborted"]);
  assert.deepEqual(await code({ ...b.globals, PublicKeyCredential: undefined }, {}), ["PASSKEY_UNSUPPORTED", "this browser has no WebAuthn (no PublicKeyCredential)"]);
  assert.deepEqual(await code({ ...b.globals, PublicKeyCredential: undefined, isSecureContext: false }, {}), [
    "PASSKEY_UNSUPPORTED",
    "WebAuthn needs a secure context: serve the page over https (or from localhost)",
  ]);
  assert.deepEqual(await code({ ...b.globals, navigator: {} }, {}), ["PASSKEY_UNSUPPORTED", "this browser has no navigator.credentials"]);
  assert.equal((await code(browser(null, { conditional: false }).globals, { autoFill: true }))[0], "PASSKEY_AUTOFILL_UNSUPPORTED");
  assert.deepEqual(await code(browser(null, { field: false }).globals, { autoFill: true }), [
    "INVALID_CONFIG",
    'signIn.passkey: autoFill needs an <input autocomplete="username webauthn"> on the page',
  ]);
  assert.equal(c.calls.length, 0, "no request was sent");
});

test("a page on an IP address is told why, after the options and before the browser is asked", async () => {
  const b = browser(async () => assertion(), { host: "127.0.0.1" });
  const c = fakeClient({ "/passkey/generate-authenticate-options": { ...request(), rpId: "127.0.0.1" } });
  await assert.rejects(
    withGlobals(b.globals, () => fresh().run(c, false, {})),
    (e) => e.code === "PASSKEY_RP_ID_MISMATCH" && e.message.includes('"127.0.0.1"') && e.message.includes("IP address"),
  );
  assert.equal(b.asked.length, 0);
  assert.equal(c.calls.length, 1);
});

test("one ceremony at a time: a new one, the call's signal and cancel() abort the pending one", async () => {
  const b = browser(waitForAbort);
  const c = fakeClient({ "/passkey/generate-authenticate-options": request() });
  const codeOf = (promise) => promise.then(() => null, (e) => e.code);
  await withGlobals(b.globals, async () => {
    const ceremonies = fresh();
    const tick = () => new Promise((r) => setTimeout(r, 10));
    // The autofill one waits; a modal one ends it.
    const autofill = codeOf(ceremonies.run(c, false, { autoFill: true }));
    await tick();
    assert.equal(b.asked[0][1].mediation, "conditional");
    assert.ok(!("allowCredentials" in b.asked[0][1].publicKey), "a conditional sign-in lists no credentials");
    const controller = new AbortController();
    const modal = codeOf(ceremonies.run(c, false, { signal: controller.signal }));
    assert.equal(await autofill, "PASSKEY_ABORTED");
    await tick();
    controller.abort();
    assert.equal(await modal, "PASSKEY_ABORTED");
    // A signal belongs to its call: aborting it after that call ended leaves a later one alone.
    const later = codeOf(ceremonies.run(c, false, {}));
    await tick();
    controller.abort();
    const waited = await Promise.race([later.then(() => "ended"), new Promise((r) => setTimeout(() => r("still pending"), 50))]);
    assert.equal(waited, "still pending");
    ceremonies.cancel();
    assert.equal(await later, "PASSKEY_ABORTED");
  });
});

test("disposed during the ceremony: CLIENT_DISPOSED", async () => {
  let disposed = false;
  const ceremonies = passkeys(wasmError, () => disposed);
  const b = browser(waitForAbort);
  const c = fakeClient({ "/passkey/generate-authenticate-options": request() });
  await withGlobals(b.globals, async () => {
    const pending = ceremonies.run(c, false, {});
    await new Promise((r) => setTimeout(r, 10));
    disposed = true;
    ceremonies.cancel();
    await assert.rejects(pending, (e) => e.code === "CLIENT_DISPOSED");
  });
});

test("the browser's refusals and odd answers", async () => {
  const c = fakeClient({ "/passkey/generate-authenticate-options": request(), "/passkey/generate-register-options": creation() });
  const run = (answer, create = false) =>
    withGlobals(browser(answer).globals, () => fresh().run(c, create, {})).then(
      () => null,
      (e) => [e.code, e.message],
    );
  assert.deepEqual(await run(async () => null), ["PASSKEY_CANCELLED", "the passkey ceremony was cancelled or timed out (NotAllowedError: no credential)"]);
  assert.deepEqual(await run(async () => Promise.reject(new DOMException("exists", "InvalidStateError")), true), [
    "PASSKEY_ALREADY_REGISTERED",
    "this authenticator already holds a passkey for this account (InvalidStateError: exists)",
  ]);
  // Thrown synchronously, or something that is not an exception.
  assert.deepEqual(await run(() => { throw new TypeError("bad"); }), ["PASSKEY_FAILED", "the passkey ceremony failed (TypeError: bad)"]);
  assert.deepEqual(await run(async () => Promise.reject("odd")), ["PASSKEY_FAILED", "the passkey ceremony failed (: )"]);
  // Not an assertion: no signature.
  assert.deepEqual(await run(async () => ({ rawId: buf(1), response: { clientDataJSON: buf(2), authenticatorData: buf(3) } })), [
    "INVALID_RESPONSE",
    "passkey credential: no `response.signature`",
  ]);
});

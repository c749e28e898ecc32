// The package imported where there is no browser (server rendering, Node): nothing crashes, no
// global is touched, the client is inert and says so, and React renders the signed-out state.
import { test } from "node:test";
import assert from "node:assert/strict";

test("importing the package in Node touches no browser global", async () => {
  const before = Object.keys(globalThis).sort();
  const mod = await import("better-auth-wasm");
  assert.equal(typeof mod.createAuthClient, "function");
  assert.equal(typeof globalThis.window, "undefined");
  assert.deepEqual(Object.keys(globalThis).sort(), before);
});

test("a client created on the server is inert", async () => {
  const { createAuthClient } = await import("better-auth-wasm");
  const auth = createAuthClient({ baseURL: "http://127.0.0.1:3000", apiOrigins: ["http://127.0.0.1:4000"] });
  assert.equal(auth.getState().status, "unauthenticated");
  assert.strictEqual(auth.getState(), auth.getState(), "a stable snapshot");
  const r = await auth.signIn.email({ email: "a@example.com", password: "password123" });
  assert.equal(r.data, null);
  assert.equal(r.error.code, "NOT_IN_BROWSER");
  await assert.rejects(auth.fetch("http://127.0.0.1:4000/api/me"), (e) => e.code === "NOT_IN_BROWSER");
  const unsubscribe = auth.subscribe(() => {});
  unsubscribe();
  auth.dispose();
});

test("pathOf maps a property chain as better-auth/client's proxy does", async () => {
  const { pathOf } = await import("better-auth-wasm");
  const cases = [
    [["twoFactor", "verifyTotp"], "/two-factor/verify-totp"],
    [["twoFactor", "getTotpUri"], "/two-factor/get-totp-uri"],
    [["organization", "setActive"], "/organization/set-active"],
    [["organization", "getFullOrganization"], "/organization/get-full-organization"],
    [["deleteUser"], "/delete-user"],
    [["signIn", "magicLink"], "/sign-in/magic-link"],
    [["emailOtp", "sendVerificationOtp"], "/email-otp/send-verification-otp"],
    [["forgetPassword", "emailOtp"], "/forget-password/email-otp"],
    [["admin", "impersonateUser"], "/admin/impersonate-user"],
    [["multiSession", "listDeviceSessions"], "/multi-session/list-device-sessions"],
    [["oneTimeToken", "generate"], "/one-time-token/generate"],
    [["token"], "/token"],
    // toKebabCase's word rules: a run of capitals is one word, digits stay in theirs.
    [["oauth2", "callbackURL"], "/oauth2/callback-url"],
    [["getJWKSKeys"], "/get-jwks-keys"],
    [["siwe", "getNonce"], "/siwe/get-nonce"],
  ];
  for (const [segments, path] of cases) assert.equal(pathOf(segments), path, segments.join("."));
});

test("on the server, any endpoint answers NOT_IN_BROWSER; the proxy survives await and inspection", async () => {
  const { inspect } = await import("node:util");
  const { createAuthClient, isBetterAuthWasmError } = await import("better-auth-wasm");
  const before = Object.keys(globalThis).sort();
  const auth = createAuthClient({ baseURL: "http://127.0.0.1:3000" });
  for (const r of [
    await auth.twoFactor.verifyTotp({ code: "123456" }),
    await auth.organization.setActive({ organizationId: "org" }, { method: "POST" }),
    await auth.deleteUser(),
    await auth.signIn.magicLink({ email: "a@example.com" }),
    await auth.signIn.social({ provider: "google", idToken: { token: "t" } }),
    await auth.$fetch("/some-plugin/some-path", { method: "POST", body: { a: 1 } }),
  ]) {
    assert.deepEqual(r, { data: null, error: { code: "NOT_IN_BROWSER", message: "better-auth-wasm runs in a browser", status: 0 } });
  }
  // `await auth` is the client, not a call to "/then".
  assert.equal(auth.then, undefined);
  assert.equal(auth.twoFactor.then, undefined);
  assert.strictEqual(await auth, auth);
  const organization = auth.organization;
  assert.strictEqual(await organization, organization);
  // What React, devtools, JSON and util.inspect look for is not a route.
  for (const target of [auth, auth.signIn, auth.organization]) {
    for (const prop of [Symbol.toPrimitive, Symbol.iterator, inspect.custom, "toJSON", "$$typeof", "@@iterator", "_reactFragment"]) {
      assert.equal(target[prop], undefined, `${String(prop)}`);
    }
  }
  assert.equal(typeof inspect(auth), "string");
  assert.equal(typeof JSON.stringify(auth), "string");
  assert.equal(String(auth), "[object Object]");
  // Routes are made on demand: only the explicit members are keys; they win over the proxy.
  assert.deepEqual(Object.keys(auth).sort(), ["$fetch", "api", "diagnose", "dispose", "fetch", "getServerState", "getSession", "getState", "hydrateSession", "jwks", "passkey", "ready", "signIn", "signOut", "signUp", "subscribe", "token"]);
  assert.deepEqual(Object.keys(auth.signIn).sort(), ["email", "passkey", "social"]);
  assert.equal(typeof auth.organization, "function");
  assert.equal(typeof auth.organization.setActive, "function");
  assert.equal(auth.getState().status, "unauthenticated");
  // `fetch` rejects with a BetterAuthWasmError, as the wasm side's errors are.
  await assert.rejects(auth.fetch("http://127.0.0.1:4000/api/me"), (e) => {
    assert.ok(isBetterAuthWasmError(e));
    assert.equal(e.name, "BetterAuthWasmError");
    assert.equal(e.code, "NOT_IN_BROWSER");
    assert.equal(e.status, 0);
    return true;
  });
  assert.equal(isBetterAuthWasmError(new Error("x")), false);
  // The class recognises every error the client throws, its own and the wasm side's plain ones.
  const { BetterAuthWasmError } = await import("better-auth-wasm");
  const plain = Object.assign(new Error("m"), { name: "BetterAuthWasmError", code: "X", status: 0 });
  assert.ok(plain instanceof BetterAuthWasmError);
  assert.ok(new BetterAuthWasmError("X", "m") instanceof Error);
  assert.equal(new BetterAuthWasmError("X", "m").code, "X");
  assert.equal(new Error("x") instanceof BetterAuthWasmError, false);
  // On the server, one client serves every request: hydrateSession changes nothing there.
  auth.hydrateSession({ user: { id: "u", email: "leak@example.com" }, session: { id: "s" } });
  assert.equal(auth.getState().user, null);
  assert.equal(isBetterAuthWasmError({ name: "BetterAuthWasmError", code: "X", status: 0 }), false, "a real Error only");
  // A disposed client says so.
  auth.dispose();
  const r = await auth.admin.impersonateUser({ userId: "u" });
  assert.equal(r.error.code, "CLIENT_DISPOSED");
  await assert.rejects(auth.ready(), (e) => isBetterAuthWasmError(e) && e.code === "CLIENT_DISPOSED");
  assert.deepEqual(Object.keys(globalThis).sort(), before);
});

test("React server rendering: useSession has better-auth/react's shape, pending (as hydration will be)", async () => {
  const { createElement } = await import("react");
  const { renderToString } = await import("react-dom/server");
  const { createAuthClient } = await import("better-auth-wasm");
  const { AuthProvider, useSession, useAuthState } = await import("better-auth-wasm/react");
  const auth = createAuthClient({ baseURL: "http://127.0.0.1:3000" });
  let seen;
  function Who() {
    const s = useSession();
    seen = s;
    const state = useAuthState();
    return createElement("p", null, `pending: ${s.isPending}, data: ${JSON.stringify(s.data)}, status: ${state.status}`);
  }
  const html = renderToString(createElement(AuthProvider, { client: auth }, createElement(Who)));
  assert.match(html, /pending: true, data: null, status: loading/);
  assert.deepEqual(Object.keys(seen).sort(), ["data", "error", "isPending", "isRefetching", "refetch"]);
  assert.equal(seen.isRefetching, false);
  assert.equal(seen.error, null);
  assert.equal(typeof seen.refetch, "function");
});

test("React server rendering with the server's session (AuthProvider session): the data, dates as Date", async () => {
  const { createElement } = await import("react");
  const { renderToString } = await import("react-dom/server");
  const { createAuthClient } = await import("better-auth-wasm");
  const { AuthProvider, useSession } = await import("better-auth-wasm/react");
  const auth = createAuthClient({ baseURL: "http://127.0.0.1:3000" });
  const session = {
    user: { id: "u1", email: "ada@example.com", createdAt: "2026-11-30T10:00:00.000Z" },
    session: { id: "s1", expiresAt: "2026-12-07T10:00:00.000Z" },
  };
  let seen;
  function Who() {
    seen = useSession();
    return createElement("p", null, seen.data ? seen.data.user.email : "nobody");
  }
  const html = renderToString(createElement(AuthProvider, { client: auth, session }, createElement(Who)));
  assert.match(html, /ada@example.com/);
  assert.equal(seen.isPending, false);
  assert.ok(seen.data.user.createdAt instanceof Date);
  assert.equal(seen.data.session.expiresAt.toISOString(), "2026-12-07T10:00:00.000Z");
  const none = renderToString(createElement(AuthProvider, { client: auth, session: null }, createElement(Who)));
  assert.match(none, /nobody/);
  assert.equal(seen.isPending, false);
  // The shared client was not changed by either render.
  assert.equal(auth.getState().user, null);
});

test("withDates reads ISO-8601 date-times as Better Auth's client does, nothing else", async () => {
  const { withDates } = await import("better-auth-wasm");
  const out = withDates({ a: "2026-11-30T10:00:00Z", b: "2026-11-30", c: "hello", d: [{ e: "2026-11-30T10:00:00.123+01:00" }], f: 3, g: null });
  assert.ok(out.a instanceof Date);
  assert.equal(out.b, "2026-11-30");
  assert.equal(out.c, "hello");
  assert.ok(out.d[0].e instanceof Date);
  assert.equal(out.f, 3);
  assert.equal(out.g, null);
});

test("useSession outside a provider is a clear error", async () => {
  const { createElement } = await import("react");
  const { renderToString } = await import("react-dom/server");
  const { useSession } = await import("better-auth-wasm/react");
  function Lost() {
    useSession();
    return null;
  }
  assert.throws(() => renderToString(createElement(Lost)), /AuthProvider/);
});

test("the inline entry (wasm embedded) imports in Node without touching a browser global", async () => {
  const before = Object.keys(globalThis).sort();
  const inline = await import("better-auth-wasm/inline");
  const main = await import("better-auth-wasm");
  assert.deepEqual(Object.keys(inline).sort(), Object.keys(main).sort(), "the same API");
  assert.notStrictEqual(inline.createAuthClient, main.createAuthClient, "its own copy, over a glue that never names the .wasm");
  assert.deepEqual(Object.keys(globalThis).sort(), before);
  const auth = inline.createAuthClient({ baseURL: "http://127.0.0.1:3000" });
  assert.equal(auth.getState().status, "unauthenticated");
});

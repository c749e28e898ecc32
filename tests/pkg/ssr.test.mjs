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

test("React server rendering with useSession renders the loading state (as hydration will)", async () => {
  const { createElement } = await import("react");
  const { renderToString } = await import("react-dom/server");
  const { createAuthClient } = await import("better-auth-wasm");
  const { AuthProvider, useSession } = await import("better-auth-wasm/react");
  const auth = createAuthClient({ baseURL: "http://127.0.0.1:3000" });
  function Who() {
    const s = useSession();
    return createElement("p", null, `status: ${s.status}`);
  }
  const html = renderToString(createElement(AuthProvider, { client: auth }, createElement(Who)));
  assert.match(html, /status: loading/);
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
  assert.strictEqual(inline.createAuthClient, main.createAuthClient);
  assert.deepEqual(Object.keys(globalThis).sort(), before);
  const auth = inline.createAuthClient({ baseURL: "http://127.0.0.1:3000" });
  assert.equal(auth.getState().status, "unauthenticated");
});

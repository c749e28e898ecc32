// Test-only page of tests/faults/: a client whose baseURL, issuer, audience and apiOrigins come from
// the query string (so that it can talk to the fault proxy while expecting the real server's iss/aud).
// Exposes `window.auth`, the events it saw (`window.events`), and the wasm module's memory size.
import { createAuthClient, init } from "/pkg/index.js";

const q = new URLSearchParams(location.search);
const options = {
  baseURL: q.get("base"),
  apiOrigins: (q.get("api") || "").split(",").filter(Boolean),
};
if (q.get("issuer")) options.issuer = q.get("issuer");
if (q.get("audience")) options.audience = q.get("audience");
if (q.get("jwksPath")) options.jwksPath = q.get("jwksPath");
if (q.get("crossTab") === "0") options.crossTab = false;

window.events = [];
window.unauthorizedCalls = 0;
// Every 401 an `auth.fetch` attempt got (a retried call hides its first 401 from the caller).
window.responses401 = [];
options.onResponse = (response) => {
  if (response.status === 401) window.responses401.push(response.url);
};
options.onUnauthorized = () => {
  window.unauthorizedCalls++;
};
const auth = createAuthClient(options);
window.auth = auth;
auth.subscribe((event) => {
  const e = { type: event.type, at: Date.now(), status: event.state && event.state.status };
  if (event.error) e.code = event.error.code;
  if (event.retryAt) e.retryAt = event.retryAt;
  if (event.type !== "state") window.events.push(e);
  document.getElementById("status").textContent = event.state.status;
});
const wasm = await init();
window.wasmMemoryBytes = () => wasm.memory.buffer.byteLength;
await auth.ready();
document.body.dataset.ready = "true";

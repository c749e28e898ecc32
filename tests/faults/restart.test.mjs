// The real auth server restarts: its listener closes and its open connections are cut, for 12 s;
// then a new Better Auth instance over the same database file and secret listens on the same port
// (www/server/stack.mjs, through the auth proxy's POST /__faults/restart). Runs alone: every client
// of the stack loses the server meanwhile.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { AUTH_PROXY, newLane, openClient, outageScenario, scenario } from "./harness.mjs";

const FILE = fileURLToPath(import.meta.url);

async function restartAuth(downMs) {
  const r = await fetch(`${AUTH_PROXY()}/__faults/restart`, { method: "POST", body: JSON.stringify({ downMs }) });
  assert.equal(r.status, 200);
  return r.json();
}

test("auth server restarted (same database)", () =>
  scenario(FILE, "auth server restarted: gone 12 s (listener closed, connections cut), then a new instance over the same database and secret", "calls fail fast with NETWORK_ERROR once the held token is used up; bounded attempts while away; after the restart the session cookie and signing key still hold: recovery at the retry the last failure announced, same user, no sign-out", async () => {
    const c = await openClient(newLane("restart"));
    try {
      return await outageScenario(c, { outage: async () => (await restartAuth(12_000)).upAt });
    } finally {
      await c.close();
    }
  }));

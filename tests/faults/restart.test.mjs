// The real auth server restarts: its listener closes and its open connections are cut, for 12 s;
// then a new Better Auth instance over the same database file and secret listens on the same port
// (www/server/stack.mjs, through the auth proxy's POST /__faults/restart). Runs alone: every client
// of the stack loses the server meanwhile.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  AUTH_PROXY, TOKEN, assertNoLeak, callFor, callUntilRecovered, countEvents, events, launch, n, newLane, openClient,
  proxyStats, scenario, signUp, summarize,
} from "./harness.mjs";

const FILE = fileURLToPath(import.meta.url);

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function restartAuth(downMs) {
  const r = await fetch(`${AUTH_PROXY()}/__faults/restart`, { method: "POST", body: JSON.stringify({ downMs }) });
  assert.equal(r.status, 200);
  return r.json();
}

test("auth server restarted (same database)", () =>
  scenario(FILE, "auth server restarted: gone 12 s (listener closed, connections cut), then a new instance over the same database and secret", "calls fail fast with NETWORK_ERROR once the held token is used up; after the restart the session cookie and signing key still hold: recovery at the retry the last failure announced, same user, no sign-out; attempts bounded", async () => {
    const c = await openClient(browser, newLane("restart"));
    try {
      await signUp(c);
      // A session in progress: the API has verified this user's tokens (and cached the JWKS).
      const warm = await callFor(c, 1, 0);
      assert.ok(warm[0].ok, summarize(warm));
      const restarted = restartAuth(12_000);
      const down = await callFor(c, 11_000);
      const { downAt, upAt } = await restarted;
      const whileDown = n(await proxyStats(AUTH_PROXY(), c.lane), TOKEN).total;
      const { calls: after, firstOkAt, promisedAt } = await callUntilRecovered(c);
      const me = await c.page.evaluate(async (base) => (await window.auth.api.get(`${base}/api/me`)).sub, c.apiBase);
      const ev = await events(c);
      const st = await proxyStats(AUTH_PROXY(), c.lane);
      const rel = (t) => (t === null ? "never" : `${t - upAt >= 0 ? "+" : ""}${t - upAt} ms`);
      const afterOk = firstOkAt === null ? [] : after.filter((r) => r.at > firstOkAt);
      return {
        observed: `down ${upAt - downAt} ms: ${summarize(down)}; after the restart: first success ${rel(firstOkAt)} (retry announced for ${rel(promisedAt)}), then ${summarize(afterOk)}; /api/me sub ${me === c.sub ? "unchanged" : me}; ${countEvents(ev, "refreshFailed")} refreshFailed, signedOut ${countEvents(ev, "signedOut")}`,
        requests: `/token ${n(st, TOKEN).total} (${whileDown} while down)`,
        check: async () => {
          assert.ok(firstOkAt !== null, `not recovered: ${summarize(after)}`);
          assert.ok(firstOkAt <= Math.max(promisedAt, upAt) + 3_000, `recovered ${rel(firstOkAt)}, retry was announced for ${rel(promisedAt)}`);
          assert.ok(afterOk.every((r) => r.ok), `after recovery: ${summarize(afterOk)}`);
          assert.equal(me, c.sub, "the session after the restart is the same user's");
          assert.equal(countEvents(ev, "signedOut"), 0);
          // Backoff floor 1 s: 12 s down allow at most 12 retries + the first attempt.
          assert.ok(whileDown <= 13, `attempts while down: ${whileDown}`);
          assert.ok([...down, ...after].every((r) => r.ok || r.error === "NETWORK_ERROR"), summarize([...down, ...after]));
          await assertNoLeak(c);
        },
      };
    } finally {
      await c.close();
    }
  }));

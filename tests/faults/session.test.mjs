// Session-level faults: get-session and JWKS failures at load, revocation on the server, the
// server going away and coming back, the browser offline, a tab asleep past expiry, and a client
// clock an hour off.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  AUTH, AUTH_PROXY, WEB, apiStats, assertNoLeak, callFor, clearFaults, countEvents, events, fault, n,
  newLane, openClient, outageScenario, proxyStats, scenario, setDown, signUp, sleep, summarize,
  JWKS, SESSION, TOKEN,
} from "./harness.mjs";

const FILE = fileURLToPath(import.meta.url);

const state = (c) => c.page.evaluate(() => window.auth.getState().status);
const oneCall = async (c) => (await callFor(c, 1, 0))[0];

async function reloadWith(c, rules) {
  for (const r of rules) await fault(AUTH_PROXY(), { lane: c.lane, ...r });
  await c.page.reload();
  await c.page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
  await c.page.waitForFunction(() => window.auth.getState().status !== "loading", null, { timeout: 15_000 });
}

describe("session faults", { concurrency: 11 }, () => {
  for (const [mode, extra] of [["status", { status: 503 }], ["reset", {}], ["malformed", {}]]) {
    const name = `/get-session ${mode === "status" ? "503" : mode} at page load ×1`;
    test(name, () =>
      scenario(FILE, name, "the load reports signed out (no crash); the session is loaded again when the network comes back (online event), then the API answers", async () => {
        const c = await openClient(newLane(`gs-${mode}`));
        try {
          await signUp(c);
          await reloadWith(c, [{ path: "/api/auth/get-session", mode, count: 1, ...extra }]);
          const afterLoad = await state(c);
          // No call from the app: the client asks again by itself when the browser reports `online`.
          await c.page.evaluate(() => window.dispatchEvent(new Event("online")));
          const again = await c.page
            .waitForFunction(() => window.auth.getState().status === "authenticated", null, { timeout: 5_000 })
            .then(() => "ok", () => "still " + "unauthenticated");
          const call = await oneCall(c);
          const st = await proxyStats(AUTH_PROXY(), c.lane);
          return {
            observed: `after load: ${afterLoad}; after the online event: ${again}; then the API: ${call.status || call.error}; errors on the page: ${c.pageErrors.length}`,
            requests: `get-session ${n(st, SESSION).total} (${n(st, SESSION).faulted} faulted), /token ${n(st, TOKEN).total}`,
            check: async () => {
              assert.equal(again, "ok");
              assert.equal(call.ok, true, JSON.stringify(call));
              assert.deepEqual(c.pageErrors, []);
              // Chromium itself retries a request whose reused connection was reset.
              assert.ok(n(st, SESSION).total <= 6, "get-session loop");
              await assertNoLeak(c);
            },
          };
        } finally {
          await c.close();
        }
      }),
    );
  }

  test("/jwks 503 ×1 at sign-up (cold cache)", () =>
    scenario(FILE, "/jwks 503 ×1 at sign-up (cold cache)", "no unverified token is sent; the next token attempt (backoff 1-3 s) fetches the JWKS again and calls recover within seconds", async () => {
      const c = await openClient(newLane("jwks-cold"));
      try {
        await fault(AUTH_PROXY(), { lane: c.lane, path: "/api/auth/jwks", mode: "status", status: 503, count: 1 });
        const t0 = Date.now();
        await signUp(c, "jwks", { waitToken: false });
        const calls = await callFor(c, 12_000, 500);
        const st = await proxyStats(AUTH_PROXY(), c.lane);
        const apiSt = await proxyStats(c.apiBase.replace(/\/lane\/.*/, ""), c.lane);
        const firstOk = calls.findIndex((r) => r.ok);
        const recoveredAfter = calls.slice(0, Math.max(firstOk, 0)).reduce((a, r) => a + r.ms + 500, 0);
        return {
          observed: `calls ${summarize(calls)}; first success ${firstOk >= 0 ? `after ${(recoveredAfter / 1000).toFixed(1)} s` : "never"}; refused calls sent no request to the API`,
          requests: `jwks ${n(st, JWKS).total} (${n(st, JWKS).faulted} faulted), /token ${n(st, TOKEN).total}, get-session ${n(st, SESSION).total}, API ${Object.values(apiSt).reduce((a, v) => a + v.total, 0)}`,
          check: async () => {
            assert.ok(firstOk >= 0, `never recovered: ${summarize(calls)}`);
            assert.ok(calls.slice(firstOk).every((r) => r.ok), summarize(calls));
            assert.ok(n(st, JWKS).total <= 3, "JWKS loop");
            assert.ok(n(st, TOKEN).total <= 12, "/token loop");
            assert.ok(recoveredAfter <= 8_000, `recovered after ${recoveredAfter} ms`);
          },
        };
      } finally {
        await c.close();
      }
    }),
  );

  test("/jwks down for good (cold cache)", () =>
    scenario(FILE, "/jwks down for good (cold cache)", "no unverified token is ever sent; calls fail fast with an error; JWKS requests bounded", async () => {
      const c = await openClient(newLane("jwks-down"));
      try {
        await fault(AUTH_PROXY(), { lane: c.lane, path: "/api/auth/jwks", mode: "status", status: 503 });
        await signUp(c, "jwks", { waitToken: false });
        const calls = await callFor(c, 8_000);
        const st = await proxyStats(AUTH_PROXY(), c.lane);
        const apiSt = await proxyStats(c.apiBase.replace(/\/lane\/.*/, ""), c.lane);
        const withAuth = Object.values(apiSt).reduce((a, v) => a + v.withAuthorization, 0);
        return {
          observed: `calls ${summarize(calls)}, slowest ${Math.max(...calls.map((r) => r.ms))} ms; API requests with Authorization: ${withAuth}`,
          requests: `jwks ${n(st, JWKS).total}, /token ${n(st, TOKEN).total}, get-session ${n(st, SESSION).total}`,
          check: async () => {
            assert.equal(withAuth, 0, "a token nobody could verify was sent");
            assert.ok(calls.length >= 5, `calls hang: ${JSON.stringify(calls)}`);
            // At most one JWKS request per token received (those are paced by the backoff).
            assert.ok(n(st, JWKS).total <= n(st, TOKEN).total + n(st, SESSION).total, `JWKS loop: ${n(st, JWKS).total}`);
            assert.ok(n(st, JWKS).total <= 8, `JWKS loop: ${n(st, JWKS).total}`);
            assert.ok(n(st, TOKEN).total <= 8, `/token loop: ${n(st, TOKEN).total}`);
            await assertNoLeak(c);
          },
        };
      } finally {
        await clearFaults(AUTH_PROXY(), c.lane);
        await c.close();
      }
    }),
  );

  test("session revoked on the server", () =>
    scenario(FILE, "session revoked on the server (revoke-sessions from another device)", "the next refresh gets 401: signed out once, onUnauthorized once, calls reject NO_SESSION, no more /token", async () => {
      const c = await openClient(newLane("revoked"));
      try {
        await signUp(c);
        const cookie = (await c.context.cookies()).map((k) => `${k.name}=${k.value}`).join("; ");
        const r = await fetch(`${AUTH()}/api/auth/revoke-sessions`, {
          method: "POST",
          headers: { cookie, origin: WEB(), "content-type": "application/json" },
          body: "{}",
        });
        assert.equal(r.status, 200, await r.text());
        const calls = await callFor(c, 14_000);
        const ev = await events(c);
        const unauthorizedCalls = await c.page.evaluate(() => window.unauthorizedCalls);
        const st = await proxyStats(AUTH_PROXY(), c.lane);
        const lastOk = calls.map((r) => r.ok).lastIndexOf(true);
        const finalState = await state(c);
        return {
          observed: `calls ${summarize(calls)}; state ${finalState}; signedOut ${countEvents(ev, "signedOut")}, onUnauthorized ${unauthorizedCalls}`,
          requests: `/token ${n(st, TOKEN).total}, get-session ${n(st, SESSION).total}`,
          check: async () => {
            assert.equal(finalState, "unauthenticated");
            assert.equal(countEvents(ev, "signedOut"), 1);
            assert.equal(unauthorizedCalls, 1);
            assert.ok(calls.slice(lastOk + 1).every((r) => r.error === "NO_SESSION"), summarize(calls));
            assert.ok(n(st, TOKEN).total <= 2, `/token after revocation: ${n(st, TOKEN).total}`);
            await assertNoLeak(c);
          },
        };
      } finally {
        await c.close();
      }
    }),
  );

  test("auth server unreachable for 12 s, then reachable again", () =>
    scenario(FILE, "auth server unreachable for 12 s (the proxy resets every connection of the lane), then reachable again", "calls fail fast with NETWORK_ERROR once the held token is used up; bounded attempts while away; once back, recovery at the retry the last failure announced (backoff, at most 60 s), same user, no sign-out", async () => {
      const c = await openClient(newLane("unreachable"));
      try {
        return await outageScenario(c, {
          outage: async () => {
            await setDown(AUTH_PROXY(), c.lane, true);
            await sleep(12_000);
            await setDown(AUTH_PROXY(), c.lane, false);
            return Date.now();
          },
        });
      } finally {
        await setDown(AUTH_PROXY(), c.lane, false);
        await c.close();
      }
    }),
  );

  test("browser offline for 12 s, then online", () =>
    scenario(FILE, "browser offline 12 s (context.setOffline), then online", "calls fail with NETWORK_ERROR while offline, bounded refresh attempts; `online` triggers the refresh; calls succeed at once after", async () => {
      const c = await openClient(newLane("offline"));
      try {
        await signUp(c);
        await c.context.setOffline(true);
        const offline = await callFor(c, 12_000, 1000);
        const evOff = await events(c);
        await c.context.setOffline(false);
        const online = await callFor(c, 4_000);
        const ev = await events(c);
        const st = await proxyStats(AUTH_PROXY(), c.lane);
        return {
          observed: `offline: ${summarize(offline)}, ${countEvents(evOff, "refreshFailed")} refreshFailed; online: ${summarize(online)}, first call ${online[0].ms} ms; signedOut ${countEvents(ev, "signedOut")}`,
          requests: `/token reaching the server ${n(st, TOKEN).total}`,
          check: async () => {
            assert.ok(online.every((r) => r.ok), summarize(online));
            assert.ok(countEvents(evOff, "refreshFailed") <= 6, "refresh loop while offline");
            assert.equal(countEvents(ev, "signedOut"), 0);
            assert.ok(offline.every((r) => r.ok || r.status === 0), summarize(offline));
            await assertNoLeak(c);
          },
        };
      } finally {
        await c.context.setOffline(false);
        await c.close();
      }
    }),
  );

  test("tab asleep past expiry", () =>
    scenario(FILE, "tab asleep 30 s past expiry (page.clock: timers paused, clock jumps)", "the first call after waking refreshes before sending: no 401 at the API, one /token", async () => {
      const c = await openClient(newLane("sleep"), { before: (_ctx, page) => page.clock.install() });
      try {
        await signUp(c);
        const before = n(await proxyStats(AUTH_PROXY(), c.lane), TOKEN).total;
        const t = await c.page.evaluate(() => Date.now());
        await c.page.clock.pauseAt(t + 500);
        await c.page.clock.setSystemTime(t + 30_000);
        const wake = await c.page.evaluate(async (base) => {
          const res = await window.auth.fetch(`${base}/api/echo`, { method: "POST", body: "wake" });
          return { status: res.status, body: (await res.json()).body };
        }, c.apiBase);
        await c.page.clock.resume();
        const st = await proxyStats(AUTH_PROXY(), c.lane);
        const api = await apiStats(c.sub);
        const tokens = n(st, TOKEN).total - before;
        return {
          observed: `first call after waking: ${wake.status}, body ${wake.body === "wake" ? "intact" : "LOST"}; API 401s ${api.unauthorized}`,
          requests: `/token after waking ${tokens}`,
          check: async () => {
            assert.equal(wake.status, 200);
            assert.equal(wake.body, "wake");
            assert.equal(api.unauthorized, 0, "an expired token was sent");
            assert.ok(tokens >= 1 && tokens <= 2, `/token after waking: ${tokens}`);
            await assertNoLeak(c);
          },
        };
      } finally {
        await c.close();
      }
    }),
  );

  for (const skewH of [1, -1]) {
    const name = `client clock ${skewH > 0 ? "1 h fast" : "1 h slow"}`;
    test(name, () =>
      scenario(FILE, name, "tokens accepted and refreshed on schedule (lifetime measured locally): no 401, no refresh loop", async () => {
        const c = await openClient(newLane(`skew${skewH}`), {
          before: (_ctx, page) => page.clock.install({ time: new Date(Date.now() + skewH * 3_600_000) }),
        });
        try {
          await signUp(c);
          const calls = await callFor(c, 22_000);
          const st = await proxyStats(AUTH_PROXY(), c.lane);
          const api = await apiStats(c.sub);
          const ev = await events(c);
          return {
            observed: `calls ${summarize(calls)} over 22 s; API 401s ${api.unauthorized}; ${countEvents(ev, "tokenRefreshed")} refreshes, ${countEvents(ev, "refreshFailed")} failures`,
            requests: `/token ${n(st, TOKEN).total}, get-session ${n(st, SESSION).total}`,
            check: async () => {
              assert.ok(calls.every((r) => r.ok), summarize(calls));
              assert.equal(api.unauthorized, 0);
              // 10 s tokens count 9 s (exp − iat − 1 s) and are refreshed every 3.6-4.5 s: at most
              // 1 + 22 / 3.6 = 7 in 22 s.
              assert.ok(n(st, TOKEN).total >= 2 && n(st, TOKEN).total <= 7, `/token ${n(st, TOKEN).total}`);
              await assertNoLeak(c);
            },
          };
        } finally {
          await c.close();
        }
      }),
    );
  }
});

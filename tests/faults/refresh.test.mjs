// Faults on the refresh path (/token, /get-session, /jwks) while the page keeps calling the API:
// each must end with the API answering, a bounded number of requests, and every body intact.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  AUTH_PROXY, apiStats, assertNoLeak, callFor, clearFaults, countEvents, events, fault, n, newLane,
  openClient, proxyStats, scenario, signUp, sleep, summarize,
  JWKS, SESSION, TOKEN,
} from "./harness.mjs";

const FILE = fileURLToPath(import.meta.url);

/**
 * Signs up (token from get-session), installs `rules` on the auth proxy, then calls the API every
 * 500 ms for `ms` (over the refresh point at ~5 s and the expiry at 10 s).
 */
async function underFault({ tag, rules, ms = 16_000, maxToken, maxFailedCalls = 30, minRetryAfterMs = 0 }) {
  const lane = newLane(tag);
  const c = await openClient(lane);
  try {
    await signUp(c);
    for (const r of rules) await fault(AUTH_PROXY(), { lane, ...r });
    const calls = await callFor(c, ms);
    const st = await proxyStats(AUTH_PROXY(), lane);
    const ev = await events(c);
    const api = await apiStats(c.sub);
    const failed = calls.filter((r) => !r.ok);
    const slowest = Math.max(...calls.map((r) => r.ms));
    const token = n(st, TOKEN);
    return {
      observed: `calls ${summarize(calls)}, slowest ${slowest} ms; ${countEvents(ev, "refreshFailed")} refreshFailed, ${countEvents(ev, "signedOut")} signedOut; API 401s ${api.unauthorized}`,
      requests: `/token ${token.total} (${token.faulted} faulted), get-session ${n(st, SESSION).total}, jwks ${n(st, JWKS).total}, API ${api.requests}`,
      check: async () => {
        // While no valid token is left (10 s JWTs: the 5 s margin is shorter than the backoff),
        // calls fail at once with the refresh's error: never a hang, never a 401 from the API.
        assert.ok(failed.length <= maxFailedCalls, `failed calls: ${JSON.stringify(failed.slice(0, 3))}`);
        assert.ok(failed.every((r) => r.status === 0 && r.error && r.ms < 16_000), JSON.stringify(failed.slice(0, 3)));
        assert.ok(calls.slice(-4).every((r) => r.ok), `not recovered: ${summarize(calls.slice(-4))}`);
        if (minRetryAfterMs) {
          const f = ev.find((e) => e.type === "refreshFailed");
          assert.ok(f && f.retryAt - f.at >= minRetryAfterMs, `x-retry-after not honoured: ${JSON.stringify(f)}`);
        }
        assert.ok(calls.length >= 10, `only ${calls.length} calls went through in ${ms} ms`);
        // No retry loop: the faulted attempts are exactly the injected ones, then the requests
        // of the normal schedule (one per ~5 s of the 10 s lifetime).
        const injected = rules.filter((r) => r.path === "/api/auth/token").reduce((a, r) => a + (r.count ?? 0), 0);
        if (injected) assert.equal(token.faulted, injected);
        const healthy = token.total - token.faulted;
        assert.ok(healthy <= maxToken, `${healthy} /token after the faults (max ${maxToken}): a loop`);
        assert.ok(token.total >= 1, "the token was never refreshed");
        assert.equal(countEvents(ev, "signedOut"), 0);
        assert.equal(api.unauthorized, 0, "the API refused a token");
        await assertNoLeak(c);
      },
    };
  } finally {
    await clearFaults(AUTH_PROXY(), lane);
    await c.close();
  }
}

// Requests of the normal schedule in a window: one per 3.6-4.5 s (10 s tokens count 9 s, exp − iat
// − 1 s), plus the first: 1 + 20 / 3.6 = 6 in 20 s (the hang case's 28 s include the 15 s hang).
const HEALTHY = 6;
const cases = [
  { tag: "token-500", name: "/token 500 ×2", rules: [{ path: "/api/auth/token", mode: "status", status: 500, count: 2 }], maxToken: HEALTHY, ms: 20_000, expected: "backoff with jitter (1 s, then up to ×3), then a token; calls fail fast only while no valid token is left, then recover" },
  { tag: "token-502", name: "/token 502 ×2", rules: [{ path: "/api/auth/token", mode: "status", status: 502, count: 2 }], maxToken: HEALTHY, ms: 20_000, expected: "backoff, then a token; calls fail fast only while no valid token is left" },
  { tag: "token-503", name: "/token 503 ×2", rules: [{ path: "/api/auth/token", mode: "status", status: 503, count: 2 }], maxToken: HEALTHY, ms: 20_000, expected: "backoff, then a token; calls fail fast only while no valid token is left" },
  { tag: "token-reset", name: "/token connection reset ×2", rules: [{ path: "/api/auth/token", mode: "reset", count: 2 }], maxToken: HEALTHY, ms: 20_000, expected: "NETWORK_ERROR, backoff, then a token (Chromium itself retries a reset keep-alive request once)" },
  { tag: "token-malformed", name: "/token malformed JSON ×2", rules: [{ path: "/api/auth/token", mode: "malformed", count: 2 }], maxToken: HEALTHY, ms: 20_000, expected: "INVALID_RESPONSE, backoff, then a token" },
  { tag: "token-slow", name: "/token slow (3 s) ×1", rules: [{ path: "/api/auth/token", mode: "slow", delayMs: 3000, count: 1 }], maxToken: HEALTHY, maxFailedCalls: 0, expected: "calls wait at most for the slow answer; one request" },
  { tag: "token-429", name: "/token 429 x-retry-after: 3", rules: [{ path: "/api/auth/token", mode: "status", status: 429, count: 1, headers: { "x-retry-after": "3" }, body: { code: "TOO_MANY_REQUESTS", message: "Too many requests" } }], maxToken: HEALTHY, minRetryAfterMs: 2900, expected: "waits 3 s (not less), then one request" },
  { tag: "token-503-retry-after", name: "/token 503 retry-after: 5", rules: [{ path: "/api/auth/token", mode: "status", status: 503, count: 1, headers: { "retry-after": "5" }, body: { code: "SERVICE_UNAVAILABLE", message: "down for maintenance" } }], maxToken: HEALTHY, minRetryAfterMs: 4900, expected: "waits the 5 s the server asked (not the 1 s backoff, no probe ahead of it), then one request" },
  { tag: "token-hang", name: "/token hangs ×1", rules: [{ path: "/api/auth/token", mode: "hang", count: 1 }], maxToken: HEALTHY, ms: 28_000, expected: "the hung request is aborted after 15 s (NETWORK_ERROR), a new one succeeds" },
  { tag: "jwks-down", name: "/jwks 503 for good after sign-in (cache warm)", rules: [{ path: "/api/auth/jwks", mode: "status", status: 503 }], maxToken: HEALTHY, maxFailedCalls: 0, expected: "the cached JWKS still verifies; no JWKS needed" },
];

describe("faults on the refresh path", { concurrency: 9 }, () => {
  for (const k of cases) {
    test(k.name, () => scenario(FILE, k.name, k.expected, () => underFault(k)));
  }
});

// Outages (issue #14): failures shared across tabs, recovery on demand, Retry-After on 503 (in
// refresh.test.mjs), errors that cannot heal by themselves, and never the same token twice.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  API_PROXY, AUTH_PROXY, JWKS, TOKEN, apiStats, callFor, clearFaults, countEvents, events, fault, n, newLane,
  openClient, proxyStats, scenario, signUp, sleep, summarize,
} from "./harness.mjs";

const FILE = fileURLToPath(import.meta.url);
/** A call probes at most once per this interval per browser (core `DEFAULT_PROBE_INTERVAL_MS`). */
const PROBE_MS = 5_000;
/** Backoff after an error that cannot heal by itself: 4 to 5 min (core `DEFAULT_PERMANENT_BACKOFF_MS`). */
const PERMANENT_MIN_MS = 240_000;

/** A second tab of `c`'s browser (same context, same page URL), ready and holding a token. */
async function secondTab(c) {
  const page = await c.context.newPage();
  await page.goto(c.page.url());
  await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
  await page.waitForFunction(() => window.auth.getState().tokenGeneration !== null, null, { timeout: 10_000 });
  return page;
}

/**
 * Waits until tabs `c` and `b` hold tokens of the same expiry: the next refresh of either is shared
 * with the other. Until then a tab whose own token is newer rightly ignores the other's failed
 * rounds that retry after its own refresh would come, so a test that expects every round in both
 * tabs must start from tokens of the same age.
 */
async function sameToken(c, b) {
  const exp = (page) => page.evaluate(() => window.auth.getState().tokenExpiresAt);
  const until = Date.now() + 30_000;
  for (;;) {
    const [x, y] = [await exp(c.page), await exp(b)];
    if (x !== null && x === y) return;
    assert.ok(Date.now() < until, `the tabs never shared a token: A expires ${x}, B ${y}`);
    await sleep(200);
  }
}

const retryAts = (ev) => ev.filter((e) => e.type === "refreshFailed").map((e) => e.retryAt);
/**
 * The retry rounds tabs `c` (A) and `b` (B) announced: each tab's `retryAt`s (`a`, `bb`), the
 * rounds either announced, and those both did.
 */
async function roundsOf(c, b) {
  const a = retryAts(await events(c));
  const bb = retryAts(await b.evaluate(() => window.events));
  const rounds = new Set([...a, ...bb]);
  return { a, bb, rounds, both: [...rounds].filter((r) => a.includes(r) && bb.includes(r)) };
}
/**
 * The auth server's token endpoint answers 503 (no Retry-After) until `up()`. A 503 rather than a
 * reset connection: Firefox's network stack retries a reset GET several times by itself, which
 * would hide the client's own attempts from the counts.
 */
const DOWN = { path: "/api/auth/token", mode: "status", status: 503, count: 1e9, body: { code: "SERVICE_UNAVAILABLE", message: "down" } };

/**
 * Init script of the late-news test: every tab hears of another tab's failure 300 ms late (its
 * channel's `failed` messages are delayed) and records when it asked for a token.
 */
function lateNews() {
  const onmessage = Object.getOwnPropertyDescriptor(BroadcastChannel.prototype, "onmessage");
  Object.defineProperty(BroadcastChannel.prototype, "onmessage", {
    configurable: true,
    get() {
      return onmessage.get.call(this);
    },
    set(fn) {
      const late = (e) => (e.data && e.data.kind === "failed" ? setTimeout(() => fn.call(this, e), 300) : fn.call(this, e));
      onmessage.set.call(this, typeof fn === "function" ? late : fn);
    },
  });
  window.tokenRequests = [];
  const fetch = window.fetch;
  window.fetch = function (input, init) {
    if (String(input && input.url ? input.url : input).includes("/api/auth/token")) window.tokenRequests.push(Date.now());
    return fetch.call(this, input, init);
  };
}

describe("outages", { concurrency: 5 }, () => {
  test("two tabs, auth server down 20 s: one attempt per backoff round for the browser", () =>
    scenario(FILE, "two tabs, /token answers 503 for 20 s (the tabs' timers only, no calls)", "the tab that tried shares its failure and retry time; the other adopts it (or, waiting for the lock, takes it instead of trying): every round announced in one tab is announced in the other, and /token attempts while down are at most the rounds + 1", async () => {
      const lane = newLane("shared-failure");
      const c = await openClient(lane);
      try {
        await signUp(c);
        const b = await secondTab(c);
        await sameToken(c, b);
        const before = n(await proxyStats(AUTH_PROXY(), lane), TOKEN).total;
        await fault(AUTH_PROXY(), { lane, ...DOWN });
        await sleep(20_000);
        const attempts = n(await proxyStats(AUTH_PROXY(), lane), TOKEN).total - before;
        await clearFaults(AUTH_PROXY(), lane);
        const { a, bb, rounds, both } = await roundsOf(c, b);
        // Back: a call in each tab gets through (a probe, or the shared token). A round may have
        // been tried just before the server came back, and calls probe at most once per
        // PROBE_MS after it: the calls go on for that long and 3 s more, as in the recovery test.
        const after = [...(await callFor(c, PROBE_MS + 3_000)), ...(await b.evaluate(async (base) => {
          const r = await window.auth.fetch(`${base}/api/me`).catch((e) => ({ status: e.code }));
          return [{ status: r.status, ok: r.status === 200 }];
        }, c.apiBase))];
        return {
          observed: `${rounds.size} rounds announced (tab A ${a.length} refreshFailed, tab B ${bb.length}), ${both.length} in both tabs; /token attempts while down ${attempts}; after: ${summarize(after)}`,
          requests: `/token ${attempts} while down`,
          check: () => {
            assert.ok(rounds.size >= 3, `only ${rounds.size} rounds in 20 s`);
            // The first round may reach tab B late (its refresh came after tab A's retry).
            assert.ok(both.length >= rounds.size - 1, `rounds not shared: A ${a}, B ${bb}`);
            assert.ok(attempts <= rounds.size + 1, `${attempts} attempts for ${rounds.size} rounds`);
            assert.ok(after.slice(-2).every((r) => r.ok), summarize(after));
          },
        };
      } finally {
        await clearFaults(AUTH_PROXY(), lane);
        await c.close();
      }
    }));

  test("two tabs hearing of each other's failures 300 ms late: still one attempt per round", () =>
    scenario(FILE, "two tabs whose channel brings failures 300 ms late, /token answers 503 for 15 s (timers only)", "the tab that failed holds the token lock 500 ms more, so the tab granted it next has the news before it decides: no round is tried twice (no two /token requests of the browser within 500 ms), and every round is announced in both tabs (the first may reach one of them late)", async () => {
      const lane = newLane("late-news");
      const c = await openClient(lane, { before: (context) => context.addInitScript(lateNews) });
      try {
        await signUp(c);
        const b = await secondTab(c);
        await sameToken(c, b);
        const since = Date.now();
        await fault(AUTH_PROXY(), { lane, ...DOWN });
        await sleep(15_000);
        await clearFaults(AUTH_PROXY(), lane);
        const asked = async (page) => (await page.evaluate(() => window.tokenRequests)).filter((t) => t >= since);
        const [ta, tb] = [await asked(c.page), await asked(b)];
        const tried = [...ta, ...tb].sort((x, y) => x - y);
        const twice = tried.filter((t, i) => i > 0 && t - tried[i - 1] < 500);
        await sleep(500); // the late messages of the last round
        const { a, bb, rounds, both } = await roundsOf(c, b);
        return {
          observed: `/token requests while down: ${tried.length} (tab A ${ta.length}, tab B ${tb.length}), ${twice.length} within 500 ms of the one before; ${rounds.size} rounds announced, ${both.length} in both tabs`,
          requests: `/token ${tried.length} while down`,
          check: () => {
            assert.ok(rounds.size >= 3, `only ${rounds.size} rounds in 15 s`);
            assert.equal(twice.length, 0, `a round tried twice: requests at ${tried.map((t) => t - since)} ms`);
            assert.ok(both.length >= rounds.size - 1, `rounds not shared: A ${a}, B ${bb}`);
          },
        };
      } finally {
        await clearFaults(AUTH_PROXY(), lane);
        await c.close();
      }
    }));

  test("recovery on demand: a call after the server is back gets through at once", () =>
    scenario(FILE, "/token answers 503 for 30 s while the page calls the API every 500 ms, then back", `once the token is used up, calls fail fast and probe the server at most once per ${PROBE_MS / 1000} s; once back, the first call after the last probe gets through (within ${PROBE_MS / 1000} s + 3 s), ahead of the backoff's retry (up to 60 s)`, async () => {
      const lane = newLane("probe");
      const c = await openClient(lane);
      try {
        await signUp(c);
        const before = n(await proxyStats(AUTH_PROXY(), lane), TOKEN).total;
        await fault(AUTH_PROXY(), { lane, ...DOWN });
        const down = await callFor(c, 30_000);
        const attempts = n(await proxyStats(AUTH_PROXY(), lane), TOKEN).total - before;
        await clearFaults(AUTH_PROXY(), lane);
        const upAt = await c.page.evaluate(() => Date.now());
        const later = await callFor(c, PROBE_MS + 4_000);
        const firstOk = later.find((r) => r.ok);
        const ev = await events(c);
        const announced = Math.max(0, ...retryAts(ev));
        const rel = (t) => (t ? `+${t - upAt} ms` : "never");
        return {
          observed: `while away ${summarize(down)}; once back: first success ${rel(firstOk && firstOk.at)}, backoff's retry was at ${rel(announced)}; ${countEvents(ev, "refreshFailed")} refreshFailed`,
          requests: `/token ${attempts} while away (30 s)`,
          check: () => {
            assert.ok(firstOk, `not recovered: ${summarize(later)}`);
            assert.ok(firstOk.at - upAt <= PROBE_MS + 3_000, `recovered ${rel(firstOk.at)}`);
            // Probes are bounded: one per 5 s, plus the backoff's own rounds (1, 1.5-3, 4.5-9,
            // 13.5-27 s: at most 4 in 30 s), plus the first attempt.
            assert.ok(attempts <= 30_000 / PROBE_MS + 5, `attempts while away: ${attempts}`);
            assert.ok(down.every((r) => r.ok || r.error === "SERVICE_UNAVAILABLE"), summarize(down));
            assert.equal(countEvents(ev, "signedOut"), 0);
          },
        };
      } finally {
        await clearFaults(AUTH_PROXY(), lane);
        await c.close();
      }
    }));

  const permanent = [
    {
      tag: "issuer",
      name: "issuer mismatch (the client expects another issuer)",
      query: { issuer: "https://wrong-issuer.example" },
      rules: [],
      code: "JWT_ISSUER_INVALID",
    },
    {
      tag: "jwks404",
      name: "key set answers 404 (cold cache)",
      query: {},
      rules: [{ path: "/api/auth/jwks", mode: "status", status: 404, body: "" }],
      code: "JWKS_NOT_FOUND",
    },
  ];
  for (const k of permanent) {
    test(`cannot heal by itself: ${k.name}`, () =>
      scenario(FILE, `cannot heal by itself: ${k.name}`, `fails with ${k.code}; the next attempt is 4-5 min later (not 1-60 s), calls fail fast without probing: at most 2 /token in 15 s`, async () => {
        const lane = newLane(k.tag);
        const c = await openClient(lane, { query: k.query });
        try {
          for (const r of k.rules) await fault(AUTH_PROXY(), { lane, ...r });
          await signUp(c, "faults", { waitToken: false });
          const calls = await callFor(c, 15_000, 500);
          const st = await proxyStats(AUTH_PROXY(), lane);
          const ev = (await events(c)).filter((e) => e.type === "refreshFailed");
          const waits = ev.map((e) => e.retryAt - e.at);
          return {
            observed: `calls ${summarize(calls)}; refreshFailed ${ev.map((e) => `${e.code} retry in ${Math.round((e.retryAt - e.at) / 1000)} s`).join(", ")}`,
            requests: `/token ${n(st, TOKEN).total}, jwks ${n(st, JWKS).total}`,
            check: () => {
              assert.ok(ev.length >= 1 && ev.every((e) => e.code === k.code), JSON.stringify(ev));
              assert.ok(waits.every((w) => w >= PERMANENT_MIN_MS - 1_000), `waits ${waits}`);
              assert.ok(n(st, TOKEN).total <= 2, `/token ${n(st, TOKEN).total}`);
              assert.ok(calls.every((r) => r.error === k.code && r.ms < 2_000), summarize(calls));
            },
          };
        } finally {
          await clearFaults(AUTH_PROXY(), lane);
          await c.close();
        }
      }));
  }

  test("never the same token twice: the API refused it, the refresh brings the same bytes", () =>
    scenario(FILE, "after the API's 401, /token answers the very token refused (same bytes)", "the call fails with the 401 (onUnauthorized) instead of being resent with the refused bytes: the API sees that token once for it", async () => {
      const lane = newLane("same-token");
      const c = await openClient(lane);
      try {
        await signUp(c);
        // The next /token is forwarded and kept; the one after answers it again.
        await fault(AUTH_PROXY(), { lane, path: "/api/auth/token", mode: "replay", count: 2 });
        const g0 = await c.page.evaluate(() => window.auth.getState().tokenGeneration);
        await c.page.waitForFunction((g) => window.auth.getState().tokenGeneration > g, g0, { timeout: 15_000 });
        await fault(API_PROXY(), { lane, path: "/api/echo", mode: "status", status: 401, count: 1, body: { code: "UNAUTHORIZED", message: "injected" } });
        const calls = await callFor(c, 1, 0);
        const echo = n(await proxyStats(API_PROXY(), lane), "POST /api/echo");
        const st = await proxyStats(AUTH_PROXY(), lane);
        const unauthorizedCalls = await c.page.evaluate(() => window.unauthorizedCalls);
        const api = await apiStats(c.sub);
        return {
          observed: `call: ${summarize(calls)}; /api/echo requests ${echo.total} (${echo.faulted} answered 401 by the fault); onUnauthorized ${unauthorizedCalls}`,
          requests: `/token ${n(st, TOKEN).total} (${n(st, TOKEN).faulted} replayed or kept), API ${api.requests}`,
          check: () => {
            assert.equal(echo.total, 1, "the call was resent with the refused token");
            assert.equal(calls[0].status, 401, summarize(calls));
            assert.equal(unauthorizedCalls, 1);
          },
        };
      } finally {
        await clearFaults(AUTH_PROXY(), lane);
        await clearFaults(API_PROXY(), lane);
        await c.close();
      }
    }));
});

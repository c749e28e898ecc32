// Shared helpers of the fault and attack suite (tests/faults/): pages of www/faults.html pointed at
// the fault proxy (www/server/faults.mjs), one lane per test so that tests run side by side, the
// counters of the proxies and servers, leak checks, and the rows of RELIABILITY.md.
import assert from "node:assert/strict";
import { after } from "node:test";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join } from "node:path";
import { BROWSER, env, freshEmail, launch, repo } from "../e2e/browser.mjs";

export { BROWSER, env, freshEmail, launch, repo };
const require = createRequire(join(repo, "www/package.json"));
const jose = require("jose");

export const AUTH = () => env("BAW_TEST_AUTH_URL");
export const API = () => env("BAW_TEST_API_URL");
export const WEB = () => env("BAW_TEST_WEB_URL");
export const AUTH_PROXY = () => env("BAW_TEST_AUTH_PROXY_URL");
export const API_PROXY = () => env("BAW_TEST_API_PROXY_URL");
export const ECHO = () => env("BAW_TEST_ECHO_URL");
/** The auth routes the tests count, as the counters name them. */
export const TOKEN = "GET /api/auth/token";
export const SESSION = "GET /api/auth/get-session";
export const JWKS = "GET /api/auth/jwks";
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const JWT_RE = /eyJ[\w-]+\.[\w-]+\.[\w-]*/;

let launched = null;
/** The browser of this test file (each file runs in its own process): launched on first use. */
export function browser() {
  launched ||= launch();
  return launched;
}
after(async () => {
  if (launched) await (await launched).close();
});

let laneSeq = 0;
export function newLane(tag) {
  return `${tag.replace(/[^\w-]/g, "")}-${process.pid}-${++laneSeq}`;
}

export async function fault(proxy, rule) {
  const r = await fetch(`${proxy}/__faults`, { method: "POST", body: JSON.stringify(rule) });
  assert.equal(r.status, 200);
}
export async function clearFaults(proxy, lane) {
  await fetch(`${proxy}/__faults?lane=${lane}`, { method: "DELETE" });
}
export async function setDown(proxy, lane, down) {
  await fetch(`${proxy}/__faults/down`, { method: "POST", body: JSON.stringify({ lane, down }) });
}
export async function proxyStats(proxy, lane) {
  return (await fetch(`${proxy}/__faults/stats?lane=${lane}`)).json();
}
export async function bearers(proxy, lane) {
  return (await fetch(`${proxy}/__faults/bearers?lane=${lane}`)).json();
}
export async function echoLog(lane) {
  return (await fetch(`${ECHO()}/__echo/log?lane=${lane}`)).json();
}
export async function apiStats(sub) {
  return (await fetch(`${API()}/__stats?sub=${encodeURIComponent(sub)}`)).json();
}
/** Requests of `key` ("GET /api/auth/token") a lane's proxy saw: {total, faulted}. */
export function n(stats, key) {
  return stats[key] || { total: 0, faulted: 0, withAuthorization: 0 };
}

const jwks = () => jose.createRemoteJWKSet(new URL(`${AUTH()}/api/auth/jwks`), { cooldownDuration: 0 });
/** Whether `authorization` ("Bearer x") carries a token the real server signed (jose). */
export async function genuine(authorization) {
  const token = authorization.replace(/^Bearer\s+/i, "");
  try {
    await jose.jwtVerify(token, jwks(), { issuer: new URL(AUTH()).origin, audience: new URL(AUTH()).origin, clockTolerance: 3600 });
    return true;
  } catch {
    return false;
  }
}

/**
 * A new browser context with one page of www/faults.html, whose client talks to the auth proxy
 * (lane `lane`) and accepts the API through the API proxy (same lane) and directly.
 * `before(context, page)` runs before the page loads (clock, init scripts, routes).
 */
export async function openClient(lane, { before, query = {}, path = "/faults.html" } = {}) {
  const context = await (await browser()).newContext();
  const page = await context.newPage();
  const consoleLines = [];
  const pageErrors = [];
  page.on("console", (m) => consoleLines.push(m.text()));
  page.on("pageerror", (e) => pageErrors.push(e.message));
  if (before) await before(context, page);
  const authOrigin = new URL(AUTH()).origin;
  const params = new URLSearchParams({
    base: `${AUTH_PROXY()}/lane/${lane}/api/auth`,
    issuer: authOrigin,
    audience: authOrigin,
    api: [API_PROXY(), API()].join(","),
    ...query,
  });
  await page.goto(`${WEB()}${path}?${params}`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
  const c = {
    context,
    page,
    lane,
    consoleLines,
    pageErrors,
    apiBase: `${API_PROXY()}/lane/${lane}`,
    // Runs the leak checks first (tests check after their `finally` closed the page).
    close: async () => {
      try {
        await assertNoLeak(c);
        c.leaks = [];
      } catch (e) {
        c.leaks = [String(e.message)];
      }
      await context.close();
    },
  };
  return c;
}

/** Signs a fresh user up in the page: {session (bare token), sub, email}. */
export async function signUp(c, tag = "faults", { waitToken = true } = {}) {
  const email = freshEmail(tag);
  const res = await c.page.evaluate(
    (email) => window.auth.signUp.email({ name: "Fault Suite", email, password: "correct-horse-battery" }),
    email,
  );
  assert.equal(res.error, null, JSON.stringify(res.error));
  if (waitToken) await c.page.waitForFunction(() => window.auth.getState().tokenGeneration !== null, null, { timeout: 10_000 });
  c.sub = res.data.user.id;
  c.session = res.data.token;
  c.email = email;
  return c;
}

/**
 * The one call loop of the suite, in the page: authFetch POST {base}/api/echo with a unique body,
 * sequentially, waiting `everyMs` after each, until `ms` have passed or, with `recover`, until the
 * page recovered (see `callUntilRecovered`). Records [{status, ok (body echoed intact), error?,
 * ms (duration), at (Date.now() at the end)}] in order.
 */
function callLoop(c, { ms = Infinity, everyMs = 500, base = c.apiBase, recover = null }) {
  return c.page.evaluate(
    async ({ base, ms, everyMs, recover }) => {
      const calls = [];
      const start = Date.now();
      const end = start + ms;
      const promised = () => Math.max(0, ...window.events.filter((e) => e.type === "refreshFailed").map((e) => e.retryAt || 0));
      let firstOkAt = null;
      let promisedAt = null;
      const done = (now) => {
        if (!recover) return now >= end;
        if (firstOkAt !== null) return now > firstOkAt + recover.afterMs;
        return now > Math.min(start + recover.maxMs, Math.max(start, promised()) + recover.slackMs);
      };
      // At least one call: with a 1 ms window, a busy machine could otherwise make none.
      for (let i = 0; i === 0 || !done(Date.now()); i++) {
        const body = JSON.stringify({ i, pad: "x".repeat(64) });
        const t0 = performance.now();
        let r;
        try {
          const res = await window.auth.fetch(`${base}/api/echo`, { method: "POST", headers: { "content-type": "application/json" }, body });
          const json = await res.json().catch(() => null);
          r = { status: res.status, ok: res.status === 200 && json && json.body === body };
        } catch (e) {
          r = { status: 0, error: e.code || e.message };
        }
        r.ms = Math.round(performance.now() - t0);
        r.at = Date.now();
        calls.push(r);
        if (r.ok && firstOkAt === null) {
          firstOkAt = r.at;
          promisedAt = promised();
        }
        await new Promise((res) => setTimeout(res, everyMs));
      }
      return { calls, firstOkAt, promisedAt };
    },
    // `Infinity` does not survive the trip into the page.
    { base, ms: Number.isFinite(ms) ? ms : null, everyMs, recover },
  );
}

/** The API called every `everyMs` for `ms` (see `callLoop`): the calls, in order. */
export async function callFor(c, ms, everyMs = 500, base = c.apiBase) {
  return (await callLoop(c, { ms, everyMs, base })).calls;
}

/**
 * Calls the API every `everyMs` until a call succeeds, then for `afterMs` more. Gives up at the
 * latest announced retry (the `retryAt` of the `refreshFailed` events) + `slackMs`, and in any
 * case after `maxMs`. Returns {calls, firstOkAt, promisedAt}: `promisedAt` is the latest retry
 * announced before the first success (Date.now() ms).
 */
export function callUntilRecovered(c, { everyMs = 500, afterMs = 3_000, slackMs = 5_000, maxMs = 80_000, base = c.apiBase } = {}) {
  return callLoop(c, { everyMs, base, recover: { afterMs, slackMs, maxMs } });
}

/**
 * A signed-in page calling the API while the auth server is away: `outage()` takes it away and
 * resolves with the local time it is back. The page calls every 500 ms for `downMs` meanwhile,
 * then until it recovers (`callUntilRecovered`). Returns the RELIABILITY.md row and its checks:
 * calls fail only with NETWORK_ERROR; the first success comes at the retry the last failure
 * announced (+3 s to fetch and verify); every call after it succeeds; the same user; no
 * sign-out; at most 13 token attempts while down (the backoff never waits less than its 1 s base,
 * so 12 s allow 12 retries + the first attempt). The attempts are the client's failed refreshes
 * (its `refreshFailed` events); in Chromium the proxy's count is held to the same bound, not in
 * Firefox, whose network stack retries a reset GET itself (up to 10 times) before the client
 * sees the failure.
 */
export async function outageScenario(c, { downMs = 12_000, outage }) {
  await signUp(c);
  // A session in progress: the API has verified this user's tokens (and cached the JWKS).
  const warm = await callFor(c, 1, 0);
  assert.ok(warm[0].ok, summarize(warm));
  const back = outage();
  const down = await callFor(c, downMs - 1_000);
  const upAt = await back;
  const whileDown = n(await proxyStats(AUTH_PROXY(), c.lane), TOKEN).total;
  const failedWhileDown = countEvents((await events(c)).filter((e) => e.at <= upAt), "refreshFailed");
  const { calls: later, firstOkAt, promisedAt } = await callUntilRecovered(c);
  const me = await c.page.evaluate(async (base) => (await window.auth.api.get(`${base}/api/me`)).sub, c.apiBase);
  const ev = await events(c);
  const st = await proxyStats(AUTH_PROXY(), c.lane);
  const rel = (t) => (t === null ? "never" : `${t - upAt >= 0 ? "+" : ""}${t - upAt} ms`);
  const afterOk = firstOkAt === null ? [] : later.filter((r) => r.at > firstOkAt);
  return {
    observed: `while away ${summarize(down)}; once back: first success ${rel(firstOkAt)} (retry announced for ${rel(promisedAt)}), then ${summarize(afterOk)}; /api/me sub ${me === c.sub ? "unchanged" : me}; ${countEvents(ev, "refreshFailed")} refreshFailed, signedOut ${countEvents(ev, "signedOut")}`,
    requests: `/token ${n(st, TOKEN).total} (${whileDown} while away${BROWSER === "firefox" ? ", Firefox's own retries of reset requests included" : ""}; the client's failed attempts while away: ${failedWhileDown})`,
    check: async () => {
      assert.ok(firstOkAt !== null, `not recovered: ${summarize(later)}`);
      assert.ok(firstOkAt <= Math.max(promisedAt, upAt) + 3_000, `recovered ${rel(firstOkAt)}, retry was announced for ${rel(promisedAt)}`);
      assert.ok(afterOk.every((r) => r.ok), `after recovery: ${summarize(afterOk)}`);
      assert.equal(me, c.sub, "the session afterwards is the same user's");
      assert.equal(countEvents(ev, "signedOut"), 0);
      assert.ok(failedWhileDown <= Math.ceil(downMs / 1_000) + 1, `attempts while down: ${failedWhileDown}`);
      if (BROWSER === "chromium") assert.ok(whileDown <= Math.ceil(downMs / 1_000) + 1, `requests while down: ${whileDown}`);
      assert.ok([...down, ...later].every((r) => r.ok || r.error === "NETWORK_ERROR"), summarize([...down, ...later]));
      await assertNoLeak(c);
    },
  };
}

export function events(c) {
  return c.page.evaluate(() => window.events);
}
export function countEvents(list, type) {
  return list.filter((e) => e.type === type).length;
}

/** A short summary of call results: "24×200" or "20×200, 2×NETWORK_ERROR". */
export function summarize(calls) {
  const m = new Map();
  for (const r of calls) {
    const k = r.status ? String(r.status) : r.error;
    m.set(k, (m.get(k) || 0) + 1);
  }
  return [...m].map(([k, v]) => `${v}×${k}`).join(", ");
}

/**
 * No token in localStorage, sessionStorage, IndexedDB, document.cookie, the URL or the console.
 */
export async function assertNoLeak(c) {
  // After close(): what was found just before closing.
  if (c.leaks) {
    assert.deepEqual(c.leaks, [], "a token leaked");
    return;
  }
  const where = await c.page.evaluate(async () => {
    const idb = [];
    if (indexedDB.databases) {
      for (const d of await indexedDB.databases()) idb.push(d.name);
    }
    return {
      localStorage: JSON.stringify({ ...localStorage }),
      sessionStorage: JSON.stringify({ ...sessionStorage }),
      cookie: document.cookie,
      url: location.href,
      indexedDB: JSON.stringify(idb),
    };
  });
  where.console = c.consoleLines.join("\n");
  for (const [k, v] of Object.entries(where)) assert.ok(!JWT_RE.test(v), `a JWT leaked to ${k}: ${v.slice(0, 300)}`);
  // The cookie jar: only Better Auth's own cookies (httpOnly session), no JWT in any of them.
  for (const ck of await c.context.cookies()) assert.ok(!JWT_RE.test(ck.value), `a JWT in cookie ${ck.name}`);
}

// ---- RELIABILITY.md --------------------------------------------------------------------------

// One folder per run (per stack), so that two runs side by side do not mix their rows. The suite
// runs once per browser over the same stack (scripts/test.sh): each browser's rows are a column.
const runId = process.env.BAW_TEST_DATA_DIR || "manual";
const resultsDir = join(repo, "target/faults-results", basename(runId));
const rows = [];
const BROWSERS = [
  ["chromium", "Chromium"],
  ["firefox", "Firefox"],
];

/** One row of RELIABILITY.md: written at once, so that a failing test still reports what it saw. */
export function record(file, row) {
  rows.push({ ...row, file: basename(file), runId, browser: BROWSER });
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `${basename(file)}.${BROWSER}.json`), JSON.stringify(rows, null, 1));
  writeReliability();
}

const esc = (s) => String(s ?? "").replace(/\|/g, "\\|").replace(/\n/g, " ");
export function writeReliability() {
  const all = [];
  for (const f of readdirSync(resultsDir).filter((f) => f.endsWith(".json")).sort()) {
    try {
      all.push(...JSON.parse(readFileSync(join(resultsDir, f), "utf8")).filter((r) => r.runId === runId));
    } catch {
      // a file being written by another process: the next write includes it
    }
  }
  // One line per scenario, in the order the rows were first written; a column per browser.
  const byScenario = new Map();
  for (const r of all) {
    if (!byScenario.has(r.scenario)) byScenario.set(r.scenario, { scenario: r.scenario, expected: r.expected });
    byScenario.get(r.scenario)[r.browser || "chromium"] = r;
  }
  const result = (r) => (!r ? "not run" : r.pass === null ? "n/a" : r.pass ? "pass" : "**FAIL**");
  const cells = (r) => (r ? `${esc(r.observed)} | ${esc(r.requests)}` : " | ");
  const lines = [
    "# Reliability: fault and attack suite",
    "",
    "Written by `tests/faults/` at each run (`make test`, tier `faults`; or",
    "`node scripts/with-stack.mjs --env JWT_EXPIRATION=10 --env FAULT_PROXY=1 -- bash -c 'node --test --test-concurrency=1 tests/faults/; BAW_BROWSER=firefox node --test --test-concurrency=1 tests/faults/'`).",
    "The client talks to the real Better Auth server through `www/server/faults.mjs`, a proxy that injects",
    "the fault; JWTs live 10 s. *Requests* are what the proxy (or the servers) counted for that test's",
    "own lane or user; /token counts include the faulted attempts. The suite runs in Chromium and in",
    "Firefox (ESR, over WebDriver BiDi): a column each. Do not edit by hand.",
    "",
    `Last run: ${new Date().toISOString()}`,
    "",
    `| scenario | expected | ${BROWSERS.map(([, n]) => `observed (${n}) | requests (${n}) | ${n}`).join(" | ")} |`,
    `|---|---|${BROWSERS.map(() => "---|---|---|").join("")}`,
    ...[...byScenario.values()].map(
      (s) => `| ${esc(s.scenario)} | ${esc(s.expected)} | ${BROWSERS.map(([b]) => `${cells(s[b])} | ${result(s[b])}`).join(" | ")} |`,
    ),
    "",
  ];
  writeFileSync(join(repo, "RELIABILITY.md"), lines.join("\n"));
}

/**
 * Runs `body()`, which returns {observed, requests, check()}; records the row (pass = check()
 * did not throw), then rethrows the failure. `only: {browser, why}`: a scenario that needs that
 * browser (CDP) is recorded as n/a, with `why`, in the others.
 */
export async function scenario(file, name, expected, body, { only = null } = {}) {
  if (only && only.browser !== BROWSER) {
    // Recorded as not applicable, with the reason, rather than left out of the column.
    record(file, { scenario: name, expected, observed: `n/a: ${only.why}`, requests: "", pass: null });
    return;
  }
  let out = { observed: "", requests: "" };
  let failure = null;
  try {
    out = await body();
    if (out.check) await out.check();
  } catch (e) {
    failure = e;
  }
  record(file, {
    scenario: name,
    expected,
    observed: out.observed + (failure ? ` — ${String(failure.message).split("\n")[0].slice(0, 200)}` : ""),
    requests: out.requests,
    pass: !failure,
  });
  if (failure) throw failure;
}

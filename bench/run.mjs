// Browser benchmarks in headless Chromium (Playwright), against the real stack. Run through
// scripts/with-stack.mjs (scripts/bench.sh does):
//   node scripts/with-stack.mjs -- node bench/run.mjs main                      # 15-min JWTs
//   node scripts/with-stack.mjs --env JWT_EXPIRATION=10 -- node bench/run.mjs storms
// Writes bench/out/browser-<phase>.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { env, freshEmail, launch, repo } from "../tests/e2e/browser.mjs";

const phase = process.argv[2] || "main";
const web = env("BAW_TEST_WEB_URL");
const authUrl = env("BAW_TEST_AUTH_URL");
const out = join(repo, "bench/out");
mkdirSync(out, { recursive: true });
const LOAD_RUNS = Number(process.env.BENCH_LOAD_RUNS || 15);
const LATENCY_CALLS = Number(process.env.BENCH_LATENCY_CALLS || 1000);
const CALLS = Number(process.env.BENCH_CALLS || 1000);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S || 35);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function stats(session) {
  return (await fetch(`${authUrl}/__stats?session=${session}`)).json();
}
function delta(before, after) {
  const d = {};
  for (const [k, v] of Object.entries(after)) if (v - (before[k] || 0)) d[k] = v - (before[k] || 0);
  return d;
}
const total = (d) => Object.values(d).reduce((a, b) => a + b, 0);

async function page(context, query) {
  const p = await context.newPage();
  await p.goto(`${web}/bench/${query}`);
  await p.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  return p;
}

/** A fresh user signed up with `kind`'s client in a new context; `tabs` pages of it. */
async function session(browser, kind, tabs, extra = "") {
  const context = await browser.newContext();
  const client = kind === "ours" ? "ours" : "ts";
  const first = await page(context, `?client=${client}${extra}`);
  const token = await first.evaluate(([k, e]) => window.bench.signUp(k, e), [client, freshEmail(`bench-${kind}`)]);
  const pages = [first];
  for (let i = 1; i < tabs; i++) pages.push(await page(context, `?client=${client}${extra}`));
  if (client === "ours") {
    for (const p of pages) await p.waitForFunction(() => window.auth.getState().status === "authenticated", null, { timeout: 20_000 });
  }
  return { context, pages, token };
}

const browser = await launch();
const result = { phase, chromium: browser.version() };
try {
  if (phase === "main") {
    // 1. Cold load: import, instantiate, first session known (one get-session), fresh context each.
    for (const kind of ["ours", "ours_preload", "ts"]) {
      const runs = [];
      for (let i = 0; i < LOAD_RUNS; i++) {
        const context = await browser.newContext();
        const p = await context.newPage();
        await p.goto(kind === "ours_preload" ? `${web}/bench/preload.html?load=ours` : `${web}/bench/?load=${kind}`);
        await p.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
        const r = await p.evaluate(() => window.loadResult);
        if (r.error) throw new Error(`${kind} load: ${r.error}`);
        runs.push(r);
        await context.close();
      }
      result[`load_${kind}`] = Object.fromEntries(
        ["importMs", "instantiateMs", "readyMs", "totalMs", "sinceNavigationMs"].map((k) => [k, median(runs.map((r) => r[k]))]),
      );
      console.log(`load ${kind}:`, result[`load_${kind}`]);
    }

    // 2. authFetch's added latency over a raw fetch with the same token, interleaved.
    {
      const s = await session(browser, "ours", 1);
      const { raw, ours } = await s.pages[0].evaluate((n) => window.bench.latency(n), LATENCY_CALLS);
      result.latency = {
        calls: LATENCY_CALLS,
        rawMedianMs: median(raw),
        oursMedianMs: median(ours),
        rawP99Ms: pct(raw, 99),
        oursP99Ms: pct(ours, 99),
      };
      result.latency.medianRatio = result.latency.oursMedianMs / result.latency.rawMedianMs;
      result.latency.p99Ratio = result.latency.oursP99Ms / result.latency.rawP99Ms;
      console.log("latency:", result.latency);

      // 3. Verifications per second, same token and JWKS, same page.
      result.verify = await s.pages[0].evaluate(() => window.bench.verify(2000));
      result.verify.ratio = result.verify.oursPerS / result.verify.josePerS;
      console.log("verify:", result.verify);
      await s.context.close();
    }

    // 4. Auth-server requests per 1,000 API calls, 1 and 5 tabs, three patterns.
    result.requests = [];
    for (const kind of ["ours", "ts", "seeds"]) {
      for (const tabs of [1, 5]) {
        const s = await session(browser, kind, tabs);
        await new Promise((r) => setTimeout(r, 500));
        const before = await stats(s.token);
        const per = Math.ceil(CALLS / tabs);
        const t0 = Date.now();
        const statuses = (await Promise.all(s.pages.map((p) => p.evaluate(([k, n]) => window.bench.calls(k, n), [kind, per])))).flat();
        const seconds = (Date.now() - t0) / 1000;
        const d = delta(before, await stats(s.token));
        const row = { kind, tabs, setup: before, calls: statuses.length, non200: statuses.filter((x) => x !== 200).length, seconds, authRequests: total(d), byPath: d };
        result.requests.push(row);
        console.log("requests:", JSON.stringify(row));
        await s.context.close();
      }
    }
  } else {
    // 5a. 100 concurrent calls at expiry (main thread blocked past expiry, then a burst).
    {
      const s = await session(browser, "ours", 1);
      const before = await stats(s.token);
      const statuses = await s.pages[0].evaluate(() => window.bench.stormAtExpiry(100));
      await new Promise((r) => setTimeout(r, 300));
      const d = delta(before, await stats(s.token));
      result.storm100 = { calls: statuses.length, non200: statuses.filter((x) => x !== 200).length, tokenRequests: d["GET /api/auth/token"] || 0, byPath: d };
      console.log("storm100:", JSON.stringify(result.storm100));
      await s.context.close();
    }
    // 5b. 5 tabs idle across three 10-second lifetimes: token requests, crossTab on and off.
    result.tabs5 = [];
    for (const crossTab of [1, 0]) {
      const s = await session(browser, "ours", 5, `&crossTab=${crossTab}`);
      // Warm-up past the 30 s watchdog armed by the first Start: a page's first refresh timer is
      // overwritten by it (see BENCHMARKS.md, "Findings"), so the steady state starts after it.
      await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
      const before = await stats(s.token);
      const seconds = 30;
      await new Promise((r) => setTimeout(r, seconds * 1000));
      const d = delta(before, await stats(s.token));
      const row = { crossTab: Boolean(crossTab), tabs: 5, seconds, warmupSeconds: WARMUP_S, jwtSeconds: 10, tokenRequests: d["GET /api/auth/token"] || 0, byPath: d };
      result.tabs5.push(row);
      console.log("tabs5:", JSON.stringify(row));
      await s.context.close();
    }
  }
} finally {
  await browser.close();
}
writeFileSync(join(out, `browser-${phase}.json`), JSON.stringify(result, null, 2));

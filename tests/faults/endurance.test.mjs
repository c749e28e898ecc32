// Endurance: 10,000 authFetch calls; the wasm memory and the JS heap stay flat (no leaked closures,
// requests or waiters).
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { API, apiStats, assertNoLeak, n, newLane, openClient, proxyStats, AUTH_PROXY, scenario, signUp } from "./harness.mjs";

const FILE = fileURLToPath(import.meta.url);
const TOTAL = 10_000;
const WARMUP = 1_000;

test("10,000 authFetch calls: memory flat", () =>
  scenario(FILE, `${TOTAL} authFetch calls (100 in flight), over token refreshes`, "every call 200; wasm memory flat after warm-up; JS heap growth < 2 MB after GC; /token bounded by the elapsed lifetimes", async () => {
    const c = await openClient(newLane("endurance"));
    try {
      await signUp(c);
      const cdp = await c.context.newCDPSession(c.page);
      await cdp.send("HeapProfiler.enable");
      const measure = async () => {
        await cdp.send("HeapProfiler.collectGarbage");
        const heap = await cdp.send("Runtime.getHeapUsage");
        const wasm = await c.page.evaluate(() => window.wasmMemoryBytes());
        return { heap: heap.usedSize, wasm };
      };
      const run = (count) =>
        c.page.evaluate(
          async ({ api, count }) => {
            let ok = 0;
            let next = 0;
            const worker = async () => {
              while (next < count) {
                next++;
                const res = await window.auth.fetch(`${api}/api/me`);
                await res.arrayBuffer();
                if (res.status === 200) ok++;
              }
            };
            await Promise.all(Array.from({ length: 100 }, worker));
            return ok;
          },
          { api: API(), count },
        );
      const t0 = Date.now();
      const warmOk = await run(WARMUP);
      const m0 = await measure();
      const ok = await run(TOTAL - WARMUP);
      const m1 = await measure();
      const seconds = (Date.now() - t0) / 1000;
      const api = await apiStats(c.sub);
      const st = await proxyStats(AUTH_PROXY(), c.lane);
      const tokens = n(st, "GET /api/auth/token").total;
      const heapGrowth = m1.heap - m0.heap;
      return {
        observed: `${warmOk + ok}/${TOTAL} × 200 in ${seconds.toFixed(1)} s; wasm memory ${m0.wasm} → ${m1.wasm} bytes; JS heap ${(m0.heap / 1e6).toFixed(2)} → ${(m1.heap / 1e6).toFixed(2)} MB`,
        requests: `API ${api.requests} (${api.unauthorized} × 401), /token ${tokens}`,
        check: async () => {
          assert.equal(warmOk + ok, TOTAL);
          assert.equal(api.unauthorized, 0);
          assert.ok(m1.wasm - m0.wasm <= 64 * 1024, `wasm memory grew by ${m1.wasm - m0.wasm} bytes`);
          assert.ok(heapGrowth < 2e6, `JS heap grew by ${heapGrowth} bytes`);
          // 10 s tokens count 9 s (exp − iat − 1 s) and are refreshed every 3.6-4.5 s.
          assert.ok(tokens <= Math.ceil(seconds / 3.6) + 2, `/token ${tokens} in ${seconds} s`);
          await assertNoLeak(c);
        },
      };
    } finally {
      await c.close();
    }
  }, { only: { browser: "chromium", why: "the JS heap is measured through CDP (Chromium only)" } }),
);

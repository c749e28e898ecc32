// Attacks through the browser path: forged tokens substituted by the proxy, Authorization towards
// other origins (directly and through a redirect), off-site callbackURLs, a strict CSP.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  API_PROXY, AUTH, AUTH_PROXY, ECHO, WEB, apiStats, assertNoLeak, bearers, callFor, clearFaults, countEvents,
  echoLog, events, fault, freshEmail, genuine, n, newLane, openClient, proxyStats, scenario, signUp,
  summarize,
} from "./harness.mjs";

const FILE = fileURLToPath(import.meta.url);

describe("attacks", { concurrency: 6 }, () => {
  for (const kind of ["none", "badsig", "kid", "payload", "hs256"]) {
    const name = `forged token (${kind}) in /token and get-session`;
    test(name, () =>
      scenario(FILE, name, "refused before it is held: never attached (the API sees no Authorization), calls reject; genuine tokens work once the forgery stops", async () => {
        const c = await openClient(newLane(`forge-${kind}`));
        try {
          for (const path of ["/api/auth/token", "/api/auth/get-session"]) {
            await fault(AUTH_PROXY(), { lane: c.lane, path, mode: "forge", forge: kind });
          }
          await signUp(c, "forge", { waitToken: false });
          const forged = await callFor(c, 5_000);
          const seenDuring = await bearers(API_PROXY(), c.lane);
          await clearFaults(AUTH_PROXY(), c.lane);
          await c.page.evaluate(() => window.auth.getSession());
          const after = await callFor(c, 8_000);
          const ev = await events(c);
          const seen = await bearers(API_PROXY(), c.lane);
          const genuineAll = (await Promise.all(seen.map(genuine))).every(Boolean);
          const st = await proxyStats(AUTH_PROXY(), c.lane);
          const codes = [...new Set(ev.filter((e) => e.code).map((e) => e.code))].join(" ");
          return {
            observed: `while forged: ${summarize(forged)} (${seenDuring.length} Authorization sent), refusal codes: ${codes || "-"}; after: ${summarize(after)}; every Authorization the API got genuine: ${genuineAll}`,
            requests: `/token ${n(st, "GET /api/auth/token").total}, get-session ${n(st, "GET /api/auth/get-session").total}, jwks ${n(st, "GET /api/auth/jwks").total}`,
            check: async () => {
              assert.equal(seenDuring.length, 0, "a forged token was attached");
              assert.ok(forged.every((r) => !r.ok), summarize(forged));
              assert.ok(genuineAll, "a non-genuine token reached the API");
              assert.ok(after.slice(-4).every((r) => r.ok), `no recovery: ${summarize(after)}`);
              assert.ok(n(st, "GET /api/auth/token").total <= 10, "refresh loop");
              await assertNoLeak(c);
            },
          };
        } finally {
          await clearFaults(AUTH_PROXY(), c.lane);
          await c.close();
        }
      }),
    );
  }

  test("no Authorization to other origins, even through a redirect", () =>
    scenario(FILE, "no Authorization to a non-allowed origin: direct, `localhost:` alias of an allowed port, 302 from an allowed origin", "the echo server (foreign origin) and the localhost alias never see Authorization; the allowed origin does", async () => {
      const c = await openClient(newLane("redirect"));
      try {
        await signUp(c);
        const lane = c.lane;
        await fault(API_PROXY(), { lane, path: "/go-away", mode: "redirect", location: `${ECHO()}/lane/${lane}/after-redirect` });
        await fault(API_PROXY(), { lane, path: "/go-away-307", mode: "redirect", status: 307, location: `${ECHO()}/lane/${lane}/after-307` });
        const alias = API_PROXY().replace("127.0.0.1", "localhost");
        const out = await c.page.evaluate(async ({ base, echo, alias, lane }) => {
          const r = {};
          const go = async (k, url, init) => {
            try {
              const res = await window.auth.fetch(url, init);
              r[k] = res.status;
            } catch (e) {
              r[k] = e.code || e.name;
            }
          };
          await go("direct", `${echo}/lane/${lane}/direct`);
          await go("alias", `${alias}/lane/${lane}/api/me`);
          await go("redirect", `${base}/go-away`);
          await go("redirect307", `${base}/go-away-307`, { method: "POST", body: "x" });
          await go("allowed", `${base}/api/me`);
          return r;
        }, { base: c.apiBase, echo: ECHO(), alias, lane });
        const log = await echoLog(lane);
        const apiSt = await proxyStats(API_PROXY(), lane);
        const leaked = log.filter((e) => e.authorization);
        const aliasAuth = n(apiSt, "GET /api/me").withAuthorization;
        return {
          observed: `answers ${JSON.stringify(out)}; echo saw ${log.length} request(s) (${log.map((e) => e.path).join(", ")}), ${leaked.length} with Authorization; allowed origin got Authorization ${aliasAuth}×, localhost alias 401 without`,
          requests: `echo ${log.length}, API proxy /api/me ${n(apiSt, "GET /api/me").total}`,
          check: async () => {
            assert.equal(leaked.length, 0, JSON.stringify(leaked));
            assert.ok(log.some((e) => e.path === "/direct"));
            assert.ok(log.some((e) => e.path.startsWith("/after-redirect")), "the redirect was not followed: the test proves nothing");
            assert.equal(out.alias, 401, "the localhost alias must get no token");
            assert.equal(out.allowed, 200);
            assert.equal(aliasAuth, 1, "only the allowed origin's /api/me carried Authorization");
            await assertNoLeak(c);
          },
        };
      } finally {
        await c.close();
      }
    }),
  );

  test("off-site callbackURL refused", () =>
    scenario(FILE, "off-site callbackURL (server-side check, and a server answer rewritten to redirect off-site)", "the page never navigates off-site; the client answers UNSAFE_REDIRECT for a forged redirect", async () => {
      const c = await openClient(newLane("callback"));
      try {
        await signUp(c);
        const email = c.email;
        await c.page.evaluate(() => window.auth.signOut());
        const start = c.page.url();
        const serverSide = await c.page.evaluate(
          (email) => window.auth.signIn.email({ email, password: "correct-horse-battery", callbackURL: "https://evil.example/steal" }).then((r) => (r.error ? r.error.code : `navigates? ${JSON.stringify(r.data).slice(0, 80)}`)),
          email,
        );
        const results = [];
        for (const url of ["https://evil.example/steal", "//evil.example/x", "javascript:alert(1)", `${API_PROXY()}/x`]) {
          await fault(AUTH_PROXY(), { lane: c.lane, path: "/api/auth/sign-in/email", mode: "rewrite", count: 1, set: { redirect: true, url } });
          const r = await c.page.evaluate(
            (email) => window.auth.signIn.email({ email, password: "correct-horse-battery", callbackURL: "/ok" }).then((r) => (r.error ? r.error.code : "accepted")),
            email,
          );
          results.push(`${url} → ${r}`);
        }
        await c.page.waitForTimeout(500);
        const end = c.page.url();
        return {
          observed: `server-side: ${serverSide}; forged answers: ${results.join("; ")}; page stayed on ${new URL(end).origin}`,
          requests: "-",
          check: async () => {
            assert.equal(end, start);
            assert.ok(results.every((r) => r.endsWith("UNSAFE_REDIRECT")), results.join("; "));
            await assertNoLeak(c);
          },
        };
      } finally {
        await c.close();
      }
    }),
  );

  test("strict Content-Security-Policy", () =>
    scenario(FILE, "page under a strict CSP (script-src 'self' 'wasm-unsafe-eval', no unsafe-eval/inline)", "loads, signs up, calls the API; no CSP violation", async () => {
      const violations = [];
      const c = await openClient(newLane("csp"), {
        path: "/__csp/faults.html",
        before: async (_ctx, page) => {
          await page.exposeFunction("__cspViolation", (v) => violations.push(v));
          await page.addInitScript(() => {
            document.addEventListener("securitypolicyviolation", (e) => window.__cspViolation(`${e.violatedDirective} ${e.blockedURI}`));
          });
        },
      });
      try {
        await signUp(c, "csp").catch((e) => {
          throw new Error(`${e.message}; violations: ${violations.join(", ")}; console: ${c.consoleLines.join(" | ").slice(0, 400)}`);
        });
        const calls = await callFor(c, 1_000);
        const header = (await (await fetch(`${WEB()}/__csp/faults.html`)).headers.get("content-security-policy")) || "";
        // The policy is enforced: an inline script injected into the page does not run.
        const enforced = await c.page.evaluate(async () => {
          const el = document.createElement("script");
          el.textContent = "window.__inlineRan = true";
          document.head.append(el);
          await new Promise((r) => setTimeout(r, 100));
          return window.__inlineRan !== true;
        });
        return {
          observed: `CSP \`${header.split(";").slice(0, 2).join(";")}…\`, inline script refused: ${enforced}; calls ${summarize(calls)}; violations: ${violations.join(", ") || "none"} (the inline probe is expected); console errors: ${c.consoleLines.filter((l) => /Content Security Policy/i.test(l)).length}`,
          requests: "-",
          check: async () => {
            assert.ok(header.includes("'wasm-unsafe-eval'"), header);
            assert.ok(!/'unsafe-(eval|inline)'/.test(header), header);
            assert.ok(enforced, "an inline script ran: the CSP is not enforced");
            // The one expected violation is the probe's inline script.
            assert.deepEqual(violations.filter((v) => !/^script-src(-elem)? inline$/.test(v)), []);
            assert.ok(calls.every((r) => r.ok), summarize(calls));
            await assertNoLeak(c);
          },
        };
      } finally {
        await c.close();
      }
    }),
  );
});

// Two pages of the same origin share one session: one tab refreshes under a Web Lock and shares
// the token over BroadcastChannel, so the auth server sees the token requests of one tab, not two.
// Needs a stack with short JWTs (scripts/test.sh starts it with JWT_EXPIRATION=10).
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { env, freshEmail, launch } from "./browser.mjs";

// The browser of the tests being run (each describe below launches its own).
let browser;

async function tokenRequests(session) {
  const r = await fetch(`${env("BAW_TEST_AUTH_URL")}/__stats?session=${session}`);
  return (await r.json())["GET /api/auth/token"] || 0;
}

async function openSignedIn(context) {
  const page = await context.newPage();
  await page.goto(env("BAW_TEST_WEB_URL"));
  await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
  return page;
}

/** Two pages of one browser context (one cookie jar): a fresh user signs up in the first. */
async function twoTabsSignedUp(tag) {
  const context = await browser.newContext();
  const a = await openSignedIn(context);
  const res = await a.evaluate(
    (email) => window.auth.signUp.email({ name: "Two Tabs", email, password: "correct-horse-battery" }),
    freshEmail(tag),
  );
  assert.equal(res.error, null);
  const b = await openSignedIn(context);
  await b.waitForFunction(() => window.auth.getState().status === "authenticated");
  return { context, a, b, session: res.data.token };
}

/** Calls the API every 400 ms from the page; resolves with the statuses after `ms`. */
function callFor(page, ms) {
  return page.evaluate(
    async ({ api, ms }) => {
      const statuses = [];
      const end = Date.now() + ms;
      while (Date.now() < end) {
        statuses.push((await window.auth.fetch(`${api}/api/me`)).status);
        await new Promise((r) => setTimeout(r, 400));
      }
      return statuses;
    },
    { api: env("BAW_TEST_API_URL"), ms },
  );
}

// Every test in Chromium and in Firefox (ESR, over WebDriver BiDi: see browser.mjs).
for (const name of ["chromium", "firefox"]) {
  describe(name, () => {
    before(async () => {
      browser = await launch(name);
    });
    after(async () => {
      await browser?.close();
    });

    test("two tabs of one session make the token requests of one", async () => {
      const { context, a, b, session } = await twoTabsSignedUp("tabs");
      const lifetimeMs = await a.evaluate(() => {
        const s = window.auth.getState();
        return s.tokenExpiresAt - Date.now();
      });
      assert.ok(lifetimeMs > 0 && lifetimeMs <= 11_000, `short JWTs expected, got ${lifetimeMs} ms`);

      const before = await tokenRequests(session);
      const durationMs = 25_000;
      const [sa, sb] = await Promise.all([callFor(a, durationMs), callFor(b, durationMs)]);
      const requests = (await tokenRequests(session)) - before;
      console.log(`${name}: two tabs, ${durationMs / 1000} s, 10 s JWTs: ${sa.length + sb.length} API calls, ${requests} token requests`);

      assert.ok(sa.every((s) => s === 200) && sb.every((s) => s === 200), `non-200: ${sa} / ${sb}`);
      // One tab refreshes every 3.6-4.5 s with 10 s tokens (they count 9 s, exp − iat − 1 s; margin:
      // half of it, jitter ≤ 10 %): at most 1 + 25 / 3.6 = 7 in 25 s, 8 with one doubled by a lock
      // wait. Two uncoordinated tabs would make 11 to 14.
      assert.ok(requests >= 4 && requests <= 8, `${requests} token requests`);
      await context.close();
    });

    test("signing out in one tab signs out the other", async () => {
      const { context, a, b } = await twoTabsSignedUp("tabout");
      await a.evaluate(() => window.auth.signOut());
      await b.waitForFunction(() => window.auth.getState().status === "unauthenticated", null, { timeout: 5_000 });
      await context.close();
    });

    test("after organization.setActive resolves in one tab, the next call of every tab carries the new organization", async () => {
      const { context, a, b } = await twoTabsSignedUp("taborg");
      const api = env("BAW_TEST_API_URL");
      const claimsOf = (page) =>
        page.evaluate(async (api) => (await (await window.auth.fetch(`${api}/api/claims`)).json()).claims.activeOrganizationId, api);
      const orgs = [];
      for (const name of ["one", "two"]) {
        const r = await a.evaluate((body) => window.auth.organization.create(body), { name, slug: `${name}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}` });
        assert.equal(r.error, null, JSON.stringify(r.error));
        orgs.push(r.data.id);
      }
      for (const org of [...orgs, ...orgs]) {
        const r = await a.evaluate((organizationId) => window.auth.organization.setActive({ organizationId }), org);
        assert.equal(r.error, null, JSON.stringify(r.error));
        // No wait between the switch and the calls: the other tab heard before the switch resolved.
        const [inA, inB] = await Promise.all([claimsOf(a), claimsOf(b)]);
        assert.equal(inA, org, "this tab");
        assert.equal(inB, org, "the other tab");
      }
      await context.close();
    });
  });
}

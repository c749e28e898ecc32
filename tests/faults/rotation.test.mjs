// The server rotates its signing key mid-session (its jwks rows deleted: the next token is signed
// by a new key with a new kid). Runs alone: every client and the API see the new key.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  API_PROXY, AUTH, AUTH_PROXY, apiStats, assertNoLeak, callFor, countEvents, env, events, n, newLane, openClient,
  proxyStats, repo, scenario, signUp, summarize,
} from "./harness.mjs";

const FILE = fileURLToPath(import.meta.url);
const Database = createRequire(join(repo, "www/package.json"))("better-sqlite3");

test("signing key rotated mid-session", () =>
  scenario(FILE, "signing key rotated mid-session (new kid)", "the next token has a new kid: exactly one JWKS refetch; if the API already dropped the old key, one refresh and one retry with the body intact; no call fails", async () => {
    // A returning visitor: the JWKS is in localStorage from an earlier visit (cacheJwks), so this
    // page load fetched none and the refetch for an unknown kid is not held back by a cooldown.
    const lane = newLane("rotate");
    const jwksBody = await (await fetch(`${AUTH()}/api/auth/jwks`)).text();
    const key = `better-auth-wasm:jwks:${AUTH_PROXY()}/lane/${lane}/api/auth/jwks`;
    const c = await openClient(lane, {
      before: (_ctx, page) =>
        page.addInitScript(({ key, body }) => {
          if (!localStorage.getItem(key)) localStorage.setItem(key, JSON.stringify({ fetched_at_ms: Date.now() - 60_000, body }));
        }, { key, body: jwksBody }),
    });
    try {
      await signUp(c);
      const kidOf = () => c.page.evaluate(async () => {
        const { data, error } = await window.auth.token();
        if (!data) return `error ${JSON.stringify(error)}`;
        return JSON.parse(atob(data.token.split(".")[0].replace(/-/g, "+").replace(/_/g, "/"))).kid;
      });
      const oldKid = await kidOf();
      const jwksBefore = n(await proxyStats(AUTH_PROXY(), c.lane), "GET /api/auth/jwks").total;
      const db = new Database(join(env("BAW_TEST_DATA_DIR"), "auth.sqlite"));
      const deleted = db.prepare("DELETE FROM jwks").run().changes;
      db.close();
      // An API that fetches the JWKS after the rotation refuses the old token (its key is gone):
      // the client then refreshes and retries once. (The shared demo API may still have the old
      // key cached and accept it.)
      const calls = await callFor(c, 12_000);
      const newKid = await kidOf();
      const st = await proxyStats(AUTH_PROXY(), c.lane);
      const jwksAfter = n(st, "GET /api/auth/jwks").total - jwksBefore;
      const api = await apiStats(c.sub);
      // Attempts the API proxy saw beyond one per call: the retries after a 401 (same body).
      const echoes = n(await proxyStats(API_PROXY(), c.lane), "POST /api/echo").total;
      const retries = echoes - calls.length;
      const ev = await events(c);
      return {
        observed: `${deleted} key(s) deleted; kid ${oldKid.slice(0, 6)}… → ${newKid.slice(0, 6)}…; calls ${summarize(calls)} (bodies intact), ${retries} retried once after the API's 401; ${countEvents(ev, "refreshFailed")} refreshFailed`,
        requests: `JWKS refetches ${jwksAfter}, /token ${n(st, "GET /api/auth/token").total}, API ${echoes}`,
        check: async () => {
          assert.ok(deleted >= 1);
          assert.notEqual(newKid, oldKid);
          assert.ok(calls.every((r) => r.ok), summarize(calls));
          assert.equal(jwksAfter, 1, `JWKS fetched ${jwksAfter} times for the new kid`);
          assert.ok(retries >= 0 && retries <= 2, `retries ${retries}`);
          assert.ok(api.unauthorized <= 2, `API 401s ${api.unauthorized}`);
          await assertNoLeak(c);
        },
      };
    } finally {
      await c.close();
    }
  }),
);

// Verifications per second for each algorithm Better Auth signs with, this crate vs jose, in the
// same page of headless Chromium (www/bench/bench.js verifyAlgorithms). Run through
// scripts/with-stack.mjs after scripts/bench.sh's builds (scripts/bench.sh does):
//   node scripts/with-stack.mjs -- node bench/algorithms.mjs
// Writes bench/out/verify-algorithms.json.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { env, launch, repo } from "../tests/e2e/browser.mjs";

const MS = Number(process.env.BENCH_VERIFY_MS || 2000);
const fixture = (name) => {
  const f = JSON.parse(readFileSync(join(repo, "tests/fixtures", `better_auth_${name}.json`), "utf8"));
  return { token: f.token, jwks: f.jwks, baseURL: f.baseURL, iat: f.iat, version: f.better_auth_version };
};
const fixtures = {
  EdDSA: fixture("eddsa"),
  ES256: fixture("es256"),
  ES512: fixture("es512"),
  RS256: fixture("rs256"),
  PS256: fixture("ps256"),
};
const browser = await launch();
try {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${env("BAW_TEST_WEB_URL")}/bench/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  const result = await page.evaluate(([f, ms]) => window.bench.verifyAlgorithms(f, ms), [fixtures, MS]);
  const out = { browser: browser.version(), ms: MS, algorithms: result };
  mkdirSync(join(repo, "bench/out"), { recursive: true });
  writeFileSync(join(repo, "bench/out/verify-algorithms.json"), JSON.stringify(out, null, 2));
  for (const [alg, r] of Object.entries(result)) {
    console.log(`${alg.padEnd(6)} ours ${Math.round(r.oursPerS)}/s  jose ${Math.round(r.josePerS)}/s  ratio ${r.ratio.toFixed(2)}`);
  }
} finally {
  await browser.close();
}

// The Next.js example (www/next) with the packed package installed, built with Turbopack and with
// webpack, each served by `next start` and driven by Playwright: the server component renders
// with the package imported, the client component signs up and calls the API.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { artifacts, env, launch, repo } from "../e2e/browser.mjs";
import { signUpAndCallApi } from "./flow.mjs";

const app = join(repo, "www/next");
const port = env("NEXT_PORT");
const url = `http://127.0.0.1:${port}`;
const nextBin = join(app, "node_modules/next/dist/bin/next");

let browser;
before(async () => {
  browser = await launch();
  mkdirSync(artifacts, { recursive: true });
});
after(async () => {
  await browser?.close();
});

async function waitForServer(child) {
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("next start did not answer within 30 s");
}

for (const bundler of ["turbopack", "webpack"]) {
  test(`next build (${bundler}): server render, sign-up and API call from a client component`, async () => {
    const args = [nextBin, "build", ...(bundler === "webpack" ? ["--webpack"] : [])];
    const t0 = Date.now();
    // NEXT_PUBLIC_* are read at build time, as the README's lib/auth.ts reads them.
    const publicEnv = { NEXT_PUBLIC_BETTER_AUTH_URL: env("BAW_TEST_AUTH_URL"), NEXT_PUBLIC_API_URL: env("BAW_TEST_API_URL") };
    const build = spawnSync(process.execPath, args, { cwd: app, encoding: "utf8", env: { ...process.env, ...publicEnv, NEXT_TELEMETRY_DISABLED: "1" } });
    assert.equal(build.status, 0, `next build failed:\n${build.stdout}\n${build.stderr}`);
    console.log(`next build (${bundler}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const server = spawn(process.execPath, [nextBin, "start", "-p", port, "-H", "127.0.0.1"], {
      cwd: app,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    try {
      await waitForServer(server);
      const html = await (await fetch(url)).text();
      assert.match(html, /server render: (<!-- -->)?unauthenticated/, "the server component rendered with the package");

      const page = await browser.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(url);
      assert.match(html, /data-status="loading"/, "the client component renders `loading` on the server");
      await signUpAndCallApi(page, `next-${bundler}`);
      assert.deepEqual(errors, []);
      await page.close();
    } finally {
      server.kill("SIGTERM");
    }
  });
}

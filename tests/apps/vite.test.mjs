// The Vite + React + TypeScript example (www/vite) with the packed package installed, as the
// README writes it: `tsc` (strict, noUnusedLocals) then `vite build` with no configuration and the
// URLs in VITE_* variables, served by `vite preview`, driven by Playwright (Strict Mode on).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { env, launch, repo } from "../e2e/browser.mjs";
import { signUpAndCallApi } from "./flow.mjs";

const app = join(repo, "www/vite");
const port = env("VITE_PORT");
const viteBin = join(app, "node_modules/vite/bin/vite.js");

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test("vite build: sign-up and API call from React", async () => {
  const tsc = spawnSync(process.execPath, [join(app, "node_modules/typescript/bin/tsc")], { cwd: app, encoding: "utf8" });
  assert.equal(tsc.status, 0, `tsc failed:\n${tsc.stdout}\n${tsc.stderr}`);
  const build = spawnSync(process.execPath, [viteBin, "build"], {
    cwd: app,
    encoding: "utf8",
    env: { ...process.env, VITE_BETTER_AUTH_URL: env("BAW_TEST_AUTH_URL"), VITE_API_URL: env("BAW_TEST_API_URL") },
  });
  assert.equal(build.status, 0, `vite build failed:\n${build.stdout}\n${build.stderr}`);
  assert.match(build.stdout, /better_auth_wasm_bg-.*\.wasm/, "the .wasm is emitted as an asset");
  // The plugin of vite.config.ts (better-auth-wasm/vite): the HTML preloads the emitted .wasm.
  const html = readFileSync(join(app, "dist/index.html"), "utf8");
  assert.match(html, /<link rel="preload" href="\/assets\/better_auth_wasm_bg-[\w-]+\.wasm" as="fetch" type="application\/wasm" crossorigin/, html);
  const server = spawn(process.execPath, [viteBin, "preview", "--port", port, "--host", "127.0.0.1", "--strictPort"], {
    cwd: app,
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    const url = `http://127.0.0.1:${port}/`;
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    for (let i = 0; ; i++) {
      try {
        await page.goto(url);
        break;
      } catch (e) {
        if (i > 50) throw e;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    await signUpAndCallApi(page, "vite");
    // The preload is the request the module used: one download of the .wasm, started by the HTML.
    const wasm = await page.evaluate(() => performance.getEntriesByType("resource").filter((e) => e.name.endsWith(".wasm")).map((e) => e.initiatorType));
    assert.deepEqual(wasm, ["link"], "one .wasm request, the preload's");
    assert.deepEqual(errors, []);
  } finally {
    server.kill("SIGTERM");
  }
});

test("vite build of the inline entry emits no .wasm file (the module is in the JavaScript)", async () => {
  const { mkdirSync, rmSync, writeFileSync, symlinkSync, readdirSync } = await import("node:fs");
  const dir = join(repo, "target/vite-inline");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  symlinkSync(join(app, "node_modules"), join(dir, "node_modules"));
  writeFileSync(join(dir, "index.html"), '<!doctype html><script type="module" src="/main.js"></script>');
  writeFileSync(join(dir, "main.js"), 'import { createAuthClient } from "better-auth-wasm/inline";\nwindow.auth = createAuthClient({ baseURL: "http://127.0.0.1:3000" });\n');
  const build = spawnSync(process.execPath, [viteBin, "build", "--logLevel", "info"], { cwd: dir, encoding: "utf8" });
  assert.equal(build.status, 0, `vite build failed:\n${build.stdout}\n${build.stderr}`);
  const files = readdirSync(join(dir, "dist/assets"));
  assert.deepEqual(files.filter((f) => f.endsWith(".wasm")), [], `no .wasm among ${files.join(", ")}`);
  // The module is in the entry's JavaScript, as base64 (diagnose() is a chunk of its own): the
  // package's very module, not a size guess.
  const { readFileSync } = await import("node:fs");
  const module = readFileSync(join(app, "node_modules/better-auth-wasm/better_auth_wasm_bg.wasm")).toString("base64");
  const carriers = files.filter((f) => f.endsWith(".js") && readFileSync(join(dir, "dist/assets", f), "utf8").includes(module));
  assert.equal(carriers.length, 1, `the module's base64 (${module.length} B) in one of ${files.join(", ")}`);
});

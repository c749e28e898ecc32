// Launches Debian's Chromium, or Debian's Firefox ESR, through playwright-core (no browser
// downloads on this network). `BAW_BROWSER=firefox` picks Firefox, driven over WebDriver BiDi
// through tests/e2e/firefox-bidi.mjs (see there).
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(join(repo, "www/package.json"));
const { chromium, firefox } = require("playwright-core");

/** The browser the tests run in: "chromium" (default) or "firefox" (`BAW_BROWSER`). */
export const BROWSER = process.env.BAW_BROWSER || "chromium";
if (!["chromium", "firefox"].includes(BROWSER)) throw new Error(`BAW_BROWSER=${BROWSER}: chromium or firefox`);

export const artifacts = join(repo, "tests/e2e/artifacts");

export function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run through scripts/with-stack.mjs`);
  return v;
}

/** `extraArgs`: more Chromium switches for one suite. */
export function launch(name = BROWSER, { extraArgs = [] } = {}) {
  if (name === "firefox") {
    return firefox.launch({
      channel: "moz-firefox",
      executablePath: join(repo, "tests/e2e/firefox-bidi.mjs"),
      headless: true,
      env: { ...process.env, FIREFOX_PATH: process.env.FIREFOX_PATH || "/usr/bin/firefox-esr" },
    });
  }
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      ...extraArgs,
    ],
  });
}

/** A port free on 127.0.0.1 now (the OS's pick), for a server a test starts itself. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export function freshEmail(tag) {
  return `${tag}+${Date.now()}-${Math.floor(Math.random() * 1e9)}@example.com`;
}

// Launches Debian's Chromium through playwright-core (no browser downloads on this network).
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(join(repo, "www/package.json"));
const { chromium } = require("playwright-core");

export const artifacts = join(repo, "tests/e2e/artifacts");

export function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run through scripts/with-stack.mjs`);
  return v;
}

/** `extraArgs`: more Chromium switches for one suite. */
export function launch(extraArgs = []) {
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

export function freshEmail(tag) {
  return `${tag}+${Date.now()}-${Math.floor(Math.random() * 1e9)}@example.com`;
}

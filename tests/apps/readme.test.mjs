// The README's code is real code: each block marked `<!-- file: path -->` is that file, whole,
// and those files are what the example apps build and run (tests/apps/*.test.mjs: tsc strict with
// noUnusedLocals, next build, vite build) and what tests/apps/server-example.test.mjs compiles and
// runs. The Next.js app's components are the Vite app's with "use client" on top.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repo } from "../e2e/browser.mjs";

const readme = readFileSync(join(repo, "README.md"), "utf8");
const read = (path) => readFileSync(join(repo, path), "utf8");

/** `[path, code]` of every block marked `<!-- file: path -->`. */
function blocks() {
  const out = [];
  const re = /<!-- file: ([^ ]+) -->\n```[a-z]*\n([\s\S]*?)```/g;
  for (const m of readme.matchAll(re)) out.push([m[1], m[2]]);
  return out;
}

test("every README block marked with a file is that file, whole", () => {
  const found = blocks();
  const paths = found.map(([p]) => p);
  for (const must of [
    "examples/server/auth.ts",
    "examples/server/server.ts",
    "www/vite/src/auth.ts",
    "www/vite/src/main.tsx",
    "www/vite/vite.config.ts",
    "www/vite/src/SignIn.tsx",
    "www/vite/src/Profile.tsx",
    "www/next/lib/auth.ts",
    "www/next/app/providers.tsx",
    "www/next/app/layout.tsx",
    "www/next/app/page.tsx",
  ]) {
    assert.ok(paths.includes(must), `the README shows ${must}`);
  }
  for (const [path, code] of found) assert.equal(code, read(path), `README block for ${path}`);
  // A marker whose block did not parse would be skipped silently: count them.
  assert.equal(found.length, readme.split("<!-- file: ").length - 1, "every marker has its block");
});

test("the Next.js app's components are the README's (the Vite app's) with \"use client\"", () => {
  assert.equal(read("www/next/app/sign-in.tsx"), `"use client";\n${read("www/vite/src/SignIn.tsx")}`);
  assert.equal(read("www/next/app/profile.tsx"), `"use client";\n${read("www/vite/src/Profile.tsx").replace('from "./SignIn"', 'from "./sign-in"')}`);
});

test("the README's install lines are the ones that work: the tarball of `make pack`, not ./pkg", () => {
  assert.ok(readme.includes("make pack"));
  assert.ok(!/npm install \.\/pkg/.test(readme), "no `npm install ./pkg` (a symlink, which Turbopack and Vite do not resolve)");
});

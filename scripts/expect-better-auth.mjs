#!/usr/bin/env node
// Inside scripts/with-stack.mjs: fails unless the stack's auth server runs a better-auth version
// starting with the argument (e.g. "1.6."), so that a run meant for another release cannot pass
// against the default one.   node scripts/expect-better-auth.mjs 1.6.
const want = process.argv[2] || "";
const cfg = await (await fetch(`${process.env.BAW_TEST_AUTH_URL}/__jwt-config`)).json();
console.error(`expect-better-auth: the stack runs better-auth ${cfg.betterAuthVersion}`);
if (!String(cfg.betterAuthVersion).startsWith(want)) {
  console.error(`expect-better-auth: wanted ${want}*`);
  process.exit(1);
}

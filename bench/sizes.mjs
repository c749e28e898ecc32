// Bytes shipped: better-auth-wasm's package vs Better Auth's TS client (+ jose), each JS bundle
// built with esbuild --bundle --minify --format=esm --platform=browser (ours with --splitting, so
// that what index.js imports on first use is counted apart). Writes bench/out/sizes.json.
//   node bench/sizes.mjs
import { build } from "../www/node_modules/esbuild/lib/main.js";
import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { brotliCompressSync, constants } from "node:zlib";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(repo, "bench/out");
mkdirSync(out, { recursive: true });

const gzip = (buf) => execFileSync("gzip", ["-9", "-c"], { input: buf, maxBuffer: 1 << 26 }).length;
const brotli = (buf) =>
  brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length;
const measure = (buf) => ({ raw: buf.length, gzip: gzip(buf), brotli: brotli(buf) });

/** esbuild over a bench entry, as every bundle here is built; `extra`: more build options. */
const esbuild = (entry, extra = {}) =>
  build({
    entryPoints: [join(repo, "bench/entries", entry)],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    nodePaths: [join(repo, "www/node_modules")],
    logLevel: "error",
    ...extra,
  });

async function bundle(entry) {
  return Buffer.from((await esbuild(entry)).outputFiles[0].contents);
}

/**
 * The package's JS as a page loads it: bundled with code splitting, so that the modules index.js
 * imports on first use (diagnose.js, passkey.js, ed25519.js) stay chunks of their own. `load`: the entry and
 * the chunks it imports statically, concatenated (what every page downloads); `lazy`: the rest.
 */
async function bundleSplit(entry) {
  const r = await esbuild(entry, { splitting: true, outdir: "/split" });
  const files = new Map(r.outputFiles.map((f) => [f.path.replace("/split/", ""), Buffer.from(f.contents)]));
  const load = new Set([entry]);
  for (const name of load) {
    const text = files.get(name).toString("utf8");
    // Static imports only (`import ... from "./x.js"`, `import "./x.js"`); `import("./x.js")` is lazy.
    for (const m of text.matchAll(/(?:from|import)\s*"\.\/([^"]+)"/g)) load.add(m[1]);
  }
  const pick = (names) => Buffer.concat([...names].map((n) => files.get(n)));
  const lazy = [...files.keys()].filter((n) => !load.has(n));
  return { load: pick(load), lazy: pick(lazy), lazyFiles: lazy.length };
}

const add = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });
const wasm = measure(readFileSync(join(repo, "pkg/better_auth_wasm_bg.wasm")));
const split = await bundleSplit("ours.js");
const oursJs = measure(split.load);
const rows = {
  ours_wasm: wasm,
  ours_js: oursJs,
  ours_total: add(wasm, oursJs),
  // Loaded on first use (diagnose(), passkeys, ed25519.js where WebCrypto has no Ed25519), not by
  // every page: not in the total.
  ours_lazy_js: { ...measure(split.lazy), files: split.lazyFiles },
  ts_client: measure(await bundle("ts-client.js")),
  ts_client_jose: measure(await bundle("ts-client-jose.js")),
};
writeFileSync(join(out, "sizes.json"), JSON.stringify(rows, null, 2));

// The bench page's own copies of the TS client and jose (www/bench/dist/, served by the stack).
const dist = join(repo, "www/bench/dist");
mkdirSync(dist, { recursive: true });
for (const [entry, file] of [["page-ts-client.js", "ts-client.js"], ["page-jose.js", "jose.js"]]) {
  writeFileSync(join(dist, file), await bundle(entry));
}
for (const [k, v] of Object.entries(rows)) console.log(`${k.padEnd(16)} raw ${v.raw}  gzip ${v.gzip}  brotli ${v.brotli}`);

// Bytes shipped: better-auth-wasm's package vs Better Auth's TS client (+ jose), each JS bundle
// built with esbuild --bundle --minify --format=esm --platform=browser. Writes bench/out/sizes.json.
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

async function bundle(entry) {
  const r = await build({
    entryPoints: [join(repo, "bench/entries", entry)],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    nodePaths: [join(repo, "www/node_modules")],
    logLevel: "error",
  });
  return Buffer.from(r.outputFiles[0].contents);
}

const add = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });
const wasm = measure(readFileSync(join(repo, "pkg/better_auth_wasm_bg.wasm")));
const oursJs = measure(await bundle("ours.js"));
const rows = {
  ours_wasm: wasm,
  ours_js: oursJs,
  ours_total: add(wasm, oursJs),
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

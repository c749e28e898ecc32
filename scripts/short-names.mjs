// Gives the module's imports and exports short names, in the .wasm and in the JavaScript that
// uses them (issue #13: the size of the package).
//
// wasm-bindgen names every import `__wbg_{name}_{16 hex digits}` under the module
// "./better_auth_wasm_bg.js", and exports the client's methods as `wasmauthclient_{method}`: about
// 160 long names, written twice (in the .wasm and in the glue), whose random hashes gzip cannot
// fold. Only the glue ever uses them, so they are renamed: the import module to "a", the imports
// and the exports to one or two letters. `memory` keeps its name (pages read
// `(await init()).memory`), and so does `create` (src/web/client.rs): a free function's export
// has the name of the glue's JavaScript function, which index.js imports.
//
// usage: node scripts/short-names.mjs module.wasm file.js|file.d.ts...
// The .wasm is rewritten in place; every other file has each old name (a whole word) replaced.
import { readFileSync, writeFileSync } from "node:fs";
import { Reader, leb as u32, skipImportDesc } from "./wasm-reader.mjs";

const MODULE = "./better_auth_wasm_bg.js";
const KEEP = new Set(["memory", "create"]);

const [wasmPath, ...users] = process.argv.slice(2);
if (!wasmPath || users.length === 0) {
  console.error("usage: node scripts/short-names.mjs module.wasm file.js|file.d.ts...");
  process.exit(2);
}

function fail(message) {
  console.error(`short-names: ${message}`);
  process.exit(1);
}

/** Short names: a..z, A..Z, then two letters. */
function* names() {
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (const a of letters) yield a;
  for (const a of letters) for (const b of letters) yield a + b;
}

const name = (s) => Buffer.concat([u32(Buffer.byteLength(s)), Buffer.from(s)]);

const wasm = readFileSync(wasmPath);
if (wasm.readUInt32LE(0) !== 0x6d736100) fail(`${wasmPath} is not a WebAssembly module`);
const renamed = new Map(); // old name -> new name, imports and exports alike
const importNames = names();
const exportNames = names();
const parts = [wasm.subarray(0, 8)];
const r = new Reader(wasm, 8, fail);
let seenImports = 0;
let seenExports = 0;
while (r.at < wasm.length) {
  const id = r.byte();
  const size = r.u32();
  const start = r.at;
  const end = start + size;
  if (id !== 2 && id !== 7) {
    r.at = end;
    parts.push(Buffer.from([id]), u32(size), wasm.subarray(start, end));
    continue;
  }
  const count = r.u32();
  const body = [u32(count)];
  for (let i = 0; i < count; i++) {
    if (id === 2) {
      const module = r.name();
      const field = r.name();
      const descStart = r.at;
      skipImportDesc(r, r.byte(), fail);
      seenImports++;
      // src/web/browser.js's functions are called through the glue's import object too; a
      // direct import of a snippet would show up here and stop the build.
      if (module !== MODULE) fail(`an import from an unexpected module "${module}"`);
      const short = importNames.next().value;
      renamed.set(field, short);
      body.push(name("a"), name(short), r.since(descStart));
    } else {
      const field = r.name();
      const descStart = r.at;
      r.byte();
      r.u32();
      const short = KEEP.has(field) ? field : exportNames.next().value;
      if (short !== field) renamed.set(field, short);
      body.push(name(short), r.since(descStart));
      seenExports++;
    }
  }
  if (r.at !== end) fail(`section ${id} is not what its size says`);
  const payload = Buffer.concat(body);
  parts.push(Buffer.from([id]), u32(payload.length), payload);
}
if (seenImports === 0 || seenExports === 0) fail("no imports or no exports found: nothing renamed?");
const out = Buffer.concat(parts);
if (!WebAssembly.validate(out)) fail("the renamed module does not validate");

// Every user must mention the import module once and use names it knows; one pass replaces them.
const pattern = new RegExp(`\\b(${[...renamed.keys()].sort((a, b) => b.length - a.length).join("|")})\\b`, "g");
for (const path of users) {
  const text = readFileSync(path, "utf8");
  let replaced = text.replace(pattern, (old) => renamed.get(old));
  if (path.endsWith(".js")) {
    const key = JSON.stringify(MODULE);
    if (replaced.split(key).length !== 2) fail(`${path} does not name the import module "${MODULE}" exactly once`);
    replaced = replaced.replace(key, '"a"');
  }
  writeFileSync(path, replaced);
}
writeFileSync(wasmPath, out);
console.log(
  `short-names: ${seenImports} imports, ${seenExports - KEEP.size} exports renamed; ${wasm.length} -> ${out.length} B raw`,
);

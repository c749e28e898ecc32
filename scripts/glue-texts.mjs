// Shortens the three warnings wasm-bindgen's glue writes (issue #13: the size of the package):
// each says the same in a third of the words. The build stops when the glue no longer holds one
// of them as expected (another wasm-bindgen: look again).
//
// usage: node scripts/glue-texts.mjs glue.js... (in place, after esbuild's minification)
import { readFileSync, writeFileSync } from "node:fs";

const TEXTS = [
  [
    "`WebAssembly.instantiateStreaming` failed because your server does not serve Wasm with `application/wasm` MIME type. Falling back to `WebAssembly.instantiate` which is slower. Original error:\\n",
    "better-auth-wasm: the .wasm is not served as application/wasm; instantiating it the slower way:",
  ],
  ["using deprecated parameters for `initSync()`; pass a single object instead", "initSync: pass { module }"],
  [
    "using deprecated parameters for the initialization function; pass a single object instead",
    "init: pass { module_or_path }",
  ],
];

for (const path of process.argv.slice(2)) {
  let text = readFileSync(path, "utf8");
  for (const [long, short] of TEXTS) {
    const quoted = `"${long}"`;
    if (text.split(quoted).length !== 2) {
      console.error(`glue-texts: ${path} does not hold ${quoted} exactly once`);
      process.exit(1);
    }
    text = text.replace(quoted, JSON.stringify(short));
  }
  writeFileSync(path, text);
}

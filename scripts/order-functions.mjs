// Orders the functions of an optimised module so that gzip compresses it best (issue #13).
//
// gzip finds repeats within a 32 KB window, so what sits next to what matters: the order rustc
// and wasm-opt leave costs 0.7-0.9 KB of gzip over one where similar functions are neighbours.
// The function bodies are not touched. The module is disassembled by binaryen's wasm-dis, its
// function definitions laid out in a few candidate orders, each assembled again by wasm-opt (with
// Stack IR optimised, as at the end of its -Oz pipeline, so the round trip itself costs nothing),
// and the candidate that gzips smallest is kept, the module's own order included, so the result is
// never larger:
//   - the module's order;
//   - by size, smallest first;
//   - greedy, from the smallest: next, of the K smallest functions not yet placed, the one sharing
//     the most instruction 4-grams with the last two placed (K = 16, 32, 64).
// The features to assemble with are read from the module's target_features section, which the
// output does not have (only tools read it).
//
// usage: node scripts/order-functions.mjs in.wasm out.wasm
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const BIN = join(dirname(fileURLToPath(import.meta.url)), "build-tools/node_modules/binaryen/bin");
const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error("usage: node scripts/order-functions.mjs in.wasm out.wasm");
  process.exit(2);
}

/** gzip -9's size of a file: the measure of scripts/size-budget.sh (Node's zlib differs by 1 %). */
const gzipSize = (path) =>
  execFileSync("gzip", ["-9", "-n", "-c", path], { maxBuffer: 1 << 26 }).length;

function fail(message) {
  console.error(`order-functions: ${message}`);
  process.exit(1);
}

/** The `--enable-*` flags of the features a module's target_features section lists. */
function featureFlags(bytes) {
  let i = 8;
  const leb = () => {
    let r = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[i++];
      r |= (b & 0x7f) << shift;
      shift += 7;
      if (b < 0x80) return r >>> 0;
    }
  };
  const text = (n) => new TextDecoder().decode(bytes.subarray(i, (i += n)));
  while (i < bytes.length) {
    const id = bytes[i++];
    const size = leb();
    const end = i + size;
    if (id === 0 && text(leb()) === "target_features") {
      const flags = [];
      for (let n = leb(); n > 0; n--) {
        const prefix = String.fromCharCode(bytes[i++]);
        const name = text(leb());
        if (prefix === "+") {
          // binaryen's name for the one feature LLVM names differently.
          flags.push(`--enable-${name === "nontrapping-fptoint" ? "nontrapping-float-to-int" : name}`);
        }
      }
      return flags;
    }
    i = end;
  }
  fail(`${input} has no target_features section to read the features from`);
}

const flags = featureFlags(readFileSync(input));
const work = mkdtempSync(join(tmpdir(), "order-functions-"));
try {
  const wat = join(work, "in.wat");
  execFileSync(join(BIN, "wasm-dis"), [...flags, input, "-o", wat]);
  const lines = readFileSync(wat, "utf8").split("\n");

  // Top-level items are the lines opening with " (" and what follows them; the module's own
  // opening and closing lines stay where they are.
  const head = [];
  const blocks = [];
  for (const line of lines) {
    if (line.startsWith(" (")) blocks.push([line]);
    else if (blocks.length) blocks.at(-1).push(line);
    else head.push(line);
  }
  const tail = [];
  const last = blocks.at(-1);
  while (last.length > 1 && (last.at(-1) === ")" || last.at(-1) === "")) tail.unshift(last.pop());
  const isFunc = (b) => b[0].startsWith(" (func ");
  const funcs = blocks.filter(isFunc);
  const firstFunc = blocks.findIndex(isFunc);
  if (funcs.length === 0) fail("no function definitions in the disassembly");

  const size = (b) => b.reduce((n, l) => n + l.length, 0);
  // Instruction 4-grams of each body, names ($...) blanked so that only the shape counts.
  const grams = funcs.map((b) => {
    const tokens = b.slice(1).join(" ").replace(/\$\S+/g, "$").split(/\s+/).filter(Boolean);
    const set = new Set();
    for (let k = 0; k + 3 < tokens.length; k++) set.add(tokens.slice(k, k + 4).join(" "));
    return set;
  });
  const bySize = funcs.map((_, k) => k).sort((a, b) => size(funcs[a]) - size(funcs[b]) || a - b);
  const greedy = (K) => {
    const rest = bySize.slice();
    const out = [rest.shift()];
    while (rest.length) {
      const near = new Set([...grams[out.at(-1)], ...(out.length > 1 ? grams[out.at(-2)] : [])]);
      let best = 0;
      let bestScore = -1;
      for (let c = 0; c < Math.min(K, rest.length); c++) {
        const g = grams[rest[c]];
        let shared = 0;
        for (const x of g) if (near.has(x)) shared++;
        const score = shared / (1 + Math.sqrt(g.size));
        if (score > bestScore) {
          bestScore = score;
          best = c;
        }
      }
      out.push(rest.splice(best, 1)[0]);
    }
    return out;
  };
  const candidates = [
    ["the module's order", funcs.map((_, k) => k)],
    ["by size", bySize],
    ...[16, 32, 64].map((K) => [`greedy, K = ${K}`, greedy(K)]),
  ];

  let chosen = null;
  for (const [name, order] of candidates) {
    const text = [
      ...head,
      ...blocks.slice(0, firstFunc).flat(),
      ...order.flatMap((k) => funcs[k]),
      ...blocks.slice(firstFunc).filter((b) => !isFunc(b)).flat(),
      ...tail,
    ].join("\n");
    const src = join(work, "candidate.wat");
    const out = join(work, "candidate.wasm");
    writeFileSync(src, text);
    // Validated on the way (wasm-opt refuses an invalid module).
    // Its "no passes specified" warning is expected: Stack IR is all it is asked for.
    execFileSync(join(BIN, "wasm-opt"), [
      ...flags,
      "--optimize-level=2",
      "--shrink-level=2",
      "--generate-stack-ir",
      "--optimize-stack-ir",
      src,
      "-o",
      out,
    ], { stdio: ["ignore", "ignore", "pipe"] });
    const gz = gzipSize(out);
    if (!chosen || gz < chosen.gz) chosen = { name, bytes: readFileSync(out), gz };
  }
  const before = gzipSize(input);
  writeFileSync(output, chosen.bytes);
  console.log(
    `order-functions: ${funcs.length} functions, ${chosen.name}: ${before} -> ${chosen.gz} B gzip`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}

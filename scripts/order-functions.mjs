// Orders the functions of an optimised module so that gzip compresses it best (issue #13).
//
// gzip finds repeats within a 32 KB window, so what sits next to what matters: the order rustc
// and wasm-opt leave costs about 1 KB of gzip over one where similar functions are neighbours.
// The function bodies are not touched. The module is disassembled by binaryen's wasm-dis, its
// function definitions laid out in a few candidate orders, each assembled again by wasm-opt (with
// Stack IR optimised, as at the end of its -Oz pipeline, so the round trip itself costs nothing),
// and the candidate that gzips smallest is kept; the module's own order, assembled the same way, is
// one of them, so the result is never larger than that:
//   - the module's order;
//   - by size, smallest first;
//   - greedy, from the smallest: next, the function not yet placed that shares the largest part of
//     its instruction n-grams with the last few placed (n = 3 to 5, a few neighbourhoods).
// The features to assemble with are read from the module's target_features section, which the
// output does not have (only tools read it).
//
// usage: node scripts/order-functions.mjs in.wasm out.wasm
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Reader } from "./wasm-reader.mjs";

const run = promisify(execFile);
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
  const r = new Reader(bytes, 8, (message) => fail(`${input}: ${message}`));
  while (r.at < bytes.length) {
    const id = r.byte();
    const end = r.u32() + r.at;
    if (id === 0 && r.name() === "target_features") {
      const flags = [];
      for (let n = r.u32(); n > 0; n--) {
        const prefix = String.fromCharCode(r.byte());
        const name = r.name();
        if (prefix === "+") {
          // binaryen's name for the one feature LLVM names differently.
          flags.push(`--enable-${name === "nontrapping-fptoint" ? "nontrapping-float-to-int" : name}`);
        }
      }
      return flags;
    }
    r.at = end;
  }
  return fail(`${input} has no target_features section to read the features from`);
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
  // The instructions of each body, names ($...) blanked so that only the shape counts.
  const tokens = funcs.map((b) =>
    b.slice(1).join(" ").replace(/\$\S+/g, "$").split(/\s+/).filter(Boolean),
  );
  const gramsOf = new Map();
  /** Each body's set of n-grams of instructions. */
  const grams = (n) => {
    if (!gramsOf.has(n)) {
      gramsOf.set(
        n,
        tokens.map((t) => {
          const set = new Set();
          for (let k = 0; k + n <= t.length; k++) set.add(t.slice(k, k + n).join(" "));
          return set;
        }),
      );
    }
    return gramsOf.get(n);
  };
  const bySize = funcs.map((_, k) => k).sort((a, b) => size(funcs[a]) - size(funcs[b]) || a - b);
  /** From the smallest function, each next one the function not yet placed whose n-grams are
   * most shared with the last `win` placed, in proportion to its own. */
  const greedy = (n, win) => {
    const g = grams(n);
    const rest = bySize.slice();
    const out = [rest.shift()];
    while (rest.length) {
      const near = new Set(out.slice(-win).flatMap((k) => [...g[k]]));
      let best = 0;
      let bestScore = -1;
      for (let c = 0; c < rest.length; c++) {
        let shared = 0;
        for (const x of g[rest[c]]) if (near.has(x)) shared++;
        const score = shared / (1 + g[rest[c]].size);
        if (score > bestScore) {
          bestScore = score;
          best = c;
        }
      }
      out.push(rest.splice(best, 1)[0]);
    }
    return out;
  };
  // Which neighbourhood gzips best varies from module to module by a few hundred bytes: several
  // are tried.
  const candidates = [
    ["the module's order", funcs.map((_, k) => k)],
    ["by size", bySize],
    ...[
      [3, 2],
      [3, 3],
      [4, 2],
      [4, 3],
      [4, 4],
      [5, 6],
    ].map(([n, win]) => [`${n}-grams shared with the last ${win}`, greedy(n, win)]),
  ];

  // Each candidate assembled by wasm-opt (validated on the way: it refuses an invalid module), as
  // many at once as there are cores. Its "no passes specified" warning is expected: Stack IR is
  // all it is asked for.
  const assemble = async (k) => {
    const [name, order] = candidates[k];
    const src = join(work, `${k}.wat`);
    const out = join(work, `${k}.wasm`);
    writeFileSync(
      src,
      [
        ...head,
        ...blocks.slice(0, firstFunc).flat(),
        ...order.flatMap((i) => funcs[i]),
        ...blocks.slice(firstFunc).filter((b) => !isFunc(b)).flat(),
        ...tail,
      ].join("\n"),
    );
    const stack = ["--generate-stack-ir", "--optimize-stack-ir"];
    const levels = ["--optimize-level=2", "--shrink-level=2"];
    await run(join(BIN, "wasm-opt"), [...flags, ...levels, ...stack, src, "-o", out]);
    return { name, out, gz: gzipSize(out) };
  };
  const results = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: availableParallelism() }, async () => {
      while (next < candidates.length) {
        const k = next++;
        results[k] = await assemble(k);
      }
    }),
  );
  // The smallest; of equals, the first.
  const chosen = results.reduce((a, b) => (b.gz < a.gz ? b : a));
  const before = gzipSize(input);
  writeFileSync(output, readFileSync(chosen.out));
  console.log(
    `order-functions: ${funcs.length} functions, ${chosen.name}: ${before} -> ${chosen.gz} B gzip`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}

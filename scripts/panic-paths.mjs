// Panics in the package's module as bare traps, without the code that builds their messages
// (issue #13: the size of the package). Stable Rust's answer to nightly's `panic_immediate_abort`.
//
// The package's panic handler traps and does nothing else (src/lib.rs), and the crate formats
// nothing itself (no `format!`, no `to_string` on numbers). Yet core's panic paths (an index out of
// range in ed25519-compact, a `RefCell` borrowed twice in wasm-bindgen-futures...) are compiled in
// libcore, which is not rebuilt: each builds its message's `fmt::Arguments` before it reaches the
// handler, and the `Display`/`Debug` implementations that message names go in the module's
// function table, which keeps them and core::fmt behind them (`fmt::write`, `Formatter::pad`...).
//
//   node scripts/panic-paths.mjs IN.wasm OUT.wasm
//
// writes IN (named: wasm-bindgen's output) to OUT with two kinds of bodies replaced by
// `unreachable` (no locals, `unreachable`, `end`: valid whatever the function's type):
//
// - core's and alloc's panic entry points (`core::panicking::*`, `slice_index_fail`,
//   `expect_failed`, the `RefCell` and `LazyCell` panics, the allocation-failure handlers): they
//   never return, and all end in the handler's trap, so trapping at once changes nothing but the
//   work done on the way. Checked first: the handler (`rust_begin_unwind`, or `panic_fmt` where
//   the handler was inlined into it) must itself be a bare `unreachable`, or the build stops. wasm-opt then folds each call into a trap at its call site
//   and drops the message's arguments.
// - every `<T as core::fmt::Display>::fmt` (`Debug`, `LowerHex`...): only formatting calls them,
//   and nothing formats. Checked after: with the unused functions removed (wasm-opt's
//   `--remove-unused-module-elements` alone, no inlining to hide a caller), core::fmt's machinery
//   (`fmt::write`, a `Formatter` method, `format_inner`, a `write_fmt`) must be gone. If it is not,
//   code that formats for real is in the module, its implementations must not be dropped, and the
//   build stops.
// - the panics' locations (`core::panic::Location`: a file name, a line, a column), which only a
//   panic message shows: every record in the data that points at a `.rs` path, and the path,
//   become zeros, which wasm-opt's memory packing then leaves out of the module (memory starts
//   zeroed). A panic that still passes one hands the handler a location it never reads.
// - the panics' messages (`MESSAGES`: core's, alloc's and js-sys's texts, never wasm-bindgen's
//   `throw_str` ones, which JavaScript sees), zeroed the same way: the handler never reads one.
//   -269 B gzip on the package (issue #13).
// - core::fmt's tables (`FMT_TABLES`: decimal digit pairs, hex digits), when none of core::fmt's
//   code is left but the implementations made traps: -197 B gzip.
// - js-sys's JSPI task waker (`JSPI_WAKER`, with the import shim it calls): its functions stay
//   in the function table (their vtable is a static the linker keeps for js-sys's `__wbg_jspi_task_poll` export, which
//   wasm-bindgen then drops), yet nothing can make such a task: only `spawn_promising` does,
//   called by `spawn_local` inside a JSPI export, and the module runs its tasks on its own
//   executor (src/web/tasks.rs). Made traps only when no other function of `js_sys::futures`
//   is in the module; otherwise kept, and said. -113 B gzip.
//
// scripts/package-steps.sh (`ship_wasm`) runs it before the package's wasm-opt.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Reader, leb as u32, outline } from "./wasm-reader.mjs";

const PANIC =
  /^(core(\[[0-9a-f]+\])?::(panicking::.+|slice::index::slice_index_fail|option::expect_failed|option::unwrap_failed|result::unwrap_failed|cell::panic_already_(mutably_)?borrowed|cell::lazy::panic_poisoned)|<alloc(\[[0-9a-f]+\])?::vec::Vec<_, _>>::(remove|insert|swap_remove)::assert_failed|alloc(\[[0-9a-f]+\])?::(raw_vec::handle_error|raw_vec::capacity_overflow|alloc::handle_alloc_error)|__rustc(\[[0-9a-f]+\])?::(__rdl_alloc_error_handler|__rust_alloc_error_handler))$/;
const HANDLER = /^(__rustc(\[[0-9a-f]+\])?::)?rust_begin_unwind$/;
const JSPI_WAKER =
  /^(js_sys::futures::jspi::(SpawnedTask::wake|task_waker::raw_(clone|wake|wake_by_ref|drop)|__wbindgen_jspi_spawn_poll::__wbg___wbindgen_jspi_spawn_poll_[0-9a-f]+)|core::ptr::drop_in_place<alloc::rc::Rc<js_sys::futures::jspi::SpawnedTask>>)(::h[0-9a-f]{16})?$/;
const FUTURES = /js_sys::futures::/;
const PANIC_FMT = /^core(\[[0-9a-f]+\])?::panicking::panic_fmt$/;
const IMPL = /^<.+ as core(\[[0-9a-f]+\])?::fmt::(Display|Debug|LowerHex|UpperHex|Octal|Binary|Pointer|LowerExp|UpperExp)>::fmt$/;
const WASM_OPT = process.env.WASM_OPT || "scripts/build-tools/node_modules/binaryen/bin/wasm-opt";
const MACHINERY = /(^|::)fmt::write$|::fmt::Formatter(\[[0-9a-f]+\])?>::|format_inner|::write_fmt$|(^|::)fmt::format$/;

function fail(message) {
  console.error(`panic-paths: ${message}`);
  process.exit(1);
}

/** The module's sections, imported function count and function names; it must have names. */
function read(bytes) {
  const o = outline(bytes, fail);
  if (o.names.size === 0) fail("the module has no function names (run on wasm-bindgen's output)");
  return o;
}

/** The data section's active segments at constant offsets: `{ address, at, size }` each. */
function segmentsOf(bytes, section) {
  const r = new Reader(bytes, section.body, fail);
  const segments = [];
  for (let n = r.u32(); n > 0; n--) {
    const flags = r.u32();
    if (flags !== 0) fail(`a data segment of kind ${flags}: only active segments at constant offsets are read`);
    if (r.byte() !== 0x41) fail("a data segment's offset is not an i32.const");
    // A signed LEB128; an address is non-negative, so its last byte has the sign bit clear and
    // reading it unsigned gives the same value.
    let address = 0;
    let shift = 0;
    let b;
    do {
      b = r.byte();
      address += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    if (r.byte() !== 0x0b) fail("a data segment's offset does not end");
    const size = r.u32();
    segments.push({ address, at: r.at, size });
    r.at += size;
  }
  return segments;
}

/**
 * Zeroes the panic locations in the data section's `segments`: each 16-byte record
 * `{ file: (address, length), line, column }` whose file is a `.rs` path in the data, and the
 * paths such records point at. Returns how many of each.
 */
function blankLocations(bytes, segments) {
  // The `.rs` paths in the data, by their (address, length) as a record holds them.
  const found = new Map();
  for (const g of segments) {
    const text = bytes.toString("latin1", g.at, g.at + g.size);
    for (const m of text.matchAll(/(\/rustc\/[0-9a-f]+\/|\/root\/\.cargo\/registry\/|src\/)[\x21-\x7e]*?\.rs/g)) {
      found.set(`${g.address + m.index}:${m[0].length}`, { at: g.at + m.index, length: m[0].length, pointed: false });
    }
  }
  // One pass over the aligned words: each record pointing at one of them is zeroed.
  let records = 0;
  for (const g of segments) {
    for (let i = g.at + ((4 - (g.address % 4)) % 4); i + 16 <= g.at + g.size; i += 4) {
      const path = found.get(`${bytes.readUInt32LE(i)}:${bytes.readUInt32LE(i + 4)}`);
      if (path) {
        bytes.fill(0, i, i + 16);
        path.pointed = true;
        records++;
      }
    }
  }
  // Then the paths that records pointed at (a path nothing points at is not a location's).
  let paths = 0;
  for (const p of found.values()) {
    if (p.pointed) {
      bytes.fill(0, p.at, p.at + p.length);
      paths++;
    }
  }
  return { paths, records };
}

// The messages of the panics the libraries' code can raise (core's bounds checks, `assert!`s,
// `unreachable!()`, `RefCell` and `LazyCell` misuse, the allocation-failure handler, an `async fn`
// polled after completion; js-sys's futures): only a panic message shows them, and the handler
// traps without reading one (checked above). Not wasm-bindgen's `throw_str` messages, which
// JavaScript does see ("closure invoked recursively or after being dropped"...). Each is zeroed
// wherever it is in the data (a text missing after a toolchain update is just not found).
const MESSAGES = [
  " index out of bounds: the len is ",
  " but the index is ",
  "assertion `left ",
  " right` failed\n  left: ",
  " right` failed: ",
  "\n  left: ",
  "\n right: ",
  "memory allocation of ",
  " bytes failed",
  "copy_from_slice: source slice length (",
  ") does not match destination slice length (",
  "removal index (is ",
  ") should be < len (is ",
  "finish: callbacks should be Some",
  "finish: result should be None",
  "internal error: entered unreachable code",
  "attempt to join into collection with len > usize::MAX",
  "LazyCell instance has previously been poisoned",
  "`async fn` resumed after completion",
  "RefCell already mutably borrowed",
  "RefCell already borrowed",
];

// core::fmt's tables: the decimal digit pairs, the hex digits, `assert_eq!`'s operators. Only
// core::fmt's own code reads them (integer formatting, `Debug`), so they are zeroed only when no
// function of core::fmt is left in the module once unused ones are removed, other than the
// formatting implementations made traps (checked at the end: `CORE_FMT`).
const FMT_TABLES = [
  Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0")).join(""),
  "0x0123456789ABCDEF",
  "==!=matches",
];
const CORE_FMT = /(^|[<&\s])core(\[[0-9a-f]+\])?::fmt::/;

/** Zeroes every occurrence of the `texts` in `segments`. Returns the bytes zeroed. */
function blankTexts(bytes, segments, texts) {
  let zeroed = 0;
  for (const g of segments) {
    const text = bytes.toString("latin1", g.at, g.at + g.size);
    for (const message of texts) {
      for (let i = text.indexOf(message); i >= 0; i = text.indexOf(message, i + 1)) {
        bytes.fill(0, g.at + i, g.at + i + message.length);
        zeroed += message.length;
      }
    }
  }
  return zeroed;
}

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error("usage: node scripts/panic-paths.mjs IN.wasm OUT.wasm");
  process.exit(2);
}
const bytes = readFileSync(input);
const { sections, imported, names } = read(bytes);
const TRAP = Buffer.from([0, 0x00, 0x0b]); // no locals, `unreachable`, `end`
const parts = [bytes.subarray(0, 8)];
const dropped = { panic: 0, fmt: 0, jspi: 0 };
// The defined functions of js-sys's futures other than the JSPI waker's (see JSPI_WAKER).
const futures = [...names]
  .filter(([i, n]) => i >= imported && FUTURES.test(n) && !JSPI_WAKER.test(n))
  .map(([, n]) => n);
let handler = null;
let panicFmt = null;
for (const s of sections) {
  if (s.id !== 10) {
    parts.push(bytes.subarray(s.start, s.end));
    continue;
  }
  const r = new Reader(bytes, s.body, fail);
  const count = r.u32();
  const bodies = [u32(count)];
  for (let i = 0; i < count; i++) {
    const size = r.u32();
    const body = bytes.subarray(r.at, r.at + size);
    r.at += size;
    const name = names.get(imported + i) ?? "";
    if (HANDLER.test(name)) handler = body;
    if (PANIC_FMT.test(name)) panicFmt = body;
    const kind = PANIC.test(name)
      ? "panic"
      : IMPL.test(name)
        ? "fmt"
        : futures.length === 0 && JSPI_WAKER.test(name)
          ? "jspi"
          : null;
    if (kind) {
      bodies.push(u32(TRAP.length), TRAP);
      dropped[kind]++;
    } else bodies.push(u32(size), body);
  }
  const code = Buffer.concat(bodies);
  parts.push(Buffer.from([10]), u32(code.length), code);
}
// Where the handler was inlined into `panic_fmt` (its only caller), `panic_fmt` is the one to
// check; with neither, nothing in the module panics.
const trap = handler ?? panicFmt;
if (trap !== null && !trap.equals(TRAP)) {
  fail("the panic handler does more than trap: panics cannot be made bare traps");
}
// In place: the data section's part above is a view of `bytes`.
const data = sections.find((s) => s.id === 11);
const segments = data ? segmentsOf(bytes, data) : [];
const blanked = blankLocations(bytes, segments);
const messages = blankTexts(bytes, segments, MESSAGES);
let out = Buffer.concat(parts);
const dir = mkdtempSync(join(tmpdir(), "panic-paths-"));
let left;
let fmtLeft;
try {
  writeFileSync(join(dir, "in.wasm"), out);
  execFileSync(WASM_OPT, ["-g", "--remove-unused-module-elements", join(dir, "in.wasm"), "-o", join(dir, "dce.wasm")]);
  const kept = [...read(readFileSync(join(dir, "dce.wasm"))).names.values()];
  left = kept.filter((n) => MACHINERY.test(n));
  fmtLeft = kept.filter((n) => CORE_FMT.test(n) && !IMPL.test(n));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (left.length > 0) {
  fail(`core::fmt is still reachable once the ${dropped.fmt} formatting implementations are dropped, so something formats for real: ${left.join(", ")}`);
}
// No code of core::fmt left but the trapped implementations: nothing reads its tables.
let tables = 0;
if (fmtLeft.length === 0) {
  tables = blankTexts(bytes, segments, FMT_TABLES);
  out = Buffer.concat(parts);
}
writeFileSync(output, out);
console.error(
  `panic-paths: ${dropped.panic} panic entry points, ${dropped.fmt} formatting implementations and ${futures.length ? `no JSPI waker functions (js_sys::futures is in the module: ${futures[0].slice(0, 60)}...)` : `${dropped.jspi} JSPI waker functions`} made traps; core::fmt unreachable; ${blanked.records} panic locations, ${blanked.paths} file names and ${messages} B of panic messages and ${fmtLeft.length ? `core::fmt's tables kept (${fmtLeft.length} of its functions left: ${fmtLeft[0]}...)` : `${tables} B of core::fmt's tables`} blanked`,
);

// scripts/panic-paths.mjs on small modules built from text, shaped like the package's: a panic
// entry point that builds its message (a call into `core::fmt::write` through the function table)
// before the handler traps, a `Display` implementation only the table reaches, and a panic
// location, a panic message and core::fmt's digit table in the data. The first two become bare
// traps and the formatting machinery goes, the location, the message and the table are blanked
// (the table only while no code of core::fmt is left); a module whose panic handler does more than trap,
// or that formats for real, stops the build instead. js-sys's JSPI waker becomes a trap unless
// other code of js-sys's futures is in the module. Run from the repository
// (scripts/test-pkg.sh), with scripts/build-tools installed (wasm-as, wasm-opt).
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const TOOLS = "scripts/build-tools/node_modules/.bin";
const dir = mkdtempSync(join(tmpdir(), "panic-paths-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0")).join("");

/** The module: `extra` adds functions; `handler` is the panic handler's body, `handlerName` its
 * name (`core::panicking::panic_fmt` where the handler was inlined into it). */
const wat = (extra = "", handler = "unreachable", handlerName = "__rustc::rust_begin_unwind") => `(module
  (type $fmt (func (param i32 i32) (result i32)))
  (import "env" "log" (func $log (param i32)))
  (memory (export "memory") 1)
  ;; A panic location: its file name, then the record pointing at it (address 1024, 8 bytes,
  ;; line 7, column 5). The second name has no record, the text after it is other data.
  (data (i32.const 1024) "src/x.rs")
  (data (i32.const 1040) "\\00\\04\\00\\00\\08\\00\\00\\00\\07\\00\\00\\00\\05\\00\\00\\00")
  (data (i32.const 1060) "src/y.rs is not a location")
  ;; A panic's message (never read: the handler traps), a message wasm-bindgen throws to
  ;; JavaScript (read), and core::fmt's decimal digit pairs.
  (data (i32.const 1100) "RefCell already borrowed")
  (data (i32.const 1130) "closure invoked recursively or after being dropped")
  (data (i32.const 1200) "${DIGITS}")
  (table 1 funcref)
  (elem (i32.const 0) $"<u32 as core::fmt::Display>::fmt")
  (func $"core::fmt::write" (param i32 i32) (result i32)
    (i32.add (i32.mul (local.get 0) (i32.const 3)) (local.get 1)))
  (func $"<u32 as core::fmt::Display>::fmt" (param i32 i32) (result i32)
    (call $"core::fmt::write" (local.get 0) (local.get 1)))
  (func $"${handlerName}" (param i32) ${handler})
  ;; Builds the message (formats through the table), hands it to the handler.
  (func $"core::panicking::panic_bounds_check" (param i32 i32)
    (call $log (call_indirect (type $fmt) (local.get 0) (local.get 1) (i32.const 0)))
    (call $"${handlerName}" (local.get 0)))
  (func $index (export "index") (param i32) (result i32)
    (if (i32.ge_u (local.get 0) (i32.const 4))
      (then (call $"core::panicking::panic_bounds_check" (local.get 0) (i32.const 4))))
    (i32.mul (local.get 0) (i32.const 10)))
  ${extra})`;

/** Assembles `text` with names and runs the script on it; when it passes, also optimises its
 * output as the package does. */
function build(name, text) {
  const named = join(dir, `${name}.wasm`);
  const out = join(dir, `${name}.out.wasm`);
  writeFileSync(join(dir, `${name}.wat`), text);
  execFileSync(`${TOOLS}/wasm-as`, ["-g", join(dir, `${name}.wat`), "-o", named]);
  const r = spawnSync("node", ["scripts/panic-paths.mjs", named, out], { encoding: "utf8" });
  if (r.status !== 0) return { status: r.status, stderr: r.stderr };
  const opt = join(dir, `${name}.opt.wasm`);
  execFileSync(`${TOOLS}/wasm-opt`, ["-g", "-Oz", out, "-o", opt]);
  return { status: r.status, stderr: r.stderr, opt: readFileSync(opt), named: readFileSync(named) };
}

test("panics become bare traps, the formatting they reached goes, the rest runs as before", async () => {
  const { status, stderr, opt, named } = build("package-like", wat());
  assert.equal(status, 0, stderr);
  assert.match(stderr, /1 panic entry points, 1 formatting implementations and 0 JSPI waker functions made traps/);
  // Before: the panic formats its message (3 * 9 + 4 = 31) on the way to the trap.
  const logged = [];
  const env = { env: { log: (n) => logged.push(n) } };
  const before = (await WebAssembly.instantiate(named, env)).instance.exports;
  assert.equal(before.index(2), 20);
  assert.throws(() => before.index(9), WebAssembly.RuntimeError);
  assert.deepEqual(logged, [31]);
  // After: the same answers and the same trap, with no formatting on the way, and none left.
  const after = (await WebAssembly.instantiate(opt, env)).instance.exports;
  assert.equal(after.index(2), 20);
  assert.throws(() => after.index(9), WebAssembly.RuntimeError);
  assert.deepEqual(logged, [31]);
  assert.ok(!opt.includes(Buffer.from("core::fmt::write")), "core::fmt::write is still in the module");
  // The location and its file name are gone; other data stays.
  assert.ok(named.includes(Buffer.from("src/x.rs")));
  assert.ok(!opt.includes(Buffer.from("src/x.rs")), "the panic's file name is still in the module");
  assert.ok(!opt.includes(Buffer.from([0x00, 0x04, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x07])), "the location record is still in the module");
  assert.ok(opt.includes(Buffer.from("src/y.rs is not a location")));
  assert.match(stderr, /1 panic locations, 1 file names and 24 B of panic messages and 200 B of core::fmt's tables blanked/);
  // The panic's message and core::fmt's table are gone (nothing of core::fmt is left to read
  // it); the message JavaScript may be thrown stays.
  assert.ok(named.includes(Buffer.from("RefCell already borrowed")));
  assert.ok(!opt.includes(Buffer.from("RefCell already borrowed")), "the panic's message is still in the module");
  assert.ok(opt.includes(Buffer.from("closure invoked recursively or after being dropped")));
  assert.ok(named.includes(Buffer.from(DIGITS)));
  assert.ok(!opt.includes(Buffer.from(DIGITS.slice(0, 20))), "core::fmt's digit pairs are still in the module");
});

// js-sys's JSPI task waker, which the module keeps only in its function table: called directly
// here, to see what it does.
const WAKER = `(func $"js_sys::futures::jspi::task_waker::raw_wake::h0123456789abcdef" (param i32)
    (call $log (local.get 0)))
  (func $wake (export "wake") (param i32)
    (call $"js_sys::futures::jspi::task_waker::raw_wake::h0123456789abcdef" (local.get 0)))`;

test("the JSPI waker is made a trap while nothing of js-sys's futures can make its tasks", async () => {
  const { status, stderr, opt, named } = build("jspi", wat(WAKER));
  assert.equal(status, 0, stderr);
  assert.match(stderr, /and 1 JSPI waker functions made traps/);
  const logged = [];
  const env = { env: { log: (n) => logged.push(n) } };
  (await WebAssembly.instantiate(named, env)).instance.exports.wake(5);
  assert.deepEqual(logged, [5]);
  const { wake } = (await WebAssembly.instantiate(opt, env)).instance.exports;
  assert.throws(() => wake(5), WebAssembly.RuntimeError);
  assert.deepEqual(logged, [5]);
});

test("the JSPI waker stays when the module can make JSPI tasks", async () => {
  const spawns = `${WAKER}
  (func $"js_sys::futures::jspi::spawn_promising::h0123456789abcdef" (export "spawn") (param i32)
    (call $log (local.get 0)))`;
  const { status, stderr, opt } = build("jspi-used", wat(spawns));
  assert.equal(status, 0, stderr);
  assert.match(stderr, /no JSPI waker functions \(js_sys::futures is in the module: js_sys::futures::jspi::spawn_promising/);
  const logged = [];
  const { wake } = (await WebAssembly.instantiate(opt, { env: { log: (n) => logged.push(n) } })).instance.exports;
  wake(7);
  assert.deepEqual(logged, [7]);
});

test("core::fmt's tables stay while any of its code is left", async () => {
  // Integer formatting that is not a `Display` implementation (so not made a trap), reading the
  // digit pairs: "00010203..." at 1200, byte 3 is "1".
  const { status, stderr, opt } = build(
    "num",
    wat(`(func $"core::fmt::num::imp::fmt_u64" (export "digit") (param i32) (result i32)
      (i32.load8_u offset=1200 (local.get 0)))`),
  );
  assert.equal(status, 0, stderr);
  assert.match(stderr, /core::fmt's tables kept \(1 of its functions left: core::fmt::num::imp::fmt_u64/);
  assert.ok(opt.includes(Buffer.from(DIGITS)));
  const env = { env: { log: () => {} } };
  const { digit } = (await WebAssembly.instantiate(opt, env)).instance.exports;
  assert.equal(digit(3), "1".charCodeAt(0));
  // The panic's message goes all the same.
  assert.ok(!opt.includes(Buffer.from("RefCell already borrowed")));
});

test("a module that formats for real stops the build", () => {
  const { status, stderr } = build(
    "formats",
    wat(`(func $format (export "format") (param i32) (result i32)
      (call $"core::fmt::write" (local.get 0) (i32.const 1)))`),
  );
  // Unchecked, -Oz would inline this `fmt::write` into `format` and hide it.
  assert.equal(status, 1);
  assert.match(stderr, /something formats for real: core::fmt::write/);
});

test("a panic handler that does more than trap stops the build", () => {
  const { status, stderr } = build("handler", wat("", "(call $log (local.get 0)) unreachable"));
  assert.equal(status, 1);
  assert.match(stderr, /the panic handler does more than trap/);
});

test("a handler inlined into panic_fmt: panic_fmt is the one checked", () => {
  const fmt = "core::panicking::panic_fmt";
  assert.equal(build("inlined", wat("", "unreachable", fmt)).status, 0);
  const { status, stderr } = build("inlined-logs", wat("", "(call $log (local.get 0)) unreachable", fmt));
  assert.equal(status, 1);
  assert.match(stderr, /the panic handler does more than trap/);
});

test("a module without names is refused", () => {
  const bare = join(dir, "bare.wasm");
  writeFileSync(join(dir, "bare.wat"), wat());
  execFileSync(`${TOOLS}/wasm-as`, [join(dir, "bare.wat"), "-o", bare]);
  const r = spawnSync("node", ["scripts/panic-paths.mjs", bare, join(dir, "bare.out.wasm")], { encoding: "utf8" });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no function names/);
});

// Smoke test of one size-floor variant after wasm-opt (scripts/size-floor.sh runs it on each): the
// module loads in Node, exports exactly what the variant should, and every export answers right,
// including its error paths. Exits 1 on the first failure. v2a and v2n (v2 with the small allocator,
// and without std) export what v2 does and are checked as v2 is.
//   node bench/floor/smoke.mjs <wasm-pack out dir holding floor.js + floor_bg.wasm> <v1..v7|v2a|v2n>
import { generateKeyPairSync, sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [dir, variant] = process.argv.slice(2);
const level = { v2a: 2, v2n: 2 }[variant] ?? Number(/^v([1-7])$/.exec(variant || "")?.[1]);
if (!dir || !level) {
  console.error("usage: node bench/floor/smoke.mjs <out dir> <v1..v7|v2a|v2n>");
  process.exit(2);
}
const fail = (what) => {
  console.error(`smoke ${variant}: FAILED: ${what}`);
  process.exit(1);
};
const expect = (what, got, want) => {
  if (!Object.is(got, want)) {
    fail(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  }
};

// What each variant exports (bench/floor/src/lib.rs): v4 and v5 both add fetch_text.
const exportsOf = (v) =>
  [
    ["add", 1],
    ["verify", 2],
    ["claims_exp", 3],
    ["fetch_text", 4],
    ["configure", 6],
    ["store_roundtrip", 7],
  ]
    .filter(([, from]) => v >= from)
    .map(([name]) => name);

// Node has fetch but no window: globalThis stands in for it (web_sys::window() checks
// `instanceof Window`), with an in-memory localStorage for gloo-storage.
globalThis.Window = class Window {
  static [Symbol.hasInstance](x) {
    return x === globalThis;
  }
};
const stored = new Map();
const memoryStorage = {
  getItem: (k) => (stored.has(k) ? stored.get(k) : null),
  setItem: (k, v) => void stored.set(k, String(v)),
  removeItem: (k) => void stored.delete(k),
};
Object.defineProperty(globalThis, "localStorage", {
  value: memoryStorage,
  configurable: true,
  writable: true,
});

let m, wasm;
try {
  m = await import(pathToFileURL(resolve(dir, "floor.js")).href);
  wasm = m.initSync({ module: readFileSync(join(dir, "floor_bg.wasm")) });
} catch (e) {
  fail(`module does not load: ${e?.stack || e}`);
}
const exported = Object.keys(m).filter((k) => k !== "default" && k !== "initSync").sort();
expect("exports", exported.join(","), exportsOf(level).sort().join(","));

expect("add(2, 3)", m.add(2, 3), 5);

if (level >= 2) {
  // RFC 8032 section 7.1, test 1 (empty message).
  const hex = (s) => Uint8Array.from(Buffer.from(s, "hex"));
  const pk = hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  const sig = hex(
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
  );
  const empty = new Uint8Array();
  expect("verify(RFC 8032 test 1)", m.verify(pk, empty, sig), true);
  expect("verify(other message)", m.verify(pk, Uint8Array.of(0x72), sig), false);
  const flipped = sig.slice();
  flipped[0] ^= 1;
  expect("verify(flipped signature)", m.verify(pk, empty, flipped), false);
  expect("verify(31-byte key)", m.verify(pk.slice(1), empty, sig), false);
  expect("verify(short signature)", m.verify(pk, empty, sig.slice(1)), false);

  // A fresh key and a 256 KiB message signed by Node, tampered in its last byte; then 100 more
  // verifications of it, each copying the message into the module and freeing it: memory must not
  // grow with them (an allocator that never frees would add 25 MiB).
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const pk2 = Uint8Array.from(Buffer.from(publicKey.export({ format: "jwk" }).x, "base64url"));
  const big = Uint8Array.from({ length: 256 * 1024 }, (_, i) => (i * 31) & 0xff);
  const bigSig = Uint8Array.from(sign(null, big, privateKey));
  expect("verify(Node-signed 256 KiB)", m.verify(pk2, big, bigSig), true);
  const tampered = big.slice();
  tampered[tampered.length - 1] ^= 0x80;
  expect("verify(tampered 256 KiB)", m.verify(pk2, tampered, bigSig), false);
  expect("verify(other key)", m.verify(pk, big, bigSig), false);
  const before = wasm.memory.buffer.byteLength;
  for (let i = 0; i < 100; i++) {
    if (m.verify(pk2, i % 2 ? tampered : big, bigSig) !== !(i % 2)) fail(`verify, round ${i}`);
  }
  const grown = wasm.memory.buffer.byteLength - before;
  if (grown > 2 * 1024 * 1024) fail(`memory grew by ${grown} B over 100 verifications`);
}

if (level >= 3) {
  const seg = (s) => Buffer.from(s).toString("base64url");
  const claims = { sub: "u", iat: 1, exp: 1700000000, iss: "i", aud: "a" };
  expect("claims_exp(claims)", m.claims_exp(seg(JSON.stringify(claims))), 1700000000);
  expect("claims_exp(no exp)", m.claims_exp(seg('{"sub":"u"}')), -1);
  expect("claims_exp(not base64url)", m.claims_exp("!!"), -1);
  expect("claims_exp(not JSON)", m.claims_exp(seg("not json")), -1);
  expect("claims_exp(exp a string)", m.claims_exp(seg('{"exp":"soon"}')), -1);
}

if (level >= 4) {
  const server = createServer((req, res) => res.end(req.url === "/ping" ? "pong" : "?"));
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    expect("fetch_text(/ping)", await m.fetch_text(`${base}/ping`), "pong");
    const refused = await m.fetch_text("http://127.0.0.1:1/").then(
      () => "resolved",
      () => "rejected",
    );
    expect("fetch_text(connection refused)", refused, "rejected");
  } catch (e) {
    fail(`fetch_text: ${e?.stack || e}`);
  } finally {
    server.close();
  }
}

if (level >= 6) {
  expect("configure({ baseUrl, token })", m.configure({ baseUrl: "abc", token: "xy" }), 5);
  expect("configure({})", m.configure({}), 0);
  expect("configure(5)", m.configure(5), -1);
  expect("configure({ baseUrl: 7 })", m.configure({ baseUrl: 7 }), -1);
}

if (level >= 7) {
  expect("store_roundtrip", m.store_roundtrip("k", "v ü"), true);
  expect("stored as JSON", stored.get("k"), '"v ü"');
  globalThis.localStorage = undefined;
  expect("store_roundtrip(no localStorage)", m.store_roundtrip("k", "v"), false);
}

console.log(`smoke ${variant}: ok (${exported.join(", ")})`);

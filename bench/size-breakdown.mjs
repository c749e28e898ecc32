// What the package's wasm spends its bytes on: every function of a named build (same build and
// wasm-opt flags as the package, with the name section kept), grouped by area. For each area: the
// raw bytes of its function bodies, and what those bodies alone compress to (gzip -9 of their
// concatenation: an attribution, not a saving; removing an area saves about that, less what it
// shares with the rest). Data (static strings) is one more row. Writes bench/out/size-breakdown.json.
//   node bench/size-breakdown.mjs target/named/opt.wasm [target/named/strip.wasm]
// (scripts/size-breakdown.sh builds both)
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { Reader, outline } from "../scripts/wasm-reader.mjs";

const file = process.argv[2];
const buf = readFileSync(file);
const fail = (message) => {
  throw new Error(`${file}: ${message}`);
};
const { sections, imported, names } = outline(buf, fail);
const bodies = [];
let data = Buffer.alloc(0);
for (const s of sections) {
  if (s.id === 10) {
    const r = new Reader(buf, s.body, fail);
    for (let n = r.u32(); n > 0; n--) {
      const start = r.at;
      const size = r.u32();
      r.at += size;
      bodies.push(r.since(start));
    }
  } else if (s.id === 11) data = buf.subarray(s.body, s.end);
}

// First matching rule wins; the names are rustc's (legacy mangling demangled by wasm-bindgen).
const areas = [
  ["Ed25519 (ed25519-compact)", /ed25519_compact/],
  ["JWT: parse, claims, JWKS, verify (src/jwt)", /better_auth_wasm::jwt::/],
  ["JSON reader (src/json.rs)", /better_auth_wasm::json/],
  ["token lifecycle + session core (src/core)", /better_auth_wasm::core::/],
  ["Better Auth API: routes, errors, URLs, misconfig (src/api)", /better_auth_wasm::api::/],
  ["session flows and route calls (src/web/session.rs)", /better_auth_wasm::web::session/],
  ["token source: /token, JWKS, verify (src/web/token_source.rs)", /better_auth_wasm::web::token_source/],
  ["WebCrypto algorithms (src/web/webcrypto.rs)", /better_auth_wasm::web::webcrypto/],
  ["passkey ceremony (src/web/passkey.rs)", /better_auth_wasm::web::passkey/],
  ["tabs: Web Locks, BroadcastChannel (src/web/tabs.rs)", /better_auth_wasm::web::tabs/],
  ["transport, authed fetch (src/web/{transport,fetch}.rs)", /better_auth_wasm::web::(transport|fetch)/],
  ["options, input, JS values (src/web/{options,input,js}.rs)", /better_auth_wasm::web::(options|input|js)::|wasmauthclient_new/],
  ["the exported API (src/web/client.rs + wasm-bindgen shims)", /better_auth_wasm::web::client|^wasmauthclient_|^authclient_/],
  ["client state, events, timers (src/web/{inner,listeners,tasks}.rs)", /better_auth_wasm::web::(inner|listeners|tasks)/],
  ["errors (src/error.rs)", /better_auth_wasm::error/],
  ["byte searches (src/text.rs)", /better_auth_wasm::text::/],
  ["other SDK code", /better_auth_wasm/],
  ["serde, serde_json", /serde/],
  ["allocator", /dlmalloc|lol_alloc|__rdl_|__rust_(alloc|dealloc|realloc)/],
  ["formatting and panics (core::fmt, panicking)", /fmt|panic/],
  ["collections (BTreeMap, Vec, String)", /btree|raw_vec|alloc::string|alloc::vec/i],
  ["wasm-bindgen, js-sys, web-sys, futures", /wasm_bindgen|js_sys|web_sys|futures|externref|__wbindgen/],
  ["Rust std/core/alloc, other", /./],
];
const groups = areas.map(([name]) => ({ name, raw: 0, parts: [] }));
bodies.forEach((body, i) => {
  const name = names.get(i + imported) ?? "?";
  const g = groups[areas.findIndex(([, re]) => re.test(name))] ?? groups[groups.length - 1];
  g.raw += body.length;
  g.parts.push(body);
});
// gzip -9 itself, as scripts/size-budget.sh and bench/sizes.mjs count.
const gz = (b) => execFileSync("gzip", ["-9", "-c"], { input: b, maxBuffer: 1 << 28 }).length;
const rows = groups.filter((g) => g.raw > 0).map((g) => ({ area: g.name, raw: g.raw, gzip: gz(Buffer.concat(g.parts)) }));
rows.push({ area: "static data (strings, tables)", raw: data.length, gzip: gz(data) });
rows.sort((a, b) => b.raw - a.raw);
// The whole module as shipped (stripped of its names), when given.
const shipped = process.argv[3] ? readFileSync(process.argv[3]) : buf;
const total = { raw: shipped.length, gzip: gz(shipped) };
mkdirSync("bench/out", { recursive: true });
writeFileSync("bench/out/size-breakdown.json", JSON.stringify({ total, rows }, null, 2));
console.log(`${"area".padEnd(68)} ${"raw".padStart(8)} ${"gzip alone".padStart(10)}`);
for (const r of rows) console.log(`${r.area.padEnd(68)} ${String(r.raw).padStart(8)} ${String(r.gzip).padStart(10)}`);
console.log(`${(process.argv[3] ? "the module as shipped (no names)" : "the named module").padEnd(68)} ${String(total.raw).padStart(8)} ${String(total.gzip).padStart(10)}`);

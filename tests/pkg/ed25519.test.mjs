// ed25519.js as shipped (the Ed25519 verifier the package loads where WebCrypto has none:
// ed25519-compact in its own module, inlined as base64), in Node: the real server's EdDSA token
// verifies; any changed byte, another key, the wrong sizes, a small-order key with a forged
// signature and a malleated S do not; and on random keys and messages it agrees with Node's own
// Ed25519 (OpenSSL's). Self-contained: it imports nothing and names no file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync, sign, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { ed25519Verifier } from "./node_modules/better-auth-wasm/ed25519.js";

const ed25519Verify = await ed25519Verifier();

const b64 = (s) => new Uint8Array(Buffer.from(s, "base64url"));
const fixture = JSON.parse(readFileSync(new URL("./better_auth_eddsa.json", import.meta.url), "utf8"));
const [h, p, s] = fixture.token.split(".");
const key = b64(fixture.jwks.keys[0].x);
const message = new TextEncoder().encode(`${h}.${p}`);
const signature = b64(s);

test("the real server's EdDSA token verifies", () => {
  assert.equal(ed25519Verify(key, message, signature), true);
});

test("a changed byte anywhere, another key or the wrong sizes do not", () => {
  for (const [what, arr] of [["key", key], ["message", message], ["signature", signature]]) {
    for (let i = 0; i < arr.length; i += Math.max(1, Math.floor(arr.length / 40))) {
      const bad = arr.slice();
      bad[i] ^= 0x01;
      const args = { key, message, signature, [what]: bad };
      assert.equal(ed25519Verify(args.key, args.message, args.signature), false, `${what} byte ${i}`);
    }
  }
  const other = generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" });
  assert.equal(ed25519Verify(b64(other.x), message, signature), false);
  assert.equal(ed25519Verify(key.slice(1), message, signature), false, "31-byte key");
  assert.equal(ed25519Verify(key, message, signature.slice(1)), false, "63-byte signature");
  assert.equal(ed25519Verify(key, message, new Uint8Array([...signature, 0])), false, "65-byte signature");
});

test("a small-order key with R = identity, S = 0, and a malleated S, do not", () => {
  const identity = new Uint8Array(32);
  identity[0] = 1;
  const forged = new Uint8Array(64);
  forged[0] = 1;
  assert.equal(ed25519Verify(identity, message, forged), false);
  // S + L (the group order), little-endian: the same signature for a lax verifier.
  const L = [0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, ...new Array(15).fill(0), 0x10];
  const malleated = signature.slice();
  let carry = 0;
  for (let i = 0; i < 32; i++) {
    const v = malleated[32 + i] + L[i] + carry;
    malleated[32 + i] = v & 0xff;
    carry = v >> 8;
  }
  assert.equal(carry, 0);
  assert.equal(ed25519Verify(key, message, malleated), false);
});

test("it agrees with Node's Ed25519 on random keys and messages", () => {
  for (let n = 0; n < 64; n++) {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const pk = b64(publicKey.export({ format: "jwk" }).x);
    const msg = randomBytes(n * 7);
    const sig = new Uint8Array(sign(null, msg, privateKey));
    assert.equal(ed25519Verify(pk, msg, sig), true, `pair ${n}`);
    sig[n % 64] ^= 0x80;
    assert.equal(ed25519Verify(pk, msg, sig), false, `pair ${n}, tampered`);
  }
});

test("it is one self-contained file, instantiated once", async () => {
  assert.equal(await ed25519Verifier(), ed25519Verify);
  const text = readFileSync(new URL("./node_modules/better-auth-wasm/ed25519.js", import.meta.url), "utf8");
  // No other module, no file beside it (bundlers would look for one), only the embedded bytes.
  for (const re of [/\bimport\s*[("{]/, /import\.meta/, /\.wasm["'`]/]) assert.ok(!re.test(text), `ed25519.js matches ${re}`);
});

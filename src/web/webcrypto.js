// The browser's side of a signature check (src/web/webcrypto.rs): `crypto.subtle.importKey("jwk",
// ...)` then `verify`, or, for Ed25519 where WebCrypto has none, the verifier `load` gives. The
// Rust core has already chosen and checked the key and the signature's format; this only calls
// the browser and says what happened, as a code (the first character) and a thrown message. The
// error texts are Rust's. Written here rather than in Rust: each JavaScript object, promise and
// await costs the module far more bytes than the same lines cost the glue (issue #13), and every
// path is covered by tests/jwt_webcrypto.rs in the browsers.
//
// Answers: "1" the signature verifies; "0" it does not (or verifying threw); "2" + message:
// WebCrypto refused the key; "3": no `crypto.subtle` for an algorithm other than Ed25519; "4": no
// Ed25519 verifier to load; "5" + message: it did not load; "6": what loaded is not a function.
//
// The byte arrays are views of the module's memory, copied before anything is awaited.

const thrown = (e) => (typeof e?.message == "string" ? e.message : "");

export async function verify(key, name, namedCurve, hash, saltLength, signature, data, ed25519Key, load) {
  [signature, data, ed25519Key] = [signature.slice(), data.slice(), ed25519Key.slice()];
  const subtle = globalThis.crypto?.subtle;
  let imported;
  if (subtle && typeof subtle == "object") {
    try {
      imported = await subtle.importKey("jwk", key, namedCurve ? { name, namedCurve } : { name, hash }, false, ["verify"]);
    } catch (e) {
      // A browser without WebCrypto Ed25519; a key's own faults are `DataError`s.
      if (!ed25519Key.length || e?.name != "NotSupportedError") return "2" + thrown(e);
    }
  }
  if (imported) {
    const algorithm = saltLength ? { name, saltLength } : namedCurve ? { name, hash } : { name };
    try {
      return (await subtle.verify(algorithm, imported, signature, data)) === true ? "1" : "0";
    } catch {
      return "0";
    }
  }
  if (!ed25519Key.length) return "3";
  if (typeof load != "function") return "4";
  let verifier;
  try {
    verifier = await load();
  } catch (e) {
    return "5" + thrown(e);
  }
  if (typeof verifier != "function") return "6";
  try {
    return verifier(ed25519Key, data, signature) === true ? "1" : "0";
  } catch {
    return "0";
  }
}

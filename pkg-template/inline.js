// better-auth-wasm with the wasm module inside this JavaScript, for bundlers and test runners
// that cannot load a `.wasm` file beside the JavaScript (`import ... from "better-auth-wasm/inline"`).
// The same API as the main entry. It costs about a third more bytes than the `.wasm` (base64,
// before compression) and gives up streaming compilation: prefer the main entry where it works.
// Importing it on the server touches no browser global; in a browser the embedded module becomes
// the one `init()` loads.
// index.inline.js is index.js over a copy of the glue that never names the `.wasm` file (made by
// scripts/build-pkg.sh), so that bundlers do not emit it beside this entry.
import { init } from "./index.inline.js";
import wasmBase64 from "./better_auth_wasm_bg.wasm.base64.js";

export * from "./index.inline.js";

function bytes() {
  const text = atob(wasmBase64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

if (typeof window !== "undefined" && typeof document !== "undefined") {
  // Claims the one lazy initialisation; a failure here leaves the next init() free to try again.
  init(bytes()).catch(() => {});
}

// A Vite plugin that makes the page's HTML preload the package's `.wasm`, so that it downloads
// with the page's JavaScript instead of after it has run:
//
//   // vite.config.ts
//   import { defineConfig } from "vite";
//   import { betterAuthWasm } from "better-auth-wasm/vite";
//   export default defineConfig({ plugins: [betterAuthWasm()] });
//
// In `vite build` only (the dev server serves the module from node_modules on demand). Without
// the plugin everything works the same, the `.wasm` request starting when the client is created.

/** @returns {import("vite").Plugin} */
export function betterAuthWasm() {
  /** @type {string} */
  let base = "/";
  return {
    name: "better-auth-wasm:preload",
    apply: "build",
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: "post",
      handler(_html, ctx) {
        const bundle = ctx.bundle || {};
        const wasm = Object.values(bundle).find((f) => f.type === "asset" && /(^|\/)better_auth_wasm_bg[-.][\w-]*\.wasm$/.test(f.fileName));
        if (!wasm) return [];
        // `crossorigin`: the glue's fetch is a CORS-mode request, which a preload must match.
        const attrs = { rel: "preload", href: `${base}${wasm.fileName}`, as: "fetch", type: "application/wasm", crossorigin: "" };
        return [{ tag: "link", attrs, injectTo: "head" }];
      },
    },
  };
}

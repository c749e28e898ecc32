import type { Plugin } from "vite";

/**
 * Makes the HTML of `vite build` preload the package's `.wasm` (`<link rel="preload" as="fetch"
 * crossorigin>`), so that it downloads with the page's JavaScript instead of after it has run.
 */
export function betterAuthWasm(): Plugin;

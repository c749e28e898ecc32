import { defineConfig } from "vite";
import { betterAuthWasm } from "better-auth-wasm/vite";

// Optional: the HTML preloads the .wasm, so it downloads with the page's JavaScript.
export default defineConfig({ plugins: [betterAuthWasm()] });

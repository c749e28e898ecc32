#!/usr/bin/env bash
# Builds pkg/ed25519.js: the Ed25519 verifier for browsers whose WebCrypto has no Ed25519
# (ed25519-fallback/: ed25519-compact alone), optimised as the main module is (package-steps.sh's
# ship_wasm), the module inlined as base64 and its glue made to take only those bytes, bundled with pkg-template/ed25519.js into one file. Loaded by
# the package only in those browsers (src/web/webcrypto.rs); not in the size budget. Sourced
# tools: scripts/setup.sh build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/package-steps.sh
TOOLS=scripts/build-tools/node_modules
target=$PWD/target/ed25519-fallback
out=$target/bundle
(cd ed25519-fallback && CARGO_TARGET_DIR=$target cargo build -q --release --target wasm32-unknown-unknown)
rm -rf "$out" && mkdir -p "$out"
wasm-bindgen --target web --out-dir "$out" --out-name ed25519_fallback "$target/wasm32-unknown-unknown/release/better_auth_wasm_ed25519.wasm"
ship_wasm "$out/ed25519_fallback_bg.wasm"
embed_base64 "$out/ed25519_fallback_bg.wasm" "$out/ed25519_fallback_bg.wasm.base64.js"
# The module always comes from the base64 above, never from a .wasm file beside the glue.
embedded_glue "$out/ed25519_fallback.js" "$out/ed25519_fallback.js" 'ed25519.js: the module is embedded'
cp pkg-template/ed25519.js "$out/entry.js"
"$TOOLS/.bin/esbuild" "$out/entry.js" --bundle --format=esm --minify --log-level=warning --outfile=pkg/ed25519.js
echo "build-ed25519: pkg/ed25519.js $(gzip -9 -c pkg/ed25519.js | wc -c) B gzip -9 (module $(gzip -9 -c "$out/ed25519_fallback_bg.wasm" | wc -c) B gzip -9; loaded only where WebCrypto has no Ed25519; not in the size budget)"

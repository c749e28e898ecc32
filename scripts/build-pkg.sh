#!/usr/bin/env bash
# Builds the npm package into pkg/: wasm-pack (release, target web), wasm-opt from the npm
# `binaryen` package (Debian's wasm-opt 108 emits modules that fail to load), then pkg-template/
# over the generated files.
set -euo pipefail
cd "$(dirname "$0")/.."
wasm-pack build --release --target web --out-dir pkg --out-name better_auth_wasm --no-pack 2>&1 | grep -v "^\[INFO\]" || true
test -f pkg/better_auth_wasm_bg.wasm || { echo "build-pkg: wasm-pack produced no module" >&2; exit 1; }
WASM_OPT=www/node_modules/binaryen/bin/wasm-opt
before=$(stat -c %s pkg/better_auth_wasm_bg.wasm)
# --low-memory-unused: rustc links the 1 MiB stack first, so addresses below 1 KiB are only
# reached by a stack that is about to overflow; the assumption lets wasm-opt fold address
# offsets (-2 KB raw, -0.5 KB gzip).
"$WASM_OPT" -Oz --low-memory-unused --strip-debug --strip-producers \
  pkg/better_auth_wasm_bg.wasm -o pkg/better_auth_wasm_bg.opt.wasm
mv pkg/better_auth_wasm_bg.opt.wasm pkg/better_auth_wasm_bg.wasm
after=$(stat -c %s pkg/better_auth_wasm_bg.wasm)
# The module again as base64 in JavaScript, for the `better-auth-wasm/inline` entry.
printf 'export default "%s";\n' "$(base64 -w0 pkg/better_auth_wasm_bg.wasm)" >pkg/better_auth_wasm_bg.wasm.base64.js
cp pkg-template/package.json pkg-template/index.d.ts pkg-template/inline.js \
  pkg-template/react.js pkg-template/react.d.ts pkg/
# index.js is what every page downloads: shipped without its comments and whitespace (the types and
# docs are in index.d.ts; names are kept, so stack traces stay readable). scripts/test-pkg.sh
# type-checks the commented source.
www/node_modules/.bin/esbuild pkg-template/index.js --format=esm --minify-whitespace --minify-syntax \
  --log-level=warning --outfile=pkg/index.js
rm -f pkg/.gitignore
gz=$(gzip -9 -c pkg/better_auth_wasm_bg.wasm | wc -c)
echo "build-pkg: pkg/better_auth_wasm_bg.wasm ${before} B -> ${after} B after wasm-opt (${gz} B gzip -9)"

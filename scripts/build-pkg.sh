#!/usr/bin/env bash
# Builds the npm package into pkg/: wasm-pack (release, target web), wasm-opt from the npm
# `binaryen` package (Debian's wasm-opt 108 emits modules that fail to load), then pkg-template/
# over the generated files, README.md and LICENSE; the glue minified, imports and exports given
# short names, and last the module's functions ordered for gzip (scripts/package-steps.sh). Its
# tools: scripts/setup.sh build.
set -euo pipefail
cd "$(dirname "$0")/.."
wasm-pack build --release --target web --out-dir pkg --out-name better_auth_wasm --no-pack 2>&1 | grep -v "^\[INFO\]" || true
test -f pkg/better_auth_wasm_bg.wasm || { echo "build-pkg: wasm-pack produced no module" >&2; exit 1; }
TOOLS=scripts/build-tools/node_modules
source scripts/package-steps.sh
before=$(stat -c %s pkg/better_auth_wasm_bg.wasm)
ship_wasm pkg/better_auth_wasm_bg.wasm
cp pkg-template/package.json pkg-template/index.d.ts pkg-template/inline.js \
  pkg-template/react.js pkg-template/react.d.ts pkg-template/vite.js pkg-template/vite.d.ts \
  pkg-template/diagnose.d.ts pkg-template/passkey.d.ts pkg-template/ed25519.d.ts \
  README.md LICENSE pkg/
# index.js is what every page downloads: shipped minified, local names included (the types and docs
# are in index.d.ts; the exports and the error classes' `name`s are kept). 2,830 -> 2,472 B gzip.
# scripts/test-pkg.sh type-checks the commented source.
for js in index passkey diagnose; do
  # passkey.js (the WebAuthn ceremony) and diagnose.js, imported on first use, the same way.
  $TOOLS/.bin/esbuild pkg-template/$js.js --format=esm --minify --log-level=warning --outfile=pkg/$js.js
done
# The inline entry's own copy of the glue and of index.js, without the glue's
# `new URL("better_auth_wasm_bg.wasm", import.meta.url)`: bundlers (Vite) emit the .wasm for any
# module that names it that way, and the inline entry must not ship it a second time.
embedded_glue pkg/better_auth_wasm.js pkg/better_auth_wasm_inline.js \
  'better-auth-wasm/inline: the module is embedded, pass it to init()'
sed 's|"./better_auth_wasm.js"|"./better_auth_wasm_inline.js"|' pkg/index.js >pkg/index.inline.js
grep -q better_auth_wasm_inline.js pkg/index.inline.js || { echo "build-pkg: index.inline.js still imports the main glue" >&2; exit 1; }
# The glue, both copies, minified (9.1 KB -> 5.9 KB gzip), and the imports and exports renamed to
# one or two letters in the module and in what uses them (-2,407 B gzip in the .wasm, -1,874 B in
# the glue): scripts/package-steps.sh.
ship_glue pkg/better_auth_wasm_bg.wasm pkg/better_auth_wasm.js pkg/better_auth_wasm_inline.js \
  -- pkg/better_auth_wasm.d.ts pkg/better_auth_wasm_bg.wasm.d.ts
# The snippets are in the glue now.
rm -rf pkg/snippets
# Last, the module's functions in the order that gzips best, without the target_features section.
ship_order pkg/better_auth_wasm_bg.wasm
after=$(stat -c %s pkg/better_auth_wasm_bg.wasm)
# The module again as base64 in JavaScript, for the `better-auth-wasm/inline` entry.
embed_base64 pkg/better_auth_wasm_bg.wasm pkg/better_auth_wasm_bg.wasm.base64.js
rm -f pkg/.gitignore
gz=$(gzip -9 -c pkg/better_auth_wasm_bg.wasm | wc -c)
echo "build-pkg: pkg/better_auth_wasm_bg.wasm ${before} B -> ${after} B after wasm-opt, short names and ordering (${gz} B gzip -9)"
# The Ed25519 verifier for browsers whose WebCrypto has none: pkg/ed25519.js (not in the budget).
bash scripts/build-ed25519.sh
echo "build-pkg: pkg/passkey.js $(gzip -9 -c pkg/passkey.js | wc -c) B gzip -9 (loaded on the first passkey call; not in the size budget)"

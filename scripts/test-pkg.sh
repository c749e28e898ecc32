#!/usr/bin/env bash
# The built package (pkg/) as a consumer installs it (and first, a test of one of its build steps): copied into a consumer folder's
# node_modules with React beside it. Runs the Node tests (SSR; passkey.js, the ceremony's module,
# against a fake wasm client and navigator.credentials; ed25519.js, the Ed25519 verifier), `tsc --noEmit --strict` over a typed
# usage file, and `tsc --checkJs` over index.js, diagnose.js and passkey.js against index.d.ts and
# the wasm-bindgen declarations beside them.
set -euo pipefail
cd "$(dirname "$0")/.."
test -f pkg/index.js || { echo "test-pkg: build pkg/ first (scripts/build-pkg.sh)" >&2; exit 1; }
# The build step that makes panics bare traps (scripts/panic-paths.mjs), on small modules.
node --test tests/pkg/panic-paths.test.mjs
consumer=target/consumer
rm -rf "$consumer"
mkdir -p "$consumer/node_modules/@types"
cp -r pkg "$consumer/node_modules/better-auth-wasm"
for dep in react react-dom scheduler typescript; do
  ln -s "$PWD/www/node_modules/$dep" "$consumer/node_modules/$dep"
done
for t in react react-dom; do
  ln -s "$PWD/www/node_modules/@types/$t" "$consumer/node_modules/@types/$t"
done
cp tests/pkg/ssr.test.mjs tests/pkg/passkey.test.mjs tests/pkg/ed25519.test.mjs tests/fixtures/better_auth_eddsa.json \
  tests/pkg/usage.ts tests/pkg/tsconfig.json "$consumer/"
echo '{"type":"module","private":true}' > "$consumer/package.json"
(cd "$consumer" && node --test ssr.test.mjs passkey.test.mjs ed25519.test.mjs)
(cd "$consumer" && node node_modules/typescript/bin/tsc -p tsconfig.json)
echo "test-pkg: tsc --noEmit --strict passed over tests/pkg/usage.ts"
# index.js is `// @ts-check`: its JSDoc types come from index.d.ts (`import("./index.js")` resolves
# to the .d.ts) and better_auth_wasm.d.ts. The package ships it minified, so the commented source
# (pkg-template/index.js) is checked, beside the generated files. esnext.disposable: wasm-bindgen declares
# `[Symbol.dispose]()` on its classes.
cat >"$consumer/tsconfig.checkjs.json" <<'JSON'
{
  "compilerOptions": {
    "allowJs": true,
    "checkJs": true,
    "strict": true,
    "noEmit": true,
    "target": "es2022",
    "module": "es2022",
    "moduleResolution": "bundler",
    "lib": ["es2022", "dom", "esnext.disposable"],
    "skipLibCheck": false,
    "types": []
  },
  "files": ["node_modules/better-auth-wasm/index.src.js", "node_modules/better-auth-wasm/diagnose.src.js",
    "node_modules/better-auth-wasm/passkey.src.js"]
}
JSON
cp pkg-template/index.js "$consumer/node_modules/better-auth-wasm/index.src.js"
cp pkg-template/diagnose.js "$consumer/node_modules/better-auth-wasm/diagnose.src.js"
cp pkg-template/passkey.js "$consumer/node_modules/better-auth-wasm/passkey.src.js"
(cd "$consumer" && node node_modules/typescript/bin/tsc -p tsconfig.checkjs.json)
echo "test-pkg: tsc --checkJs passed over pkg-template/index.js, diagnose.js and passkey.js"

#!/usr/bin/env bash
# The built package (pkg/) as a consumer installs it: copied into a consumer folder's
# node_modules with React beside it. Runs the Node/SSR tests and `tsc --noEmit --strict` over a
# typed usage file.
set -euo pipefail
cd "$(dirname "$0")/.."
test -f pkg/index.js || { echo "test-pkg: build pkg/ first (scripts/build-pkg.sh)" >&2; exit 1; }
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
cp tests/pkg/ssr.test.mjs tests/pkg/usage.ts tests/pkg/tsconfig.json "$consumer/"
echo '{"type":"module","private":true}' > "$consumer/package.json"
(cd "$consumer" && node --test ssr.test.mjs)
(cd "$consumer" && node node_modules/typescript/bin/tsc -p tsconfig.json)
echo "test-pkg: tsc --noEmit --strict passed over tests/pkg/usage.ts"

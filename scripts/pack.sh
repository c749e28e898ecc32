#!/usr/bin/env bash
# The built package (pkg/) as the tarball an app installs: `npm install <path printed below>`.
# A tarball, not the folder: `npm install ./pkg` makes a symlink, which Turbopack and Vite do not
# resolve like an installed package. Prints the tarball's absolute path.
set -euo pipefail
cd "$(dirname "$0")/.."
test -f pkg/index.js || { echo "pack: build pkg/ first (make pkg)" >&2; exit 1; }
mkdir -p target
rm -f target/better-auth-wasm-*.tgz
name=$(cd pkg && npm pack --pack-destination ../target --silent | tail -1)
tarball="$PWD/target/$name"
listing=$(tar -tzf "$tarball")
for f in package/README.md package/LICENSE package/index.js package/better_auth_wasm_bg.wasm package/index.inline.js; do
  grep -qx "$f" <<<"$listing" || { echo "pack: $f missing from $tarball" >&2; exit 1; }
done
echo "$tarball"

#!/usr/bin/env bash
# Real consumer apps against the real stack, each installing the packed package as `npm i` would:
# the Next.js example built with Turbopack and with webpack, and the Vite + React example.
set -euo pipefail
cd "$(dirname "$0")/.."
test -f pkg/index.js || { echo "test-apps: build pkg/ first (scripts/build-pkg.sh)" >&2; exit 1; }
# The README's install: `make pack`, then `npm install <the tarball>`.
tarball=$(bash scripts/pack.sh)
for app in www/next www/vite; do
  (cd "$app" && npm install --no-save --no-audit --no-fund --loglevel=error "$tarball")
done
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
NEXT_PORT=$(free_port)
VITE_PORT=$(free_port)
export NEXT_PORT VITE_PORT NEXT_TELEMETRY_DISABLED=1
export TRUSTED_ORIGINS="http://127.0.0.1:$NEXT_PORT,http://127.0.0.1:$VITE_PORT"
node scripts/with-stack.mjs -- node --test tests/apps/

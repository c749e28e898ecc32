#!/usr/bin/env bash
# The pure tests (api, jwt, core) compiled to wasm32 and run in Node, so host and wasm builds agree.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(--lib)
for f in tests/jwt_*.rs tests/core_*.rs; do
  [ -e "$f" ] || continue
  targets+=(--test "$(basename "$f" .rs)")
done
wasm-pack test --node -- "${targets[@]}"

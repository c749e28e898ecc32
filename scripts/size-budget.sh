#!/usr/bin/env bash
# Fails when the npm package grows past its size budget: the gzip -9 size of what a browser
# downloads (pkg/better_auth_wasm_bg.wasm + pkg/better_auth_wasm.js + pkg/index.js, each
# compressed on its own as served) against "gzipBytes" in bench/size-budget.json.
# Needs pkg/ (scripts/build-pkg.sh). Usage: bash scripts/size-budget.sh
set -euo pipefail
cd "$(dirname "$0")/.."
budget_file=bench/size-budget.json
budget=$(sed -n 's/.*"gzipBytes"[^0-9]*\([0-9][0-9]*\).*/\1/p' "$budget_file")
[[ -n "$budget" ]] || { echo "size-budget: no gzipBytes in $budget_file" >&2; exit 2; }
total=0
for f in pkg/better_auth_wasm_bg.wasm pkg/better_auth_wasm.js pkg/index.js; do
  [[ -f "$f" ]] || { echo "size-budget: $f missing (run scripts/build-pkg.sh)" >&2; exit 2; }
  gz=$(gzip -9 -c "$f" | wc -c)
  printf 'size-budget: %-32s %8d B raw %8d B gzip -9\n' "$f" "$(stat -c %s "$f")" "$gz"
  total=$((total + gz))
done
if ((total > budget)); then
  echo "size-budget: FAILED: ${total} B gzip > budget ${budget} B ($budget_file)" >&2
  exit 1
fi
echo "size-budget: ok: ${total} B gzip <= budget ${budget} B ($((100 * total / budget)) %)"

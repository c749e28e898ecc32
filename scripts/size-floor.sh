#!/usr/bin/env bash
# The size floor: what the product design's crates cost before any of the SDK's own logic, and the
# smallest module that only verifies an Ed25519 signature. Builds each variant of bench/floor (a
# minimal use of one more design crate, or a smaller allocator, or no std, per set of cargo
# features; see bench/floor/src/lib.rs) the way scripts/build-pkg.sh builds the package
# (wasm-pack release, target web, then the npm `binaryen` wasm-opt with the same flags:
# scripts/wasm-opt-flags.sh), measures the .wasm (raw and
# gzip -9) and the wasm-bindgen JS glue (gzip -9 as emitted, and minified with esbuild as
# bench/sizes.mjs minifies the package's JS), and checks with bench/floor/smoke.mjs that each
# optimised module loads in Node and answers right. Writes bench/out/size-floor.json (read by
# bench/report.mjs; totalGzip adds the glue as emitted, totalMinGzip the minified glue) and prints
# a table. Builds in target/floor, away from the package.
# Usage: bash scripts/size-floor.sh   (part of scripts/bench.sh; `make size-floor`)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="$PWD/target/floor"
start=$(date +%s)
WASM_OPT=www/node_modules/binaryen/bin/wasm-opt
source scripts/wasm-opt-flags.sh
ESBUILD=www/node_modules/.bin/esbuild
for tool in "$WASM_OPT" "$ESBUILD"; do
  [[ -x "$tool" ]] || { echo "size-floor: $tool missing (run scripts/setup.sh)" >&2; exit 2; }
done

# variant|cargo arguments|what it adds (the first variant has none: wasm-bindgen alone). v2, v2a
# and v2n are the verify-only floors; v3..v7 build on v2a (the package's allocator).
variants=(
  "v1||wasm-bindgen: one exported function"
  "v2|--features v2|v1 + ed25519-compact (opt_size): Ed25519 verify"
  "v2a|--features v2,small-alloc|v2 + lol_alloc free-list allocator, not dlmalloc"
  "v2n|--no-default-features --features v2,no-std|v2a + #![no_std]"
  "v3|--features v3|v2a + serde, serde_json, base64: JWT claims parsing"
  "v4|--features v4|v3 + wasm-bindgen-futures, js-sys, web-sys: fetch by hand"
  "v5|--features v5|v3 + gloo-net: fetch (brings wasm-bindgen-futures, web-sys)"
  "v6|--features v6|v5 + serde-wasm-bindgen: options object"
  "v7|--features v7|v6 + gloo-storage: localStorage get/set"
)

mkdir -p bench/out
rm -f bench/out/size-floor.json # a failed run leaves none, never an older run's figures
json="["
table=""
for row in "${variants[@]}"; do
  IFS='|' read -r v cargo_args adds <<<"$row"
  read -r -a cargo_args <<<"$cargo_args"
  out="$CARGO_TARGET_DIR/pkg/$v"
  log="$CARGO_TARGET_DIR/$v.log"
  rm -rf "$out"
  mkdir -p "$CARGO_TARGET_DIR"
  # --locked: bench/floor/Cargo.lock holds the main Cargo.lock's versions; never re-resolve here.
  if ! wasm-pack build bench/floor --release --target web --out-dir "$out" --out-name floor \
    --no-pack -- --locked ${cargo_args[@]+"${cargo_args[@]}"} >"$log" 2>&1; then
    cat "$log" >&2
    echo "size-floor: $v: wasm-pack failed" >&2
    exit 1
  fi
  [[ -f "$out/floor_bg.wasm" ]] || { echo "size-floor: $v: wasm-pack made no module" >&2; exit 1; }
  # As the package: panics made bare traps and the formatting only they use dropped
  # (scripts/panic-paths.mjs), where the panic handler only traps (no_std: v2n); std's does more
  # (v1..v2a, v3..v7), and those modules are measured as wasm-opt leaves them.
  panic_paths=traps
  if ! WASM_OPT="$WASM_OPT" node scripts/panic-paths.mjs "$out/floor_bg.wasm" \
    "$out/floor_bg.nofmt.wasm" >>"$log" 2>&1; then
    panic_paths=kept
    cp "$out/floor_bg.wasm" "$out/floor_bg.nofmt.wasm"
  fi
  "$WASM_OPT" "${WASM_OPT_FLAGS[@]}" "${WASM_OPT_STRIP[@]}" "${WASM_OPT_STRIP_FEATURES[@]}" \
    "$out/floor_bg.nofmt.wasm" -o "$out/floor_bg.opt.wasm"
  rm -f "$out/floor_bg.nofmt.wasm"
  mv "$out/floor_bg.opt.wasm" "$out/floor_bg.wasm"
  node bench/floor/smoke.mjs "$out" "$v"
  wasm_raw=$(stat -c %s "$out/floor_bg.wasm")
  wasm_gz=$(gzip -9 -c "$out/floor_bg.wasm" | wc -c)
  js_gz=$(gzip -9 -c "$out/floor.js" | wc -c)
  js_min_gz=$("$ESBUILD" "$out/floor.js" --bundle --minify --format=esm --platform=browser \
    --log-level=error | gzip -9 -c | wc -c)
  total=$((wasm_gz + js_gz))
  total_min=$((wasm_gz + js_min_gz))
  [[ "$json" == "[" ]] || json+=","
  json+=$(printf '\n  {"variant": "%s", "adds": "%s", ' "$v" "$adds")
  json+=$(printf '"wasmRaw": %d, "wasmGzip": %d, "jsGzip": %d, "totalGzip": %d, ' \
    "$wasm_raw" "$wasm_gz" "$js_gz" "$total")
  json+=$(printf '"jsMinGzip": %d, "totalMinGzip": %d, "panicPaths": "%s"}' "$js_min_gz" \
    "$total_min" "$panic_paths")
  table+=$(printf '%-3s %-61s %8d %8d %6d %6d %8d %8d' \
    "$v" "$adds" "$wasm_raw" "$wasm_gz" "$js_gz" "$js_min_gz" "$total" "$total_min")$'\n'
done
printf '%s\n]\n' "$json" >bench/out/size-floor.json

echo
echo "bytes; gz: gzip -9; JS: wasm-bindgen glue as emitted / minified (min); total: wasm gz + JS gz"
printf '%-3s %-61s %8s %8s %6s %6s %8s %8s\n' "" "adds" "wasm" "wasm gz" "JS gz" "min gz" \
  "total" "min tot"
printf '%s' "$table"
echo "size-floor: wrote bench/out/size-floor.json in $(($(date +%s) - start)) s"

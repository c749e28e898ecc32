#!/usr/bin/env bash
# What the package's wasm spends its bytes on, by area (bench/size-breakdown.mjs): builds the crate
# as scripts/build-pkg.sh does (release, wasm-bindgen, the npm binaryen's wasm-opt -Oz with the same
# flags) but keeps the function names, in target/named. `make size-breakdown`; part of `make bench`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
out=target/named
CARGO_PROFILE_RELEASE_STRIP=none CARGO_TARGET_DIR=$out \
  cargo build -q --release --target wasm32-unknown-unknown
wasm-bindgen --keep-debug --target web --out-dir $out/bg $out/wasm32-unknown-unknown/release/better_auth_wasm.wasm
WASM_OPT=scripts/build-tools/node_modules/binaryen/bin/wasm-opt
[[ -x "$WASM_OPT" ]] || { echo "size-breakdown: $WASM_OPT missing (run scripts/setup.sh build)" >&2; exit 2; }
source scripts/wasm-opt-flags.sh
# As the package (scripts/package-steps.sh): panics made bare traps first (scripts/panic-paths.mjs).
WASM_OPT="$WASM_OPT" node scripts/panic-paths.mjs $out/bg/better_auth_wasm_bg.wasm $out/nofmt.wasm
"$WASM_OPT" -g "${WASM_OPT_FLAGS[@]}" $out/nofmt.wasm -o $out/opt.wasm
"$WASM_OPT" "${WASM_OPT_FLAGS[@]}" "${WASM_OPT_STRIP[@]}" "${WASM_OPT_STRIP_FEATURES[@]}" $out/nofmt.wasm -o $out/strip.wasm
node bench/size-breakdown.mjs $out/opt.wasm $out/strip.wasm

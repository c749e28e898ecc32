#!/usr/bin/env bash
# `make bench`: builds the package, measures everything in one run and writes BENCHMARKS.md
# (tables) and bench/simulation.svg (plot). Not part of `make test` (only scripts/size-budget.sh is).
#   1. sizes      bench/sizes.mjs: pkg/ vs Better Auth's TS client (+ jose), esbuild-minified
#   1a. areas     scripts/size-breakdown.sh: the package's wasm by area (a named build)
#   1b. floor     scripts/size-floor.sh: what the design's crates alone cost (bench/floor)
#   1c. features  scripts/feature-costs.sh: what each feature costs, by removing it
#   2. browser    bench/run.mjs in headless Chromium against the real stack (15-min JWTs),
#                 bench/algorithms.mjs (verifications per second for each algorithm), then
#                 storms against a stack minting 10-second JWTs
#   3. simulation examples/simulate.rs: 100,000 browsers for 24 h on a virtual clock
#   4. report     bench/report.mjs -> BENCHMARKS.md, bench/simulation.svg
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
mkdir -p bench/out
start=$(date +%s)
echo "=== bench: package"
bash scripts/build-pkg.sh
echo "=== bench: verifier module for the bench page (bench/verify-wasm)"
# A target directory of its own: it builds the crate with the feature `std`, and cargo would leave
# that build's better_auth_wasm.wasm where the package's next (fresh, so not copied again) build
# is read from.
CARGO_TARGET_DIR=target/verify-wasm cargo build -q --release --target wasm32-unknown-unknown --manifest-path bench/verify-wasm/Cargo.toml
wasm-bindgen --target web --out-dir www/bench/verify --out-name baw_verify_bench target/verify-wasm/wasm32-unknown-unknown/release/baw_verify_bench.wasm
echo "=== bench: sizes"
node bench/sizes.mjs
echo "=== bench: size by area (a named build)"
bash scripts/size-breakdown.sh
echo "=== bench: size floor (the design's crates alone)"
bash scripts/size-floor.sh
echo "=== bench: what each feature costs (patched copies of the crate)"
bash scripts/feature-costs.sh
echo "=== bench: browser (15-minute JWTs)"
node scripts/with-stack.mjs -- node bench/run.mjs main
echo "=== bench: verifications per second for each algorithm"
node scripts/with-stack.mjs -- node bench/algorithms.mjs
echo "=== bench: storms (10-second JWTs)"
node scripts/with-stack.mjs --env JWT_EXPIRATION=10 -- node bench/run.mjs storms
echo "=== bench: simulation"
cargo build -q --release --example simulate
./target/release/examples/simulate "${BENCH_BROWSERS:-100000}" bench/out/simulate-minutes.json | tee bench/out/simulate.txt
echo "=== bench: report"
node bench/report.mjs "$(nproc)" "$(($(date +%s) - start))"
echo "bench: wrote BENCHMARKS.md and bench/simulation.svg in $(($(date +%s) - start)) s"

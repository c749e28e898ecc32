#!/usr/bin/env bash
# Fuzzes JWKS + token parsing and verification for <seconds> (default 60) with cargo-fuzz.
#
# Only stable Rust is installed here; cargo-fuzz needs nightly flags (-Zsanitizer, sancov), which
# RUSTC_BOOTSTRAP=1 unlocks on a stable toolchain. Installs cargo-fuzz if missing (minutes of CPU).
# Prints libFuzzer's final stats (executions, corpus) and the crash count; exits non-zero on a crash.
set -euo pipefail
seconds="${1:-60}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/fuzz"

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "installing cargo-fuzz ..." >&2
  cargo install cargo-fuzz --locked
fi

mkdir -p artifacts/verify corpus/verify
before=$(find artifacts/verify -type f | wc -l)
log="$(mktemp)"
set +e
# -s none: no ASan. The target crate forbids unsafe code, so ASan would only slow it down, and the
# sanitizer runtime is the part most likely to misbehave on a stable toolchain.
RUSTC_BOOTSTRAP=1 cargo fuzz run -s none verify corpus/verify seeds/verify -- \
  -max_total_time="$seconds" -max_len=20000 -print_final_stats=1 2>&1 | tee "$log" | grep -E "^(#[0-9]+.*(DONE|pulse)|stat::|==|thread|panicked)" || true
status=${PIPESTATUS[0]}
set -e
after=$(find artifacts/verify -type f | wc -l)
execs=$(grep -E "^stat::number_of_executed_units" "$log" | awk '{print $2}' | tail -1)
echo "fuzz: ${seconds}s, executions: ${execs:-unknown}, new crash artifacts: $((after - before)), exit status: $status"
rm -f "$log"
[ "$status" -eq 0 ] && [ "$after" -eq "$before" ]

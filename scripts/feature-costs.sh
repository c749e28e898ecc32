#!/usr/bin/env bash
# What each feature costs the package, measured by removing it (issue #13's "what costs what"):
# every bench/feature-costs/NAME.patch is applied to a copy of the crate (Cargo.toml, Cargo.lock,
# src), which is built like the package (release, wasm-bindgen --target web, then the package's own
# steps: scripts/package-steps.sh's wasm-opt, minified glue, short names and function order); the saving is
# the package's gzip -9 (.wasm + glue, each alone) less the copy's. A copy with every patch at once
# ("all") is the package without all those features: what they leave. index.js (2.5 KB) is the
# same in every row: not in the savings, and recorded once for the totals. Writes bench/out/feature-costs.json.
#   bash scripts/feature-costs.sh [NAME...]     (`make feature-costs`; part of `make bench`)
# A patch that no longer applies exactly (no fuzz: drift shows at once) fails the run: regenerate
# it from a tree with the feature cut out (`git diff > bench/feature-costs/NAME.patch`).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
TOOLS=scripts/build-tools/node_modules
source scripts/package-steps.sh
[[ -x "$TOOLS/binaryen/bin/wasm-opt" ]] || { echo "feature-costs: $TOOLS/binaryen/bin/wasm-opt missing (run scripts/setup.sh build)" >&2; exit 2; }
work=target/feature-costs
mkdir -p "$work" bench/out
names=("$@")
if ((${#names[@]} == 0)); then
  for p in bench/feature-costs/*.patch; do names+=("$(basename "$p" .patch)"); done
  names+=(all)
fi

# build DIR: the package's .wasm and glue from the crate copy in DIR; prints "wasm_gzip glue_gzip".
build() {
  local dir=$1 out=$1/out
  rm -rf "$out"
  # A patched copy leaves dead code: its warnings go to a log, shown only when the build fails.
  CARGO_TARGET_DIR=$work/target cargo build -q --release --target wasm32-unknown-unknown \
    --manifest-path "$dir/Cargo.toml" 2>"$dir/build.log" || { cat "$dir/build.log" >&2; exit 1; }
  wasm-bindgen --target web --out-dir "$out" --out-name better_auth_wasm \
    "$work/target/wasm32-unknown-unknown/release/better_auth_wasm.wasm"
  ship_wasm "$out/better_auth_wasm_bg.wasm"
  ship_glue "$out/better_auth_wasm_bg.wasm" "$out/better_auth_wasm.js" >/dev/null
  ship_order "$out/better_auth_wasm_bg.wasm" >/dev/null
  echo "$(gzip -9 -c "$out/better_auth_wasm_bg.wasm" | wc -c) $(gzip -9 -c "$out/better_auth_wasm.js" | wc -c)"
}

# copy NAME PATCH...: a fresh copy of the crate in $work/NAME with the patches applied.
copy() {
  local dir=$work/$1
  shift
  rm -rf "$dir"
  mkdir -p "$dir"
  cp -r Cargo.toml Cargo.lock src "$dir/"
  for p in "$@"; do
    patch -s -p1 --fuzz=0 -d "$dir" <"$p" || { echo "feature-costs: $p does not apply" >&2; exit 1; }
  done
}

copy base
read -r base_wasm base_glue < <(build "$work/base")
base=$((base_wasm + base_glue))
printf 'feature-costs: the package as built here: %d B gzip (.wasm %d + glue %d)\n' "$base" "$base_wasm" "$base_glue"
# index.js as the package ships it (scripts/build-pkg.sh), for the totals.
"$TOOLS/.bin/esbuild" pkg-template/index.js --format=esm --minify --log-level=warning --outfile="$work/index.js"
index=$(gzip -9 -c "$work/index.js" | wc -c)
json="{\"commit\":\"$(git rev-parse --short HEAD)\",\"base\":{\"wasm\":$base_wasm,\"glue\":$base_glue,\"index\":$index},\"features\":["
sep=""
for name in "${names[@]}"; do
  if [[ $name == all ]]; then
    copy all bench/feature-costs/*.patch
  else
    [[ -f bench/feature-costs/$name.patch ]] || { echo "feature-costs: no bench/feature-costs/$name.patch" >&2; exit 2; }
    copy "$name" "bench/feature-costs/$name.patch"
  fi
  read -r wasm glue < <(build "$work/$name")
  what=$( [[ $name == all ]] && echo "every patch at once" || sed -n '1s/^# //p' "bench/feature-costs/$name.patch")
  printf 'feature-costs: %-14s -%6d B  (.wasm -%d, glue -%d; %d B left)  %s\n' "$name" \
    $((base - wasm - glue)) $((base_wasm - wasm)) $((base_glue - glue)) $((wasm + glue)) "$what"
  json+="$sep{\"name\":\"$name\",\"what\":$(node -e 'console.log(JSON.stringify(process.argv[1]))' "$what"),\"wasm\":$wasm,\"glue\":$glue}"
  sep=","
done
echo "$json]}" >bench/out/feature-costs.json
echo "feature-costs: wrote bench/out/feature-costs.json"

# The steps that turn wasm-bindgen's output into what the package ships, sourced by
# scripts/build-pkg.sh (the package) and scripts/feature-costs.sh (copies of the crate with a
# feature cut out), so that what the feature costs are measured against is built as what ships.
# shellcheck source=scripts/wasm-opt-flags.sh
source scripts/wasm-opt-flags.sh
PKG_TOOLS=scripts/build-tools/node_modules

# ship_wasm MODULE: core's panic paths made bare traps and the formatting only their messages use
# dropped (scripts/panic-paths.mjs: it stops the build if the panic handler does more than trap or
# if anything formats for real), then the package's wasm-opt (the npm binaryen's: Debian's
# wasm-opt 108 emits modules that fail to load), in place.
ship_wasm() {
  WASM_OPT="$PKG_TOOLS/binaryen/bin/wasm-opt" node scripts/panic-paths.mjs "$1" "$1.nofmt"
  "$PKG_TOOLS/binaryen/bin/wasm-opt" "${WASM_OPT_FLAGS[@]}" "${WASM_OPT_STRIP[@]}" "$1.nofmt" -o "$1.opt"
  rm -f "$1.nofmt"
  mv "$1.opt" "$1"
}

# ship_glue MODULE GLUE... [-- FILE...]: each GLUE minified by esbuild in place (whitespace,
# syntax and its own local names: wasm-bindgen's internals; the exports keep theirs), then the
# imports and exports renamed to one or two letters in MODULE, the GLUEs and the FILEs that name
# them (scripts/short-names.mjs).
ship_glue() {
  local module=$1 glue=() rest=()
  shift
  while (($#)) && [[ $1 != -- ]]; do glue+=("$1"); shift; done
  (($#)) && shift && rest=("$@")
  for js in "${glue[@]}"; do
    "$PKG_TOOLS/.bin/esbuild" "$js" --format=esm --minify --log-level=warning --outfile="$js.min"
    mv "$js.min" "$js"
  done
  node scripts/short-names.mjs "$module" "${glue[@]}" "${rest[@]}"
}

# ship_order MODULE: the last step, on the module as it ships otherwise: its functions laid out in
# the order that gzips best, and its target_features section dropped (scripts/order-functions.mjs);
# in place.
ship_order() {
  node scripts/order-functions.mjs "$1" "$1.ordered"
  mv "$1.ordered" "$1"
}

# The steps that turn wasm-bindgen's output into what the package ships, sourced by
# scripts/build-pkg.sh (the package), scripts/build-ed25519.sh (its Ed25519 fallback module) and
# scripts/feature-costs.sh (copies of the crate with a feature cut out), so that what the feature
# costs are measured against is built as what ships.
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
# syntax and its own local names: wasm-bindgen's internals; the exports keep theirs), with the
# crate's JavaScript snippet (src/web/browser.js, which wasm-bindgen writes under snippets/)
# bundled into it, so that the package ships no snippets/ directory and the budget counts it, and its
# three warnings shortened (scripts/glue-texts.mjs); then the
# imports and exports renamed to one or two letters in MODULE, the GLUEs and the FILEs that name
# them (scripts/short-names.mjs).
ship_glue() {
  local module=$1 glue=() rest=()
  shift
  while (($#)) && [[ $1 != -- ]]; do glue+=("$1"); shift; done
  (($#)) && shift && rest=("$@")
  for js in "${glue[@]}"; do
    "$PKG_TOOLS/.bin/esbuild" "$js" --bundle --format=esm --minify --log-level=warning --outfile="$js.min"
    mv "$js.min" "$js"
  done
  node scripts/glue-texts.mjs "${glue[@]}"
  node scripts/short-names.mjs "$module" "${glue[@]}" "${rest[@]}"
}

# ship_order MODULE: the last step, on the module as it ships otherwise: its functions laid out in
# the order that gzips best, and its target_features section dropped (scripts/order-functions.mjs);
# in place.
ship_order() {
  node scripts/order-functions.mjs "$1" "$1.ordered"
  mv "$1.ordered" "$1"
}

# embed_base64 MODULE OUT: a JavaScript module whose default export is MODULE's bytes as base64 (the
# inline entry, and ed25519.js: a module every bundler handles as plain JavaScript).
embed_base64() {
  printf 'export default "%s";\n' "$(base64 -w0 "$1")" >"$2"
}

# embedded_glue GLUE OUT MESSAGE: GLUE written to OUT (which may be GLUE) without its default
# `new URL("NAME_bg.wasm", import.meta.url)`, which throws MESSAGE instead: bundlers (Vite) emit the
# .wasm for any module that names it that way, and a glue given its module's bytes must not make
# them ship (or look for) the file. Stops the build when the glue no longer reads as expected.
embedded_glue() {
  local line
  line="module_or_path = new URL('$(basename "$1" .js)_bg.wasm', import.meta.url);"
  grep -qF "$line" "$1" || { echo "embedded_glue: $1 no longer names its .wasm as expected" >&2; exit 1; }
  sed "s|$line|throw new Error('$3');|" "$1" >"$2.tmp"
  mv "$2.tmp" "$2"
}

#!/usr/bin/env bash
# Installs what is missing for `make demo` and `make test`, and nothing else. Idempotent: a second
# run only checks (a few seconds). Debian 12, root, package registries only.
#
#   bash scripts/setup.sh          everything (browsers, drivers, the servers' npm trees)
#   bash scripts/setup.sh build    only what building the package needs (`make pkg`, `make pack`):
#                                  the wasm32 target, wasm-bindgen-cli, wasm-pack, Node, and
#                                  scripts/build-tools (wasm-opt, esbuild)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf 'setup: %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# The wasm-bindgen CLI must be exactly the version of the crate (Cargo.toml pins it with `=`).
# `wasm-bindgen = "=X"` or `wasm-bindgen = { version = "=X", ... }`.
WBG_VERSION=$(sed -n 's/^wasm-bindgen = \(.*version = \)\{0,1\}"=\([0-9.]*\)".*$/\2/p' Cargo.toml)
[ -n "$WBG_VERSION" ] || { echo "setup: cannot read the wasm-bindgen pin from Cargo.toml" >&2; exit 1; }

mode=${1:-all}

# 1. Debian packages: browsers and their drivers, and Node if the machine has none.
apt_missing=()
if [ "$mode" != build ]; then
  for p in chromium chromium-driver firefox-esr; do
    dpkg -s "$p" >/dev/null 2>&1 || apt_missing+=("$p")
  done
fi
have node || apt_missing+=(nodejs npm)
if [ ${#apt_missing[@]} -gt 0 ]; then
  say "apt-get install ${apt_missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${apt_missing[@]}" >/dev/null
fi

# 2. Rust: the wasm32 target, wasm-bindgen-cli at the pinned version, wasm-pack, geckodriver.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WBG_VERSION" ]; then
  # Not --locked: its lock file does not resolve on this registry.
  say "cargo install wasm-bindgen-cli =$WBG_VERSION (about 2.5 minutes)"
  cargo install -q --force wasm-bindgen-cli --version "=$WBG_VERSION"
fi
if ! have wasm-pack; then
  say "cargo install wasm-pack (about 2.5 minutes)"
  cargo install -q wasm-pack
fi
if [ "$mode" != build ] && ! have geckodriver; then
  say "cargo install geckodriver"
  cargo install -q geckodriver
fi

# 3. npm dependencies of www/ (Better Auth, better-sqlite3 built from source, jose, playwright-core,
#    binaryen's wasm-opt, React, TypeScript) and of the Next.js example in www/next. A built copy
#    is cached per lock file and Node version, so fresh clones (CI) do not rebuild better-sqlite3.
npm_deps() {
  local dir=$1 name=$2 lock_hash cache stamp tmp
  lock_hash=$( (cat "$dir/package-lock.json"; node --version) | sha256sum | cut -c1-16)
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/better-auth-wasm/$name-node_modules-$lock_hash"
  stamp=$dir/node_modules/.baw-lock-hash
  [ "$(cat "$stamp" 2>/dev/null)" = "$lock_hash" ] && return 0
  rm -rf "$dir/node_modules"
  if [ -d "$cache" ]; then
    say "$dir/node_modules from the cache"
    cp -a "$cache" "$dir/node_modules"
  else
    say "npm ci in $dir"
    (cd "$dir" && npm_config_nodedir=/usr npm ci --no-audit --no-fund --loglevel=error)
    # Published atomically: two set-ups running at once (a demo and a test run) must not mix.
    mkdir -p "$(dirname "$cache")"
    tmp="$cache.tmp.$$"
    cp -a "$dir/node_modules" "$tmp" && { mv -T "$tmp" "$cache" 2>/dev/null || rm -rf "$tmp"; }
  fi
  echo "$lock_hash" > "$stamp"
}
npm_deps scripts/build-tools build-tools
scripts/build-tools/node_modules/binaryen/bin/wasm-opt --version >/dev/null
if [ "$mode" = build ]; then
  say "ready to build the package (wasm-bindgen $WBG_VERSION, $(wasm-pack --version), node $(node --version))"
  exit 0
fi
npm_deps www www
npm_deps www/next www-next
npm_deps www/vite www-vite
npm_deps examples/server server-example
# The previous minor release of better-auth, for the test stacks (BETTER_AUTH_MODULES).
npm_deps tests/servers/ba16 ba16
node -e "new (require('./www/node_modules/better-sqlite3'))(':memory:').close()" \
  || { echo "setup: better-sqlite3 does not load; delete www/node_modules and run again" >&2; exit 1; }
say "ready (wasm-bindgen $WBG_VERSION, $(wasm-pack --version), $(chromium --version 2>/dev/null | head -1), node $(node --version))"

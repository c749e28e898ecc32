#!/usr/bin/env bash
# Every test tier, in order; stops at the first failing tier. Prints a summary line at the end that
# counts every test that ran in every tier.
#
#   1. lint      cargo fmt --check, clippy -D warnings (host and wasm32; ed25519-fallback/ too)
#   2. host      cargo test: the pure core, JWT, API types (native)
#   3. wasm-node the pure tests compiled to wasm32, in Node (wasm-pack test --node)
#   4. browser   wasm-bindgen-test in headless Chromium and Firefox against the real stack
#   5. matrix    the same in both browsers against servers configured otherwise: each algorithm
#                Better Auth signs with, a key set of two, a rotation between them (tests/algorithms.rs),
#                the jwt plugin's options, and deferred session refresh (tests/server_options.rs)
#   6. pkg       the npm package built, held to its size budget, imported in Node (SSR, React) and
#                type-checked (tsc --strict)
#   7. e2e       the package loaded by the www page, driven by Playwright; passkeys with Chromium's
#                virtual authenticator and Firefox's (WebDriver) on a localhost stack
#   8. apps      real consumer apps: Next.js (Turbopack and webpack builds) and Vite + React
#   9. faults    fault injection and attacks through a proxy, endurance; writes RELIABILITY.md
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never
logs=target/test-logs
mkdir -p "$logs"
passed=0
failed=0
start=$(date +%s)

# Adds up "N passed; M failed" (cargo, wasm-bindgen-test) and "# pass N"/"# fail N" (node --test).
sum() { awk -v col="$1" '{s += $col} END {print s + 0}'; }
count() {
  local log=$1 p f
  # `|| true`: grep finding nothing is not an error here.
  p=$( (grep -aoE '[0-9]+ passed;' "$log" || true) | sum 1)
  f=$( (grep -aoE '[0-9]+ failed;' "$log" || true) | sum 1)
  p=$((p + $( (grep -aE '^# pass [0-9]+' "$log" || true) | sum 3)))
  f=$((f + $( (grep -aE '^# fail [0-9]+' "$log" || true) | sum 3)))
  passed=$((passed + p))
  failed=$((failed + f))
  tier_failed=$f
  echo "tier $2: $p passed, $f failed"
}

tier() {
  local name=$1
  shift
  echo "=== tier $name: $*"
  local t0=$SECONDS rc
  # In a subshell with errexit, so that any failing command of a tier's function fails the tier
  # (inside `if !` errexit would be ignored, and only the function's last command would count);
  # and a tier whose logs count a failed test fails too.
  set +e
  (
    set -e
    "$@"
  ) 2>&1 | tee "$logs/$name.log"
  rc=${PIPESTATUS[0]}
  set -e
  count "$logs/$name.log" "$name"
  if [ "$rc" -ne 0 ] || [ "$tier_failed" -gt 0 ]; then
    echo "make test: tier $name FAILED after $((SECONDS - t0)) s"
    echo "make test: $passed passed, $((failed > 0 ? failed : 1)) failed"
    exit 1
  fi
  echo "=== tier $name ok in $((SECONDS - t0)) s"
}

lint() {
  cargo fmt --check
  cargo clippy -q --all-targets -- -D warnings
  cargo clippy -q --target wasm32-unknown-unknown --all-targets -- -D warnings
  # The Ed25519 verifier's own crate (pkg/ed25519.js), its own workspace.
  (cd ed25519-fallback && cargo fmt --check &&
    CARGO_TARGET_DIR=../target/ed25519-fallback cargo clippy -q --target wasm32-unknown-unknown -- -D warnings)
}

BA16=BETTER_AUTH_MODULES=tests/servers/ba16/node_modules
# Runs the command after checking that the stack's server is better-auth 1.6.x.
EXPECT_BA16=(bash -c 'node scripts/expect-better-auth.mjs 1.6. && exec "$@"' _)

# The browser tests run against a server minting 10-second JWTs, so that refreshes across two
# lifetimes fit in a test; wasm-bindgen-test's per-test timeout (20 s) is raised accordingly.
browser() {
  export WASM_BINDGEN_TEST_TIMEOUT=120
  node scripts/with-stack.mjs --env JWT_EXPIRATION=10 -- \
    wasm-pack test --headless --chrome --chromedriver "$(command -v chromedriver)" -- --test browser
  node scripts/with-stack.mjs --env JWT_EXPIRATION=10 -- \
    wasm-pack test --headless --firefox --geckodriver "$(command -v geckodriver)" -- --test browser
  # The same against the previous minor release of better-auth (tests/servers/ba16), checked to
  # be the one the stack runs: in Chromium (what differs there is the server, and both browsers
  # already run every test against 1.7).
  node scripts/with-stack.mjs --env JWT_EXPIRATION=10 --env "$BA16" -- "${EXPECT_BA16[@]}" \
    wasm-pack test --headless --chrome --chromedriver "$(command -v chromedriver)" -- --test browser
}

# One stack per server scenario and browser (the test runner's page origin is the one the stack
# trusts), the two browsers side by side, each with its own stack (each test signs up its own
# user). `--serial`: one after the other, as the key-rotation scenario wants the machine to
# itself. A better-auth 1.6 scenario runs in Chromium only (see browser()).
browsers() {
  local serial=0
  if [ "$1" = --serial ]; then
    serial=1
    shift
  fi
  local filter=$1
  shift
  local envs=() pre=() pids=() status=0 b
  local -a runs=(chrome firefox)
  for e in "$@"; do envs+=(--env "$e"); done
  if [[ " $* " == *" $BA16 "* ]]; then
    pre=("${EXPECT_BA16[@]}")
    runs=(chrome)
  fi
  for b in "${runs[@]}"; do
    local driver=chromedriver
    [ "$b" = firefox ] && driver=geckodriver
    node scripts/with-stack.mjs "${envs[@]}" -- "${pre[@]}" \
      wasm-pack test --headless "--$b" "--$driver" "$(command -v $driver)" -- --test "${filter%%:*}" -- "${filter#*:}" &
    pids+=($!)
    if [ $serial = 1 ]; then
      wait "${pids[-1]}" || status=1
      pids=()
    fi
  done
  for p in "${pids[@]}"; do wait "$p" || status=1; done
  return $status
}

matrix() {
  export WASM_BINDGEN_TEST_TIMEOUT=120
  local alg
  for alg in ES256 ES512 RS256 PS256; do
    browsers algorithms:one_server JWT_EXPIRATION=10 JWT_ALG=$alg
  done
  # Better Auth >= 1.7 `keyPairConfigs`: an ES256 key and an EdDSA key in one set.
  browsers algorithms:one_server JWT_EXPIRATION=10 JWT_ALG=ES256 JWT_EXTRA_ALGS=EdDSA
  browsers --serial algorithms:rotation JWT_EXPIRATION=10 JWT_ROTATE_TO=RS256
  # better-auth 1.6 (no keyPairConfigs; its key set labels every key with keyPairConfig.alg).
  browsers algorithms:one_server JWT_EXPIRATION=10 JWT_ALG=RS256 "$BA16"
  browsers --serial algorithms:rotation JWT_EXPIRATION=10 JWT_ROTATE_TO=ES256 "$BA16"
  # The jwt plugin's options, and the plugins beside it (tests/server_options.rs).
  browsers server_options:custom_ JWT_EXPIRATION=10 JWT_DISABLE_HEADER=1 JWT_ISSUER=https://issuer.example \
    JWT_AUDIENCE=https://api.example,https://other.example JWT_CUSTOM_PAYLOAD=1 CUSTOM_SESSION=1 BEARER=1
  browsers server_options:remote_ JWKS_REMOTE=1 JWT_ALG=ES256 JWT_EXPIRATION=86400
  # Session refresh by POST /get-session, due at every load; a fault proxy to answer one late.
  browsers server_options:deferred_ DEFER_SESSION_REFRESH=1 SESSION_UPDATE_AGE=0 FAULT_PROXY=1
}

package() {
  bash scripts/build-pkg.sh
  bash scripts/size-budget.sh
  bash scripts/test-pkg.sh
}

# tests/passkey/: WebAuthn refuses IP addresses as relying party IDs, so the passkey tests get a
# stack whose page and servers are on `localhost`.
e2e() {
  node scripts/with-stack.mjs --env JWT_EXPIRATION=10 -- node --test tests/e2e/
  # Each misconfiguration named (tests/misconfig/): a trusted origin on another site than the stack.
  node scripts/with-stack.mjs --env TRUSTED_ORIGINS=http://localhost:8999 -- node --test tests/misconfig/
  node scripts/with-stack.mjs --env PUBLIC_HOST=localhost -- node --test --test-timeout=120000 tests/passkey/
}

# The fault and attack suite (tests/faults/): the package behind the fault-injecting proxy
# (www/server/faults.mjs), in Chromium, then in Firefox ESR (WebDriver BiDi) over the same stack;
# writes RELIABILITY.md, a column per browser. Files run one at a time (the key-rotation test
# changes the server's keys for everyone); the tests inside a file run side by side. Firefox runs
# even when Chromium failed, so that both columns are written.
faults() {
  node scripts/with-stack.mjs --env JWT_EXPIRATION=10 --env FAULT_PROXY=1 -- bash -c '
    node --test --test-concurrency=1 tests/faults/; chromium=$?
    BAW_BROWSER=firefox node --test --test-concurrency=1 tests/faults/; firefox=$?
    exit $((chromium | firefox))'
}

tier lint lint
tier host cargo test
tier wasm-node bash scripts/test-wasm-node.sh
tier browser browser
tier matrix matrix
tier pkg package
tier e2e e2e
tier apps bash scripts/test-apps.sh
tier faults faults

echo "make test: all tiers passed in $(($(date +%s) - start)) s"
echo "make test: $passed passed, $failed failed"

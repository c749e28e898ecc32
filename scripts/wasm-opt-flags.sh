# The package's wasm-opt flags, sourced by every script that builds the package or measures it
# (package-steps.sh for build-pkg.sh and feature-costs.sh; size-breakdown.sh, size-floor.sh), so
# that what they measure is optimised as what ships.
# --low-memory-unused: rustc links the 1 MiB stack first, so addresses below 1 KiB are only
# reached by a stack that is about to overflow; the assumption lets wasm-opt fold address
# offsets (-2 KB raw, -0.5 KB gzip). --converge: the passes again until the module stops shrinking
# (-105 B gzip, a few seconds more). -ocimfs 25 (--one-caller-inline-max-function-size): a
# function with one caller is inlined into it only when it is 25 instructions or fewer (-Oz's
# default inlines every one-caller function): the bodies then stay apart, where order-functions.mjs
# puts alike ones side by side. At 20 it saved -729 B gzip on the package (10: -689 B, 15: -722 B,
# 25: -656 B, 100: -290 B); measured again on 2026-12-02, once the browser calls had moved to
# src/web/*.js: 25 is 58 B smaller than 20 (22: -30 B, 24: +19 B, 27: -9 B, 30: +77 B; with
# -aimfs 3: -16 B), which is within what the function order moves between neighbours.
# WASM_OPT_REFLOW, twice: each function flattened and its control flow rebuilt by binaryen's
# relooper, then -Oz again. The relooper rebuilds the blocks and branches that LLVM's lowering left
# into fewer, and -Oz then finds more to fold: -296 B gzip on the package (-1.2 KB raw); once:
# -122 B; three times: -271 B; with a third -Oz each round: -282 B.
# shellcheck disable=SC2034 # used by the scripts that source this file
WASM_OPT_REFLOW=(--flatten --rereloop -Oz -Oz)
WASM_OPT_REFLOW+=("${WASM_OPT_REFLOW[@]}")
# shellcheck disable=SC2034
WASM_OPT_FLAGS=(-Oz --converge --low-memory-unused -ocimfs 25 "${WASM_OPT_REFLOW[@]}")
# What the shipped module leaves out (a named build for scripts/size-breakdown.sh keeps names):
# debug info and the producers section; and the target_features section, which only tools read
# (-103 B): the package's last step (scripts/order-functions.mjs) reads it and writes the module
# without it, and the modules measured without that step strip it with WASM_OPT_STRIP_FEATURES.
# shellcheck disable=SC2034
WASM_OPT_STRIP=(--strip-debug --strip-producers)
# shellcheck disable=SC2034
WASM_OPT_STRIP_FEATURES=(--strip-target-features)

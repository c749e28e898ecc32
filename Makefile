# better-auth-wasm: `make demo` and `make test` are the two commands of the README.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: demo test setup setup-build pkg pack lint fmt fuzz clean

## Installs what is missing, builds the package, starts auth server + API + www, prints the URL.
demo: setup pkg
	@node www/server/stack.mjs | while IFS= read -r line; do \
	  case "$$line" in READY*) url=$$(printf '%s' "$$line" | sed 's/.*"webUrl":"\([^"]*\)".*/\1/'); \
	    printf '\n  better-auth-wasm demo: open %s\n  (auth server and API started; Ctrl-C stops everything)\n\n' "$$url";; \
	  *) printf '%s\n' "$$line";; esac; done

## Installs what is missing and runs every test tier.
test: setup
	@bash scripts/test.sh

setup:
	@bash scripts/setup.sh

setup-build:
	@bash scripts/setup.sh build

## Builds the npm package into pkg/ (installs only what the build needs).
pkg: setup-build
	@bash scripts/build-pkg.sh

## The npm package as a tarball, the way to install it into an app: target/better-auth-wasm-<version>.tgz.
pack: pkg
	@bash scripts/pack.sh

## Fuzzes JWT/JWKS parsing and verification for FUZZ_SECONDS (default 60) with cargo-fuzz.
FUZZ_SECONDS ?= 60
fuzz:
	@bash scripts/fuzz.sh $(FUZZ_SECONDS)

## Measures sizes, browser timings, auth-server request counts, storms and a 24 h simulation of
## 100,000 browsers; writes BENCHMARKS.md and bench/simulation.svg. Not part of `make test`.
.PHONY: bench
bench: setup
	@bash scripts/bench.sh

## What the design's crates alone cost: builds bench/floor's variants like the package, checks them
## in Node, writes bench/out/size-floor.json. Part of `make bench`.
.PHONY: size-floor
size-floor: setup
	@bash scripts/size-floor.sh

## What each feature costs the package, measured by removing it (bench/feature-costs/*.patch on
## copies of the crate), writes bench/out/feature-costs.json. Part of `make bench`.
.PHONY: feature-costs
feature-costs: setup
	@bash scripts/feature-costs.sh

## What the package's wasm spends its bytes on, by area (a named build, bench/size-breakdown.mjs),
## writes bench/out/size-breakdown.json. Part of `make bench`.
.PHONY: size-breakdown
size-breakdown: setup
	@bash scripts/size-breakdown.sh

lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings

fmt:
	cargo fmt

clean:
	cargo clean
	rm -rf pkg www/.data tests/e2e/artifacts

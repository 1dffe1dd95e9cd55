#!/usr/bin/env bash
# The second README command: installs what the tests need, then runs every
# test: Rust unit and integration tests (on the real embedded model, on
# SQLite and PostgreSQL, and several replicas sharing Redis) and the Playwright suite in Debian's chromium against a release build.
# Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
scripts/install-tools.sh --test
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1m[test]\033[0m %s (at %s s)\n' "$*" "$(( $(date +%s) - started ))"; }

# The storage tests run against SQLite and this PostgreSQL; the replicas'
# shared limits against this Redis (both loopback only, installed from
# Debian when missing, stopped at the end).
step "postgresql and redis"
eval "$(scripts/postgres.sh start)"
trap 'scripts/postgres.sh stop; scripts/redis.sh stop' EXIT
eval "$(scripts/redis.sh start)"

# No module of a crate imports one that imports it back (directly or
# through others): the layers stay layers.
step "module cycles"
python3 scripts/module-cycles.py app/src server/src crates/*/src examples/*/src widget/src frontend/src

# Release profile for the Rust tests too: llama.cpp (the slowest crate to
# build) is then compiled once, shared with the release build below.
# `frontend` and `colloquy-widget` are the WASM crates; cargo-leptos and
# Trunk build them for the browser.
step "cargo test (release)"
cargo test --release --workspace --exclude frontend --exclude colloquy-widget
# The benchmarks are not run here (they print figures; see
# docs/PERFORMANCE.md), but they must keep compiling.
cargo build --release --workspace --exclude frontend --exclude colloquy-widget --benches
# Except the load test (server/benches/load.rs), which is a pass/fail
# check: 2,000 clients on loopback, a tenth flooding from one address.
# `--workspace` keeps the feature set of the builds above (`-p server`
# would unify fewer features, and rebuild the server and its crates).
step "load test"
cargo bench --workspace --exclude frontend --exclude colloquy-widget --bench load

# The dependency policy (deny.toml): licenses, banned crates, sources.
step "cargo deny"
cargo deny --log-level error check licenses bans sources

# Each fuzz target for a short while from its committed corpus (longer
# runs: scripts/fuzz.sh 600).
step "cargo fuzz (short runs)"
scripts/fuzz.sh "${COLLOQUY_FUZZ_SECONDS:-20}"

# The client only (WASM, JS, CSS): the browser tests run the server
# binary `cargo test` built above (its integration tests need it), so the
# server is not built a second time with cargo-leptos's environment.
step "cargo leptos build --release --frontend-only"
cargo leptos build --release --frontend-only
# The embeddable widget (Trunk.toml), into the site folder the server serves.
step "trunk build (the widget)"
trunk build
# The stand-in model server the browser tests talk to. `--workspace` keeps
# the feature set of `cargo test` above, so its dependencies are reused.
cargo build --release --workspace --exclude frontend --exclude colloquy-widget --bin test-upstream

step "playwright (end2end/)"
(cd end2end && npx playwright test)

step "all tests passed in $(( $(date +%s) - started )) s"

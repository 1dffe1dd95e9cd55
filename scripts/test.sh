#!/usr/bin/env bash
# The second README command: installs what the tests need, then runs every
# test: Rust unit and integration tests (on the real embedded model, on
# SQLite and PostgreSQL, and several replicas sharing Redis), the load test,
# the dependency policy, short fuzz runs, and the Playwright suite in
# Debian's chromium against the optimised server and client.
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

# First every build, then the tests on a quiet machine (a build beside a
# test that waits on the model or the network would make it flaky).
#
# The Rust tests, the benchmarks and the stand-in model server, with the
# `ci` profile (Cargo.toml: the release profile at opt-level 1).
# `frontend` and `colloquy-widget` are the WASM crates; cargo-leptos and
# Trunk build them for the browser. `--workspace` in each cargo run keeps
# one feature set, so nothing is built twice. llama.cpp's own C++ and its
# `common` library build at -O1, ggml at -O3 (scripts/llama-ci.cmake).
RUST=(--profile ci --workspace --exclude frontend --exclude colloquy-widget)
export CMAKE_PROJECT_INCLUDE="$PWD/scripts/llama-ci.cmake"
step "build the Rust tests (profile ci)"
# In one cargo run: every test `cargo test` runs (`--tests` builds what its
# `--no-run` does), the benchmarks (not run here: they print figures, see
# docs/PERFORMANCE.md; they must keep compiling) and the stand-in model
# server the browser tests talk to (built alone, the stand-in would get
# no dev-dependency features and rebuild crates); one run also fills both
# cores to the end.
cargo build "${RUST[@]}" --tests --benches --bin test-upstream

# Three builds side by side: their long single-threaded stretches (the
# WASM's whole-program optimisation, each fuzzer's link) leave the other
# core free. The fuzz targets are built at opt-level 1 for these short runs
# (quicker to compile; scripts/fuzz.sh alone builds at -O3; cargo fuzz sets
# the debug info), and without AddressSanitizer: the fuzzed crates have no
# `unsafe` code, and the build takes a quarter less CPU (docs/SECURITY.md;
# the long runs keep it).
step "build the client (WASM), the widget and the fuzz targets"
logs=$(mktemp -d)
fuzz_settings=(CARGO_PROFILE_RELEASE_OPT_LEVEL=1 FUZZ_SANITIZER=none)
env "${fuzz_settings[@]}" scripts/fuzz.sh --build-only > "$logs/fuzz" 2>&1 &
fuzz=$!
# The client only (WASM, JS, CSS): the browser tests run the server binary
# built above, so the server is not built again with cargo-leptos's
# environment. Its own target folder (target/front) lets it run beside Trunk.
# --split: the pages other than the chat page are WASM chunks of their own;
# --precompress: brotli and gzip files beside each, served as they are.
cargo leptos build --release --frontend-only --split --precompress > "$logs/client" 2>&1 &
client=$!
# The embeddable widget (Trunk.toml), into the site folder the server serves.
trunk build > "$logs/widget" 2>&1 &
widget=$!
failed=()
for job in client widget fuzz; do
  pid=${!job}
  if wait "$pid"; then
    tail -n 2 "$logs/$job"
  else
    cat "$logs/$job"
    failed+=("$job")
  fi
done
[ ${#failed[@]} -eq 0 ] || { echo "failed: ${failed[*]}" >&2; exit 1; }
scripts/precompress.sh

# Each fuzz target for 10 s from its committed corpus, two at a time, with
# the cores to themselves: without the sanitizer that is more inputs than
# the 20 s with it did (docs/SECURITY.md; longer runs: scripts/fuzz.sh 600).
step "fuzz targets"
env "${fuzz_settings[@]}" scripts/fuzz.sh "${COLLOQUY_FUZZ_SECONDS:-10}"

# The dependency policy (deny.toml): licenses, banned crates, sources.
step "cargo deny"
cargo deny --log-level error check licenses bans sources

# Unit and integration tests: on the real embedded model, on SQLite and
# PostgreSQL, several replicas sharing Redis.
step "cargo test"
cargo test "${RUST[@]}"
# The load test (server/benches/load.rs) is a pass/fail check: 2,000
# clients on loopback, a tenth flooding from one address.
step "load test"
cargo bench "${RUST[@]}" --bench load

export COLLOQUY_BIN_DIR=./target/ci
step "playwright (end2end/)"
(cd end2end && npx playwright test)

step "all tests passed in $(( $(date +%s) - started )) s"

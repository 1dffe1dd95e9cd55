#!/usr/bin/env bash
# The chat page's budgets in headless Chromium (end2end/bench/):
#   scripts/bench-page.sh          page.bench.ts: load time of a 1,000-message
#                                  conversation, per-token cost with 1 and
#                                  1,000 prior messages
#   scripts/bench-page.sh client   client.bench.ts: first load's wire bytes and
#                                  requests, the phone profile, per-token
#                                  main-thread time (issue 24's budgets)
# Needs a release build (`cargo leptos build --release`) and the stand-in
# (`cargo build --release --bin test-upstream`); COLLOQUY_BIN_DIR names
# another folder of server binaries (e.g. target/ci; from the repository
# root). BENCH_ROUNDS and BENCH_TOKENS tune it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
bin=${COLLOQUY_BIN_DIR:-target/release}
spec=${1:-page}
ls target/site/pkg/colloquy*.wasm >/dev/null 2>&1 && [ -x "$bin/colloquy" ] || { echo "build first: cargo leptos build --release" >&2; exit 1; }
[ -x "$bin/test-upstream" ] || cargo build --release --bin test-upstream
cd end2end
COLLOQUY_BIN_DIR="$bin" npx playwright test -c playwright.bench.config.ts "bench/$spec.bench.ts" --reporter=line 2>&1 | grep -E '^\[bench\]|passed|failed|Error'

#!/usr/bin/env bash
# The chat page's budgets in headless Chromium (end2end/bench/page.bench.ts):
# load time of a 1,000-message conversation, and per-token cost with 1 and
# 1,000 prior messages. Needs a release build (`cargo leptos build --release`)
# and the stand-in (`cargo build --release --bin test-upstream`).
# BENCH_ROUNDS (default 5) and BENCH_TOKENS (default 400) tune it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
[ -f target/site/pkg/colloquy.wasm ] && [ -x target/release/colloquy ] || { echo "build first: cargo leptos build --release" >&2; exit 1; }
[ -x target/release/test-upstream ] || cargo build --release --bin test-upstream
cd end2end
npx playwright test -c playwright.bench.config.ts --reporter=line 2>&1 | grep -E '^\[bench\]|passed|failed|Error'

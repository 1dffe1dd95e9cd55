#!/usr/bin/env bash
# Issue 8's streams ladder with the server on two cores of its own
# (taskset -c 0,1) and the provider stand-in and load generator on every
# other core, so that what is measured is the server alone. Needs a machine
# with more than 2 cores (this project's is 2: there use
# `BENCH_PARTS=streams cargo bench -p server --bench scale`).
#
#   scripts/scale-pinned.sh                       ladder 600,800,900,1000,2000
#   LADDER=1000,4000 CEILING=10000 scripts/scale-pinned.sh
#
# Or with binaries built elsewhere: SERVER_BIN=… SCALE_BIN=… (what the
# figures in docs/PERFORMANCE.md used, on a 16-core machine).
set -euo pipefail
cd "$(dirname "$0")/.."
cores=$(nproc)
[ "$cores" -gt 2 ] || { echo "scale-pinned.sh: needs more than 2 cores (this machine has $cores)" >&2; exit 2; }
if [ -z "${SCALE_BIN:-}" ]; then
  cargo build --release -p server --bin colloquy
  SCALE_BIN=$(cargo bench -p server --bench scale --no-run --message-format=json 2>/dev/null \
    | sed -n 's/.*"executable":"\([^"]*scale-[^"]*\)".*/\1/p' | tail -1)
fi
SERVER_BIN=${SERVER_BIN:-$PWD/target/release/colloquy}
wrapper=$(mktemp)
trap 'rm -f "$wrapper"' EXIT
printf '#!/bin/sh\nexec taskset -c 0,1 %q "$@"\n' "$SERVER_BIN" > "$wrapper"
chmod +x "$wrapper"
rest="2-$((cores - 1))"
export BENCH_SERVER_BIN=$wrapper BENCH_THREADS=$((cores - 4))
(cd server && BENCH_PARTS=streams BENCH_LADDER=${LADDER:-600,800,900,1000,2000} taskset -c "$rest" "$SCALE_BIN" --bench)
if [ -n "${CEILING:-}" ]; then
  (cd server && BENCH_PARTS=ceiling BENCH_LADDER=$CEILING taskset -c "$rest" "$SCALE_BIN" --bench)
fi

#!/usr/bin/env bash
# Prints the figures that have no benchmark harness of their own:
#   - the client bundle (WASM + JS + CSS) of the release build, raw and gzip -9
#   - idle RSS of the release server without the model loaded (--lazy-model),
#     and after one page render
# Run after `cargo leptos build --release`.
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=target/site/pkg
[ -f "$pkg/colloquy.wasm" ] || { echo "no release build in $pkg: run cargo leptos build --release" >&2; exit 1; }

gz() { gzip -9 -c "$1" | wc -c; }
total_raw=0; total_gz=0
echo "| file | raw bytes | gzip -9 bytes |"
echo "|---|---|---|"
for f in colloquy.wasm colloquy.js colloquy.css; do
  raw=$(wc -c < "$pkg/$f"); z=$(gz "$pkg/$f")
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + z))
  echo "| $f | $raw | $z |"
done
wasm_js_gz=$(( $(gz "$pkg/colloquy.wasm") + $(gz "$pkg/colloquy.js") ))
echo "| total | $total_raw | $total_gz |"
echo "WASM + JS gzip: $wasm_js_gz bytes = $((wasm_js_gz / 1024)) KiB (budget 400 KiB)"

port=3999
COLLOQUY_LISTEN=127.0.0.1:$port LEPTOS_SITE_ROOT=target/site RUST_LOG=warn \
  ./target/release/colloquy --lazy-model &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$port/favicon.ico" && break; sleep 0.1; done
sleep 1
idle=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
curl -sf -o /dev/null "http://127.0.0.1:$port/"
sleep 0.5
after=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
echo "idle RSS without the model: $((idle / 1024)) MiB ($idle KiB; budget 30 MiB)"
echo "RSS after one page render:  $((after / 1024)) MiB ($after KiB)"

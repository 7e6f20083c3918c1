#!/usr/bin/env bash
# Sets up, builds, starts a throwaway PostgreSQL 15 cluster, and runs the
# whole suite against SQLite and PostgreSQL. The cluster is stopped and
# removed on exit, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$PGBIN/initdb" ] || { echo "test: PostgreSQL server binaries not found" >&2; exit 69; }

PGDIR=$(mktemp -d /tmp/chizai-pg.XXXXXX)
cleanup() {
  if [ -f "$PGDIR/data/postmaster.pid" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PGDIR"
}
trap cleanup EXIT INT TERM

# initdb refuses to run as root: run the server as the postgres user then.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres "$PGDIR"

# A free loopback port.
PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg "$PGBIN/initdb" -D "$PGDIR/data" -A trust -U chizai -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -o "-k $PGDIR -h 127.0.0.1 -p $PORT -c fsync=off" \
  -l "$PGDIR/log" -w start >/dev/null
"$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U chizai chizai
echo "test: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"

export CHIZAI_TEST_PG="host=127.0.0.1 port=$PORT dbname=chizai user=chizai"
export CHIZAI_BIN="$PWD/build/src/cli/chizai"
# The API tests record every reply here, for the OpenAPI check below.
export CHIZAI_API_RECORD_DIR="$PGDIR/replies"
mkdir -p "$CHIZAI_API_RECORD_DIR"
(cd build && ctest --output-on-failure -j "$(nproc)" "$@")

# The OpenAPI document: valid OpenAPI 3.0 (swagger-parser), every body and
# success response with a schema its examples fit, and every reply the API
# tests received fits it.
build/src/cli/chizai openapi > build/openapi.json
node web/tools/check-openapi.mjs build/openapi.json
node web/tools/check-responses.mjs build/openapi.json "$CHIZAI_API_RECORD_DIR"

# The web interface: unit tests of its own logic, then the end-to-end tests
# (Chromium against a real `chizai serve`, on SQLite and on this PostgreSQL).
(cd web && npm test --silent)
(cd web && npm run --silent e2e)

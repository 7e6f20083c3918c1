# scripts/bench.sh docket (sourced by scripts/bench.sh; uses its timed(), api_wrk(),
# $CHIZAI, $BENCH_BIN, $DIR, $ROOT).
#
# Generates BENCH_DOCKET_APPLICATIONS (default 1,000,000) applications with
# owners and events straight into a SQLite database (tests/bench/docket_bench
# generate; kept in $DIR and reused by later runs of the same size), then in
# one process: the floor (plain SELECTs of the columns the rules read, to the
# end), every task computed (load_batch + compute_tasks), the 10-year fees
# forecast; prints the times, compute / floor and the peak RSS.
# Goals: compute <= 3x floor, forecast < 2 s, peak RSS < 1 GB.
# Then, when the server has GET /api/v1/docket, one institution's month agenda
# with wrk -t2 -c16 for BENCH_DOCKET_SECONDS (20) s (goal p99 < 20 ms); skipped,
# saying so, when it has not.
# BENCH_DOCKET_REUSE=0 regenerates the database.

bench_docket() {
  local n="${BENCH_DOCKET_APPLICATIONS:-1000000}"
  local db="$DIR/docket-$n.db" url="sqlite3://$DIR/docket-$n.db"
  echo "== docket: $n applications (machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB)"
  if [ "${BENCH_DOCKET_REUSE:-1}" != 1 ] || [ ! -f "$db" ]; then
    rm -f "$db" "$db-wal" "$db-shm"
    "$CHIZAI" --db "$url" db migrate >/dev/null
    "$BENCH_BIN/docket_bench" generate "$db" "$n"
  else
    echo "(reusing $db)"
  fi
  echo "database: $(( $(stat -c %s "$db") / 1048576 )) MiB"
  "$BENCH_BIN/docket_bench" run "$db" "$ROOT/config/docketing" 10

  # One institution's month agenda through the API (the docket route).
  command -v wrk >/dev/null || { echo "docket agenda: skipped (wrk is not installed)"; return 0; }
  if ! "$CHIZAI" openapi 2>/dev/null | grep -q '"/api/v1/docket"'; then
    echo "docket agenda: skipped (this build has no GET /api/v1/docket)"
    return 0
  fi
  API_SECONDS="${BENCH_DOCKET_SECONDS:-20}"
  API_CONNECTIONS=16
  "$CHIZAI" --db "$url" user add "bench-$$" --role admin >/dev/null
  local token
  token=$("$CHIZAI" --db "$url" token create "bench-$$" 2>/dev/null | grep -oE '[A-Za-z0-9_-]{32,}' | head -n 1)
  local port
  port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$CHIZAI" --db "$url" serve --host 127.0.0.1 --port "$port" --threads 16 > "$DIR/docket-serve.log" 2>&1 &
  API_PID=$!
  local base="http://127.0.0.1:$port"
  for _ in $(seq 100); do
    curl -fsS "$base/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  local agenda="$base/api/v1/docket?institution=U-0001&from=2027-01-01&to=2027-01-31"
  if curl -fsS -o /dev/null -H "Authorization: Bearer $token" "$agenda"; then
    printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$token" > "$DIR/docket-agenda.lua"
    api_wrk agenda "GET /api/v1/docket (U-0001, 2027-01)" "$agenda" "$DIR/docket-agenda.lua"
    echo "agenda p99: $API_P99 ms (goal < 20 ms)"
  else
    echo "docket agenda: GET $agenda failed; skipped"
  fi
  kill -TERM "$API_PID"
  wait "$API_PID" || true
}

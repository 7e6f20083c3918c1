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
# Then the forecast as the doors give it (docket_bench stored): the stored
# docket is computed and written once (kept in the database for later runs
# and for the agenda), then the 10-year forecast from it, end to end, per
# grouping (goal < 2 s).
# Then bench_docket_api (also alone: scripts/bench.sh docket-api): one
# institution's month agenda through the API, as that institution's
# institution_viewer (scoped: no ?institution), wrk -t2 -c16 for
# BENCH_DOCKET_SECONDS (20) s with tests/bench/docket_agenda.lua sending the
# token (goal p99 < 20 ms). It prints the load average beside the figures.
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
    "$CHIZAI" --db "$url" db migrate >/dev/null
  fi
  echo "database: $(( $(stat -c %s "$db") / 1048576 )) MiB"
  "$BENCH_BIN/docket_bench" run "$db" "$ROOT/config/docketing" 10
  # BENCH_DOCKET_SCAN=1: also the sums both ways (docket_fee_sum and the
  # tasks scanned, the SQL before migration 0032), timed and checked equal.
  if [ "${BENCH_DOCKET_SCAN:-0}" = 1 ]; then
    "$BENCH_BIN/docket_bench" stored "$db" "$ROOT/config/docketing" 10 scan
  else
    "$BENCH_BIN/docket_bench" stored "$db" "$ROOT/config/docketing" 10
  fi
  bench_docket_api
}

# One institution's month agenda (GET /api/v1/docket?from=&to=) on the
# database bench_docket made, as an institution-scoped user.
bench_docket_api() {
  local n="${BENCH_DOCKET_APPLICATIONS:-1000000}"
  local db="$DIR/docket-$n.db" url="sqlite3://$DIR/docket-$n.db"
  [ -f "$db" ] || { echo "docket agenda: no $db (run scripts/bench.sh docket first)" >&2; return 1; }
  command -v wrk >/dev/null || { echo "docket agenda: skipped (wrk is not installed)"; return 0; }
  API_SECONDS="${BENCH_DOCKET_SECONDS:-20}"
  API_CONNECTIONS=16
  local institution="${BENCH_DOCKET_INSTITUTION:-U-0001}" from="${BENCH_DOCKET_FROM:-2027-01-01}"
  local to="${BENCH_DOCKET_TO:-2027-01-31}" user="bench-agenda-$$"
  "$CHIZAI" --db "$url" db migrate >/dev/null
  "$CHIZAI" --db "$url" user add "$user" --role institution_viewer --institution "$institution" >/dev/null
  CHIZAI_BENCH_TOKEN=$("$CHIZAI" --db "$url" token create "$user" 2>/dev/null | grep -oE '[A-Za-z0-9_-]{32,}' | head -n 1)
  export CHIZAI_BENCH_TOKEN
  local port
  port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # (The server recomputes the stored docket first when it is not current.)
  "$CHIZAI" --db "$url" serve --host 127.0.0.1 --port "$port" --threads 16 > "$DIR/docket-serve.log" 2>&1 &
  API_PID=$!
  local base="http://127.0.0.1:$port"
  for _ in $(seq 6000); do
    curl -fsS "$base/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  local agenda="$base/api/v1/docket?from=$from&to=$to"
  local tasks
  tasks=$(curl -fsS -H "Authorization: Bearer $CHIZAI_BENCH_TOKEN" "$agenda&limit=1000" | grep -o '"key"' | wc -l || true)
  if [ "${tasks:-0}" -gt 0 ]; then
    echo "agenda: $institution ($user, institution_viewer), $from .. $to: $tasks task(s) on the first page (limit 1000)"
    echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    api_wrk agenda "GET /api/v1/docket ($institution, ${from:0:7})" "$agenda" "$ROOT/tests/bench/docket_agenda.lua"
    echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "agenda p50: $API_P50 ms, p99: $API_P99 ms (goal < 20 ms), $API_RPS req/s, errors $API_ERRORS"
  else
    echo "docket agenda: GET $agenda gave no task; skipped"
  fi
  kill -TERM "$API_PID"
  wait "$API_PID" || true
  "$CHIZAI" --db "$url" token revoke --user "$user" >/dev/null 2>&1 || true
  "$CHIZAI" --db "$url" user disable "$user" >/dev/null 2>&1 || true
}

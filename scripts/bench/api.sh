# scripts/bench.sh api (sourced by scripts/bench.sh; uses its timed(), $CHIZAI, $DIR, $ROOT).
#
# Builds a 100,000-patent SQLite database with a year of licensing and its
# closed months (the demo generator's scheme, as scripts/demo.sh loads it;
# not timed), starts `chizai serve`, makes an admin token, and runs wrk
# (2 threads, 64 connections, 20 s each, --latency) against
#   GET /api/v1/patents/{number}                 random registered numbers
#   GET /api/v1/statements/{institution}/{month}  random institutions with a
#                                                 statement in the last closed month
#   GET /healthz                                  the ceiling of this server here
# and prints requests/s, p50 and p99 for each and each data route's share of
# the /healthz rate. Goal: both data routes >= 50% of /healthz, p99 < 20 ms.
# Sizes: BENCH_API_PATENTS (100000), BENCH_API_SECONDS (20), BENCH_API_CONNECTIONS (64).
# BENCH_API_REUSE=1 keeps an existing database from an earlier run.
# BENCH_API_THREADS sets chizai serve --threads (default: as many as connections:
# a Poco worker serves one keep-alive connection at a time, so fewer threads queue
# whole connections and the p99 becomes queueing time).

# wrk's latency figure ("812.00us", "1.52ms", "2.01s") in milliseconds.
api_ms() {
  awk -v t="$1" 'BEGIN{
    v = t + 0; u = t; sub(/^[0-9.]+/, "", u);
    if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000;
    printf "%.2f", v }'
}

# CPU seconds (user + system) used so far by process $1.
api_cpu() {
  awk -v tck="$(getconf CLK_TCK)" '{printf "%.3f", ($14 + $15) / tck}' "/proc/$1/stat"
}

# api_wrk SLUG LABEL URL [LUA]: runs wrk against the server $API_PID, keeps
# its output in $DIR/api-SLUG.wrk and sets API_RPS, API_P50, API_P99 (ms) and
# API_ERRORS (non-2xx + socket errors). Also prints the CPU time per request
# of the server and of wrk: both share the machine's cores, so the rate is
# set by their sum.
api_wrk() {
  local name="$2" url="$3" lua="${4:-}" out="$DIR/api-$1.wrk"
  local args=(-t2 -c"$API_CONNECTIONS" -d"${API_SECONDS}s" --latency)
  [ -n "$lua" ] && args+=(-s "$lua")
  local server_before server_after wrk_cpu TIMEFORMAT='%U %S'
  server_before=$(api_cpu "$API_PID")
  wrk_cpu=$( { time wrk "${args[@]}" "$url" > "$out"; } 2>&1 | awk '{print $1 + $2}')
  server_after=$(api_cpu "$API_PID")
  API_RPS=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$out")
  API_P50=$(api_ms "$(awk '$1 == "50%" {print $2}' "$out")")
  API_P99=$(api_ms "$(awk '$1 == "99%" {print $2}' "$out")")
  local non2xx socket
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")
  socket=$(awk '/Socket errors:/ {gsub(/,/, ""); print $4 + $6 + $8 + $10}' "$out")
  API_ERRORS=$(( ${non2xx:-0} + ${socket:-0} ))
  local requests
  requests=$(awk '/requests in/ {print $1}' "$out")
  printf '%-44s %8s req/s   p50 %7s ms   p99 %7s ms   errors %s   CPU/request: server %s us, wrk %s us\n' \
    "$name" "$API_RPS" "$API_P50" "$API_P99" "$API_ERRORS" \
    "$(awk -v a="$server_before" -v b="$server_after" -v n="$requests" 'BEGIN{printf "%.1f", (b - a) * 1e6 / n}')" \
    "$(awk -v c="$wrk_cpu" -v n="$requests" 'BEGIN{printf "%.1f", c * 1e6 / n}')"
}

bench_api() {
  local n="${BENCH_API_PATENTS:-100000}"
  API_SECONDS="${BENCH_API_SECONDS:-20}"
  API_CONNECTIONS="${BENCH_API_CONNECTIONS:-64}"
  local data="$DIR/api-data" db="$DIR/api.db" url="sqlite3://$DIR/api.db"
  echo "== api: $n patents, wrk -t2 -c$API_CONNECTIONS -d${API_SECONDS}s" \
       "(machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB)"
  command -v wrk >/dev/null || { echo "bench api: wrk is not installed (apt-get install wrk)" >&2; return 1; }

  demo_db "$data" "$db" "$n" "${BENCH_API_REUSE:-0}"
  local month
  month=$(sqlite3 "$db" "SELECT MAX(month) FROM closed_month")
  [ -n "$month" ] || { echo "bench api: no closed month in $db" >&2; return 1; }
  sqlite3 "$db" "SELECT application_number FROM patent" > "$DIR/api-numbers.txt"
  sqlite3 "$db" "SELECT i.code FROM statement s JOIN institution i ON i.id = s.institution_id
                 WHERE s.month = '$month' ORDER BY 1" > "$DIR/api-institutions.txt"
  echo "database: $(wc -l < "$DIR/api-numbers.txt") patents; $month closed with" \
       "$(wc -l < "$DIR/api-institutions.txt") statements"

  "$CHIZAI" --db "$url" user add "bench-$$" --role admin >/dev/null
  local token
  token=$("$CHIZAI" --db "$url" token create "bench-$$" 2>/dev/null | grep -oE '[A-Za-z0-9_-]{32,}' | head -n 1)
  [ -n "$token" ] || { echo "bench api: no token printed by chizai token create" >&2; return 1; }

  local port
  port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$CHIZAI" --db "$url" serve --host 127.0.0.1 --port "$port" --threads "${BENCH_API_THREADS:-$API_CONNECTIONS}" \
    > "$DIR/api-serve.log" 2>&1 &
  local pid=$!
  API_PID=$pid
  local base="http://127.0.0.1:$port"
  for _ in $(seq 100); do
    curl -fsS "$base/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  if ! curl -fsS "$base/healthz" >/dev/null 2>&1; then
    echo "bench api: chizai serve did not start; $DIR/api-serve.log:" >&2
    cat "$DIR/api-serve.log" >&2
    kill "$pid" 2>/dev/null
    return 1
  fi
  # One of each, checked, before measuring.
  local sample_number sample_code
  sample_number=$(head -n 1 "$DIR/api-numbers.txt")
  sample_code=$(head -n 1 "$DIR/api-institutions.txt")
  curl -fsS -o /dev/null -H "Authorization: Bearer $token" "$base/api/v1/patents/$sample_number" ||
    echo "bench api: GET /api/v1/patents/$sample_number failed" >&2
  curl -fsS -o /dev/null -H "Authorization: Bearer $token" "$base/api/v1/statements/$sample_code/$month" ||
    echo "bench api: GET /api/v1/statements/$sample_code/$month failed" >&2

  export CHIZAI_TOKEN="$token" CHIZAI_BENCH_MONTH="$month"
  export CHIZAI_BENCH_NUMBERS="$DIR/api-numbers.txt" CHIZAI_BENCH_INSTITUTIONS="$DIR/api-institutions.txt"
  api_wrk healthz "GET /healthz" "$base/healthz"
  local h_rps=$API_RPS
  api_wrk patent "GET /api/v1/patents/{number}" "$base" "$ROOT/scripts/bench/api_patent.lua"
  local p_rps=$API_RPS p_p99=$API_P99 p_err=$API_ERRORS
  api_wrk statement "GET /api/v1/statements/{inst}/$month" "$base" "$ROOT/scripts/bench/api_statement.lua"
  local s_rps=$API_RPS s_p99=$API_P99 s_err=$API_ERRORS

  kill -TERM "$pid"
  wait "$pid"
  local exit_status=$?
  echo "chizai serve exit status after SIGTERM: $exit_status"
  # The read cache's counts over the whole run (printed by the server on stop).
  grep '^chizai serve: read cache' "$DIR/api-serve.log" || true
  awk -v h="$h_rps" -v p="$p_rps" -v s="$s_rps" -v pp="$p_p99" -v sp="$s_p99" 'BEGIN{
    printf "patents / healthz: %.0f%%, p99 %.2f ms; statements / healthz: %.0f%%, p99 %.2f ms (goal >= 50%%, p99 < 20 ms)\n",
      100*p/h, pp, 100*s/h, sp }'
  [ "$p_err" = 0 ] && [ "$s_err" = 0 ] || echo "bench api: some requests failed (see $DIR/api-*.wrk)" >&2
  # The patent route's parts, one thread, no HTTP (what the server spends per
  # request above these is HTTP, the gate and the pool).
  if [ -x "$BENCH_BIN/route_bench" ]; then
    "$BENCH_BIN/route_bench" "$url" "$DIR/api-numbers.txt" "$token"
  fi
}

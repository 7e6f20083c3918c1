# scripts/bench.sh web (sourced by scripts/bench.sh; uses its timed(), $CHIZAI, $DIR, $ROOT).
#
# The web interface's page loads in Chromium against `chizai serve`, on a
# 100,000-patent SQLite database with a year of licensing and its closed
# months (the demo generator's scheme; not timed). Three pages:
#   (a) the patent list filtered to one institution  (/patents?institution=C)
#   (b) a patent page                                (/patents/NUMBER)
#   (c) a closed month's statement                   (/statements/C/MONTH)
# For each, 20 loads after 2 warm-ups: the time from navigation start until
# the data is visible (the table's first row; the statement's closing
# balance) beside the time of the API calls the page made as the browser
# measured them (Resource Timing; calls in sequence add, parallel ones count
# once). Goal: the page adds at most 150 ms to its API calls (median), and
# the JavaScript and CSS of the first load weigh under 250 KB gzip (level 6).
# Sizes: BENCH_WEB_PATENTS (100000), BENCH_WEB_LOADS (20).
# BENCH_WEB_REUSE=1 keeps an existing database from an earlier run.

bench_web() {
  local n="${BENCH_WEB_PATENTS:-100000}"
  local data="$DIR/web-data" db="$DIR/web.db" url="sqlite3://$DIR/web.db"
  echo "== web: $n patents, Chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}')" \
       "(machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB)"
  [ -x /usr/bin/chromium ] || { echo "bench web: /usr/bin/chromium is missing (scripts/setup.sh installs it)" >&2; return 1; }
  [ -f "$ROOT/web/dist/index.html" ] || { echo "bench web: web/dist is not built (scripts/setup.sh builds it)" >&2; return 1; }

  demo_db "$data" "$db" "$n" "${BENCH_WEB_REUSE:-0}"
  local month institution number
  month=$(sqlite3 "$db" "SELECT MAX(month) FROM closed_month")
  # The institution whose statement of that month is the longest.
  institution=$(sqlite3 "$db" "SELECT i.code FROM statement s JOIN institution i ON i.id = s.institution_id
                               WHERE s.month = '$month' ORDER BY LENGTH(s.body) DESC, i.code LIMIT 1")
  number=$(sqlite3 "$db" "SELECT p.application_number FROM patent p JOIN patent_owner o ON o.patent_id = p.id
                          JOIN institution i ON i.id = o.institution_id WHERE i.code = '$institution'
                          ORDER BY p.id LIMIT 1")
  [ -n "$month" ] && [ -n "$institution" ] && [ -n "$number" ] ||
    { echo "bench web: no closed month, statement or patent in $db" >&2; return 1; }
  echo "database: $(sqlite3 "$db" 'SELECT COUNT(*) FROM patent') patents; institution $institution," \
       "patent $number, statement $month"

  local user="bench-web-$$" password="bench password $$"
  "$CHIZAI" --db "$url" user add "$user" --role admin >/dev/null
  printf '%s\n' "$password" | "$CHIZAI" --db "$url" user passwd "$user" --password-stdin >/dev/null

  local port config="$DIR/web.properties"
  port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  { cat "$ROOT/config/chizai.properties"; echo "web.root = $ROOT/web/dist"; echo "api.request_log = off"; } > "$config"
  "$CHIZAI" --config "$config" --db "$url" serve --host 127.0.0.1 --port "$port" --threads 8 \
    > "$DIR/web-serve.log" 2>&1 &
  local pid=$!
  local base="http://127.0.0.1:$port"
  for _ in $(seq 100); do
    curl -fsS "$base/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  local rc=0
  (cd "$ROOT/web" && node bench/web-bench.mjs --base "$base" --user "$user" --password "$password" \
     --loads "${BENCH_WEB_LOADS:-20}" \
     --page "patent list|/patents?institution=$institution|main table tbody tr" \
     --page "patent page|/patents/$(/usr/bin/python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$number")|main h1" \
     --page "statement|/statements/$institution/$month|[data-testid=closing-balance]") || rc=$?
  kill -TERM "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
  return "$rc"
}

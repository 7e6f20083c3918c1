#!/usr/bin/env bash
# Benchmarks: programs that print figures. Not part of the test suite.
#   scripts/bench.sh import     1,000,000 generated patents into a fresh SQLite
#                               file, against the insert floor; then families,
#                               against networkx on the same edge list.
#   scripts/bench.sh close      (scripts/bench/close.sh; ends with close-payments)
#   scripts/bench.sh close-payments  (scripts/bench/close.sh: the time per 1,000
#                               recorded payments at ~50,000 and ~5,000,000 postings)
#   scripts/bench.sh match      (scripts/bench/match.sh)
#   scripts/bench.sh api        (scripts/bench/api.sh)
#   scripts/bench.sh web        (scripts/bench/web.sh)
#   scripts/bench.sh xml        (scripts/bench/xml.sh: office XML import vs the pugixml parse floor)
#   scripts/bench.sh docket     (scripts/bench/docket.sh)
#   scripts/bench.sh docket-api (scripts/bench/docket.sh: the agenda under wrk alone)
# Environment: BENCH_PATENTS (default 1000000), BENCH_DIR (default /tmp/chizai-bench),
# BENCH_NO_SETUP=1 (use the build as it is: no scripts/setup.sh first).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
what="${1:-import}"
N="${BENCH_PATENTS:-1000000}"
DIR="${BENCH_DIR:-/tmp/chizai-bench}"
CHIZAI="${BENCH_CHIZAI:-$ROOT/build/src/cli/chizai}"   # BENCH_CHIZAI: another build, to compare
BENCH_BIN="$ROOT/build/tests/bench"

[ "${BENCH_NO_SETUP:-0}" = 1 ] || scripts/setup.sh >/dev/null
mkdir -p "$DIR"

# Runs a command under /usr/bin/time; prints its output and "wall S rss MB".
timed() {
  local log="$DIR/time.log"
  local rc=0
  /usr/bin/time -f "%e %M" -o "$log" "$@" || rc=$?
  # (a failed command's log starts with "Command exited with non-zero status N")
  read -r WALL RSS_KB < <(tail -n 1 "$log")
  RSS_MB=$((RSS_KB / 1024))
  return "$rc"
}

# demo_db DATA_DIR DB N REUSE: a SQLite database DB with N generated demo
# patents and the demo's year of licensing and its closes (as scripts/demo.sh
# loads them; the import and the load are timed and printed, not part of a
# benchmark's figure). REUSE=1 keeps DB when it exists.
demo_db() {
  local data="$1" db="$2" n="$3" reuse="$4" url="sqlite3://$2"
  [ "$reuse" = 1 ] && [ -f "$db" ] && return 0
  rm -rf "$data" "$db" "$db-wal" "$db-shm"
  "$CHIZAI" demo-data --out "$data" --patents "$n" --seed 2014 >/dev/null
  "$CHIZAI" --db "$url" db migrate >/dev/null
  "$CHIZAI" --db "$url" institution import "$data/institutions.jsonl" >/dev/null
  timed "$CHIZAI" --db "$url" patent import "$data/patents.jsonl" >/dev/null
  echo "(patent import: $WALL s)"
  timed "$CHIZAI" --db "$url" --user bench scheme load "$data/scheme.jsonl" >/dev/null
  echo "(scheme load, a year of licensing and its closes: $WALL s)"
}

bench_import() {
  echo "== import: $N patents (machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB)"
  "$CHIZAI" demo-data --out "$DIR/data" --patents "$N" --seed 7 >/dev/null
  local size_mb=$(( $(stat -c %s "$DIR/data/patents.jsonl") / 1048576 ))
  echo "input: $DIR/data/patents.jsonl ($size_mb MiB)"

  rm -f "$DIR"/import.db* "$DIR"/floor.db*
  for db in import floor; do
    "$CHIZAI" --db "sqlite3://$DIR/$db.db" db migrate >/dev/null
    "$CHIZAI" --db "sqlite3://$DIR/$db.db" institution import "$DIR/data/institutions.jsonl" >/dev/null
  done

  timed "$CHIZAI" --db "sqlite3://$DIR/import.db" patent import "$DIR/data/patents.jsonl"
  local import_wall=$WALL import_rss=$RSS_MB
  local import_rate
  import_rate=$(awk -v n="$N" -v s="$import_wall" 'BEGIN{printf "%.0f", n/s}')
  echo "chizai patent import: $import_wall s wall, $import_rate patents/s, peak RSS $import_rss MB (includes parsing, validation and families)"

  local floor_line
  floor_line=$("$BENCH_BIN/import_floor" "$DIR/floor.db" "$DIR/data/patents.jsonl")
  echo "$floor_line"
  local floor_rate
  floor_rate=$(echo "$floor_line" | awk '{print $(NF-1)}')
  awk -v a="$import_rate" -v b="$floor_rate" \
    'BEGIN{printf "import / floor: %.0f%% (goal >= 50%%)\n", 100*a/b}'
  echo "peak RSS goal < 1500 MB: $import_rss MB"

  echo "== families over the imported registry"
  local out compute
  out=$("$CHIZAI" --db "sqlite3://$DIR/import.db" family rebuild)
  echo "$out"
  compute=$(echo "$out" | sed -n 's/.*compute \([0-9.]*\) s.*/\1/p')
  sqlite3 "$DIR/import.db" "UPDATE patent SET simple_family = NULL, extended_family = NULL"
  timed "$CHIZAI" --db "sqlite3://$DIR/import.db" family rebuild
  echo "(from scratch, every row rewritten: $WALL s wall)"
  {
    echo "u,v"
    sqlite3 -csv "$DIR/import.db" \
      "SELECT p.application_number, c.number FROM priority_claim c JOIN patent p ON p.id = c.patent_id"
  } > "$DIR/edges.csv"
  { echo "number"; sqlite3 "$DIR/import.db" "SELECT application_number FROM patent"; } > "$DIR/edges.csv.nodes"
  local nx
  nx=$(/usr/bin/python3 "$ROOT/tests/bench/families_networkx.py" "$DIR/edges.csv" "$DIR/edges.csv.nodes")
  echo "$nx"
  local nx_cc nx_all
  nx_cc=$(echo "$nx" | sed -n 's/.*components \([0-9.]*\) s, build.*/\1/p')
  nx_all=$(echo "$nx" | sed -n 's/.*build+components \([0-9.]*\) s.*/\1/p')
  awk -v c="$compute" -v a="$nx_all" -v k="$nx_cc" 'BEGIN{
    printf "families: chizai %.3f s (both kinds, from the number strings) vs networkx %.3f s (graph from the same strings + connected_components): %.1fx; vs connected_components alone (%.3f s): %.1fx (goal >= 20x, < 2 s)\n", c, a, a/c, k, k/c }'
}

case "$what" in
  import) bench_import ;;
  close-payments)
    # shellcheck source=/dev/null
    source "$ROOT/scripts/bench/close.sh"
    bench_close_payments ;;
  close|match|api|web|xml)
    # shellcheck source=/dev/null
    source "$ROOT/scripts/bench/$what.sh"
    "bench_$what" ;;
  docket|docket-api)
    # api_wrk() of the api benchmark measures the docket's agenda route.
    # shellcheck source=/dev/null
    source "$ROOT/scripts/bench/api.sh"
    # shellcheck source=/dev/null
    source "$ROOT/scripts/bench/docket.sh"
    if [ "$what" = docket ]; then bench_docket; else bench_docket_api; fi ;;
  *) echo "usage: scripts/bench.sh import|close|close-payments|match|api|web|xml|docket|docket-api" >&2; exit 64 ;;
esac

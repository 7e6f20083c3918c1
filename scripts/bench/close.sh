# scripts/bench.sh close (sourced by scripts/bench.sh; uses its timed(), $CHIZAI, $BENCH_BIN, $DIR, $ROOT).
#
# Generates a year of licensing into a fresh SQLite file (not timed as
# close), then in one run: closes 2026-01 … 2026-12 rendering every
# statement (json + html files), exports the ledger for hledger, and times
# `hledger -f exported.journal bal` over the same postings.
# Sizes: BENCH_AGREEMENTS (100000), BENCH_LINES (1000000), BENCH_INSTITUTIONS (800).
bench_close() {
  local agreements="${BENCH_AGREEMENTS:-100000}" lines="${BENCH_LINES:-1000000}"
  local institutions="${BENCH_INSTITUTIONS:-800}"
  local db="$DIR/close.db" url="sqlite3://$DIR/close.db" journal="$DIR/close.journal"
  local policies="$ROOT/config/policies"
  echo "== close: $agreements agreements, $lines report lines over 12 months, $institutions institutions" \
       "(machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB)"
  command -v hledger >/dev/null || { echo "bench close: hledger is not installed" >&2; return 1; }

  rm -rf "$db" "$db-wal" "$db-shm" "$journal" "$DIR/statements"
  BENCH_AGREEMENTS="$agreements" BENCH_LINES="$lines" BENCH_INSTITUTIONS="$institutions" \
    timed "$BENCH_BIN/close_bench" generate "$url" "$policies"
  echo "(generation through the services: $WALL s wall, not part of the close figure)"
  local postings
  postings=$(sqlite3 "$db" "SELECT COUNT(*) FROM posting")
  echo "ledger: $(sqlite3 "$db" "SELECT COUNT(*) FROM journal_entry") entries, $postings postings"

  # The close: 12 months, every statement rendered to files.
  local close_line
  timed "$BENCH_BIN/close_bench" close "$url" "$policies" "$DIR/statements" > "$DIR/close.out"
  cat "$DIR/close.out"
  close_line=$(head -n 1 "$DIR/close.out")
  local close_wall
  close_wall=$(echo "$close_line" | sed -n 's/^close 12 months: \([0-9.]*\) s wall.*/\1/p')
  echo "(whole close_bench process: $WALL s wall, peak RSS $RSS_MB MB)"
  local close_rss=$RSS_MB

  # The part of every close that grows with the whole ledger, not the month.
  "$BENCH_BIN/close_bench" check "$url"
  "$CHIZAI" --db "$url" ledger check >/dev/null
  "$CHIZAI" --db "$url" ledger export --format hledger --output "$journal" 2>/dev/null
  echo "exported: $journal ($(( $(stat -c %s "$journal") / 1048576 )) MiB)"

  # hledger holds the whole journal in memory (about 5 KB per posting), so at
  # the issue's full size it can outgrow this machine. Its heap is capped at
  # the memory less 2 GiB (Debian's hledger takes no RTS options, so the cap
  # is ulimit -v): running out ends it cleanly ("out of memory"), and the time
  # it had spent by then is a lower bound on its time.
  local cap_mb=${BENCH_HLEDGER_MEMORY_MB:-$(( $(free -m | awk '/Mem:/{print $2}') - 2048 ))}
  if timed bash -c 'ulimit -v "$1" && exec hledger -f "$2" bal' hledger $((cap_mb * 1024)) "$journal" > "$DIR/hledger-bal.out" 2> "$DIR/hledger-bal.err"; then
    echo "hledger bal: $WALL s (peak RSS $RSS_MB MB)"
    awk -v c="$close_wall" -v h="$WALL" 'BEGIN{printf "close / hledger: %.2f (goal < 1)\n", c/h}'
  else
    echo "hledger bal: did not finish: $(grep -v '^Command exited' "$DIR/hledger-bal.err" | head -n 1)" \
         "after $WALL s (peak RSS $RSS_MB MB, memory cap $cap_mb MB)"
    awk -v c="$close_wall" -v h="$WALL" \
      'BEGIN{printf "close / hledger: < %.2f (hledger needs more than %s s; goal < 1)\n", c/h, h}'
  fi
  echo "peak RSS goal < 2048 MB: $close_rss MB"
}

# scripts/bench.sh close (sourced by scripts/bench.sh; uses its timed(), $CHIZAI, $BENCH_BIN, $DIR, $ROOT).
bench_close() {
  echo "bench close: not written yet" >&2
  return 1
}

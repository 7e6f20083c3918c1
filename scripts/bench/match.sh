# scripts/bench.sh match (sourced by scripts/bench.sh; uses its timed(), $CHIZAI, $BENCH_BIN, $DIR, $ROOT).
bench_match() {
  echo "bench match: not written yet" >&2
  return 1
}

# scripts/bench.sh api (sourced by scripts/bench.sh; uses its timed(), $CHIZAI, $BENCH_BIN, $DIR, $ROOT).
bench_api() {
  echo "bench api: not written yet" >&2
  return 1
}

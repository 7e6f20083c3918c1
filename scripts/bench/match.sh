# scripts/bench.sh match (sourced by scripts/bench.sh; uses its timed(), $CHIZAI, $BENCH_BIN, $DIR, $ROOT).
# 20,000 generated companies x 5,000 packages: top 10 per company (wall,
# peak RSS), assignment on the top-50 candidate graph, and a 1,000 x 500
# sub-graph solved by chizai and networkx in the same run (caps 1).
# Environment: BENCH_COMPANIES (20000), BENCH_PACKAGES (5000).
bench_match() {
  local companies="${BENCH_COMPANIES:-20000}" packages="${BENCH_PACKAGES:-5000}"
  timed "$BENCH_BIN/match_bench" --companies "$companies" --packages "$packages" --seed 7 \
    --sub-companies 1000 --sub-packages 500 --script "$ROOT/tests/graph/assignment_networkx.py"
  echo "match_bench process: $WALL s wall, peak RSS $RSS_MB MB"
}

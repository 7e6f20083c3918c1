-- wrk -s tests/bench/docket_agenda.lua URL (scripts/bench.sh docket-api):
-- sends the bearer token of CHIZAI_BENCH_TOKEN with every request, so that
-- the token is never written to a file.
local token = os.getenv("CHIZAI_BENCH_TOKEN")
if token == nil or token == "" then
  error("set CHIZAI_BENCH_TOKEN to an API token")
end
wrk.headers["Authorization"] = "Bearer " .. token

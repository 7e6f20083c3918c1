-- wrk script: GET /api/v1/statements/{institution}/{month} for a closed
-- month (CHIZAI_BENCH_MONTH), on institutions drawn at random from the file
-- named by CHIZAI_BENCH_INSTITUTIONS (the ones with a statement that month),
-- with the bearer token in CHIZAI_TOKEN. Used by scripts/bench/api.sh.
local token = os.getenv("CHIZAI_TOKEN") or ""
local month = os.getenv("CHIZAI_BENCH_MONTH") or ""

-- Each thread its own random sequence.
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

-- Every request is formatted once, before the clock starts (as in
-- api_patent.lua).
local requests = {}
function init(args)
  local headers = { ["Authorization"] = "Bearer " .. token }
  for line in io.lines(os.getenv("CHIZAI_BENCH_INSTITUTIONS")) do
    if line ~= "" then
      requests[#requests + 1] = wrk.format("GET", "/api/v1/statements/" .. line .. "/" .. month, headers)
    end
  end
  math.randomseed(os.time() * 100 + (id or 0))
end

function request()
  return requests[math.random(#requests)]
end

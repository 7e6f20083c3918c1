-- wrk script: GET /api/v1/patents/{number} on numbers drawn at random from
-- the file named by CHIZAI_BENCH_NUMBERS (one per line), with the bearer
-- token in CHIZAI_TOKEN. Used by scripts/bench/api.sh.
local token = os.getenv("CHIZAI_TOKEN") or ""

-- Each thread its own random sequence.
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

-- Every request is formatted once, before the clock starts, as wrk's manual
-- advises (/usr/share/doc/wrk/SCRIPTING: "generating a new request each time
-- is expensive"): wrk shares the cores with the server, and formatting in
-- request() cost it 25 us a request against 16 us for /healthz (no script);
-- now 19 us.
local requests = {}
function init(args)
  local path = os.getenv("CHIZAI_BENCH_NUMBERS")
  local headers = { ["Authorization"] = "Bearer " .. token }
  for line in io.lines(path) do
    if line ~= "" then requests[#requests + 1] = wrk.format("GET", "/api/v1/patents/" .. line, headers) end
  end
  math.randomseed(os.time() * 100 + (id or 0))
end

function request()
  return requests[math.random(#requests)]
end

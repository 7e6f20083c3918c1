-- wrk script: GET /api/v1/patents/{number} on numbers drawn at random from
-- the file named by CHIZAI_BENCH_NUMBERS (one per line), with the bearer
-- token in CHIZAI_TOKEN. Used by scripts/bench/api.sh.
local numbers = {}
local token = os.getenv("CHIZAI_TOKEN") or ""

-- Each thread its own random sequence.
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

function init(args)
  local path = os.getenv("CHIZAI_BENCH_NUMBERS")
  for line in io.lines(path) do
    if line ~= "" then numbers[#numbers + 1] = line end
  end
  math.randomseed(os.time() * 100 + (id or 0))
end

function request()
  local n = numbers[math.random(#numbers)]
  return wrk.format("GET", "/api/v1/patents/" .. n, { ["Authorization"] = "Bearer " .. token })
end

-- wrk script: GET /v1/lookup over a list of values (one per line in
-- $VALUES), each thread starting at its own offset, with the key in $KEY.
local values = {}
local counter = 0

local function escape(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  -- each line: VALUE <tab> KIND
  for line in io.lines(os.getenv("VALUES")) do
    local value, kind = line:match("^(.-)\t(.*)$")
    if value then
      values[#values + 1] = "value=" .. escape(value) .. "&kind=" .. kind
    end
  end
  counter = math.random(#values)
end


function request()
  counter = counter % #values + 1
  return wrk.format("GET", "/v1/lookup?" .. values[counter],
    { ["Authorization"] = "Bearer " .. os.getenv("KEY") })
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors_status=%d rps=%.0f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
    summary.requests, summary.errors.status, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end

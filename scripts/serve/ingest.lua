-- wrk script: POST /v1/reports with batches of $BATCH new reports (ids
-- unique per thread and request), each naming a few scam numbers drawn
-- from a small pool so that they link into rings.
local counter = 0
local thread_tag = tostring(math.random(1, 1e9))
local batch = tonumber(os.getenv("BATCH") or "1000")

function request()
  counter = counter + 1
  local parts = {}
  for i = 1, batch do
    local n = (counter * batch + i)
    local phone = string.format("+1844281%04d", n % 9973)
    parts[#parts + 1] = string.format(
      '{"id":"load-%s-%d-%d","received_at":"2026-11-30T10:00:00Z","region":"US","tlp":"green","brand":"Microsoft","narrative":"A pop-up said my PC was infected and to call %s; they asked for $%d in gift cards.","loss":{"amount":%d,"currency":"USD"}}',
      thread_tag, counter, i, phone, 100 + n % 400, 100 + n % 400)
  end
  return wrk.format("POST", "/v1/reports",
    { ["Authorization"] = "Bearer " .. os.getenv("KEY"), ["Content-Type"] = "application/json" },
    "[" .. table.concat(parts, ",") .. "]")
end

function done(summary, latency, requests)
  io.write(string.format("RESULT batches=%d errors_status=%d reports_per_s=%.0f p50_ms=%.1f p99_ms=%.1f\n",
    summary.requests, summary.errors.status, summary.requests * batch / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end

#!/usr/bin/env bash
# The service under load from a second process (wrk, from Debian's
# packages): lookups against a database of REPORTS simulated reports, then
# batch ingest over HTTP. Server and wrk each pinned to one core.
#
#   scripts/serve/bench.sh [REPORTS] [DB]      # DB: a SQLite path (default) or postgres://…?schema=NAME
#
# The database is made with `ringtrace sim` + `ringtrace import` when it
# holds no reports yet; keep it between runs with DB=/path.
set -euo pipefail
cd "$(dirname "$0")/../.."
reports="${1:-1000000}"
db="${2:-/tmp/rt-serve-bench/$reports.db}"
duration="${DURATION:-20s}"
work=/tmp/rt-serve-bench
mkdir -p "$work"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --release -q -p ringtrace
rt=target/release/ringtrace
count=$($rt --db "$db" rings --min-reports 1 --limit 1 --format jsonl 2>/dev/null | wc -l || true)
if [ "$count" = "0" ]; then
  echo "== making the database: $reports simulated reports"
  $rt sim --reports "$reports" --seed 11 --out "$work/sim-$reports"
  /usr/bin/time -f "import: %e s, peak %M KiB" $rt --db "$db" import "$work/sim-$reports/reports.jsonl"
fi
$rt --db "$db" partner add bench-telecom >/dev/null 2>&1 || true
$rt --db "$db" partner add bench-partner >/dev/null 2>&1 || true
lookup_key=$($rt --db "$db" key create --partner bench-telecom --role lookup --label bench 2>/dev/null)
ingest_key=$($rt --db "$db" key create --partner bench-partner --role partner --label bench 2>/dev/null)

# Values: every indicator of the 3,000 largest rings (known), and as many
# numbers nobody reported (unknown), shuffled.
$rt --db "$db" rings --format jsonl --limit 3000 \
  | python3 -c 'import json,sys,random
vals=[i["value"]+"\t"+i["kind"] for l in sys.stdin for i in json.loads(l)["indicators"]]
random.seed(1); unknown=["+1844%d%06d\tphone" % (random.randrange(2,10), random.randrange(10**6)) for _ in vals]
allv=vals+unknown; random.shuffle(allv); print("\n".join(allv))' > "$work/values.txt"
echo "values: $(wc -l < "$work/values.txt") (half known)"

addr=127.0.0.1:18181
# SERVER_CPUS=0 pins the server to one core (and wrk to the other); by
# default both share both cores.
pin_server=""; pin_wrk=""
if [ -n "${SERVER_CPUS:-}" ]; then pin_server="taskset -c $SERVER_CPUS"; pin_wrk="taskset -c 1"; fi
$pin_server $rt --db "$db" serve --addr $addr > "$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
start=$(date +%s.%N)
until curl -sf -H "Authorization: Bearer $lookup_key" "http://$addr/v1/lookup?value=%2B18442818482" >/dev/null 2>&1; do
  kill -0 $server 2>/dev/null || { cat "$work/serve.log"; exit 1; }
  sleep 0.2
done
echo "server ready in $(python3 -c "print(round($(date +%s.%N)-$start,1))") s; RSS $(ps -o rss= -p $server) KiB"

conns="${CONNECTIONS:-32}"
# The peer in the same run: the same server answering /healthz (no key, no
# work), the HTTP stack's own ceiling on this machine.
cat > "$work/healthz.lua" <<'LUA'
function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors_status=%d rps=%.0f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
    summary.requests, summary.errors.status, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
LUA
echo "== peer: GET /healthz, $conns connections, $duration"
$pin_wrk wrk -t2 -c"$conns" -d"$duration" --latency -s "$work/healthz.lua" "http://$addr/healthz" | grep RESULT
echo "== lookup: GET /v1/lookup, $conns connections, $duration"
VALUES="$work/values.txt" KEY="$lookup_key" $pin_wrk wrk -t2 -c"$conns" -d"$duration" --latency -s scripts/serve/lookup.lua "http://$addr" | grep RESULT
echo "== lookup: POST /v1/lookup, 100 values a request, 8 connections, $duration"
python3 -c 'import json; v=[dict(zip(("value","kind"), l.split("\t"))) for l in open("'"$work"'/values.txt").read().split("\n")[:100]]; print(json.dumps({"values": v}))' > "$work/batch.json"
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $lookup_key"
local f = io.open("$work/batch.json"); wrk.body = f:read("*a"); f:close()
function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors_status=%d values_per_s=%.0f p99_ms=%.3f\n", summary.requests, summary.errors.status, summary.requests * 100 / (summary.duration / 1e6), latency:percentile(99) / 1000))
end
LUA
$pin_wrk wrk -t1 -c8 -d"$duration" --latency -s "$work/post.lua" "http://$addr/v1/lookup" | grep RESULT
echo "== ingest: POST /v1/reports, batches of ${BATCH:-1000}, 4 connections, $duration"
BATCH="${BATCH:-1000}" KEY="$ingest_key" $pin_wrk wrk -t1 -c4 -d"$duration" --latency --timeout 30s -s scripts/serve/ingest.lua "http://$addr" | grep RESULT
echo "server RSS after: $(ps -o rss= -p $server) KiB"

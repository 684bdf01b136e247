#!/usr/bin/env bash
# Server time of the web pages on a large database: signs in with curl and
# times each page (time to the last byte over loopback, median and max of
# RUNS requests, and the first one: the dashboard and ring list keep their
# content until the catalog changes), the ring page on the ring closest to 5,000 reports.
#
#   tests/browser/measure.sh DB        # a SQLite path or postgres://…; a copy: it adds a key
set -euo pipefail
cd "$(dirname "$0")/../.."
db="$1"
runs="${RUNS:-7}"
rt=target/release/ringtrace
addr=127.0.0.1:${PORT:-18282}
$rt --db "$db" partner add web-measure >/dev/null 2>&1 || true
key=$($rt --db "$db" key create --partner web-measure --role analyst --label web-measure 2>/dev/null)
$rt --db "$db" serve --addr "$addr" > /tmp/rt-web-measure.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
start=$(date +%s.%N)
until curl -sf "http://$addr/healthz" >/dev/null 2>&1; do
  kill -0 $server 2>/dev/null || { cat /tmp/rt-web-measure.log; exit 1; }
  sleep 0.2
done
echo "server ready in $(python3 -c "print(round($(date +%s.%N)-$start,1))") s; RSS $(ps -o rss= -p $server) KiB"
jar=$(mktemp)
csrf=$(curl -s -c "$jar" "http://$addr/sign-in" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"//')
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "key=$key" --data-urlencode "csrf=$csrf" --data-urlencode "next=/" "http://$addr/sign-in"
# The ring closest to 5,000 reports, and its most shared value.
ring=$(curl -s -H "Authorization: Bearer $key" "http://$addr/v1/rings?limit=1000" | python3 -c '
import json,sys; r=json.load(sys.stdin)["rings"]; print(min(r, key=lambda x: abs(x["report_count"]-5000))["ring"])')
read -r size kind value < <(curl -s -H "Authorization: Bearer $key" "http://$addr/v1/rings/$ring?limit=1" | python3 -c '
import json,sys; d=json.load(sys.stdin); i=d["profile"]["top_indicators"][0]; print(d["profile"]["report_count"], i["kind"], i["value"])')
report=$(curl -s -H "Authorization: Bearer $key" "http://$addr/v1/rings/$ring?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["members"][0]["report"])')
enc() { python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
echo "ring $ring: $size reports; indicator $kind $value; report $report"
printf '%-55s %8s %8s %8s %6s\n' page first_ms median_ms max_ms status
for page in "/" "/rings" "/rings?channel=popup&country=US&min=10&sort=recent" "/rings/$ring" \
            "/indicator?kind=$kind&value=$(enc "$value")" "/report?key=$(enc "$report")" "/warnings" "/submit"; do
  times=()
  status=0
  for _ in $(seq "$runs"); do
    out=$(curl -s -b "$jar" -o /dev/null -w '%{http_code} %{time_total}' "http://$addr$page")
    status=${out% *}
    times+=("${out#* }")
  done
  python3 - "$page" "$status" "${times[@]}" <<'PY'
import sys, statistics
page, status, ts = sys.argv[1], sys.argv[2], [float(t)*1000 for t in sys.argv[3:]]
print(f"{page[:55]:<55} {ts[0]:8.1f} {statistics.median(ts):8.1f} {max(ts):8.1f} {status:>6}")
PY
done
rm -f "$jar"

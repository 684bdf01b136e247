#!/usr/bin/env bash
# TAXII 2.1 interoperability against the reference tools, for real:
#   1. taxii2-client lists ringtrace's collections, pages through every
#      object with as_pages, and adds objects with wait_for_completion;
#   2. ringtrace's own client pushes to and pulls from a medallion server
#      started on loopback, and the reports come back whole.
# Usage: scripts/interop/taxii.sh VENV RINGTRACE_BIN
set -euo pipefail
VENV=${1:?usage: taxii.sh VENV RINGTRACE_BIN}
BIN=$(realpath "${2:?usage: taxii.sh VENV RINGTRACE_BIN}")
HERE=$(cd "$(dirname "$0")" && pwd)
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q taxii2-client medallion
PY="$VENV/bin/python"
T=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$T"; }
trap cleanup EXIT
[ -n "${KEEP_LOGS:-}" ] && trap 'cp "$T"/*.log /tmp/ 2>/dev/null; cleanup' EXIT
export RINGTRACE_NO_PROGRESS=1

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 1 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.2; done; echo "no answer from $1" >&2; return 1; }

"$BIN" sim --reports 600 --seed 7 --out "$T/sim" >/dev/null
"$BIN" --db "$T/a.db" import "$T/sim/reports.jsonl" >/dev/null
"$BIN" --db "$T/a.db" partner add interop >/dev/null
KEY=$("$BIN" --db "$T/a.db" key create --partner interop --role partner)

PORT=$(free_port)
"$BIN" --db "$T/a.db" serve --addr "127.0.0.1:$PORT" >"$T/serve.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$PORT/healthz"

echo "== taxii2-client against ringtrace serve"
"$PY" "$HERE/taxii_client_check.py" "http://127.0.0.1:$PORT/taxii2/" "$KEY"

echo "== ringtrace sync push/pull against medallion"
MPORT=$(free_port)
COLL=472c94ae-3113-4e3e-a4dd-a9f4ac7471d4
cat >"$T/medallion-data.json" <<JSON
{"/discovery": {"title": "medallion for ringtrace interop", "description": "", "contact": "",
   "default": "http://127.0.0.1:$MPORT/api1/", "api_roots": ["http://127.0.0.1:$MPORT/api1/"]},
 "api1": {"information": {"title": "api1", "description": "", "versions": ["application/taxii+json;version=2.1"],
   "max_content_length": 104857600},
  "status": [],
  "collections": [{"id": "$COLL", "title": "exchange", "description": "", "can_read": true, "can_write": true,
    "media_types": ["application/stix+json;version=2.1"], "objects": [], "manifest": []}]}}
JSON
cat >"$T/medallion.json" <<JSON
{"backend": {"module": "medallion.backends.memory_backend", "module_class": "MemoryBackend",
             "filename": "$T/medallion-data.json"},
 "users": {"admin": "Password0"},
 "taxii": {"max_page_size": 100}}
JSON
"$VENV/bin/medallion" --host 127.0.0.1 --port "$MPORT" "$T/medallion.json" >"$T/medallion.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$MPORT/taxii2/"
M="http://127.0.0.1:$MPORT/api1/"
# medallion's memory back-end walks all it holds on every request: a small
# dataset of its own keeps it quick.
"$BIN" sim --reports 150 --seed 9 --out "$T/simm" >/dev/null
"$BIN" --db "$T/m.db" import "$T/simm/reports.jsonl" >/dev/null
"$BIN" --db "$T/m.db" sync push --without-definitions --from "$M" --collection "$COLL" --user admin --token Password0 | tee "$T/push.txt"
PUSHED=$(sed -n 's/^pushed \([0-9,]*\) reports.*/\1/p' "$T/push.txt" | tr -d ,)
REFUSED=$(sed -n 's/.*accepted, \([0-9,]*\) refused.*/\1/p' "$T/push.txt" | tr -d ,)
[ "$REFUSED" = 0 ] || { echo "medallion refused objects" >&2; exit 1; }
# A second push sends nothing: the state was kept.
"$BIN" --db "$T/m.db" sync push --without-definitions --from "$M" --collection "$COLL" --user admin --token Password0 | grep -q "nothing new" \
  || { echo "a second push sent again" >&2; exit 1; }
"$BIN" --db "$T/b.db" sync pull --from "$M" --collection "$COLL" --user admin --token Password0 | tee "$T/pull.txt"
GOT=$("$PY" "$HERE/count_reports.py" "$BIN" "$T/b.db")
echo "pushed $PUSHED reports to medallion, pulled $GOT back into a fresh database"
[ "$GOT" = "$PUSHED" ] || { echo "pulled $GOT reports, pushed $PUSHED" >&2; exit 1; }
# Pulling again adds nothing.
"$BIN" --db "$T/b.db" sync pull --from "$M" --collection "$COLL" --user admin --token Password0 >/dev/null
AGAIN=$("$PY" "$HERE/count_reports.py" "$BIN" "$T/b.db")
[ "$AGAIN" = "$GOT" ] || { echo "a second pull changed the count: $AGAIN" >&2; exit 1; }
echo "taxii interop: ok"

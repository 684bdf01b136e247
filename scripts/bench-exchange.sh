#!/usr/bin/env bash
# Exchange benchmarks (issue 7): STIX export of N reports (time, size, peak
# memory) and taxii2-client paging through the TAXII collections of them
# (objects/s; the first pass builds the caller's object log).
# Usage: scripts/bench-exchange.sh N [VENV]   (release binary, PyPI venv)
set -euo pipefail
N=${1:?usage: bench-exchange.sh N [VENV]}
VENV=${2:-/tmp/interop-venv}
cd "$(dirname "$0")/.."
cargo build --release -q -p ringtrace
BIN=${CARGO_TARGET_DIR:-target}/release/ringtrace
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q taxii2-client
T=$(mktemp -d); trap 'kill $SERVE 2>/dev/null || true; rm -rf "$T"' EXIT
export RINGTRACE_NO_PROGRESS=1
"$BIN" sim --reports "$N" --seed 7 --out "$T/sim" >/dev/null
"$BIN" --db "$T/x.db" import "$T/sim/reports.jsonl" | tail -1
echo "== export stix, $N reports"
/usr/bin/time -f "export: wall %e s, user %U s, peak %M KiB" "$BIN" --db "$T/x.db" export stix --tlp-max red --out "$T/all.json"
ls -l "$T/all.json" | awk '{printf "bundle: %.1f MB\n", $5/1e6}'
"$BIN" --db "$T/x.db" partner add bench >/dev/null
KEY=$("$BIN" --db "$T/x.db" key create --partner bench --role partner 2>/dev/null)
PORT=$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" --db "$T/x.db" serve --addr "127.0.0.1:$PORT" >/dev/null 2>&1 & SERVE=$!
for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.2; done
echo "== taxii2-client as_pages over the AMBER and community collections"
"$VENV/bin/python" - "http://127.0.0.1:$PORT/taxii2/" "$KEY" <<'PY'
import sys, time
from taxii2client.v21 import Server, as_pages
server = Server(sys.argv[1], user="bench", password=sys.argv[2])
for coll in server.api_roots[0].collections:
    if not coll.can_read or coll.title.startswith("Own"):
        continue
    for run in ("first (builds the log)", "again"):
        t = time.perf_counter(); n = 0
        for env in as_pages(coll.get_objects, per_request=1000):
            n += len(env.get("objects", []))
        dt = time.perf_counter() - t
        print(f"{coll.title}, {run}: {n} objects in {dt:.1f} s, {n/dt:,.0f} objects/s")
PY

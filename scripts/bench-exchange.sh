#!/usr/bin/env bash
# Exchange benchmarks (issue 7): STIX export of N reports (time, size, peak
# memory) and taxii2-client paging through the TAXII collections of them
# (objects/s; the first pass builds the caller's object log).
# Then the peer in the same run: the reference TAXII server, medallion (its
# memory back-end), serving the first PEER_OBJECTS (default 2,000) objects
# of the community collection, paged by the same client beside ringtrace
# paging the same number: objects/s of each and their ratio. (medallion's
# memory back-end walks everything it holds on each request, so it is given
# a slice, and ringtrace is measured on the same slice.)
# Usage: scripts/bench-exchange.sh N [VENV]   (release binary, PyPI venv)
set -euo pipefail
N=${1:?usage: bench-exchange.sh N [VENV]}
VENV=${2:-/tmp/interop-venv}
cd "$(dirname "$0")/.."
cargo build --release -q -p ringtrace
BIN=${CARGO_TARGET_DIR:-target}/release/ringtrace
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q taxii2-client medallion
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

echo "== the peer: medallion (memory back-end) beside ringtrace, same client, same objects"
PEER_OBJECTS=${PEER_OBJECTS:-2000}
MPORT=$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$VENV/bin/python" - "http://127.0.0.1:$PORT/taxii2/" "$KEY" "$PEER_OBJECTS" "$T" "$MPORT" <<'PY'
import json, sys
from taxii2client.v21 import Server, as_pages
url, key, n, tmp, mport = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
server = Server(url, user="bench", password=key)
coll = next(c for c in server.api_roots[0].collections if c.title.startswith("Community"))
objs = []
for env in as_pages(coll.get_objects, per_request=1000):
    objs.extend(env.get("objects", []))
    if len(objs) >= n:
        break
objs = objs[:n]
# medallion 3 takes an extension definition's `version` for a timestamp.
objs = [o for o in objs if o.get("type") != "extension-definition"]
# As medallion stores what it is sent: an object without times carries its
# date added, which is then its version.
ADDED = "2026-01-01T00:00:00.000000Z"
for o in objs:
    if "modified" not in o and "created" not in o:
        o["_date_added"] = ADDED
coll_id = "472c94ae-3113-4e3e-a4dd-a9f4ac7471d4"
root = f"http://127.0.0.1:{mport}/api1/"
data = {
  "/discovery": {"title": "peer", "description": "", "contact": "", "default": root, "api_roots": [root]},
  "api1": {"information": {"title": "api1", "description": "", "versions": ["application/taxii+json;version=2.1"],
           "max_content_length": 104857600},
           "status": [],
           "collections": [{"id": coll_id, "title": "peer", "description": "", "can_read": True, "can_write": True,
                            "media_types": ["application/stix+json;version=2.1"],
                            "objects": [dict(o) for o in objs],
                            "manifest": [{"id": o["id"], "date_added": ADDED,
                                          "version": o.get("modified", o.get("created", ADDED)),
                                          "media_type": "application/stix+json;version=2.1"} for o in objs]}]},
}
json.dump(data, open(f"{tmp}/medallion-data.json", "w"))
json.dump({"backend": {"module": "medallion.backends.memory_backend", "module_class": "MemoryBackend",
                       "filename": f"{tmp}/medallion-data.json"},
           "users": {"admin": "Password0"}, "taxii": {"max_page_size": 1000}},
          open(f"{tmp}/medallion.json", "w"))
print(len(objs))
PY
"$VENV/bin/medallion" --host 127.0.0.1 --port "$MPORT" "$T/medallion.json" >"$T/medallion.log" 2>&1 & MED=$!
trap 'kill $SERVE $MED 2>/dev/null || true; rm -rf "$T"' EXIT
for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$MPORT/taxii2/" && break; sleep 0.2; done
"$VENV/bin/python" - "http://127.0.0.1:$PORT/taxii2/" "$KEY" "$PEER_OBJECTS" "$MPORT" <<'PY'
import sys, time
from taxii2client.v21 import Server, as_pages
url, key, n, mport = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
def page(coll, limit):
    t = time.perf_counter(); got = 0
    for env in as_pages(coll.get_objects, per_request=1000):
        got += len(env.get("objects", []))
        if got >= limit:
            break
    return got, time.perf_counter() - t
ours = next(c for c in Server(url, user="bench", password=key).api_roots[0].collections if c.title.startswith("Community"))
peer = Server(f"http://127.0.0.1:{mport}/taxii2/", user="admin", password="Password0").api_roots[0].collections[0]
best = {}
for name, coll in (("medallion", peer), ("ringtrace", ours)):
    runs = [page(coll, n) for _ in range(3)]
    got, dt = min(runs, key=lambda r: r[1])
    best[name] = got / dt
    print(f"{name}: {got} objects in {dt:.2f} s (best of 3), {got/dt:,.0f} objects/s")
print(f"ratio ringtrace / medallion: {best['ringtrace'] / best['medallion']:.1f}x")
PY

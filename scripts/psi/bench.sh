#!/usr/bin/env bash
# ringtrace-psi vs openmined-psi on the same N x N sets, one after the other
# in the same run, then the ratios.
#
#   scripts/psi/bench.sh [N] [OVERLAP]      (defaults: 1000000 0.5)
#
# Needs Python 3.11 (a venv with openmined.psi is made at /tmp/psi-venv if
# missing) and cargo. Builds only the ringtrace-psi crate.
set -euo pipefail

N=${1:-1000000}
OVERLAP=${2:-0.5}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VENV=${PSI_VENV:-/tmp/psi-venv}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import private_set_intersection.python' 2>/dev/null; then
    python3.11 -m venv "$VENV"
    "$VENV/bin/pip" install -q openmined.psi
fi

(cd "$ROOT" && cargo build -q --release -p ringtrace-psi --example psi_bench)

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "N=$N overlap=$OVERLAP"

"$ROOT/target/release/examples/psi_bench" --n "$N" --overlap "$OVERLAP" | tee "$OUT/ringtrace.json"
"$VENV/bin/python" "$ROOT/scripts/psi/openmined_bench.py" --n "$N" --overlap "$OVERLAP" | tee "$OUT/openmined.json"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at end"

python3 - "$OUT/ringtrace.json" "$OUT/openmined.json" <<'PY'
import json, sys
ours, theirs = (json.load(open(p)) for p in sys.argv[1:3])
assert ours["intersection"] == theirs["intersection"], "intersections differ"
print(json.dumps({
    "n": ours["n"],
    "intersection": ours["intersection"],
    "wall_speedup": round(theirs["wall_s"] / ours["wall_s"], 2),
    "cpu_speedup": round(theirs["cpu_s"] / ours["cpu_s"], 2),
    "bytes_per_element": [ours["bytes_per_element"], theirs["bytes_per_element"]],
    "bytes_ratio": round(ours["bytes_per_element"] / theirs["bytes_per_element"], 3),
}))
PY

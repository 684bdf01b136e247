#!/usr/bin/env bash
# Interop with MISP's own Python library: every event of a ringtrace MISP
# feed must load with PyMISP, and hashes.csv must match the events.
#
#   scripts/interop/misp.sh VENV RINGTRACE_BIN
#
# VENV: a Python virtual environment, created if missing, with pymisp,
# pymispwarninglists and jsonschema installed from PyPI (reused when there).
# RINGTRACE_BIN: the ringtrace binary (e.g. target/debug/ringtrace).
#
# Simulates 3,000 reports (seed 7), imports them into a fresh database,
# exports the MISP feed, then runs misp_check.py on the feed and on the
# shipped warning lists (data/misp-warninglists). Exits non-zero on any
# failure.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 VENV RINGTRACE_BIN" >&2
  exit 2
fi
venv="$1"
bin="$(realpath "$2")"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import pymisp, pymispwarninglists, jsonschema' 2>/dev/null; then
  "$venv/bin/pip" install -q --disable-pip-version-check pymisp pymispwarninglists jsonschema
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export RINGTRACE_NO_PROGRESS=1
export RINGTRACE_DB="$work/ringtrace.db"

"$bin" sim --reports "${INTEROP_REPORTS:-3000}" --seed 7 --out "$work/sim" >/dev/null
"$bin" import "$work/sim/reports.jsonl"
"$bin" export misp --tlp-max red --out "$work/feed"
# A second export must write the same bytes.
"$bin" export misp --tlp-max red --out "$work/feed2" >/dev/null
diff -r "$work/feed" "$work/feed2" >/dev/null || { echo "FAIL: a second export differs" >&2; exit 1; }

"$venv/bin/python" "$here/misp_check.py" --feed "$work/feed" \
  --warninglists "$root/data/misp-warninglists"

# The feed reads back into another database.
RINGTRACE_DB="$work/other.db" "$bin" import misp "$work/feed"
echo "misp interop: OK"

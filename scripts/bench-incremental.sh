#!/usr/bin/env bash
# Incremental linking on a store of N reports: 1,000 new reports, then 1,000
# changed versions of stored ones (scripts/bench-updates.py), each added or
# replaced in its own transaction, beside one full relink.
#   scripts/bench-incremental.sh 1000000 [SEED] [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:?N reports}
seed=${2:-5}
work=${3:-$(mktemp -d)}
export RINGTRACE_NO_PROGRESS=1
cargo build -q --release
bin=target/release/ringtrace
mkdir -p "$work"
$bin sim --reports $((n + 1000)) --seed "$seed" --out "$work/sim" >/dev/null
head -n "$n" "$work/sim/reports.jsonl" > "$work/base.jsonl"
tail -n 1000 "$work/sim/reports.jsonl" > "$work/add.jsonl"
python3 scripts/bench-updates.py "$work/base.jsonl" 1000 "$seed" > "$work/update.jsonl"
rm -f "$work/inc.db"*
$bin --db "$work/inc.db" import "$work/base.jsonl"
echo "== additions"
$bin --db "$work/inc.db" bench incremental --no-full "$work/add.jsonl"
echo "== updates"
$bin --db "$work/inc.db" bench incremental "$work/update.jsonl"

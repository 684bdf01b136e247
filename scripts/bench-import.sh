#!/usr/bin/env bash
# Import throughput and peak memory on simulated reports, first import and
# idempotent re-import, then ring quality against the ground truth.
# Usage: scripts/bench-import.sh [REPORTS ...]   (default: 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/ringtrace
work=$(mktemp -d "${TMPDIR:-/tmp}/ringtrace-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
export RINGTRACE_NO_PROGRESS=1
for n in "${@:-100000 1000000}"; do
  for size in $n; do
    "$bin" sim --reports "$size" --seed 1 --out "$work/s$size" > /dev/null
    db="$work/b$size.db"
    echo "== $size reports: first import"
    /usr/bin/time -f "wall %e s, user %U s, sys %S s, peak %M KB" "$bin" --db "$db" import "$work/s$size/reports.jsonl"
    echo "== $size reports: re-import (unchanged)"
    /usr/bin/time -f "wall %e s, user %U s, sys %S s, peak %M KB" "$bin" --db "$db" import "$work/s$size/reports.jsonl"
    echo "== $size reports: eval"
    "$bin" --db "$db" eval --truth "$work/s$size/truth.jsonl"
    rm -f "$db" "$db-wal" "$db-shm"
  done
done

#!/usr/bin/env bash
# Ring quality against the simulated truth at several bridge rates, with hubs
# in 25% of reports: ringtrace's rings beside connected components with the
# warning list and roles, and naive components over every value.
# Usage: scripts/bench-quality.sh [REPORTS] [SEED] [UNLINKABLE...]   (default 100000 7 "0.08 0")
# UNLINKABLE: the simulator's --unlinkable-rate values to run (the share of a
# ring's reports that share no value with the rest of it; 0.08 is the default).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/ringtrace
n=${1:-100000}
seed=${2:-7}
shift $(( $# < 2 ? $# : 2 ))
unlinkables=("${@:-0.08}")
[ $# -eq 0 ] && unlinkables=(0.08 0)
work=$(mktemp -d "${TMPDIR:-/tmp}/ringtrace-quality.XXXXXX")
trap 'rm -rf "$work"' EXIT
export RINGTRACE_NO_PROGRESS=1
printf "%-10s %-8s %-10s %9s %9s %9s %9s %9s\n" unlinkable bridges reports "ours F1" "ours ARI" "CC+WL F1" "naive F1" "import s"
for u in "${unlinkables[@]}"; do
for rate in 0 0.01 0.03 0.05; do
  "$bin" sim --reports "$n" --seed "$seed" --hub-rate 0.25 --bridge-rate "$rate" --unlinkable-rate "$u" --out "$work/s" > /dev/null
  start=$(date +%s.%N)
  "$bin" --db "$work/q.db" import "$work/s/reports.jsonl" > /dev/null
  end=$(date +%s.%N)
  "$bin" --db "$work/q.db" eval --truth "$work/s/truth.jsonl" --json > "$work/e.json"
  python3 - "$work/e.json" "$rate" "$n" "$start" "$end" "$u" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
rate, n, start, end, u = sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
print(f"{float(u):<10.2f} {float(rate):<8.2f} {n:<10} {e['ringtrace']['bcubed']['f1']:9.3f} {e['ringtrace']['ari']:9.3f} "
      f"{e['components_with_warning_list']['bcubed']['f1']:9.3f} {e['naive_components']['bcubed']['f1']:9.3f} {end - start:9.1f}")
PY
  rm -f "$work/q.db" "$work/q.db-wal" "$work/q.db-shm"
done
done

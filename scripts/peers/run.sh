#!/usr/bin/env bash
# Side-by-side extraction benchmark: ringtrace against the Python IOC
# extractors iocextract, ioc-finder, iocsearcher and phonenumbers'
# PhoneNumberMatcher, on the labelled corpus of crates/extract/corpus.
#
#   scripts/peers/run.sh            # quality on the corpus, throughput on a 2 MB text
#
# Creates a venv (scripts/peers/.venv, or $PEERS_VENV) with the peers from
# PyPI, builds `ringtrace` in release mode, and prints precision/recall/F1 per
# kind for every tool and throughput in MB/s of text, each tool pinned to one
# core (taskset -c 0).
set -euo pipefail
cd "$(dirname "$0")/../.."
here=scripts/peers
venv="${PEERS_VENV:-$here/.venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check \
  iocextract ioc-finder iocsearcher phonenumbers requests
cargo build --release -q -p ringtrace
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Throughput text: the corpus generator again with another seed, so that no
# value repeats and no cache flatters anyone.
"$venv/bin/python" crates/extract/corpus/generate.py --seed 7 --scale 12 --out "$work" 2>/dev/null
cat "$work"/en.jsonl "$work"/fr.jsonl "$work"/hi.jsonl > "$work/throughput.jsonl"
pin=""
if command -v taskset >/dev/null; then pin="taskset -c 0"; fi
$pin "$venv/bin/python" "$here/compare.py" \
  --ringtrace target/release/ringtrace \
  --corpus crates/extract/corpus \
  --throughput "$work/throughput.jsonl" \
  "$@"

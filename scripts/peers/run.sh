#!/usr/bin/env bash
# Side-by-side extraction benchmark: ringtrace against the Python IOC
# extractors iocextract, ioc-finder, iocsearcher and phonenumbers'
# PhoneNumberMatcher, on the labelled corpus of crates/extract/corpus.
#
#   scripts/peers/run.sh            # quality on the corpus, throughput on a 1.3 MB text
#
# Creates a venv (scripts/peers/.venv, or $PEERS_VENV) with the peers from
# PyPI, builds `ringtrace` in release mode, and prints precision/recall/F1 per
# kind for every tool and throughput in MB/s of text, each tool pinned to one
# core (taskset -c 0).
#
#   PGO=1 scripts/peers/run.sh      # the same with the PGO build (scripts/pgo/build.sh)
#
# With PGO=1, ringtrace is the binary built with profile-guided optimisation,
# trained on the labelled corpus (never on the throughput text, which is
# drawn with another seed).
set -euo pipefail
cd "$(dirname "$0")/../.."
here=scripts/peers
venv="${PEERS_VENV:-$here/.venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check \
  iocextract ioc-finder iocsearcher phonenumbers requests
if [ "${PGO:-0}" = 1 ]; then
  ringtrace="$(scripts/pgo/build.sh | tail -1)"
else
  cargo build --release -q -p ringtrace
  ringtrace=target/release/ringtrace
fi
echo "ringtrace: $ringtrace" >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Throughput text: the corpus generator again with another seed, so that no
# value repeats and no cache flatters anyone.
"$venv/bin/python" crates/extract/corpus/generate.py --seed 7 --scale 12 --out "$work" 2>/dev/null
cat "$work"/en.jsonl "$work"/fr.jsonl "$work"/hi.jsonl > "$work/throughput.jsonl"
pin=""
if command -v taskset >/dev/null; then pin="taskset -c 0"; fi
$pin "$venv/bin/python" "$here/compare.py" \
  --ringtrace "$ringtrace" \
  --corpus crates/extract/corpus \
  --throughput "$work/throughput.jsonl" \
  "$@"

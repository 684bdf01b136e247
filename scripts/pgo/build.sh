#!/usr/bin/env bash
# Builds `ringtrace` with profile-guided optimisation (PGO), the way a
# release binary is built: an instrumented build first extracts the labelled
# corpus (`crates/extract/corpus/*.jsonl`, 787 texts that are not the
# benchmark's), then the release build is compiled again with the counts
# it recorded, so that the compiler lays out and inlines the extraction's
# hot paths as they run.
#
#   scripts/pgo/build.sh            # -> target/pgo/use/release/ringtrace
#
# Needs `llvm-profdata` of the toolchain's own LLVM (the rustup component
# `llvm-tools`, added here if missing). Two release builds, each in its own
# target directory under target/pgo (some 8 minutes each from nothing on 2
# cores). The plain `cargo build --release` is unchanged by this script.
set -euo pipefail
cd "$(dirname "$0")/../.."

sysroot="$(rustc --print sysroot)"
host="$(rustc -vV | sed -n 's/^host: //p')"
profdata="$sysroot/lib/rustlib/$host/bin/llvm-profdata"
if [ ! -x "$profdata" ]; then
  rustup component add llvm-tools
fi

work="$PWD/target/pgo"
profiles="$work/profiles"
gen="$work/gen/release/ringtrace"

echo "pgo: instrumented build" >&2
RUSTFLAGS="-Cprofile-generate=$profiles" \
  cargo build --release -q -p ringtrace --target-dir "$work/gen"

# The counts are named by the instrumented binary and the training texts
# they came from: cargo rebuilds when RUSTFLAGS change, not when the file
# they name does, so new counts need a new name, and the same build trained
# on the same texts reuses its counts (and the optimised build) as they are.
stamp="$( (sha256sum < "$gen"; cat crates/extract/corpus/*.jsonl | sha256sum) | sha256sum | cut -c1-16)"
counts="$work/ringtrace-$stamp.profdata"
if [ ! -f "$counts" ]; then
  echo "pgo: training on the labelled corpus" >&2
  rm -rf "$profiles"
  mkdir -p "$profiles"
  train="$work/train.jsonl"
  cat crates/extract/corpus/*.jsonl > "$train"
  # The library alone, several rounds (the phone verdicts forgotten before
  # each), then the whole `extract --jsonl` path (JSON in and out).
  "$gen" bench extract "$train" --rounds 10 > /dev/null
  "$gen" extract --jsonl < "$train" > /dev/null
  "$profdata" merge -o "$counts.part" $(find "$profiles" -name "*.profraw")
  mv "$counts.part" "$counts"
fi

echo "pgo: optimised build" >&2
RUSTFLAGS="-Cprofile-use=$counts" \
  cargo build --release -q -p ringtrace --target-dir "$work/use"
echo "$work/use/release/ringtrace"

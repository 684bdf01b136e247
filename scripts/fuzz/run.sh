#!/usr/bin/env bash
# Builds the cargo-fuzz targets of fuzz/ as `cargo fuzz build -O` does
# (libFuzzer with SanitizerCoverage and AddressSanitizer, on stable through
# RUSTC_BOOTSTRAP), without needing cargo-fuzz installed, then runs each
# for SECONDS on its corpus: fuzz/seeds/TARGET (committed, read only) and
# fuzz/corpus/TARGET (what the fuzzer found, kept between runs, not
# committed); crashes go to fuzz/artifacts/TARGET/ and fail the script.
#
# Usage: scripts/fuzz/run.sh SECONDS [TARGET…]   (default: every target)
# `cargo fuzz run -O TARGET` does the same where cargo-fuzz is installed.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:?usage: $0 SECONDS [TARGET…]}
shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^ringtrace-fuzz$')
fi
triple=$(rustc -vV | sed -n 's/^host: //p')
flags=(
  -Cpasses=sancov-module
  -Cllvm-args=-sanitizer-coverage-level=4
  -Cllvm-args=-sanitizer-coverage-inline-8bit-counters
  -Cllvm-args=-sanitizer-coverage-pc-table
  -Cllvm-args=-sanitizer-coverage-trace-compares
  --cfg fuzzing
  -Cllvm-args=-simplifycfg-branch-fold-threshold=0
  -Zsanitizer=address
  -Cdebug-assertions
  -Coverflow-checks
)
# --target keeps the flags off build scripts and proc macros, as cargo-fuzz does.
# FUZZ_PROFILE=smoke builds faster for short runs (CI); release by default.
profile=${FUZZ_PROFILE:-release}
RUSTC_BOOTSTRAP=1 RUSTFLAGS="${flags[*]}" \
  cargo build --manifest-path fuzz/Cargo.toml --profile "$profile" --target "$triple" \
  --target-dir fuzz/target "${targets[@]/#/--bin=}"
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  echo "== fuzz $t for ${seconds}s"
  seeds=()
  [ -d "fuzz/seeds/$t" ] && seeds=("fuzz/seeds/$t")
  "fuzz/target/$triple/$profile/$t" -artifact_prefix="fuzz/artifacts/$t/" \
    -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=4096 \
    "fuzz/corpus/$t" "${seeds[@]}"
done

#!/usr/bin/env bash
# Runs every libFuzzer target of the `fuzz` preset for a bounded time, from the
# committed seed corpus (fuzz/corpus/<target>, never modified: new inputs go to
# a scratch corpus in build/fuzz/work). A crash, leak, sanitizer report or hang
# fails the script; the input is kept in build/fuzz/artifacts/ -- add it to
# fuzz/regressions/<target>/ with the fix (see fuzz/README.md).
# Usage: bash scripts/fuzz.sh [seconds per target, default 20] [target...]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-20}"
shift || true
build=build/fuzz
targets=("$@")
if ((${#targets[@]} == 0)); then
  targets=(osm_xml osm_pbf plan facilities_csv facilities_xlsx tables target_specs gcj02 towns)
fi
if [[ "$seconds" == 0 ]]; then
  echo "fuzz: skipped (0 seconds)"
  exit 0
fi

mkdir -p "$build/artifacts"
failed=()
for t in "${targets[@]}"; do
  work="$build/work/$t"
  mkdir -p "$work"
  seeds=(fuzz/corpus/"$t")
  [[ -d fuzz/regressions/$t ]] && seeds+=(fuzz/regressions/"$t")
  echo "fuzz: $t for ${seconds}s"
  # -timeout: an input taking over 10 s is a hang; -rss_limit_mb: a blow-up.
  if ! ASAN_OPTIONS="detect_leaks=1:suppressions=" \
       LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0" \
       UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
       "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
         -print_final_stats=1 -artifact_prefix="$build/artifacts/$t-" "$work" "${seeds[@]}" \
         >"$build/fuzz-$t.log" 2>&1; then
    failed+=("$t")
    echo "fuzz: $t FAILED, log $build/fuzz-$t.log:"
    grep -E "ERROR|SUMMARY|Test unit written|==[0-9]+==" "$build/fuzz-$t.log" | head -20 || true
  else
    grep -E "stat::number_of_executed_runs|cov:" "$build/fuzz-$t.log" | tail -2 | tr '\n' ' '
    echo
  fi
done
if ((${#failed[@]} > 0)); then
  echo "fuzz: failures in ${failed[*]}"
  exit 1
fi
echo "fuzz: ${#targets[@]} targets clean"

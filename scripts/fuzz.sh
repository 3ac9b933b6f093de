#!/usr/bin/env bash
# Runs every libFuzzer target of the `fuzz` preset for a bounded time, from the
# committed seed corpus (fuzz/corpus/<target>, never modified: new inputs go to
# a scratch corpus in build/fuzz/work). A crash, leak, sanitizer report or hang
# fails the script; the input is kept in build/fuzz/artifacts/ -- add it to
# fuzz/regressions/<target>/ with the fix (see fuzz/README.md).
# Targets run side by side, one per core (LIFECIRCLE_FUZZ_JOBS, default nproc).
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
# One target per core at a time: each libFuzzer process is single-threaded, so
# running them side by side gives every target its full seconds on a core of
# its own, in less wall time.
parallel="${LIFECIRCLE_FUZZ_JOBS:-$(nproc)}"

# Runs one target; its result goes to $build/fuzz-<target>.status (0 = clean),
# its report to stdout in one piece (targets finish in any order).
fuzz_one() {
  local t=$1 work="$build/work/$1" seeds=(fuzz/corpus/"$1") out status=0
  mkdir -p "$work"
  [[ -d fuzz/regressions/$t ]] && seeds+=(fuzz/regressions/"$t")
  # -timeout: an input taking over 10 s is a hang; -rss_limit_mb: a blow-up.
  ASAN_OPTIONS="detect_leaks=1:suppressions=" \
    LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="$build/artifacts/$t-" "$work" "${seeds[@]}" \
      >"$build/fuzz-$t.log" 2>&1 || status=$?
  echo "$status" >"$build/fuzz-$t.status"
  if ((status != 0)); then
    out="fuzz: $t FAILED, log $build/fuzz-$t.log:"$'\n'
    out+=$(grep -E "ERROR|SUMMARY|Test unit written|==[0-9]+==" "$build/fuzz-$t.log" | head -20 || true)
  else
    out="fuzz: $t for ${seconds}s: "$(grep -E "stat::number_of_executed_runs|cov:" "$build/fuzz-$t.log" | tail -2 | tr '\n' ' ' || true)
  fi
  printf '%s\n' "$out"
}

for t in "${targets[@]}"; do
  rm -f "$build/fuzz-$t.status"
  while (($(jobs -rp | wc -l) >= parallel)); do wait -n || true; done
  fuzz_one "$t" &
done
wait

failed=()
for t in "${targets[@]}"; do
  [[ "$(cat "$build/fuzz-$t.status" 2>/dev/null)" == 0 ]] || failed+=("$t")
done
if ((${#failed[@]} > 0)); then
  echo "fuzz: failures in ${failed[*]}"
  exit 1
fi
echo "fuzz: ${#targets[@]} targets clean"

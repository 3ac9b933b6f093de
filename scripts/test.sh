#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs every
# test, in stages, printing each stage's time:
#   ci    the GoogleTest suite and script tests (CI preset, GCC)
#   tidy  the layout (.clang-format, scripts/check-format.sh), then clang-tidy over
#         src/ (.clang-tidy) on the ci build's compile database; any finding
#         fails (scripts/clang-tidy.sh)
#   asan  the whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer,
#         LeakSanitizer on (third-party suppressions: tests/sanitizers/lsan.supp)
#   tsan  the tests of the parallel code under ThreadSanitizer (clang + LLVM libomp)
#   fuzz  every libFuzzer target for LIFECIRCLE_FUZZ_SECONDS (default 20) each
# Usage: bash scripts/test.sh
#        LIFECIRCLE_STAGES="ci asan" bash scripts/test.sh   (a subset)
#        LIFECIRCLE_FUZZ_SECONDS=300 bash scripts/test.sh   (longer fuzzing)
set -euo pipefail
cd "$(dirname "$0")/.."

stages="deps ${LIFECIRCLE_STAGES:-ci tidy asan tsan fuzz}"
jobs=$(nproc)
timings=()

run_stage() {
  local name=$1
  [[ " $stages " == *" $name "* ]] || return 0
  local start=$SECONDS
  echo "=== stage $name"
  "stage_$name"
  timings+=("$(printf '%-6s %4d s' "$name" $((SECONDS - start)))")
  echo "=== stage $name done in $((SECONDS - start)) s"
}

stage_deps() { bash scripts/setup-deps.sh; }

stage_ci() {
  cmake --preset ci >/dev/null
  cmake --build --preset ci -j "$jobs"
  ctest --preset ci -j "$jobs"
}

# Reads build/ci's compile_commands.json (configured by the ci stage, or here
# when run alone): nothing is built twice.
stage_tidy() {
  bash scripts/check-format.sh
  bash scripts/clang-tidy.sh build/ci
}

stage_asan() {
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j "$jobs"
  # Not the MPI test: OpenMPI's runtime leaks by design (in dlopen'ed components
  # LeakSanitizer cannot name); it runs in the ci stage.
  ctest --preset asan -j "$jobs" -LE mpi
}

# Only the programs that run parallel code: searches, coverage, scenarios, the
# maps (drawn on several threads, each with its own Pango font map), and the
# binary at several thread counts.
stage_tsan() {
  cmake --preset tsan >/dev/null
  local programs=(routing_tests coverage_tests scenario_tests map_tests fault_tests)
  cmake --build --preset tsan -j "$jobs" --target "${programs[@]}" lifecircle
  # Archer (LLVM's OpenMP tool) tells TSan about libomp's synchronisation;
  # ignore_noninstrumented_modules: see tests/sanitizers/tsan.supp.
  local -x OMP_NUM_THREADS=4 OMP_TOOL_LIBRARIES=/usr/lib/llvm-14/lib/libarcher.so
  local -x TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ignore_noninstrumented_modules=1 suppressions=$PWD/tests/sanitizers/tsan.supp"
  (cd build/tsan/tests && ./routing_tests && ./coverage_tests && ./scenario_tests && ./map_tests &&
     ./fault_tests --gtest_filter='Determinism.*')
}

stage_fuzz() {
  local seconds="${LIFECIRCLE_FUZZ_SECONDS:-20}"
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz -j "$jobs" --target fuzzers
  bash scripts/fuzz.sh "$seconds"
}

run_stage deps
run_stage ci
run_stage tidy
run_stage asan
run_stage tsan
run_stage fuzz

echo "=== stage timings"
printf '%s\n' "${timings[@]}"

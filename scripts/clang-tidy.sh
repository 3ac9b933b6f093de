#!/usr/bin/env bash
# clang-tidy over src/ with the checks of .clang-tidy, on the ci build's
# compile_commands.json. Kept out of scripts/test.sh: on a 2-core machine it
# takes several minutes on its own, which the test budget cannot spare.
# Usage: bash scripts/clang-tidy.sh [build dir, default build/ci]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/ci}"
if [[ ! -f "$build/compile_commands.json" ]]; then
  cmake --preset ci -B "$build" >/dev/null
fi
# GCC-only flags in the database are unknown to clang: drop their warnings.
run-clang-tidy -quiet -p "$build" -j "$(nproc)" -extra-arg=-Wno-unknown-warning-option "$PWD/src/" 

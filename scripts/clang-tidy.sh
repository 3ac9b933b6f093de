#!/usr/bin/env bash
# clang-tidy over src/ with the checks of .clang-tidy, on the ci build's
# compile_commands.json (nothing is built: src/ has no generated headers).
# The tidy stage of scripts/test.sh; about 8 CPU-minutes, ~4 min on 2 idle cores.
# Fails on any finding (WarningsAsErrors: '*') or clang-tidy crash: run-clang-tidy
# exits 1 when any file fails, and set -e passes that on.
# Usage: bash scripts/clang-tidy.sh [build dir, default build/ci]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/ci}"
if [[ ! -f "$build/compile_commands.json" ]]; then
  cmake --preset ci -B "$build" >/dev/null
fi
# GCC-only flags in the database are unknown to clang: drop their warnings.
run-clang-tidy -quiet -p "$build" -j "$(nproc)" -extra-arg=-Wno-unknown-warning-option "$PWD/src/" 

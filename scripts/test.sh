#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs every
# test: the GoogleTest suite (through CTest) and the script tests.
# Usage: bash scripts/test.sh            (CI preset)
#        LIFECIRCLE_SANITIZE=1 bash scripts/test.sh   (also the ASan+UBSan build)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-deps.sh
jobs=$(nproc)

cmake --preset ci >/dev/null
cmake --build --preset ci -j "$jobs"
ctest --preset ci -j "$jobs"

if [[ "${LIFECIRCLE_SANITIZE:-0}" == 1 ]]; then
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j "$jobs"
  ctest --preset asan -j "$jobs"
fi

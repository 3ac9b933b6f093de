#!/usr/bin/env bash
# Installs what is missing, builds lifecircle, and runs it on the bundled
# (synthetic) Wenling demo data: graph description, then the coverage run.
# Outputs go to out/wenling-demo/.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"

plan=data/geo/wenling-demo/plan.toml
./build/release/src/lifecircle info --plan "$plan"
./build/release/src/lifecircle run --overwrite --plan "$plan"  # --overwrite: the demo can be rerun

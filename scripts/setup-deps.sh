#!/usr/bin/env bash
# Installs lifecircle's build and test dependencies from Debian 12 packages.
# Idempotent: packages already installed are skipped, and apt is not touched
# at all when nothing is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libgdal-dev gdal-bin            # GDAL/OGR loaders and writers, ogrinfo for checks
  libgeos-dev                     # polygons (reentrant C API)
  libboost-graph-dev              # Boost.Graph (CSR face, Dijkstra oracle)
  libosmium2-dev libprotozero-dev # OSM readers
  zlib1g-dev libbz2-dev libexpat1-dev liblz4-dev
  osmium-tool                     # independent counts in tests
  libtomlplusplus-dev             # plan files (TOML)
  libcli11-dev                    # CLI
  nlohmann-json3-dev              # --json output
  libgtest-dev libgmock-dev libbenchmark-dev
  libomp-dev
  python3                         # demo-data generator
  libcairo2-dev libpango1.0-dev   # maps (PNG, SVG), text shaping for Chinese labels
  fonts-noto-cjk                  # a CJK font for map labels
  libxlsxwriter-dev               # Excel workbooks (lifecircle.xlsx) with percentage formats
  chromium                        # report.html checked in headless Chromium
  qgis python3-qgis               # lifecircle.qgz and layer_styles checked headless in PyQGIS (~810 MB)
  clang libclang-rt-14-dev        # libFuzzer targets, ThreadSanitizer
  clang-tidy                      # the tidy stage (clang-tidy 14, run-clang-tidy)
  clang-format                    # the tidy stage: layout as .clang-format says (clang-format 14)
  openmpi-bin libopenmpi-dev      # scale-out across ranks (MPI)
  postgresql-15 postgresql-15-postgis-3  # PostGIS output, tested against a throwaway server
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "setup-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "setup-deps: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup-deps: done"

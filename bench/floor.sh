#!/usr/bin/env bash
# The whole `lifecircle run` on the Wenling demo against the floor: the time
# simply to read its road file (`osmium cat` to /dev/null). Best of 3 each,
# wall and CPU (user + system) time and peak RSS from /usr/bin/time
# (REPEATS=n to change; CPU time is the steadier figure on a shared machine).
# Prints figures, asserts nothing.
#
#   bash bench/floor.sh [BUILD_DIR]    (default build/perf; a release build)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${1:-$root/build/perf}/src/lifecircle
demo=$root/data/geo/wenling-demo
out=$(mktemp -d /tmp/lifecircle-floor.XXXXXX)
trap 'rm -rf "$out"' EXIT

best() {  # best wall time (with its CPU time and peak RSS) over $REPEATS runs of the command
  local best_s="" best=""
  for ((k = 0; k < ${REPEATS:-3}; ++k)); do
    /usr/bin/time -f "%e %U %S %M" -o "$out/time" "$@" >/dev/null 2>&1
    read -r s user sys kb <"$out/time"
    if [[ -z $best_s ]] || awk "BEGIN{exit !($s < $best_s)}"; then
      best_s=$s
      best=$(awk -v s="$s" -v u="$user" -v y="$sys" -v kb="$kb" \
        'BEGIN{printf "%6.2f s wall %6.2f s CPU %5d MiB", s, u + y, kb / 1024}')
    fi
  done
  echo "$best"
}

echo "floor:  $(best osmium cat "$demo/roads.osm.gz" -f opl -o /dev/null --overwrite)  osmium cat roads.osm.gz > /dev/null"
for threads in 1 2; do
  echo "run:    $(best "$bin" run --plan "$demo/plan.toml" --out "$out/run" --overwrite --quiet --no-maps \
    --threads $threads)  lifecircle run --no-maps --threads $threads (GeoPackage)"
done
echo "run:    $(best "$bin" run --plan "$demo/plan.toml" --out "$out/run" --overwrite --quiet --no-maps \
  --no-isochrones --threads 2)  lifecircle run --no-maps --no-isochrones --threads 2"
echo "run:    $(best "$bin" run --plan "$demo/plan.toml" --out "$out/run" --overwrite --quiet --threads 2)" \
  " lifecircle run --threads 2 (with maps)"

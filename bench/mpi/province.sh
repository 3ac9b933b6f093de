#!/usr/bin/env bash
# Province-sized benchmark of lifecircle-mpi (issue 9; not run in CI).
# Generates a multi-county network with scripts/make_multicounty_network.py,
# builds the release binaries, then measures: reading the roads with osmium,
# the single-process `lifecircle run --no-maps`, and lifecircle-mpi at 1, 2
# and 4 ranks (wall time; peak RSS of every rank from /usr/bin/time; the cut
# and per-region times from the program's progress lines).
# Usage: bench/mpi/province.sh [WORKDIR]
# Environment: SIZE (grid nodes per side, 1500 = 2.25 M nodes), COUNTIES
# (per side), TOWNS (per county side), FACILITIES (per category per county),
# THREADS (per rank), BUILD (an existing release build folder with
# lifecircle-mpi: skips the build), RANKS ("1 2 4"), ISOCHRONES (1: keep the
# per-facility polygons; default off, they dominate the output step).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-$(mktemp -d /tmp/lifecircle-mpibench.XXXXXX)}
SIZE=${SIZE:-1500} COUNTIES=${COUNTIES:-6} TOWNS=${TOWNS:-2} FACILITIES=${FACILITIES:-280}
THREADS=${THREADS:-1} RANKS=${RANKS:-"1 2 4"} ISOCHRONES=${ISOCHRONES:-0}
mkdir -p "$work"
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$work/bench.log"; }
tv() { /usr/bin/time -f '%e s wall, %M KB peak' "$@"; }

if [ -z "${BUILD:-}" ]; then
  BUILD="$here/build/mpibench"
  cmake --preset release -S "$here" -B "$BUILD" -DLIFECIRCLE_MPI=ON > "$work/cmake.log"
  cmake --build "$BUILD" -j2 --target lifecircle lifecircle-mpi > "$work/build.log"
fi
bin="$BUILD/src"
[ -x "$bin/lifecircle-mpi" ] || { echo "no $bin/lifecircle-mpi (is OpenMPI installed?)"; exit 1; }

net="$work/net"
if [ ! -f "$net/plan.toml" ]; then
  log "generating SIZE=$SIZE COUNTIES=$COUNTIES TOWNS=$TOWNS FACILITIES=$FACILITIES"
  tv python3 "$here/scripts/make_multicounty_network.py" "$net" --size "$SIZE" --counties "$COUNTIES" \
    --towns "$TOWNS" --facilities "$FACILITIES" 2>&1 | tee -a "$work/bench.log"
fi
log "network: $(du -h "$net/roads.osm.gz" | cut -f1) roads.osm.gz, $(($(wc -l < "$net/facilities.csv") - 1)) facilities"

# Reading the input alone: the floor for rank 0's whole-network read.
log "osmium cat (read + parse only)"
tv osmium cat "$net/roads.osm.gz" -o /dev/null -f opl --overwrite 2>&1 | tee -a "$work/bench.log"
osmium fileinfo -e "$net/roads.osm.gz" | grep -E "Number of (nodes|ways)" | tee -a "$work/bench.log"

noiso=(--no-isochrones)
[ "$ISOCHRONES" = 1 ] && noiso=()
log "single process: lifecircle run --no-maps --threads 2 ${noiso[*]}"
tv "$bin/lifecircle" run --plan "$net/plan.toml" --out "$work/single" --threads 2 --no-maps "${noiso[@]}" \
  --overwrite > "$work/single.log" 2> "$work/single.err" || { cat "$work/single.err"; exit 1; }
tail -1 "$work/single.err" | tee -a "$work/bench.log"

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
mpi=(mpirun --oversubscribe --mca btl self,tcp --mca btl_tcp_if_include lo --mca oob_tcp_if_include lo)
for n in $RANKS; do
  log "mpirun -np $n lifecircle-mpi --threads $THREADS ${noiso[*]}"
  start=$(date +%s.%N)
  # Each rank under its own /usr/bin/time: the peak RSS per rank, tagged with its rank.
  "${mpi[@]}" -np "$n" bash -c 'exec /usr/bin/time -f "rank $OMPI_COMM_WORLD_RANK: %e s wall, %M KB peak" "$@"' _ \
    "$bin/lifecircle-mpi" run --plan "$net/plan.toml" --partition "$net/counties.geojson" \
    --out "$work/mpi$n" --threads "$THREADS" "${noiso[@]}" --overwrite > "$work/mpi$n.log" 2> "$work/mpi$n.err" \
    || { cat "$work/mpi$n.err"; exit 1; }
  end=$(date +%s.%N)
  log "  wall $(echo "$end - $start" | bc) s"
  grep -E "^rank |cut |done in" "$work/mpi$n.err" | sort | tee -a "$work/bench.log" | grep -v "region " || true
  grep "region " "$work/mpi$n.err" | awk '{ t = $(NF-1); s += t; if (t > m) m = t } END { printf "  regions: %d, sum %.1f s, largest %.1f s\n", NR, s, m }' | tee -a "$work/bench.log"
  if cmp -s "$work/single/indicators.csv" "$work/mpi$n/indicators.csv"; then log "  indicators.csv identical to the single run"
  else log "  indicators.csv DIFFERS from the single run"; fi
done
log "done; logs in $work"

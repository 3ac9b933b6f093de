#!/usr/bin/env bash
# lifecircle-mpi against the single-process run on a generated multi-county
# network (about 300,000 nodes, 4 counties of 4 towns): with 1, 2 and 4 ranks
# indicators.csv is byte-identical, the towns, facilities, isochrones and gaps
# layers have the same attributes and report.html the same figures; a clinic just west of a county border
# covers residents on both sides. Loopback only; as root OpenMPI needs the
# ALLOW_RUN_AS_ROOT variables.
# Usage: mpi_run_test.sh SOURCE_DIR BUILD_SRC_DIR MPIEXEC
set -euo pipefail
src=$1 bin=$2 mpiexec=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
mpi=("$mpiexec" --oversubscribe --mca btl self,tcp --mca btl_tcp_if_include lo --mca oob_tcp_if_include lo)

python3 "$src/scripts/make_multicounty_network.py" "$work/net" --size 550
"$bin/lifecircle" run --plan "$work/net/plan.toml" --out "$work/single" --threads 2 --no-maps --quiet > "$work/single.log"

layers() {  # attributes of the layers that must agree, as CSV
  for layer in towns facilities isochrones gaps; do
    ogr2ogr -f CSV /vsistdout/ "$1/lifecircle.gpkg" "$layer"
  done
}
layers "$work/single" > "$work/single.layers"

# report.html: the same page as the single run's but for two parts. The inputs
# section says the network was built in N regions instead of giving its size,
# and the interactive map's coverage polygons are the regions' unions, which
# differ from the single run's in the last vertex digits (the gpkg's coverage
# layer is not compared above for the same reason).
report_matches() {
  python3 - "$@" <<'PY'
import re, sys
single, merged, ranks = open(sys.argv[1]).read(), open(sys.argv[2]).read(), sys.argv[3]
def comparable(page):
    page = re.sub(r'<script type="application/json" id="map-data">.*?</script>', '', page, flags=re.S)
    return re.sub(r'<section id="inputs">.*?</section>', '', page, flags=re.S)
if comparable(single) != comparable(merged):
    sys.exit(f"{ranks} ranks: report.html differs from the single run's outside the inputs and the map data")
graph = re.search(r'<dd id="walking-graph">(.*?)</dd>', merged)
if not graph or "4 regions" not in graph.group(1):
    sys.exit(f"{ranks} ranks: report.html does not say the network was built in 4 regions")
epsg = re.findall(r'Working CRS</dt><dd>(EPSG:\d+)</dd>', single + merged)
if len(epsg) != 2 or epsg[0] != epsg[1] or epsg[0] == "EPSG:0":
    sys.exit(f"{ranks} ranks: working CRS {epsg}, expected the single run's")
PY
}

for n in 1 2 4; do
  "${mpi[@]}" -np "$n" "$bin/lifecircle-mpi" run --plan "$work/net/plan.toml" --partition "$work/net/counties.geojson" \
    --out "$work/mpi$n" --threads 1 --quiet > "$work/mpi$n.log"
  cmp "$work/single/indicators.csv" "$work/mpi$n/indicators.csv"
  layers "$work/mpi$n" | cmp - "$work/single.layers"
  report_matches "$work/single/report.html" "$work/mpi$n/report.html" "$n"
  echo "ok: $n ranks, indicators.csv, layers and report.html identical"
done

# The border case: the clinic stands in town C00-11 (county C00); towns
# C01-00 and C01-10 of county C01 have none of their own, yet are covered.
share() { awk -F, -v t="$1" '$1 == "border_clinic" && $2 == t && $4 == "coverage_share" { print $5 }' "$work/mpi4/indicators.csv"; }
count() { awk -F, -v t="$1" '$1 == "border_clinic" && $2 == t && $4 == "facilities" { print $5 }' "$work/mpi4/indicators.csv"; }
for town in C00T11 C01T00 C01T10; do
  s=$(share "$town")
  awk -v s="$s" 'BEGIN { exit !(s > 0) }' || { echo "town $town: border clinic coverage $s, expected > 0"; exit 1; }
done
[ "$(count C00T11)" = 1 ] && [ "$(count C01T00)" = 0 ] && [ "$(count C01T10)" = 0 ]
echo "ok: the border clinic covers both counties"

# A region that fails stops the job, names the region, and leaves no output.
cp "$work/net/plan.toml" "$work/net/bad.toml"
if "${mpi[@]}" -np 2 "$bin/lifecircle-mpi" run --plan "$work/net/bad.toml" --partition "$work/net/counties.geojson" \
     --out "$work/bad" --threads 1 --quiet --partition-field no_such_field > "$work/bad.log" 2>&1; then
  echo "a missing partition field should fail"; exit 1
fi
grep -q "no_such_field" "$work/bad.log"
[ ! -e "$work/bad/indicators.csv" ]
echo "ok: a bad partition layer fails with a message and no output"

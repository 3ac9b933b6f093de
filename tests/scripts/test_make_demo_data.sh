#!/usr/bin/env bash
# Regenerates the synthetic Wenling demo city into a temporary folder, checks
# that every file is byte-identical to the committed data/geo/wenling-demo, and
# sanity-checks the files with ogrinfo (GDAL), osmium and Python's tomllib.
#
# Usage: tests/scripts/test_make_demo_data.sh [REPO_ROOT]
# Exit codes: 0 pass, 1 fail, 77 skipped (a tool is missing; CTest SKIP_RETURN_CODE).
set -euo pipefail

root="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
demo="$root/data/geo/wenling-demo"
script="$root/scripts/make_demo_data.py"

fail() { echo "FAIL: $*" >&2; exit 1; }
for tool in python3 ogrinfo osmium sha256sum gzip; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool not found" >&2; exit 77; }
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
out="$tmp/wenling-demo"

start=$(date +%s)
python3 "$script" --quiet --out "$out" || fail "make_demo_data.py failed"
secs=$(($(date +%s) - start))
((secs <= 120)) || fail "make_demo_data.py took ${secs}s (expected well under a minute)"

# 1. Byte-identical to the committed files.
files=(README.md plan.toml towns.geojson roads.osm.gz facilities.csv)
for f in "${files[@]}"; do
  [[ -f "$demo/$f" ]] || fail "committed file $demo/$f is missing"
  [[ -f "$out/$f" ]] || fail "script did not write $f"
  want=$(sha256sum <"$demo/$f" | cut -d' ' -f1)
  got=$(sha256sum <"$out/$f" | cut -d' ' -f1)
  if [[ "$want" != "$got" ]]; then
    if [[ "$f" == *.gz ]] && cmp -s <(gzip -dc "$demo/$f") <(gzip -dc "$out/$f"); then
      fail "$f: same content but different gzip bytes (another zlib version?)"
    fi
    fail "$f differs from the committed file (sha256 $got, committed $want); rerun scripts/make_demo_data.py"
  fi
done
(cd "$out" && ls -1 | sort) >"$tmp/made.txt"
printf '%s\n' "${files[@]}" | sort >"$tmp/expected.txt"
cmp -s "$tmp/made.txt" "$tmp/expected.txt" || fail "unexpected output files: $(tr '\n' ' ' <"$tmp/made.txt")"

# From here on the (identical) generated files are checked.
cd "$out"

sql() {  # sql FILE QUERY -> "name = value" lines
  ogrinfo -ro -q -dialect sqlite -sql "$2" "$1" | sed -n 's/^ *\([a-z_]*\) ([A-Za-z]*) = \(.*\)$/\1=\2/p'
}
value() {  # value KEY <<< "$(sql ...)"
  sed -n "s/^$1=//p"
}

# 2. towns.geojson: 16 valid polygons that tile the outline, population sums to the census total.
info=$(ogrinfo -ro -al -so towns.geojson)
grep -q "Feature Count: 16" <<<"$info" || fail "towns.geojson: expected 16 features"
grep -q "DESCRIPTION=SYNTHETIC" <<<"$info" || fail "towns.geojson: description must say SYNTHETIC"
for field in "code: String" "name: String" "population: Integer" "synthetic: Integer(Boolean)"; do
  grep -q "$field" <<<"$info" || fail "towns.geojson: field '$field' missing"
done
r=$(sql towns.geojson "select count(*) n, count(distinct code) codes, sum(population) pop,
      sum(st_isvalid(geometry)) valid, sum(synthetic) synth,
      sum(st_area(geometry)) - st_area(st_union(geometry)) overlap,
      st_numgeometries(st_union(geometry)) parts, numinteriorring(st_union(geometry)) holes
    from towns")
[[ $(value n <<<"$r") == 16 ]] || fail "towns: count"
[[ $(value codes <<<"$r") == 16 ]] || fail "towns: codes are not distinct"
[[ $(value pop <<<"$r") == 1416199 ]] || fail "towns: population sum $(value pop <<<"$r") != 1416199"
[[ $(value valid <<<"$r") == 16 ]] || fail "towns: invalid polygons"
[[ $(value synth <<<"$r") == 16 ]] || fail "towns: synthetic flag not set on all"
[[ $(value parts <<<"$r") == 1 ]] || fail "towns: union is not one polygon"
[[ $(value holes <<<"$r") == 0 ]] || fail "towns: union has holes (gaps between towns)"
python3 - "$(value overlap <<<"$r")" <<'EOF' || fail "towns overlap"
import sys
assert abs(float(sys.argv[1])) < 1e-9, sys.argv[1]
EOF
grep -q '"code": "331081001", "name": "太平街道"' towns.geojson || fail "towns: 太平街道 331081001 missing"

# 3. roads.osm.gz: an OSM XML file osmium reads, with a Wenling-sized number of nodes.
fi_get() { osmium fileinfo -e -g "$1" roads.osm.gz; }
nodes=$(fi_get data.count.nodes)
ways=$(fi_get data.count.ways)
((nodes >= 60000 && nodes <= 200000)) || fail "roads: $nodes nodes (expected 60,000-200,000)"
((ways >= 1000)) || fail "roads: only $ways ways"
[[ $(fi_get data.count.relations) == 0 ]] || fail "roads: unexpected relations"
[[ $(fi_get data.objects_ordered) == yes ]] || fail "roads: objects not ordered by type and id"
[[ $(fi_get data.minid.nodes) == 1 && $(fi_get data.minid.ways) == 1 ]] || fail "roads: ids must start at 1"
[[ $(fi_get header.option.generator) == *"(synthetic)"* ]] || fail "roads: generator must say synthetic"
bbox=$(fi_get data.bbox)
python3 - "$bbox" <<'EOF' || fail "roads: bounding box $bbox outside Wenling"
import sys
x0, y0, x1, y1 = map(float, sys.argv[1].strip("()").split(","))
assert 121.16 <= x0 < x1 <= 121.74 and 28.21 <= y0 < y1 <= 28.54
EOF
size=$(stat -c %s roads.osm.gz)
((size < 6000000)) || fail "roads.osm.gz is $size bytes (expected < 6 MB)"
gzip -dc roads.osm.gz >"$tmp/roads.osm"
for tag in motorway trunk footway path steps track tertiary unclassified residential service; do
  grep -q "<tag k=\"highway\" v=\"$tag\"/>" "$tmp/roads.osm" || fail "roads: no highway=$tag"
done
grep -q '<tag k="access" v="private"/>' "$tmp/roads.osm" || fail "roads: no access=private"
grep -q '<tag k="area" v="yes"/>' "$tmp/roads.osm" || fail "roads: no pedestrian area"
python3 - "$tmp/roads.osm" <<'EOF' || fail "roads: structure check"
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for m in re.finditer(r'<way id="(\d+)"[^>]*>(.*?)</way>', text, re.S):
    refs = re.findall(r'<nd ref="(\d+)"/>', m.group(2))
    assert len(refs) >= 2, "way %s has < 2 nodes" % m.group(1)
    assert all(a != b for a, b in zip(refs, refs[1:])), "way %s repeats a node" % m.group(1)
EOF

# 4. facilities.csv: GCJ-02 points with the plan's categories.
head -n1 facilities.csv | grep -qx 'id,name,category,capacity,status,lon,lat' || fail "facilities: header"
rows=$(($(wc -l <facilities.csv) - 1))
finfo=$(ogrinfo -ro -al -so -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat facilities.csv)
grep -q "Feature Count: $rows" <<<"$finfo" || fail "facilities: ogrinfo does not read $rows rows"
python3 - "$out" <<'EOF' || fail "facilities/plan check"
import csv, os, sys, tomllib
d = sys.argv[1]
plan = tomllib.load(open(os.path.join(d, "plan.toml"), "rb"))
claimed = {}
for c in plan["categories"]:
    for v in c["values"]:
        assert v not in claimed, "value %s claimed twice" % v
        claimed[v] = c["id"]
assert set(plan["plan"]["basket"]) <= {c["id"] for c in plan["categories"]}
for key in ("roads", "towns"):
    assert os.path.exists(os.path.join(d, plan[key]["path"]))
assert os.path.exists(os.path.join(d, plan["facilities"][0]["path"]))
rows = list(csv.DictReader(open(os.path.join(d, "facilities.csv"), encoding="utf-8")))
ids = [r["id"] for r in rows]
assert len(ids) == len(set(ids)), "duplicate ids"
cats = {}
for r in rows:
    assert r["category"] in claimed, "category %s not in plan" % r["category"]
    assert r["status"] in ("现状", "规划", "关闭"), r["status"]
    lon, lat = float(r["lon"]), float(r["lat"])
    assert 121.16 < lon < 121.75 and 28.21 < lat < 28.54, r
    assert len(r["lon"].split(".")[1]) == 6 and len(r["lat"].split(".")[1]) == 6
    cats.setdefault(r["category"], []).append(r)
assert len(cats) == 11, sorted(cats)
assert len([r for r in cats["卫生院"] if r["status"] == "现状"]) == 11
assert len([r for r in cats["社区卫生服务中心"] if r["status"] == "现状"]) == 5
places = sum(int(r["capacity"]) for r in cats["托育机构"] if r["status"] == "现状")
assert abs(places * 1000 / 1416199 - 4.03) < 0.01, places
assert all(r["capacity"] for r in cats["健身点"])
statuses = {r["status"] for r in rows}
assert statuses == {"现状", "规划", "关闭"}, statuses
EOF

echo "PASS: wenling-demo regenerated byte-identically in ${secs}s ($nodes nodes, $ways ways, $rows facilities)"

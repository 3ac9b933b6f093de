#!/usr/bin/env bash
# The same benchmarks from two builds, run alternately in one session, so a
# ratio is measured on the same (shared, noisy) machine at the same time:
#   bash bench/compare_builds.sh OLD_BUILD NEW_BUILD [rounds, default 3] [benchmarks...]
# e.g. bash bench/compare_builds.sh ../old/build/ci build/ci 3 limit_bench run_bench
# Prints, per benchmark, the median real time of each build over the rounds and
# new/old (below 1: the new build is faster). Asserts nothing.
set -euo pipefail
old=$1 new=$2 rounds=${3:-3}
shift $(($# < 3 ? $# : 3))
benches=("$@")
((${#benches[@]})) || benches=(limit_bench run_bench)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for ((r = 1; r <= rounds; r++)); do
  for b in "${benches[@]}"; do
    for side in old new; do
      dir=$old
      [[ $side == new ]] && dir=$new
      echo "round $r: $side $b" >&2
      "$dir/bench/$b" --benchmark_format=json --benchmark_out="$out/$side-$b-$r.json" \
        --benchmark_out_format=json >/dev/null 2>&1
    done
  done
done
python3 - "$out" <<'PY'
import glob, json, os, statistics, sys
times = {}
for path in glob.glob(os.path.join(sys.argv[1], "*.json")):
    side = os.path.basename(path).split("-")[0]
    for b in json.load(open(path))["benchmarks"]:
        if b.get("run_type", "iteration") != "iteration":
            continue
        ns = b["real_time"] * {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b["time_unit"]]
        times.setdefault(b["name"], {}).setdefault(side, []).append(ns)
print(f"{'benchmark':58} {'old ms':>10} {'new ms':>10} {'new/old':>8}")
for name in sorted(times):
    t = times[name]
    if "old" not in t or "new" not in t:
        print(f"{name:58} only in the {'old' if 'old' in t else 'new'} build")
        continue
    o, n = statistics.median(t["old"]) / 1e6, statistics.median(t["new"]) / 1e6
    print(f"{name:58} {o:10.3f} {n:10.3f} {n / o:8.3f}")
PY

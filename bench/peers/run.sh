#!/usr/bin/env bash
# lifecircle side by side with pgRouting, networkx/OSMnx and igraph on the
# same network and the same facilities (bench/README.md, "Peers").
#
#   bash bench/peers/run.sh [--quick]
#
# Full: Andorra, the Wenling demo and a generated 1000x1000 grid, 100 and
# 1,000 facilities, slow peers capped at 20 s per phase and scaled (the
# table says so). --quick: Andorra and the demo, 3 s caps.
# LIFECIRCLE_PEERS_NETWORKS="andorra grid" picks networks.
# Installs its Debian packages (idempotent), builds lifecircle (release) in
# $LIFECIRCLE_PEERS_BUILD (default build/peers), runs a throwaway PostgreSQL
# cluster on loopback and a socket in a temporary folder, and stops and
# removes it on exit, error or Ctrl-C. Results: $build/peers-results/<time>/.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
quick=0
[[ ${1:-} == --quick ]] && quick=1
cap_s=20
networks=(andorra demo grid)
if ((quick)); then
  cap_s=3
  networks=(andorra demo)
fi
if [[ -n ${LIFECIRCLE_PEERS_NETWORKS:-} ]]; then read -ra networks <<<"$LIFECIRCLE_PEERS_NETWORKS"; fi
shared=${LIFECIRCLE_SHARED_DATA:-$root/../shared/data}
build=${LIFECIRCLE_PEERS_BUILD:-$root/build/peers}
python=/usr/bin/python3  # Debian's modules live under Debian's Python

# --- packages (like scripts/setup-deps.sh: apt only when something is missing)
packages=(postgresql-15-postgis-3 postgresql-15-pgrouting python3-osmnx python3-networkx python3-igraph
          python3-shapely cmake ninja-build g++)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "peers: installing ${missing[*]}"
  sudo_=""; [[ $(id -u) -ne 0 ]] && sudo_=sudo
  $sudo_ env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
"$root/scripts/setup-deps.sh" >/dev/null

# --- build
build_log=$(mktemp)
if ! { cmake --preset release -B "$build" -DLIFECIRCLE_BUILD_BENCH=ON &&
       cmake --build "$build" -j"$(nproc)" --target peers_export_graph peers_lifecircle; } >"$build_log" 2>&1; then
  tail -40 "$build_log" >&2
  echo "peers: the build failed (log above)" >&2
  exit 1
fi
rm -f "$build_log"
bin=$build/bench

# --- a throwaway cluster, always stopped and removed
pg=/usr/lib/postgresql/15/bin
as_pg=()
[[ $(id -u) -eq 0 ]] && as_pg=(runuser -u postgres --)  # initdb refuses root
work=""
cluster_up=0
cleanup() {
  if ((cluster_up)); then
    "${as_pg[@]}" "$pg/pg_ctl" -D "$work/pg" -m fast -w stop >/dev/null 2>&1 ||
      "${as_pg[@]}" "$pg/pg_ctl" -D "$work/pg" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if [[ -n $work ]]; then rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
work=$(mktemp -d /tmp/lifecircle-peers.XXXXXX)
chmod 755 "$work"
if ((${#as_pg[@]})); then chown postgres "$work"; fi

"${as_pg[@]}" "$pg/initdb" -D "$work/pg" -U postgres -A trust --no-sync >/dev/null
mkdir -p "$work/sock"
if ((${#as_pg[@]})); then chown postgres "$work/sock"; fi
port=$($python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cluster_up=1
"${as_pg[@]}" "$pg/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w start \
  -o "-p $port -k $work/sock -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=256MB" >/dev/null
export PSQL="${as_pg[*]} $pg/psql -h $work/sock -p $port -U postgres"

# --- the same network for everyone
results=$build/peers-results/$(date -u +%Y%m%dT%H%M%S)$( ((quick)) && echo -quick || true)
mkdir -p "$results"
echo "# peers run $(date -u +%F\ %H:%M) UTC, $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores," \
  "cap ${cap_s} s per peer phase$( ((quick)) && echo ', --quick'), load average at start:" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" | tee "$results/table.md"
export PYTHONPATH=$here PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in the source tree
status=0
for net in "${networks[@]}"; do
  dir=$work/$net
  case $net in
    andorra) title="Andorra (OSM)"; "$bin/peers_export_graph" --osm "$shared/osm-andorra/andorra.osm.pbf" --epsg 32631 "$dir" ;;
    demo) title="Wenling demo"; "$bin/peers_export_graph" --plan "$root/data/geo/wenling-demo/plan.toml" "$dir" ;;
    grid) title="Generated grid"; "$bin/peers_export_graph" --grid 1000 "$dir" ;;
  esac
  chmod -R a+rX "$dir"
  out=$results/$net
  : > "$out-lifecircle.jsonl"
  for n in 100 1000; do "$bin/peers_lifecircle" "$dir" $n 1 2 >> "$out-lifecircle.jsonl"; done
  echo "peers: $net: lifecircle done; pgRouting..." >&2
  $python "$here/pgrouting_peer.py" "$dir" "bench_$net" "$cap_s" 100 1000 > "$out-pgrouting.jsonl"
  echo "peers: $net: networkx..." >&2
  $python "$here/networkx_peer.py" "$dir" "$cap_s" 100 1000 > "$out-networkx.jsonl"
  echo "peers: $net: igraph..." >&2
  $python "$here/igraph_peer.py" "$dir" "$cap_s" 100 1000 > "$out-igraph.jsonl"
  $python "$here/compare.py" "$title" "$out"-{lifecircle,pgrouting,networkx,igraph}.jsonl | tee -a "$results/table.md" ||
    status=1
  rm -rf "$dir"
done
echo "peers: table in $results/table.md" >&2
exit $status

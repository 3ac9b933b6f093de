#!/usr/bin/env bash
# lifecircle run --datasource "PG:..." against a real PostgreSQL + PostGIS
# server that this script starts itself: a throwaway cluster in a temporary
# folder, listening on a Unix socket there and on 127.0.0.1 only (a free
# port), stopped and removed on exit. Checks (issue 15, PostgreSQL output):
#   - the run writes every table (towns ... targets) with geometry and UTF-8 names;
#   - without --overwrite a second run is refused before the work, tables untouched;
#   - a run that fails after some layers (LIFECIRCLE_TEST_FAIL_AT) or is killed
#     (LIFECIRCLE_TEST_KILL_AT) leaves the previous tables whole: one transaction;
#   - --overwrite replaces our tables inside that transaction, and leaves a
#     table that is not ours alone.
# Usage: test_postgis_output.sh <lifecircle binary> <source dir>
# Exit 77 (skipped) when postgresql-15 / postgresql-15-postgis-3 are not installed.
set -euo pipefail

bin=$1
src=$2
pgbin=/usr/lib/postgresql/15/bin
if [[ ! -x $pgbin/initdb || ! -x $pgbin/pg_ctl ]] || ! command -v psql >/dev/null; then
  echo "SKIP: postgresql-15 is not installed (scripts/setup-deps.sh installs it)"
  exit 77
fi
if [[ ! -f /usr/share/postgresql/15/extension/postgis.control ]]; then
  echo "SKIP: postgresql-15-postgis-3 is not installed (scripts/setup-deps.sh installs it)"
  exit 77
fi

work=$(mktemp -d /tmp/lifecircle-pg.XXXXXX)
# PostgreSQL refuses to run as root: as root, the server runs as postgres (or nobody).
as_server=()
if ((EUID == 0)); then
  server_user=postgres
  id "$server_user" >/dev/null 2>&1 || server_user=nobody
  chown "$server_user" "$work"
  as_server=(runuser -u "$server_user" --)
fi
cleanup() {
  "${as_server[@]}" "$pgbin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*"
  [[ -f $work/server.log ]] && tail -20 "$work/server.log"
  exit 1
}

"${as_server[@]}" "$pgbin/initdb" -D "$work/data" -A trust -U lc -E UTF8 --locale=C.UTF-8 --no-sync \
  >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log"; fail "initdb"; }
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${as_server[@]}" "$pgbin/pg_ctl" -D "$work/data" -l "$work/server.log" -w -t 60 \
  -o "-k $work -p $port -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null || fail "server start"

sql() { psql -h "$work" -p "$port" -U lc -d plans -v ON_ERROR_STOP=1 -At -c "$1"; }
psql -h "$work" -p "$port" -U lc -d postgres -qc "CREATE DATABASE plans" || fail "create database"
sql "CREATE EXTENSION postgis" >/dev/null || fail "create extension postgis"
sql "CREATE TABLE my_notes (note text); INSERT INTO my_notes VALUES ('not lifecircle''s')" >/dev/null

ds="PG:host=$work port=$port dbname=plans user=lc"
lifecircle_run() {
  "$bin" run --quiet --no-maps --plan "$src/tests/data/city/plan.toml" --out "$work/out" \
    --targets "$src/tests/data/targets/line-city.toml" --year 2027 --format PostgreSQL --datasource "$ds" "$@"
}
tables() { sql "SELECT string_agg(tablename, ' ' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'"; }
all_tables="coverage facilities gaps indicators isochrones my_notes spatial_ref_sys targets towns"

# 1. A first run writes every table.
out=$(lifecircle_run 2>&1) || fail "first run: $out"
[[ $(tables) == "$all_tables" ]] || fail "tables after the first run: $(tables)"
[[ $(sql "SELECT string_agg(name, ',' ORDER BY code) FROM towns") == "西镇,东镇" ]] || fail "town names"
[[ $(sql "SELECT count(*) FROM facilities WHERE wkb_geometry IS NOT NULL") -gt 0 ]] || fail "facility points"
ogrinfo -ro -so "$ds" towns | grep -q "Geometry: Multi Polygon" || fail "ogrinfo: towns are no multipolygons"
echo "ok: the first run wrote: $(tables)"
# report.html beside the tables goes through the output folder: staged, moved in, listed as ours.
[[ -s "$work/out/report.html" ]] || fail "no report.html in the output folder"
grep -qx "f report.html" "$work/out/.lifecircle-manifest" || fail "report.html is not in the folder's manifest"
if ls -A "$work/out" | grep -q staging; then fail "a staging folder was left: $(ls -A "$work/out")"; fi

# 2. Without --overwrite: refused before the work, nothing changed.
sql "UPDATE towns SET name = 'OLD'" >/dev/null
status=0
out=$(lifecircle_run 2>&1) || status=$?
((status == 1)) || fail "a run without --overwrite exited $status: $out"
grep -q "holds tables of an earlier run (towns, facilities, isochrones, coverage, gaps, indicators, targets); give --overwrite" \
  <<<"$out" || fail "refusal message: $out"
[[ $(sql "SELECT string_agg(name, ',') FROM towns") == "OLD,OLD" ]] || fail "the refused run changed towns"
echo "ok: refused without --overwrite: $out"

# 3. A run that fails after three layers: the previous tables are whole.
status=0
out=$(LIFECIRCLE_TEST_FAIL_AT=layer:coverage lifecircle_run --overwrite 2>&1) || status=$?
((status == 1)) || fail "the failing run exited $status: $out"
[[ $(tables) == "$all_tables" ]] || fail "tables after a failed run: $(tables)"
[[ $(sql "SELECT string_agg(name, ',') FROM towns") == "OLD,OLD" ]] || fail "a failed run replaced towns"
echo "ok: a failed run left the previous tables"

# 4. A run killed after five layers: the same.
status=0
LIFECIRCLE_TEST_KILL_AT=layer:gaps lifecircle_run --overwrite >/dev/null 2>&1 || status=$?
((status == 137)) || fail "the killed run exited $status"
[[ $(tables) == "$all_tables" ]] || fail "tables after a killed run: $(tables)"
[[ $(sql "SELECT string_agg(name, ',') FROM towns") == "OLD,OLD" ]] || fail "a killed run replaced towns"
echo "ok: a killed run left the previous tables"

# 5. --overwrite replaces our tables (a stale isochrones table too), not my_notes.
out=$(lifecircle_run --overwrite --no-isochrones 2>&1) || fail "overwrite run: $out"
[[ $(tables) == "coverage facilities gaps indicators my_notes spatial_ref_sys targets towns" ]] ||
  fail "tables after --overwrite --no-isochrones: $(tables)"
[[ $(sql "SELECT string_agg(name, ',' ORDER BY code) FROM towns") == "西镇,东镇" ]] || fail "towns not replaced"
[[ $(sql "SELECT note FROM my_notes") == "not lifecircle's" ]] || fail "my_notes was touched"
echo "ok: --overwrite replaced our tables and left my_notes"
echo "PASS"

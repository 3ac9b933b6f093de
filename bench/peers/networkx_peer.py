"""networkx / OSMnx side of the peer comparison, as OSMnx's isochrone example
does it (osmnx-examples, 13-isolines-isochrones.ipynb):
  (a) nx.ego_graph(G, facility, radius=900, distance="seconds") per facility;
  (b) ego_graph + make_iso_polys: the union of 50 m buffers around the
      reached nodes and edges (edge shapes from the "geometry" attribute),
      built with shapely directly (what geopandas calls underneath);
  (c) nx.multi_source_dijkstra_path_length(G, facilities, cutoff=900).
The graph is an undirected MultiGraph, so parallel edges keep their own times.

usage: networkx_peer.py DIR CAP_S N...   (prints one JSON line per N)"""

import sys
import time

import networkx as nx
from shapely import wkt as shapely_wkt
from shapely.geometry import Point
from shapely.ops import unary_union

import peers_common as pc

WIDTH_M = 50.0  # lifecircle's isochrone_buffer_m, for both nodes and edges


def main():
    folder, cap_s, sizes = sys.argv[1], float(sys.argv[2]), [int(a) for a in sys.argv[3:]]
    t0 = time.perf_counter()
    nodes, edges, facilities = pc.read_graph(folder)
    G = nx.MultiGraph()
    for i, x, y in nodes:
        G.add_node(i, x=x, y=y)
    for u, v, s, w in edges:
        G.add_edge(u, v, seconds=s, wkt=w)
    load_s, load_mib = time.perf_counter() - t0, pc.peak_mib()

    def polygon(f):
        sub = nx.ego_graph(G, f, radius=pc.BUDGET_S, distance="seconds")
        shapes = [Point(d["x"], d["y"]).buffer(WIDTH_M) for _, d in sub.nodes(data=True)]
        for _, _, d in sub.edges(data=True):
            shapes.append(shapely_wkt.loads(d["wkt"]).buffer(WIDTH_M))
        return unary_union(shapes).area

    for n in sizes:
        chosen = facilities[:n]
        s_s, counts = pc.capped(chosen, cap_s, lambda f: nx.ego_graph(G, f, radius=pc.BUDGET_S,
                                                                      distance="seconds").number_of_nodes())
        searches = (s_s, len(counts), pc.peak_mib())
        p_s, areas = pc.capped(chosen, cap_s, polygon)
        polygons = (p_s, len(areas), pc.peak_mib())
        t0 = time.perf_counter()
        reached = len(nx.multi_source_dijkstra_path_length(G, set(chosen), cutoff=pc.BUDGET_S, weight="seconds"))
        coverage = (time.perf_counter() - t0, reached, pc.peak_mib())
        pc.emit("networkx", n, load_s, load_mib, searches, polygons, coverage, counts, areas)


if __name__ == "__main__":
    main()

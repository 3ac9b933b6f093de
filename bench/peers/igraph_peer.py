"""igraph side of the peer comparison:
  (a) g.distances(source=[facility], weights="seconds") per facility: igraph
      has no cost cutoff, so every search covers the whole graph;
  (b) none: igraph builds no polygons;
  (c) one search from a virtual source joined to every facility by
      zero-cost edges (added and removed inside the timing).

usage: igraph_peer.py DIR CAP_S N...   (prints one JSON line per N)"""

import sys
import time

import igraph

import peers_common as pc


def main():
    folder, cap_s, sizes = sys.argv[1], float(sys.argv[2]), [int(a) for a in sys.argv[3:]]
    t0 = time.perf_counter()
    nodes, edges, facilities = pc.read_graph(folder)
    g = igraph.Graph(n=len(nodes), edges=[(u, v) for u, v, _, _ in edges], directed=False)
    g.es["seconds"] = [s for _, _, s, _ in edges]
    load_s, load_mib = time.perf_counter() - t0, pc.peak_mib()
    budget = pc.BUDGET_S

    def reached(f):
        return sum(1 for d in g.distances(source=[f], weights="seconds")[0] if d <= budget)

    for n in sizes:
        chosen = facilities[:n]
        s_s, counts = pc.capped(chosen, cap_s, reached)
        searches = (s_s, len(counts), pc.peak_mib())
        t0 = time.perf_counter()
        virtual = g.vcount()
        g.add_vertices(1)
        first = g.ecount()
        g.add_edges([(virtual, f) for f in chosen], attributes={"seconds": [0.0] * len(chosen)})
        dist = g.distances(source=[virtual], weights="seconds")[0]
        total = sum(1 for d in dist[:virtual] if d <= budget)
        g.delete_edges(range(first, g.ecount()))
        g.delete_vertices(virtual)
        coverage = (time.perf_counter() - t0, total, pc.peak_mib())
        pc.emit("igraph", n, load_s, load_mib, searches, None, coverage, counts, [])


if __name__ == "__main__":
    main()

"""Shared by the Python peers: reading the exported graph, the time cap, and
the result line every tool prints (one JSON object, read by compare.py).

A phase runs facility by facility until all are done or the cap has passed;
"done" says how many were run, and compare.py scales the time by N / done
(and says so) when a peer was capped."""

import csv
import json
import resource
import sys
import time

BUDGET_S = 900.0  # 15 minutes at 4 km/h, as lifecircle's side


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def read_graph(folder):
    with open(f"{folder}/nodes.csv", newline="") as f:
        nodes = [(int(r["id"]), float(r["x"]), float(r["y"])) for r in csv.DictReader(f)]
    with open(f"{folder}/edges.csv", newline="") as f:
        edges = [(int(r["source"]), int(r["target"]), float(r["seconds"]), r["wkt"]) for r in csv.DictReader(f)]
    with open(f"{folder}/facilities.txt") as f:
        facilities = [int(line) for line in f if line.strip()]
    return nodes, edges, facilities


def capped(items, cap_s, work):
    """Runs work(item) for items in order until the cap; returns (seconds, results)."""
    results = []
    t0 = time.perf_counter()
    for item in items:
        results.append(work(item))
        if time.perf_counter() - t0 > cap_s:
            break
    return time.perf_counter() - t0, results


def emit(tool, n, load_s, load_mib, searches, polygons, coverage, counts, areas):
    """searches/polygons: (seconds, done, mib) or None; coverage: (seconds, reached, mib)."""
    def phase(p):
        return None if p is None else {"s": p[0], "done": p[1], "mib": p[2]}

    out = {"tool": tool, "facilities": n, "load_s": load_s, "load_mib": load_mib,
           "searches": phase(searches), "polygons": phase(polygons),
           "coverage": {"s": coverage[0], "reached": coverage[1], "mib": coverage[2]},
           "counts": counts, "areas": areas}
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()

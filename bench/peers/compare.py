"""Reads the JSON lines every tool printed for one network, checks that all
reached the same nodes, and prints the table (Markdown) with lifecircle's
speed-up over each peer.

The rule for "the same nodes": per facility, a peer's reached-node count may
differ from lifecircle's only by the nodes lifecircle reached within 1e-6 s
of the 900 s budget (a tie another tool may sum to the other side); the same
for the multi-source coverage. Partial edges never add nodes on lifecircle's
side (they shape polygons only), so no other difference is allowed. Exits 1
on any other difference.

usage: compare.py NETWORK_NAME RESULTS.jsonl..."""

import json
import sys


def fmt_s(seconds):
    if seconds is None:
        return "–"
    if seconds < 0.01:
        return f"{seconds * 1000:.2f} ms"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.1f} s"


def scaled(phase, n):
    """Seconds for all n facilities; scaled from the facilities done when capped."""
    if phase is None:
        return None, ""
    if phase["done"] >= n:
        return phase["s"], ""
    return phase["s"] * n / phase["done"], f" (×{n}/{phase['done']})"


def main():
    name, files = sys.argv[1], sys.argv[2:]
    rows = [json.loads(line) for f in files for line in open(f) if line.strip()]
    failures = []
    for n in sorted({r["facilities"] for r in rows}):
        group = [r for r in rows if r["facilities"] == n]
        ref = next(r for r in group if r["tool"].startswith("lifecircle") and r["tool"].endswith("2T"))
        ours = [r for r in group if r["tool"].startswith("lifecircle")]
        # lifecircle's time per phase: the faster of its thread counts (on a loaded machine a
        # second thread can lose more to waiting than it gains).
        best = {k: min(r[k]["s"] for r in ours) for k in ("searches", "polygons", "coverage")}
        print(f"\n### {name}: {ref['nodes']:,} nodes, {ref['edges']:,} edges, {n:,} facilities, 15 min at 4 km/h\n")
        print("| tool | load | (a) searches | (b) searches + polygons | (c) multi-source coverage | "
              "peak RSS a / b / c | reached nodes (a, sum) | (c) reached |")
        print("|---|---|---|---|---|---|---|---|")
        for r in group:
            cells = []
            for key in ("searches", "polygons"):
                s, note = scaled(r[key], n)
                cells.append(fmt_s(s) + note)
            mib = " / ".join("–" if r[k] is None else f"{r[k]['mib']:.0f}" for k in ("searches", "polygons", "coverage"))
            done = r["searches"]["done"]
            reached = sum(r["counts"][:done])
            print(f"| {r['tool']} | {fmt_s(r['load_s'])} | {cells[0]} | {cells[1]} | {fmt_s(r['coverage']['s'])} | "
                  f"{mib} MiB | {reached:,}{'' if done >= n else f' (first {done})'} | {r['coverage']['reached']:,} |")
            # The same nodes, facility by facility, under the tie rule.
            for i in range(done):
                diff = abs(r["counts"][i] - ref["counts"][i])
                if diff > ref["ties"][i]:
                    failures.append(f"{name}, {n} facilities: {r['tool']} reaches {r['counts'][i]} nodes from "
                                    f"facility {i}, lifecircle {ref['counts'][i]:.0f} ({ref['ties'][i]:.0f} ties)")
            if abs(r["coverage"]["reached"] - ref["coverage"]["reached"]) > ref["coverage"]["ties"]:
                failures.append(f"{name}, {n} facilities: {r['tool']} coverage reaches {r['coverage']['reached']} "
                                f"nodes, lifecircle {ref['coverage']['reached']}")
        if all("engine_searches_s" in r for r in ours):
            print(f"\n(a) for lifecircle is the bare search; its engine path, which also cuts the reached "
                  f"streets for their length: {fmt_s(min(r['engine_searches_s'] for r in ours))}.")
        print(f"\nlifecircle's speed-up (peer time / lifecircle's faster of 1T and 2T, same run):\n")
        print("| over | (a) searches | (b) searches + polygons | (c) coverage |")
        print("|---|---|---|---|")
        for r in group:
            if r["tool"].startswith("lifecircle"):
                continue
            ratios = []
            for key in ("searches", "polygons"):
                s, _ = scaled(r[key], n)
                ratios.append("–" if s is None else f"{s / best[key]:,.0f}×")
            ratios.append(f"{r['coverage']['s'] / best['coverage']:,.0f}×")
            print(f"| {r['tool']} | " + " | ".join(ratios) + " |")
    if failures:
        print("\nREACHED NODES DIFFER:", *failures[:20], sep="\n  ", file=sys.stderr)
        sys.exit(1)
    print(f"\n{name}: every tool reached the same nodes (tie rule: ±nodes within 1e-6 s of the budget).")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Checks the library's module layering (doc/architecture.md):

- a module includes only modules below it in LAYERS (never one above, so the
  include graph has no cycle);
- no file includes another module's detail/ headers (detail/ is private to
  its module).

Reads every .hpp/.cpp under include/lifecircle/<module>/ and src/<module>/.
Prints the module picture (each module and what it includes); exit 1 with one
line per offending include otherwise.
Usage: python3 scripts/check-modules.py [repository root]
"""
import os
import re
import sys

# Lowest first: each module may include only the ones before it.
LAYERS = ["util", "io", "graph", "routing", "geom", "study", "coverage", "map", "report", "partition", "pipeline",
          "cli"]
INCLUDE = re.compile(r'#\s*include\s+"lifecircle/([a-z_]+)/([^"]+)"')


def main(root):
    rank = {m: i for i, m in enumerate(LAYERS)}
    uses = {m: set() for m in LAYERS}
    faults = []
    for base in ("include/lifecircle", "src"):
        for folder, _, files in os.walk(os.path.join(root, base)):
            rel = os.path.relpath(folder, os.path.join(root, base))
            if rel == ".":
                continue
            module = rel.split(os.sep)[0]
            for name in sorted(files):
                if not name.endswith((".hpp", ".cpp")):
                    continue
                path = os.path.join(folder, name)
                shown = os.path.relpath(path, root)
                if module not in rank:
                    faults.append(f"{shown}: module '{module}' is not in LAYERS (scripts/check-modules.py)")
                    continue
                with open(path, encoding="utf-8") as f:
                    for number, line in enumerate(f, 1):
                        m = INCLUDE.match(line.strip())
                        if not m or m.group(1) == module:
                            continue
                        target, header = m.group(1), m.group(2)
                        where = f"{shown}:{number}: includes lifecircle/{target}/{header}"
                        if target not in rank:
                            faults.append(f"{where}: no such module")
                            continue
                        uses[module].add(target)
                        if header.startswith("detail/"):
                            faults.append(f"{where}: another module's detail/ header")
                        if rank[target] > rank[module]:
                            faults.append(f"{where}: '{target}' is above '{module}'")
    for module in LAYERS:
        below = sorted(uses[module], key=rank.get)
        print(f"{module:10} -> {' '.join(below) if below else '(nothing)'}")
    for fault in faults:
        print(fault, file=sys.stderr)
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")))

#!/usr/bin/env python3
"""Golden CLI tests: runs one case of `lifecircle` on the line city (tests/data/city)
and compares what it printed and wrote, byte for byte, with tests/golden/<case>/.

Per case the reference files are:
  status          the exit status
  stdout, stderr  what the program printed (stderr must match too: empty when nothing is expected)
  files.txt       the names of every file and folder the command wrote in its output folder
  <name>.csv      each table the case names, as written
  <name>.gpkg.txt each GeoPackage, dumped as text (see dump_gpkg)

Printed text is normalised in three ways only (normalise()): the output folder's
absolute path -> <out>, the source tree's absolute path -> <src>, and the elapsed
time of "Done in 1.234 s" -> "Done in <seconds> s"; the GeoPackage dump's rules are
in dump_gpkg(). The program is called as "lifecircle" (argv[0]), so its usage
lines do not name the build folder, with LC_ALL=C.UTF-8 and TZ=UTC.

Usage: golden.py --binary PATH --source-dir DIR --work-dir DIR --case NAME [--update] [--registered LIST]
  --update (or LIFECIRCLE_UPDATE_GOLDEN=1) rewrites tests/golden/<case>/ from this run.
Exit codes: 0 pass, 1 fail (a unified diff of the first differing lines), 77 skipped (no ogr2ogr).
"""

import argparse
import csv
import difflib
import io
import os
import re
import shutil
import subprocess
import sys

CITY = "tests/data/city"
PLAN = CITY + "/plan.toml"
TARGETS = "tests/data/targets/line-city.toml"

# name -> (arguments, expected output files); <src> and <out> are replaced by the
# source tree and the case's output folder. "--quiet" keeps the progress lines
# (with their timings) off stderr; warnings still reach it.
CASES = {
    "help": (["--help"], []),
    "version": (["--version"], []),
    "help-info": (["info", "--help"], []),
    "help-init": (["init", "--help"], []),
    "help-run": (["run", "--help"], []),
    "help-check": (["check", "--help"], []),
    "help-compare": (["compare", "--help"], []),
    "help-suggest": (["suggest", "--help"], []),
    "usage-error": (["run", "--no-such-option"], []),
    "info": (["info", "--plan", "<src>/" + PLAN], []),
    "info-json": (["info", "--json", "--plan", "<src>/" + PLAN], []),
    "run": (["run", "--plan", "<src>/" + PLAN, "--out", "<out>", "--quiet", "--no-maps"],
            ["indicators.csv", "lifecircle.gpkg"]),
    "check": (["check", "--plan", "<src>/" + PLAN, "--targets", "<src>/" + TARGETS, "--year", "2027",
               "--out", "<out>", "--quiet"],
              ["targets.csv"]),
    "compare": (["compare", "--plan", "<src>/" + PLAN, "--scenario", "<src>/" + CITY + "/scenario-planned.toml",
                 "--targets", "<src>/" + TARGETS, "--year", "2027", "--out", "<out>", "--quiet", "--no-maps",
                 "--no-report"],
                ["compare.csv", "compare-targets.csv", "compare.gpkg"]),
    "suggest": (["suggest", "--plan", "<src>/" + PLAN, "--category", "park", "--count", "1", "--candidates",
                 "<src>/" + CITY + "/candidates.csv", "--out", "<out>", "--quiet"],
                ["suggest.csv", "suggest.gpkg"]),
}

# Coordinates and Real attributes in the GeoPackage dump (rounded()): 10 significant digits
# (1e-7 degrees, about 1 cm), so the dump does not hang on the last bits of a double.
NUMBER = re.compile(r"-?\d+\.\d+(?:[eE][-+]?\d+)?|-?\d+[eE][-+]?\d+")


def rounded(cell, is_wkt):
    """The WKT's every coordinate, or the cell when it is a number with a fraction;
    other text (names, the styles' QML) stays as written."""
    if is_wkt:
        return NUMBER.sub(lambda m: "%.10g" % float(m.group(0)), cell)
    return "%.10g" % float(cell) if NUMBER.fullmatch(cell) else cell


def normalise(text, src, out):
    text = text.replace(out, "<out>").replace(src, "<src>")
    return re.sub(r"Done in [0-9.]+ s", "Done in <seconds> s", text)


def schema_lines(section):
    """One layer's part of `ogrinfo -so -al`, without the extent (the geometry
    shows it) and with the CRS as its EPSG code (PROJ's WKT wording varies by version)."""
    kept, in_srs = [], False
    for line in section.splitlines():
        if line.startswith("Layer SRS WKT:"):
            in_srs = True
            continue
        if in_srs:
            epsg = re.match(r'^    ID\["EPSG",(\d+)\]\]$', line)
            if epsg:
                kept.append("SRS: EPSG:" + epsg.group(1))
            if not line.startswith("Data axis to CRS axis mapping"):
                continue
            in_srs = False
        if line and not line.startswith(("Extent:", "Metadata:", "  ")):
            kept.append(line)
    return kept


def dump_gpkg(path, scratch):
    """The dataset's metadata, then per layer its schema (schema_lines) and every
    feature as CSV with the geometry as WKT, numbers rounded (rounded());
    layer_styles' update_time (the moment of writing) is dropped. Two GDAL
    processes per file: the tests run on a loaded machine."""
    folder, name = os.path.split(path)
    info = subprocess.run(["ogrinfo", "-ro", "-so", "-al", name], cwd=folder, capture_output=True, text=True,
                          check=True).stdout
    sections = re.split(r"^(?=Layer name: )", info, flags=re.M)
    head = sections[0].split("Metadata:\n", 1)
    parts = ["".join(line + "\n" for line in head[1].splitlines() if line.startswith("  ")) if len(head) > 1 else ""]
    csv_dir = os.path.join(scratch, name + "-layers")
    subprocess.run(["ogr2ogr", "-f", "CSV", "-lco", "GEOMETRY=AS_WKT", csv_dir, name], cwd=folder, check=True,
                   capture_output=True)
    for section in sections[1:]:
        layer = section.splitlines()[0][len("Layer name: "):]
        with open(os.path.join(csv_dir, layer + ".csv"), encoding="utf-8", newline="") as f:
            table = list(csv.reader(f))
        if table and "update_time" in table[0]:
            drop = table[0].index("update_time")
            table = [row[:drop] + row[drop + 1:] for row in table]
        buffer = io.StringIO()
        wkt = table[0].index("WKT") if table and "WKT" in table[0] else -1
        csv.writer(buffer, lineterminator="\n").writerows(
            [[rounded(cell, column == wkt) for column, cell in enumerate(row)] for row in table])
        parts.append("## layer %s\n%s\n%s" % (layer, "\n".join(schema_lines(section)), buffer.getvalue()))
    return "\n".join(parts)


def listing(out):
    names = []
    for root, dirs, files in os.walk(out):
        for entry in dirs + files:
            full = os.path.join(root, entry)
            names.append(os.path.relpath(full, out) + ("/" if os.path.isdir(full) else ""))
    return "".join(n + "\n" for n in sorted(names))


def produce(binary, src, work, case):
    """The case's actual files: name -> text."""
    args, outputs = CASES[case]
    out = os.path.join(work, "out")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    argv = ["lifecircle"] + [a.replace("<src>", src).replace("<out>", out) for a in args]
    env = dict(os.environ, LC_ALL="C.UTF-8", TZ="UTC")  # one locale and time zone wherever it runs
    done = subprocess.run(argv, executable=binary, cwd=work, capture_output=True, env=env, timeout=120)
    got = {
        "status": "%d\n" % done.returncode,
        "stdout": normalise(done.stdout.decode("utf-8", "backslashreplace"), src, out),
        "stderr": normalise(done.stderr.decode("utf-8", "backslashreplace"), src, out),
    }
    if os.path.isdir(out):
        got["files.txt"] = listing(out)
    for name in outputs:
        path = os.path.join(out, name)
        if not os.path.exists(path):
            got[name] = "(not written)\n"
        elif name.endswith(".gpkg"):
            got[name + ".txt"] = dump_gpkg(path, work)
        else:
            with open(path, encoding="utf-8", newline="") as f:
                got[name] = f.read()
    return got


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--case", required=True, choices=sorted(CASES))
    parser.add_argument("--update", action="store_true")
    parser.add_argument("--registered", help="the cases tests/CMakeLists.txt registers (;-separated): all of CASES")
    a = parser.parse_args()
    if a.registered is not None and sorted(a.registered.split(";")) != sorted(CASES):
        print("FAIL: tests/CMakeLists.txt registers %s but golden.py has %s" % (sorted(a.registered.split(";")),
                                                                               sorted(CASES)))
        return 1
    if shutil.which("ogr2ogr") is None or shutil.which("ogrinfo") is None:
        print("SKIP: ogr2ogr/ogrinfo not found", file=sys.stderr)
        return 77
    src = os.path.realpath(a.source_dir)
    golden_root = os.path.join(src, "tests", "golden")
    stale = sorted(set(n for n in os.listdir(golden_root) if os.path.isdir(os.path.join(golden_root, n))) - set(CASES))
    if stale:
        print("FAIL: tests/golden has folders of no case: %s (remove them)" % ", ".join(stale))
        return 1
    golden = os.path.join(golden_root, a.case)
    got = produce(os.path.realpath(a.binary), src, os.path.realpath(a.work_dir), a.case)

    if a.update or os.environ.get("LIFECIRCLE_UPDATE_GOLDEN") == "1":
        shutil.rmtree(golden, ignore_errors=True)
        os.makedirs(golden)
        for name, text in got.items():
            with open(os.path.join(golden, name), "w", encoding="utf-8", newline="") as f:
                f.write(text)
        print("updated %s (%d files): review `git diff tests/golden` before committing" % (golden, len(got)))
        return 0

    expected_names = sorted(os.listdir(golden)) if os.path.isdir(golden) else []
    failures = 0
    for name in sorted(set(expected_names) | set(got)):
        path = os.path.join(golden, name)
        want = open(path, encoding="utf-8", newline="").read() if name in expected_names else None
        have = got.get(name)
        if want == have:
            continue
        failures += 1
        if want is None:
            print("FAIL %s: %s is new (no reference file %s)" % (a.case, name, path))
            continue
        if have is None:
            print("FAIL %s: %s was not produced (reference %s)" % (a.case, name, path))
            continue
        print("FAIL %s: %s differs from %s" % (a.case, name, path))
        diff = list(difflib.unified_diff(want.splitlines(True), have.splitlines(True), "golden/" + a.case + "/" +
                                         name, "actual/" + name, n=2))
        for line in diff[:40]:  # long lines (the styles' QML) cut, so the diff stays readable
            line = line.rstrip("\n")
            print(line if len(line) <= 300 else line[:300] + " ... (%d more characters)" % (len(line) - 300))
        if len(diff) > 40:
            print("... (%d more diff lines)" % (len(diff) - 40))
    if failures:
        print("%d file(s) differ; if the change is intended: LIFECIRCLE_UPDATE_GOLDEN=1 ctest --test-dir build/ci "
              "-R '^golden_' and review `git diff tests/golden` (tests/golden/README.md)" % failures)
        return 1
    print("PASS %s: %d files match" % (a.case, len(got)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

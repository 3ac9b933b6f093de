#!/usr/bin/env python3
"""lifecircle.qgz and the GeoPackage's layer_styles, opened headless in QGIS (PyQGIS).

Runs `lifecircle run` on a plan (default: the small test city, tests/data/city)
into a scratch folder, then:
  - lifecircle.qgz is a zip holding one .qgs whose layers point at ./lifecircle.gpkg
    (relative paths); QgsProject reads it; its CRS is EPSG:3857 and its extent
    holds the towns;
  - every layer is valid and has the style lifecircle wrote: towns graduated on a
    share field with town-name labels, coverage graduated on minutes, facilities
    categorized by status, gaps a heat map weighted by population, isochrones
    hidden; each category's layers are filtered to that category (feature counts
    match the GeoPackage's) and sit in the category's group; the drawing order
    puts facilities above gaps above coverage above the towns;
  - each map layer of the GeoPackage opened alone (no project) has QGIS's default
    single symbol until loadDefaultStyle(), which reads layer_styles and gives it
    the style above;
  - the project renders (QgsMapRendererParallelJob, 1200x900) to a picture that
    is not blank: several distinct colours, a towns' class colour among them.
    The PNG is kept (--png, default <work-dir>/qgis-project.png).

Exit 0 pass, 1 fail, 77 QGIS's Python bindings are not installed (ctest SKIP_RETURN_CODE).
"""

import argparse
import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
import zipfile

SKIP = 77
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's python3-qgis lives in its dist-packages

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "XDG_RUNTIME_DIR" not in os.environ:
    os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="lifecircle-qgis-runtime-")  # mode 0700
    os.environ["LIFECIRCLE_QGIS_RUNTIME"] = os.environ["XDG_RUNTIME_DIR"]
# Ours to remove, in whichever process ends last (the re-exec below inherits it).
if os.environ.get("LIFECIRCLE_QGIS_RUNTIME"):
    atexit.register(shutil.rmtree, os.environ["LIFECIRCLE_QGIS_RUNTIME"], True)
try:
    from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsCoordinateTransform,
                           QgsMapRendererParallelJob, QgsMapSettings, QgsProject, QgsRectangle,
                           QgsVectorLayer)
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor
except ImportError:
    if os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PYTHON) and os.path.exists(SYSTEM_PYTHON) \
            and not os.environ.get("LIFECIRCLE_QGIS_REEXEC"):
        os.environ["LIFECIRCLE_QGIS_REEXEC"] = "1"
        os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON] + sys.argv)
    print("SKIP: QGIS's Python bindings (Debian python3-qgis) are not installed")
    sys.exit(SKIP)

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)
    return ok


def run_lifecircle(binary, plan, out_dir):
    cmd = [binary, "run", "--plan", plan, "--out", out_dir, "--threads", "2", "--quiet", "--no-maps"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        print(done.stdout, done.stderr, sep="\n")
        raise SystemExit(f"lifecircle run exited {done.returncode}")


ID_PREFIX = "lifecircle_"  # QGIS keeps only ids longer than 10 characters


def check_declared_output(binary, plan, work):
    """lifecircle.qgz is one of run's declared outputs: a file of that name not
    written by lifecircle is kept, and the run refused, without --overwrite."""
    folder = os.path.join(work, "theirs")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    theirs = os.path.join(folder, "lifecircle.qgz")
    with open(theirs, "w") as f:
        f.write("my own project\n")
    cmd = [binary, "run", "--plan", plan, "--out", folder, "--quiet", "--no-maps"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    check(done.returncode == 1 and "lifecircle.qgz" in done.stderr and "--overwrite" in done.stderr,
          f"a lifecircle.qgz not ours is refused without --overwrite (exit {done.returncode}: {done.stderr.strip()})")
    with open(theirs) as f:
        check(f.read() == "my own project\n", "a lifecircle.qgz not ours is kept")


def expected_renderer(layer_id):
    layer_id = layer_id[len(ID_PREFIX):] if layer_id.startswith(ID_PREFIX) else ""
    for prefix, kind in (("towns", "graduatedSymbol"), ("coverage", "graduatedSymbol"),
                         ("facilities", "categorizedSymbol"), ("gaps", "heatmapRenderer"),
                         ("isochrones", "singleSymbol")):
        if layer_id.startswith(prefix):
            return prefix, kind
    return None, None


def check_project_file(qgz):
    check(zipfile.is_zipfile(qgz), "lifecircle.qgz is a zip archive")
    with zipfile.ZipFile(qgz) as z:
        check(z.testzip() is None, "lifecircle.qgz: every entry's CRC matches")
        names = z.namelist()
        check(names == ["lifecircle.qgs"], f"lifecircle.qgz holds one lifecircle.qgs (holds {names})")
        root = ET.fromstring(z.read(names[0]))
    sources = [e.text for e in root.iter("datasource")]
    check(sources and all(s.startswith("./lifecircle.gpkg|layername=") for s in sources),
          f"every layer's datasource is relative to ./lifecircle.gpkg ({sources[:2]}...)")
    ext = root.find("mapcanvas/extent")
    return QgsRectangle(*(float(ext.find(k).text) for k in ("xmin", "ymin", "xmax", "ymax")))


def check_layers(project, gpkg):
    root = project.layerTreeRoot()
    layers = project.mapLayers()
    check(len(layers) >= 4, f"the project has its layers ({len(layers)})")
    kinds = {}
    for layer_id, layer in layers.items():
        check(layer.isValid(), f"layer {layer_id} is valid")
        prefix, kind = expected_renderer(layer_id)
        if not check(prefix is not None, f"layer {layer_id} is one of lifecircle's"):
            continue
        kinds.setdefault(prefix, []).append(layer_id)
        renderer = layer.renderer()
        check(renderer is not None and renderer.type() == kind,
              f"layer {layer_id}: renderer {renderer.type() if renderer else None}, expected {kind}")
        check(os.path.samefile(layer.source().split("|")[0], gpkg),
              f"layer {layer_id} reads {gpkg} (reads {layer.source()})")
        node = root.findLayer(layer_id)
        if prefix == "towns":
            check(layer.labelsEnabled() and layer.labeling() is not None
                  and layer.labeling().settings().fieldName == "name", "towns are labelled with their names")
            check(renderer.classAttribute().endswith("_share"),
                  f"towns are coloured by a share ({renderer.classAttribute()})")
            check(node.parent() == root, "the towns sit at the top level of the layer tree")
        elif prefix == "gaps":
            check(renderer.weightExpression().strip('"') == "population", "the heat map is weighted by population")
        elif prefix == "coverage":
            check(renderer.classAttribute() == "minutes", "coverage is graduated on minutes")
        elif prefix == "facilities":
            values = {c.value() for c in renderer.categories()}
            check({"existing", "planned"} <= values, f"facilities are categorized by status ({values})")
        if prefix != "towns":
            category = layer_id[len(ID_PREFIX) + len(prefix) + 1:]
            check(layer.subsetString() == f"\"category\" = '{category}'",
                  f"layer {layer_id} is filtered to its category ({layer.subsetString()})")
            whole = QgsVectorLayer(f"{gpkg}|layername={prefix}", prefix, "ogr")
            expected = sum(1 for f in whole.getFeatures() if f["category"] == category)
            check(layer.featureCount() == expected,
                  f"layer {layer_id}: {layer.featureCount()} features, the GeoPackage has {expected}")
            check(node.parent() != root and category in node.parent().name(),
                  f"layer {layer_id} is in its category's group ({node.parent().name()})")
            if prefix == "isochrones":
                check(not node.itemVisibilityChecked(), f"{layer_id} is off by default")
    for prefix in ("towns", "coverage", "facilities", "gaps"):
        check(prefix in kinds, f"the project has a {prefix} layer")
    order = [l.id() for l in root.layerOrder()]  # top to bottom
    rank = {p: max(i for i, lid in enumerate(order) if lid.startswith(ID_PREFIX + p)) for p in kinds}
    first = {p: min(i for i, lid in enumerate(order) if lid.startswith(ID_PREFIX + p)) for p in kinds}
    check(rank["facilities"] < first["gaps"] and rank["gaps"] < first["coverage"]
          and rank["coverage"] < first["towns"], f"drawing order: facilities, gaps, coverage, towns ({order})")
    check(order[-1] == ID_PREFIX + "towns", "the towns are drawn first (at the bottom)")
    return kinds


def check_default_styles(gpkg):
    expected = {"towns": "graduatedSymbol", "coverage": "graduatedSymbol", "facilities": "categorizedSymbol",
                "gaps": "heatmapRenderer", "isochrones": "singleSymbol"}
    for table, kind in expected.items():
        options = QgsVectorLayer.LayerOptions()
        options.loadDefaultStyle = False
        layer = QgsVectorLayer(f"{gpkg}|layername={table}", table, "ogr", options)
        if not check(layer.isValid(), f"{gpkg}: layer {table} opens"):
            continue
        before = layer.renderer().type()
        if table != "isochrones":
            check(before == "singleSymbol", f"{table}: QGIS's own default before loading ({before})")
        message, ok = layer.loadDefaultStyle()
        check(ok, f"{table}: loadDefaultStyle() reads layer_styles ({message})")
        check(layer.renderer().type() == kind, f"{table}: default style's renderer {layer.renderer().type()}, "
                                                f"expected {kind}")
        if table == "towns":
            check(layer.labelsEnabled(), "towns: the default style labels the towns")
        if table == "isochrones":  # our outline-only symbol, not QGIS's random fill
            check(layer.renderer().symbol().symbolLayer(0).brushStyle() == 0, "isochrones: outlines only")


def render(project, extent, png):
    root = project.layerTreeRoot()
    layers = [l for l in root.layerOrder() if root.findLayer(l.id()).isVisible()]
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(project.crs())
    settings.setOutputSize(QSize(1200, 900))
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setExtent(extent)
    settings.setTransformContext(project.transformContext())
    start = time.monotonic()
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    seconds = time.monotonic() - start
    image = job.renderedImage()
    check(image.save(png, "PNG"), f"the render is saved to {png}")
    print(f"rendered {len(layers)} layers at 1200x900 in {seconds:.2f} s -> {png}")
    return image, layers


def check_image(image, towns):
    counts = {}
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            rgb = image.pixel(x, y) & 0xffffff
            counts[rgb] = counts.get(rgb, 0) + 1
    total = sum(counts.values())
    check(len(counts) >= 6, f"the render has several colours ({len(counts)})")
    check(max(counts.values()) < 0.9 * total, "the render is not one colour")

    def near(a, b):
        return all(abs(((a >> s) & 255) - ((b >> s) & 255)) <= 6 for s in (0, 8, 16))

    town_colours = {r.symbol().color().rgb() & 0xffffff for r in towns.renderer().ranges()}
    present = [c for c in town_colours if any(near(c, p) for p in counts)]
    check(present, f"a towns' class colour is drawn ({[hex(c) for c in town_colours]})")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", required=True, help="the lifecircle program")
    ap.add_argument("--source-dir", required=True, help="the source tree")
    ap.add_argument("--plan", help="plan to run (default: tests/data/city/plan.toml)")
    ap.add_argument("--work-dir", help="scratch folder (default: a temporary one)")
    ap.add_argument("--png", help="where to keep the render (default: <work-dir>/qgis-project.png)")
    args = ap.parse_args()

    plan = args.plan or os.path.join(args.source_dir, "tests", "data", "city", "plan.toml")
    work = args.work_dir or tempfile.mkdtemp(prefix="lifecircle-qgis-")
    os.makedirs(work, exist_ok=True)
    out = os.path.join(work, "out")
    shutil.rmtree(out, ignore_errors=True)
    run_lifecircle(args.binary, plan, out)
    gpkg = os.path.join(out, "lifecircle.gpkg")
    qgz = os.path.join(out, "lifecircle.qgz")
    if not check(os.path.exists(qgz), "lifecircle run wrote lifecircle.qgz"):
        return 1
    print(f"lifecircle.gpkg {os.path.getsize(gpkg)} bytes, lifecircle.qgz {os.path.getsize(qgz)} bytes")
    extent = check_project_file(qgz)
    check_declared_output(args.binary, plan, work)

    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    project = QgsProject.instance()
    check(project.read(qgz), f"QgsProject reads {qgz}")
    check(project.crs().authid() == "EPSG:3857", f"the project's CRS is EPSG:3857 ({project.crs().authid()})")
    kinds = check_layers(project, gpkg)
    towns = project.mapLayer(ID_PREFIX + "towns")
    if towns is not None:
        to_mercator = QgsCoordinateTransform(towns.crs(), QgsCoordinateReferenceSystem("EPSG:3857"), project)
        check(extent.contains(to_mercator.transformBoundingBox(towns.extent())),
              "the project's extent holds the towns")
    check_default_styles(gpkg)
    if towns is not None and kinds:
        image, _ = render(project, extent, args.png or os.path.join(work, "qgis-project.png"))
        check_image(image, towns)
    project.clear()
    app.exitQgis()
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("lifecircle.qgz and layer_styles: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

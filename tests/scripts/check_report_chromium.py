#!/usr/bin/env python3
"""report.html opened in headless Chromium, driven over the DevTools protocol
through a pipe (fds 3 and 4, messages as JSON ended by NUL), stdlib only.

Test mode (default): runs `lifecircle run` on the line city (tests/data/city)
with its target check, then checks the page:
  - it loads with no exception, console error/warning or error log entry (the
    page's Content-Security-Policy turns any external reference into one);
  - every number cell holds exactly indicators.csv's value (data-value) and
    shows it in the report's format; the hand-computed line city figures are
    there; every target line has targets.csv's status and target;
  - images (if any) are decoded; the interactive map (if any) loads Leaflet
    and draws every town and each category's facilities;
  - a screenshot is not blank, and two Chinese-only headings are drawn with an
    installed CJK font: their crops have ink and differ from each other (tofu
    boxes of different characters look alike), and Chromium reports a font
    fontconfig lists for Chinese.
A negative control first checks that a page with a console error is caught.

Report mode (--report FILE): the same checks on an existing report, with
indicators.csv and targets.csv beside it when present. --screenshot saves a
PNG of the page (--full-page: all of it).

Exit 0 pass, 1 fail, 77 Chromium not installed (ctest SKIP_RETURN_CODE).
"""

import argparse
import csv
import fcntl
import json
import math
import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zlib

SKIP = 77


# ---------------------------------------------------------------- PNG decoding (zlib only)

def decode_png(data):
    """Returns (width, height, rows of (r, g, b) tuples) of an 8-bit RGB/RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width, height, colour = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), f"unsupported PNG depth {depth} colour type {colour}"
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    channels = 4 if colour == 6 else 3
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            up_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else up_left
                line[i] = (line[i] + pred) & 255
        rows.append([tuple(line[x * channels:x * channels + 3]) for x in range(width)])
        previous = line
    return width, height, rows


def ink_mask(rows):
    """Dark pixels (text) of a crop: luminance below 160."""
    return [[(r * 299 + g * 587 + b * 114) // 1000 < 160 for (r, g, b) in row] for row in rows]


# ---------------------------------------------------------------- DevTools over a pipe

class Browser:
    def __init__(self, chromium, profile_dir, log_path):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def wire_fds():  # in the child: the protocol's fds 3 (commands in) and 4 (replies out)
            a = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)
            os.close(a)
            os.close(b)

        self.log = open(log_path, "wb")
        args = [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
                f"--user-data-dir={profile_dir}", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-sync",
                "--disable-component-update", "--mute-audio", "--hide-scrollbars", "about:blank"]
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log,
                                     close_fds=False, preexec_fn=wire_fds, start_new_session=True)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def send(self, method, params=None, session=True, timeout=20.0):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_event(self, method, timeout=20.0):
        for e in self.events:
            if e["method"] == method:
                return e
        deadline = time.monotonic() + timeout
        while True:
            e = self._read(deadline)
            if "method" in e:
                self.events.append(e)
                if e["method"] == method:
                    return e

    def _read(self, deadline):
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from Chromium in time")
            ready, _, _ = select.select([self.from_chrome], [], [], left)
            if ready:
                chunk = os.read(self.from_chrome, 1 << 20)
                if not chunk:
                    raise RuntimeError("Chromium closed the DevTools pipe")
                self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def evaluate(self, expression, await_promise=False):
        r = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                           "awaitPromise": await_promise})
        if "exceptionDetails" in r:
            raise RuntimeError(f"evaluate failed: {r['exceptionDetails']}")
        return r["result"].get("value")

    def open_page(self, width, height):
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 session=False)["sessionId"]
        for domain in ("Runtime", "Log", "Page", "DOM", "CSS"):
            self.send(domain + ".enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def navigate(self, url):
        self.events = [e for e in self.events if e["method"] != "Page.loadEventFired"]
        self.send("Page.navigate", {"url": url})
        self.wait_event("Page.loadEventFired")
        self.evaluate("document.fonts.ready.then(() => true)", await_promise=True)
        time.sleep(0.3)  # late console messages
        self.evaluate("1")  # drains the pipe into self.events

    def problems(self):
        """Exceptions, console errors and warnings, error log entries seen so far."""
        found = []
        for e in self.events:
            p = e.get("params", {})
            if e["method"] == "Runtime.exceptionThrown":
                found.append("exception: " + p["exceptionDetails"].get("text", "") + " " +
                             str(p["exceptionDetails"].get("exception", {}).get("description", "")))
            elif e["method"] == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
                found.append(f"console {p['type']}: " + " ".join(str(a.get("value", a.get("description", "")))
                                                            for a in p.get("args", [])))
            elif e["method"] == "Log.entryAdded" and p["entry"].get("level") == "error":
                found.append("log error: " + p["entry"].get("text", "") + " " + p["entry"].get("url", ""))
        return found

    def screenshot(self, clip=None):
        import base64
        params = {"format": "png", "captureBeyondViewport": clip is not None}
        if clip:
            params["clip"] = dict(clip, scale=1)
        return base64.b64decode(self.send("Page.captureScreenshot", params, timeout=40.0)["data"])

    def close(self):
        try:
            if self.proc.poll() is None:
                try:
                    os.write(self.to_chrome, json.dumps({"id": 999999, "method": "Browser.close"}).encode() + b"\0")
                    self.proc.wait(timeout=5)
                except (OSError, subprocess.TimeoutExpired):
                    pass
        finally:
            if self.proc.poll() is None:
                os.killpg(self.proc.pid, signal.SIGKILL)  # the browser's own process group: its helpers too
                self.proc.wait()
            for fd in (self.to_chrome, self.from_chrome):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self.log.close()


# ---------------------------------------------------------------- expected formats (the report's)

def whole(value):  # C's llround: halves away from zero
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def grouped(value):
    return f"{whole(value):,}"


def trimmed(value, decimals):
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def shown(measure, value):
    if measure.endswith("_share"):
        text = f"{value * 100:.1f}%"
        return "0.0%" if text == "-0.0%" else text
    if measure == "capacity_per_1000":
        return trimmed(value, 2)
    return grouped(value)


# ---------------------------------------------------------------- the checks

CELLS_JS = """JSON.stringify(Array.from(document.querySelectorAll('td[data-measure]:not([data-scenario])'))
  .map(td => [td.dataset.category, td.dataset.town, td.dataset.measure, td.dataset.value, td.textContent]))"""
TARGETS_JS = """JSON.stringify(Array.from(document.querySelectorAll('tr[data-indicator]'))
  .map(tr => [tr.dataset.indicator, tr.dataset.town, tr.dataset.status, tr.cells[3].textContent]))"""
IMAGES_JS = """JSON.stringify(Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.src.slice(0, 22)]))"""
MAP_JS = """JSON.stringify((() => {
  const map = document.getElementById('map');
  if (!map) return null;
  const select = document.getElementById('map-category');
  const seen = [];
  for (let k = 0; k < select.options.length; ++k) {
    select.value = String(k);
    select.dispatchEvent(new Event('change'));
    seen.push([document.getElementById('map-note').textContent,
               map.querySelectorAll('path.leaflet-interactive').length]);
  }
  select.value = '0';
  select.dispatchEvent(new Event('change'));
  const data = JSON.parse(document.getElementById('map-data').textContent);
  const r = map.getBoundingClientRect();
  return {leaflet: typeof L, towns: data.towns.features.length, categories: data.categories.length,
          facilities: data.categories.map(c => c.facilities.length), seen: seen,
          rect: [r.x + scrollX, r.y + scrollY, r.width, r.height]};
})())"""
ZH_JS = """JSON.stringify(Array.from(document.querySelectorAll('h2 .zh')).slice(0, 2).map(s => {
  const r = s.getBoundingClientRect(); return [s.textContent, r.x + scrollX, r.y + scrollY, r.width, r.height]; }))"""


def check_cells(browser, indicators_csv, failures, expected_cells):
    cells = json.loads(browser.evaluate(CELLS_JS))
    if not cells:
        failures.append("no number cells on the page")
    csv_values = {}
    if indicators_csv:
        with open(indicators_csv, newline="", encoding="utf-8-sig") as f:  # lifecircle writes a BOM
            for r in csv.DictReader(f):
                csv_values[(r["category"], r["town_code"], r["measure"])] = r["value"]
    seen = set()
    for category, town, measure, value, text in cells:
        key = (category, town, measure)
        seen.add(key)
        if csv_values and csv_values.get(key) != value:
            failures.append(f"cell {key}: data-value {value!r}, indicators.csv {csv_values.get(key)!r}")
        if text != shown(measure, float(value)):
            failures.append(f"cell {key}: shows {text!r}, expected {shown(measure, float(value))!r}")
    for key in csv_values:
        if key[2] == "coverage_share" and key not in seen:
            failures.append(f"indicators.csv row {key} is not on the page")
    for key, text in expected_cells.items():
        texts = [c[4] for c in cells if tuple(c[:3]) == key]
        if text not in texts:
            failures.append(f"cell {key}: expected {text!r}, page has {texts}")
    return len(cells)


def check_targets(browser, targets_csv, failures, expected_status):
    lines = json.loads(browser.evaluate(TARGETS_JS))
    on_page = {(i, t): (s, target) for i, t, s, target in lines}
    if targets_csv:
        with open(targets_csv, newline="", encoding="utf-8-sig") as f:
            for r in csv.DictReader(f):
                key = (r["indicator"], r["town_code"])
                if key not in on_page:
                    failures.append(f"target line {key} is not on the page")
                elif on_page[key] != (r["status"], r["target"]):
                    failures.append(f"target line {key}: page {on_page[key]}, targets.csv {(r['status'], r['target'])}")
    for key, status in expected_status.items():
        if on_page.get(key, ("",))[0] != status:
            failures.append(f"target line {key}: expected {status!r}, page has {on_page.get(key)}")
    return len(lines)


def check_images(browser, failures):
    images = json.loads(browser.evaluate(IMAGES_JS))
    for complete, width, src in images:
        if not complete or width == 0 or not src.startswith("data:image/png;base64"):
            failures.append(f"image not decoded or not embedded: {src!r}, width {width}")
    return len(images)


def check_interactive_map(browser, failures, save_to):
    """The Leaflet map draws every town, and each category's facilities (and coverage), without errors."""
    m = json.loads(browser.evaluate(MAP_JS))
    if m is None:
        return "none"
    if m["leaflet"] != "object":
        failures.append("interactive map: Leaflet did not load")
    if len(m["seen"]) != m["categories"]:
        failures.append(f"interactive map: {len(m['seen'])} categories in the list, {m['categories']} in the data")
    for k, (note, paths) in enumerate(m["seen"]):
        # Each town polygon and each facility marker is an interactive SVG path.
        if paths < m["towns"] + m["facilities"][k]:
            failures.append(f"interactive map, category {k}: {paths} shapes drawn, expected at least "
                            f"{m['towns']} towns + {m['facilities'][k]} facilities")
        if "residents covered" not in note:
            failures.append(f"interactive map, category {k}: note {note!r}")
    x, y, w, h = m["rect"]
    png = browser.screenshot({"x": x, "y": y, "width": w, "height": h})
    if save_to:
        with open(save_to, "wb") as f:
            f.write(png)
    return f"{m['towns']} towns, {m['categories']} categories"


def cjk_families():
    if not shutil.which("fc-list"):
        return None
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=30).stdout
    return {name.strip() for line in out.splitlines() for name in line.split(",") if name.strip()}


def check_chinese(browser, failures):
    heads = json.loads(browser.evaluate(ZH_JS))
    if len(heads) < 2:
        failures.append("fewer than two Chinese headings (h2 .zh)")
        return ""
    masks = []
    for text, x, y, w, h in heads:
        _, _, rows = decode_png(browser.screenshot({"x": x, "y": y, "width": max(w, 1), "height": max(h, 1)}))
        mask = ink_mask(rows)
        ink = sum(map(sum, mask)) / max(1, sum(map(len, mask)))
        if ink < 0.03:
            failures.append(f"heading {text!r}: no text drawn ({ink:.1%} ink)")
        masks.append(mask)
    height = min(len(masks[0]), len(masks[1]))
    width = min(len(masks[0][0]), len(masks[1][0]))
    differ = sum(masks[0][y][x] != masks[1][y][x] for y in range(height) for x in range(width))
    ink = sum(masks[0][y][x] or masks[1][y][x] for y in range(height) for x in range(width))
    if ink == 0 or differ / ink < 0.3:
        failures.append(f"headings {heads[0][0]!r} and {heads[1][0]!r} look alike ({differ} of {ink} ink pixels "
                        "differ): tofu, no CJK font")
    # Which font Chromium drew them with, against fontconfig's Chinese fonts.
    root = browser.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = browser.send("DOM.querySelector", {"nodeId": root, "selector": "h2 .zh"})["nodeId"]
    fonts = browser.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    used = ", ".join(f"{f['familyName']} ({f['glyphCount']} glyphs)" for f in fonts)
    families = cjk_families()
    if families is not None and not any(f["familyName"] in families and f["glyphCount"] > 0 for f in fonts):
        failures.append(f"Chinese heading drawn with {used}: none is a Chinese font per fc-list")
    return used


def check_screenshot(browser, failures, save_to, full_page):
    clip = None
    if full_page:
        size = browser.send("Page.getLayoutMetrics")["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 16000)}
    png = browser.screenshot(clip)
    if save_to:
        with open(save_to, "wb") as f:
            f.write(png)
    width, height, rows = decode_png(png if not full_page else browser.screenshot())
    painted = sum(1 for row in rows for p in row if p != (255, 255, 255))
    if painted < 0.02 * width * height:
        failures.append(f"screenshot is blank: {painted} of {width * height} pixels painted")
    return width, height, painted


def negative_control(browser, work_dir, failures):
    """The checker must see a console error and a blocked external image."""
    page = os.path.join(work_dir, "control.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write('<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
                'script-src \'unsafe-inline\'"><img src="https://example.invalid/x.png">'
                '<script>console.error("control")</script>')
    browser.navigate("file://" + page)
    found = browser.problems()
    if not any("control" in p for p in found) or not any("example.invalid" in p for p in found):
        failures.append(f"negative control not caught: {found}")
    browser.events.clear()


def run_fixture(binary, source_dir, out_dir):
    data = os.path.join(source_dir, "tests", "data")
    shutil.rmtree(out_dir, ignore_errors=True)
    cmd = [binary, "run", "--quiet", "--threads", "1", "--plan", os.path.join(data, "city", "plan.toml"),
           "--out", out_dir, "--targets", os.path.join(data, "targets", "line-city.toml"), "--year", "2027",
           "--actuals", os.path.join(data, "targets", "line-city-actuals.csv")]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        sys.exit(f"FAIL: {' '.join(cmd)} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return os.path.join(out_dir, "report.html")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", help="the lifecircle program (test mode)")
    ap.add_argument("--source-dir", help="the source tree (test mode)")
    ap.add_argument("--work-dir", default=None, help="scratch folder (default: a temporary one)")
    ap.add_argument("--report", help="check this report.html instead of running the fixture")
    ap.add_argument("--screenshot", help="save a screenshot of the page here")
    ap.add_argument("--full-page", action="store_true", help="screenshot the whole page, not the first screen")
    ap.add_argument("--map-screenshot", help="save a screenshot of the interactive map here")
    ap.add_argument("--chromium", default=None)
    ns = ap.parse_args()

    chromium = ns.chromium or next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                                    if shutil.which(n)), None)
    if not chromium:
        print("SKIP: Chromium is not installed (Debian package chromium)")
        return SKIP
    work_dir = ns.work_dir or tempfile.mkdtemp(prefix="lifecircle-chromium-")
    os.makedirs(work_dir, exist_ok=True)
    expected_cells, expected_status = {}, {}
    if ns.report:
        report = os.path.abspath(ns.report)
    else:
        if not ns.binary or not ns.source_dir:
            ap.error("test mode needs --binary and --source-dir (or give --report)")
        report = run_fixture(ns.binary, ns.source_dir, os.path.join(work_dir, "out"))
        # The line city by hand (tests/coverage/line_city_test.cpp, tests/coverage/targets_test.cpp).
        expected_cells = {("clinic", "A01", "coverage_share"): "100.0%",
                          ("clinic", "B02", "coverage_share"): "13.3%",
                          ("clinic", "", "covered_population"): "1,133",
                          ("park", "B02", "coverage_share"): "53.3%",
                          ("park", "B02", "capacity"): "1,200",
                          ("composite", "", "coverage_share"): "0.0%"}
        expected_status = {("clinic_circle", ""): "falls short", ("clinic_circle", "A01"): "pass",
                           ("24", "B02"): "falls short", ("park_circle", ""): "pass"}
    folder = os.path.dirname(report)
    indicators = os.path.join(folder, "indicators.csv")
    targets = os.path.join(folder, "targets.csv")
    profile = tempfile.mkdtemp(prefix="profile-", dir=work_dir)
    failures = []
    browser = Browser(chromium, profile, os.path.join(work_dir, "chromium.log"))
    started = time.monotonic()
    try:
        browser.open_page(1280, 1600)
        if not ns.report:
            negative_control(browser, work_dir, failures)
        browser.navigate("file://" + report)
        problems = browser.problems()
        failures += [f"page: {p}" for p in problems]
        n_cells = check_cells(browser, indicators if os.path.exists(indicators) else None, failures, expected_cells)
        n_lines = check_targets(browser, targets if os.path.exists(targets) else None, failures, expected_status)
        n_images = check_images(browser, failures)
        shown_map = check_interactive_map(browser, failures, ns.map_screenshot)
        fonts = check_chinese(browser, failures)
        width, height, painted = check_screenshot(browser, failures, ns.screenshot, ns.full_page)
        print(f"{report}: {os.path.getsize(report):,} bytes; {n_cells} number cells, {n_lines} target lines, "
              f"{n_images} images; interactive map: {shown_map}; Chinese headings drawn with {fonts}; screenshot {width}x{height}, "
              f"{painted / (width * height):.0%} painted; {time.monotonic() - started:.1f} s in Chromium")
    except (RuntimeError, TimeoutError, AssertionError) as e:
        failures.append(f"{type(e).__name__}: {e}")
    finally:
        browser.close()
    if not ns.work_dir:
        shutil.rmtree(work_dir, ignore_errors=True)
    else:
        shutil.rmtree(profile, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

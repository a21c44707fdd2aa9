"""Benchmark the map: Python time per rerun, page size, and draw time in headless Chromium.

    python bench/bench_map.py                 # bundled data, 1,000, 10,000 and 100,000 sites
    python bench/bench_map.py --sizes 10000   # one size
    python bench/bench_map.py --no-browser    # Python numbers only

For each size it prints medians over repeated runs of:
  python ms   filter + province summary + every layer builder + st_folium (what one Streamlit
              rerun of the map costs; st_folium runs without a server, doing all its string work)
  payload MB  what st_folium hands to the browser component per rerun
  html MB     the standalone map page (the "Map (HTML)" download)
  draw ms     headless Chromium: from navigation start until every site is drawn (or, above the
              aggregation threshold, the overview grid), including parsing the inlined scripts
  popup       a site's popup opens with its name (after zooming in, in overview mode)
Nothing is asserted; numbers go in the README.
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
logging.getLogger("streamlit").setLevel(logging.ERROR)

import streamlit_folium  # noqa: E402

from bench.synthetic import synthetic_sites  # noqa: E402
from geo import SiteFilter, filter_sites, load_atlas, province_summary  # noqa: E402
from layers import base_map, data_layers, layer_control, standalone_map  # noqa: E402
from layers.sites import AGGREGATE_ABOVE  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
_sent: dict = {}


def _capture(**kwargs):
    # Stands in for the browser component: records what st_folium would send.
    _sent.clear()
    _sent.update(kwargs)
    return kwargs.get("default")


streamlit_folium._component_func = _capture


def python_rerun(atlas, sites, flt) -> tuple[float, int]:
    start = time.perf_counter()
    shown = filter_sites(sites, flt)
    summary = province_summary(shown, atlas.units)
    layers = data_layers(shown, atlas.projects.head(0), atlas.units, summary, atlas.vocabulary)
    streamlit_folium.st_folium(
        base_map("none"),
        key="bench",
        feature_group_to_add=layers,
        layer_control=layer_control(),
        returned_objects=["last_object_clicked_tooltip"],
    )
    elapsed = time.perf_counter() - start
    payload = len(json.dumps({k: v for k, v in _sent.items() if isinstance(v, (str, list))}))
    return elapsed, payload


def page_html(atlas, sites) -> str:
    summary = province_summary(sites, atlas.units)
    layers = data_layers(sites, atlas.projects.head(0), atlas.units, summary, atlas.vocabulary)
    return standalone_map("none", layers).get_root().render()


def browser_draw(browser, html_path: Path, n: int, first_latlng) -> tuple[float, bool]:
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    page.goto(html_path.as_uri(), wait_until="commit")
    find_map = "Object.values(window).find(function (v) { return window.L && v instanceof L.Map; })"
    if n > AGGREGATE_ABOVE:
        done = (
            f"() => {{ var m = {find_map}; if (!m) return false; var c = 0;"
            " m.eachLayer(function (l) { if (l.options && l.options.atlasCell) c++; });"
            " return c > 0; }"
        )
    else:
        done = f"() => {{ var m = {find_map}; return !!m && window.Atlas.countSites(m) === {n}; }}"
    page.wait_for_function(done, timeout=120_000, polling=20)
    drawn_ms = page.evaluate("() => performance.now()")
    page.evaluate(
        f"() => {{ var m = {find_map}; m.setView([{first_latlng[0]}, {first_latlng[1]}], 12,"
        " {animate: false}); }"
    )
    ok = page.evaluate(
        f"() => {{ var m = {find_map}; var hit = null; m.eachLayer(function (l) {{"
        f" if (l.options && l.options.atlasSite && !hit) {{ hit = l; }} }});"
        " if (!hit) return ''; hit.fire('click', {latlng: hit.getLatLng()});"
        " return hit.getPopup().getElement().querySelector('h4').innerText; }"
    )
    page.close()
    return drawn_ms, bool(ok)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        nargs="*",
        type=int,
        default=[0, 1_000, 10_000, 100_000],
        help="site counts (0 = the bundled data)",
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()

    atlas = load_atlas()
    browser = pw = None
    chromium = shutil.which("chromium")
    if not args.no_browser and chromium:
        from playwright.sync_api import sync_playwright

        pw = sync_playwright().start()
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
    print(
        f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
        f"python {platform.python_version()}, chromium {'yes' if browser else 'no'}"
    )
    print(f"{'sites':>8} {'python ms':>10} {'payload MB':>11} {'html MB':>8} {'draw ms':>8} popup")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            if size == 0:
                sites, label = atlas.sites, f"{len(atlas.sites)}*"
                flt = SiteFilter(minerals=("copper",))
                flt = flt.normalised(atlas.vocabulary, atlas.units["name"])
            else:
                sites, label = synthetic_sites(size, atlas.units, atlas.vocabulary), str(size)
                flt = SiteFilter()
            repeat = args.repeat if size <= 10_000 else max(2, args.repeat // 2)
            runs = [python_rerun(atlas, sites, flt) for _ in range(repeat)]
            python_ms = statistics.median(r[0] for r in runs) * 1000
            payload_mb = runs[-1][1] / 1e6
            shown = filter_sites(sites, flt)
            html = page_html(atlas, shown)
            draw, popup = "-", "-"
            if browser:
                path = Path(tmp) / f"map_{size}.html"
                path.write_text(html, encoding="utf-8")
                first = shown[shown.geometry.notna()].iloc[0]
                mapped = int(shown.geometry.notna().sum())
                results = [
                    browser_draw(browser, path, mapped, (first.geometry.y, first.geometry.x))
                    for _ in range(3)
                ]
                draw = f"{statistics.median(r[0] for r in results):.0f}"
                popup = "ok" if all(r[1] for r in results) else "FAILED"
            print(
                f"{label:>8} {python_ms:>10.0f} {payload_mb:>11.2f} {len(html) / 1e6:>8.2f} "
                f"{draw:>8} {popup}"
            )
    if browser:
        browser.close()
        pw.stop()
    print("* bundled data, filtered to copper (a filter change); medians of", args.repeat, "runs")


if __name__ == "__main__":
    main()

"""Benchmark the page as a user gets it: the real server driven by Chromium, and the Python cost
of one rerun with 100,000 sites.

    python bench/bench_page.py                # browser numbers and the 100k rerun
    python bench/bench_page.py --no-browser   # the 100k rerun only
    python bench/bench_page.py --sites 20000  # another size for the rerun

It prints medians of repeated runs of:
  first map ms     warm server, default view: navigation start -> every mapped site drawn
  filter ms        a mineral picked in the sidebar -> the map shows exactly those sites
  clear ms         the mineral removed again -> every site drawn again
                   each for a first visit (new browser profile) and a returning visitor
                   (browser cache warm)
  rerun ms         Python time of one rerun of app.py (AppTest, in process) with N sites:
                   a filter change seen before (cached layers) and a new filter (built afresh)
Nothing is asserted; numbers go in the README with the machine they ran on.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
logging.getLogger("streamlit").setLevel(logging.ERROR)

from tests.browser import CHROMIUM_ARGS, chromium_path, map_frame, streamlit_server  # noqa: E402

COUNT = "() => window.Atlas ? Atlas.countSites(window.map) : -1"


def _wait_count(page, expected: int, timeout_s: float = 60) -> float:
    """Seconds until the map draws exactly ``expected`` sites (polled every 20 ms)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout_s:
        for frame in page.frames:
            if "streamlit_folium" not in frame.url:
                continue
            try:
                if frame.evaluate(COUNT) == expected:
                    return time.perf_counter()
            except Exception:
                pass
        page.wait_for_timeout(20)
    raise TimeoutError(f"the map never showed {expected} sites")


def browser_numbers(repeat: int, app: Path = ROOT / "app.py") -> dict[str, list[float]]:
    """First map, filter and clear times, for a first visit (a new browser profile: nothing
    cached) and for a returning visitor (one profile, so Streamlit's and the map's scripts come
    from the browser cache, as for anyone who opened the atlas before)."""
    from playwright.sync_api import sync_playwright

    from geo.model.atlas import load_atlas

    atlas = load_atlas()
    mapped = int(atlas.sites.geometry.notna().sum())
    coal = atlas.sites[
        atlas.sites["minerals"].map(lambda m: "coal" in m) & atlas.sites.geometry.notna()
    ]
    out: dict[str, list[float]] = {}
    (ROOT / ".pytest_cache").mkdir(exist_ok=True)
    viewport = {"width": 1440, "height": 900}
    with streamlit_server(app=app) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        returning = browser.new_context(viewport=viewport)
        for visit in ("first visit", "returning visitor"):
            for attempt in range(repeat + 1):  # the first load warms the server's caches
                if visit == "first visit":
                    page = browser.new_page(viewport=viewport)
                else:
                    page = returning.new_page()
                times = _one_visit(page, url, mapped, len(coal))
                if attempt:
                    for name, seconds in times.items():
                        out.setdefault(f"{name}, {visit}", []).append(seconds)
                page.close()
        browser.close()
    return out


def _one_visit(page, url: str, mapped: int, coal: int) -> dict[str, float]:
    times = {}
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    times["first map"] = _wait_count(page, mapped) - start
    map_frame(page)
    page.wait_for_timeout(300)
    box = page.locator(".st-key-minerals input")
    box.click()
    box.fill("Coal")
    start = time.perf_counter()
    page.keyboard.press("Enter")
    times["filter"] = _wait_count(page, coal) - start
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    start = time.perf_counter()
    page.locator(".st-key-clear_filters button").click()
    times["clear"] = _wait_count(page, mapped) - start
    return times


def floor_numbers(repeat: int) -> dict[str, list[float]]:
    """The same server and browser showing a one-line Streamlit page: navigation start -> its
    text on screen. No page built on Streamlit can show its map sooner on this machine."""
    import tempfile

    from playwright.sync_api import sync_playwright

    out: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        app = Path(folder) / "blank.py"
        app.write_text("import streamlit as st\nst.write('blank page')\n")
        with streamlit_server(app=app) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            for attempt in range(repeat + 1):
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                start = time.perf_counter()
                page.goto(url, wait_until="commit")
                page.get_by_text("blank page").wait_for()
                if attempt:
                    out.append(time.perf_counter() - start)
                page.close()
            browser.close()
    return {"one-line Streamlit page, first visit": out}


def rerun_numbers(n: int, repeat: int) -> dict[str, list[float]]:
    """Python seconds per rerun of the real page script with ``n`` synthetic sites."""
    from streamlit.testing.v1 import AppTest

    import ui.data
    from bench.synthetic import synthetic_sites
    from geo.model.atlas import load_atlas

    real = load_atlas()
    big = dataclasses.replace(
        real, sites=synthetic_sites(n, real.units, real.vocabulary), disagreements=[]
    )
    # The page loads its data through ui.data.atlas; stand the synthetic atlas in for it.
    ui.data.load_atlas = lambda folder: big
    ui.data.atlas.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.run()
    choices = ["copper", "gold", "coal", "zinc", "lead", "iron_ore", "chromite"]
    out: dict[str, list[float]] = {"rerun, filter seen before": [], "rerun, new filter": []}
    # Warm: visit two filters once, then time switching between them (cached layers).
    for m in choices[:2]:
        at.multiselect(key="minerals").set_value([m]).run()
    for i in range(repeat):
        m = choices[i % 2]
        start = time.perf_counter()
        at.multiselect(key="minerals").set_value([m]).run()
        out["rerun, filter seen before"].append(time.perf_counter() - start)
    for m in choices[2 : 2 + repeat]:
        start = time.perf_counter()
        at.multiselect(key="minerals").set_value([m]).run()
        out["rerun, new filter"].append(time.perf_counter() - start)
    if at.exception:
        raise RuntimeError(at.exception)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sites", type=int, default=100_000, help="sites for the rerun numbers")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-rerun", action="store_true")
    parser.add_argument("--app", type=Path, default=ROOT / "app.py", help="the page to measure")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cpu, python {platform.python_version()}"
    )
    results: dict[str, list[float]] = {}
    if not args.no_browser:
        results.update(browser_numbers(args.repeat, args.app))
        results.update(floor_numbers(args.repeat))
    if not args.no_rerun:
        results.update(
            {
                f"{k} ({args.sites:,} sites)": v
                for k, v in rerun_numbers(args.sites, args.repeat).items()
            }
        )
    for name, values in results.items():
        print(
            f"{name:<42} median {statistics.median(values) * 1000:7.0f} ms"
            f"   (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f}, n={len(values)})"
        )


if __name__ == "__main__":
    main()

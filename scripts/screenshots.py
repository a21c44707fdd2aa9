"""Screenshots of the running atlas for the README: ``make screenshots``.

Starts the real server, opens it in Debian's Chromium at 1440×900 and 1366×768, waits until
every site is drawn, and writes docs/atlas-<width>x<height>.png (and docs/screenshot.png, the
README's first image, at 1440×900). Only this script writes them; tests never do.

    python scripts/screenshots.py [--query "mineral=copper&provinces_as=count"]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser import CHROMIUM_ARGS, chromium_path, map_frame, streamlit_server  # noqa: E402

SIZES = ((1440, 900), (1366, 768))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--query", default="", help="query string of the view to show")
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNGs")
    parser.add_argument("--name", default="atlas", help="file name prefix")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    (ROOT / ".pytest_cache").mkdir(exist_ok=True)
    with streamlit_server() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for width, height in SIZES:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(f"{url}/?{args.query}" if args.query else url)
            frame = map_frame(page)
            frame.wait_for_function("() => Atlas.countSites(window.map) > 0", timeout=30_000)
            page.wait_for_timeout(1500)
            path = args.out / f"{args.name}-{width}x{height}.png"
            page.screenshot(path=str(path))
            print(f"wrote {path}")
            if (width, height) == SIZES[0] and args.name == "atlas" and not args.query:
                page.screenshot(path=str(args.out / "screenshot.png"))
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

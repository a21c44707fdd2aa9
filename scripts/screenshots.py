"""Take the README's screenshot (docs/screenshot.png) from the running app: `make screenshots`.

Tests never write tracked files, so the screenshot is refreshed only by this script. It starts
`streamlit run app.py` on a free port, opens the copper view in Debian's Chromium at 1440x900
(the README's picture) and 1366x768 (written to out/, for looking at a laptop layout), and stops
the server.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import CHROMIUM_ARGS, chromium_path, map_frame, streamlit_server  # noqa: E402

VIEW = "/?mineral=copper&basemap=none&provinces_as=count"
SIZES = {(1440, 900): ROOT / "docs" / "screenshot.png", (1366, 768): ROOT / "out" / "1366x768.png"}


def take(browser, url: str, path: Path, width: int, height: int) -> Path:
    """Screenshot ``url`` at ``width`` x ``height`` into ``path`` once the map has drawn."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(url)
    frame = map_frame(page)
    frame.wait_for_function("() => Atlas.countSites(window.map) > 0", timeout=30_000)
    page.wait_for_timeout(500)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    page.close()
    return path


def main() -> int:
    """Write the screenshots named in ``SIZES`` (or into ``--into`` a folder instead)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--into", type=Path, help="write every screenshot into this folder")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    (ROOT / ".pytest_cache").mkdir(exist_ok=True)  # streamlit_server logs there (gitignored)
    with streamlit_server() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for (width, height), path in SIZES.items():
            if args.into:
                path = args.into / f"{width}x{height}.png"
            print(take(browser, url + VIEW, path, width, height))
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

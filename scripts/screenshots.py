"""Take the README's screenshots from the running app: `make screenshots`.

Tests never write tracked files, so the screenshots are refreshed only by this script. It starts
`streamlit run app.py` on a free port, opens the atlas in Debian's Chromium at 1440x900 and
1366x768, waits until every site is drawn, writes docs/*.png, and stops the server.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import CHROMIUM_ARGS, chromium_path, map_frame, streamlit_server  # noqa: E402

DOCS = ROOT / "docs"
# The default view (the offline basemap, every site), and copper with provinces shaded by count.
VIEW = "/?mineral=copper&provinces_as=count"
SHOTS = (
    ("/", 1440, 900, "screenshot.png"),
    ("/", 1366, 768, "screenshot-1366x768.png"),
    (VIEW, 1440, 900, "screenshot-copper.png"),
    (VIEW, 1366, 768, "screenshot-copper-1366x768.png"),
)


def take(browser, url: str, path: Path, width: int, height: int) -> Path:
    """Screenshot ``url`` at ``width`` x ``height`` into ``path`` once the map has drawn."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(url)
    frame = map_frame(page)
    frame.wait_for_function("() => Atlas.countSites(window.map) > 0", timeout=30_000)
    page.wait_for_timeout(1200)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    page.close()
    return path


def main() -> int:
    """Write the screenshots in ``SHOTS`` into docs/ (or into ``--into`` a folder instead)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--into", type=Path, help="write every screenshot into this folder")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    (ROOT / ".pytest_cache").mkdir(exist_ok=True)  # streamlit_server logs there (gitignored)
    with streamlit_server() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for view, width, height, name in SHOTS:
            print(take(browser, url + view, (args.into or DOCS) / name, width, height))
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

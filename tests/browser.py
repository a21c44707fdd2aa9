"""Helpers for the browser tests: a real `streamlit run` server and headless Chromium.

Chromium comes from Debian's `chromium` package (the README's test command and .ci/run install
it); Playwright's Python package drives it through `executable_path`, so no browser download is
ever attempted.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail("Chromium is not installed; .ci/run should have installed Debian's chromium")
    pytest.skip("Chromium is not installed (apt-get install -y chromium, with sudo unless root)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(
    env: dict[str, str] | None = None, timeout: float = 90, app: Path = ROOT / "app.py"
) -> Iterator[str]:
    """Start `streamlit run app.py` (or ``app``) on a free localhost port; yield its URL; always
    stop it."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    log = open(ROOT / ".pytest_cache" / f"streamlit-{port}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; see {log.name}")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def map_frame(page, timeout_ms: int = 60_000):
    """The st_folium iframe once its Leaflet map and the atlas script are ready."""
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "streamlit_folium" in frame.url:
                try:
                    if frame.evaluate("() => !!(window.map && window.Atlas)"):
                        return frame
                except Exception:
                    pass
        page.wait_for_timeout(250)
    raise AssertionError("the map did not appear")


def open_standalone(browser, layers, folder: Path, on_dialog=None):
    """A new page showing the standalone map (layers/compose.py) of ``layers``, written to
    ``folder``, once the atlas script has loaded; ``on_dialog`` hears every alert from the start."""
    from layers.compose import standalone_map

    page_file = folder / "map.html"
    page_file.write_text(standalone_map("none", layers).get_root().render(), encoding="utf-8")
    page = browser.new_page()
    if on_dialog is not None:
        page.on("dialog", on_dialog)
    page.goto(page_file.as_uri())
    page.wait_for_function("() => window.Atlas !== undefined")
    return page

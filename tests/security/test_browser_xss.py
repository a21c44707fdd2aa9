"""The XSS file name in real Chromium: on the page (uploaded through the file uploader) and in
the downloaded standalone map, it is text in the layer control; no element, no dialog."""

from __future__ import annotations

import pytest

from geo.ingest.importer import import_sites
from geo.model.atlas import combine_sites
from geo.views.summary import province_summary
from layers.compose import data_layers, standalone_map
from tests.browser import ROOT, map_frame, streamlit_server
from tests.security.conftest import SITES_CSV, XSS_NAME

playwright = pytest.importorskip("playwright.sync_api")


def _overlay_labels(frame) -> list[str]:
    return frame.evaluate(
        "() => Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))"
        ".map(function (l) { return l.textContent.trim(); })"
    )


def test_xss_file_name_is_text_in_the_page_map(browser):
    (ROOT / ".pytest_cache").mkdir(exist_ok=True)
    with streamlit_server() as url:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"{url}/?basemap=none")
        map_frame(page)
        # The import flow lives in its own tab below the map (issue 10).
        page.get_by_role("tab", name="Your data").click()
        page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(
            {"name": XSS_NAME, "mimeType": "text/csv", "buffer": SITES_CSV}
        )
        page.get_by_text("Read 4 rows: 4 accepted, 0 rejected.").wait_for(timeout=90_000)
        expected = f"Your data: {XSS_NAME} (4)"
        labels: list[str] = []
        for _ in range(120):
            try:
                labels = _overlay_labels(map_frame(page))
            except playwright.Error:  # the map frame is replaced while the page reruns
                labels = []
            if expected in labels:
                break
            page.wait_for_timeout(500)
        frame = map_frame(page)
        assert expected in labels
        assert frame.locator("img[src=x]").count() == 0
        assert page.locator("img[src=x]").count() == 0
        # The expander title shows the name as typed, too.
        assert page.get_by_text(f"Your file: {XSS_NAME}").count() >= 1
        page.wait_for_timeout(500)
        assert dialogs == []
        page.close()


def test_xss_file_name_is_text_in_the_downloaded_map(browser, atlas, tmp_path):
    result = import_sites(XSS_NAME, SITES_CSV, vocabulary=atlas.vocabulary, units=atlas.units)
    sites = combine_sites(atlas.sites, [result.accepted])
    layers = data_layers(
        sites, atlas.projects, atlas.units, province_summary(sites, atlas.units), atlas.vocabulary
    )
    saved = tmp_path / "map.html"
    saved.write_text(standalone_map("none", layers).get_root().render(), encoding="utf-8")
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(saved.as_uri())
    page.wait_for_function("() => window.Atlas !== undefined")
    assert f"Your data: {XSS_NAME} (4)" in _overlay_labels(page)
    assert page.locator("img[src=x]").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []
    page.close()

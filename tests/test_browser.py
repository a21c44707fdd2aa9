"""The real app in headless Chromium: what the map draws, clicks, clustering offline, and
template-injection payloads shown as text in popups and tooltips.

Screenshots go to tmp_path only; the README's picture is refreshed by `make screenshots`
(scripts/screenshots.py), never by a test.
"""

from pathlib import Path

import pytest

from geo.summary import province_summary
from layers.compose import data_layers
from scripts.screenshots import VIEW, take
from tests.browser import ROOT, map_frame, open_standalone, streamlit_server

playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server():
    (ROOT / ".pytest_cache").mkdir(exist_ok=True)
    with streamlit_server() as url:
        yield url


def wait_for_count(frame, expected: int, page, timeout_ms: int = 20_000) -> int:
    count = -1
    for _ in range(timeout_ms // 250):
        count = frame.evaluate("() => Atlas.countSites(window.map)")
        if count == expected:
            break
        page.wait_for_timeout(250)
    return count


def test_map_draws_exactly_the_copper_sites(server, browser, atlas, tmp_path):
    sites = atlas.sites
    copper = sites[sites["minerals"].map(lambda m: "copper" in m) & sites.geometry.notna()]
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server}/?mineral=copper&basemap=none&provinces_as=count")
    frame = map_frame(page)
    assert wait_for_count(frame, len(copper), page) == len(copper)
    drawn = frame.evaluate(
        "() => { var ids = []; window.map.eachLayer(function (l) {"
        " if (l.options && l.options.atlasSite) { ids.push(l.options.atlasSite); } });"
        " return ids.sort(); }"
    )
    assert drawn == sorted(copper["id"])
    assert errors == []
    page.close()
    # The screenshot script (make screenshots) works, into a temporary folder.
    shot = take(browser, f"{server}{VIEW}", tmp_path / "shot.png", 1440, 900)
    assert shot.stat().st_size > 20_000


def test_clicking_a_site_shows_its_record(server, browser, atlas):
    copper = atlas.sites[
        atlas.sites["minerals"].map(lambda m: "copper" in m) & atlas.sites.geometry.notna()
    ]
    # The copper site farthest from any other mapped site or infrastructure marker (drawn above
    # the sites), so the click cannot land on a neighbour's marker.
    metric = copper.geometry.to_crs(3857)
    others = atlas.sites[atlas.sites.geometry.notna()].geometry.to_crs(3857)
    infra = atlas.infrastructure[atlas.infrastructure.geometry.notna()].geometry.to_crs(3857)
    isolation = [
        min(others[others.index != i].distance(point).min(), infra.distance(point).min())
        for i, point in metric.items()
    ]
    alone = copper.iloc[max(range(len(copper)), key=isolation.__getitem__)]
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/?mineral=copper&basemap=none")
    frame = map_frame(page)
    assert wait_for_count(frame, len(copper), page) == len(copper)
    page.wait_for_timeout(800)
    point = frame.evaluate(
        "(id) => { var out = null; window.map.eachLayer(function (l) {"
        " if (l.options && l.options.atlasSite === id) {"
        "   var p = window.map.latLngToContainerPoint(l.getLatLng());"
        "   var r = window.map.getContainer().getBoundingClientRect();"
        "   out = [p.x + r.left, p.y + r.top]; } }); return out; }",
        alone["id"],
    )
    box = frame.frame_element().bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    page.get_by_role("heading", name=alone["name"]).wait_for(timeout=20_000)
    page.close()


def test_clustering_works_without_tiles(server, browser, atlas):
    mapped = int(atlas.sites.geometry.notna().sum())
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/?cluster=1&basemap=none")
    frame = map_frame(page)
    assert wait_for_count(frame, mapped, page) == mapped
    assert frame.evaluate("() => window.map.getMaxZoom()") == 18
    frame.wait_for_selector(".marker-cluster", timeout=10_000)
    assert frame.locator(".marker-cluster").count() > 0
    page.close()


NASTY = [
    "<img src=x onerror=alert(1)>",
    "Template {{ 7*7 }} site",
    "{% raw %}",
    "{{ cycler.__init__.__globals__.os.popen('touch /tmp/pcma-browser-injection').read() }}",
]


def test_popups_and_tooltips_show_payloads_verbatim(browser, atlas, tmp_path):
    marker = Path("/tmp/pcma-browser-injection")
    marker.unlink(missing_ok=True)
    sites = atlas.sites[atlas.sites.geometry.notna()].head(len(NASTY)).copy()
    sites["name"] = NASTY
    sites["notes"] = NASTY
    layers = data_layers(
        sites,
        atlas.projects.head(0),
        atlas.units,
        province_summary(sites, atlas.units),
        atlas.vocabulary,
    )
    dialogs = []
    page = open_standalone(
        browser,
        layers,
        tmp_path,
        on_dialog=lambda d: (dialogs.append(d.message), d.dismiss()),
    )
    shown = page.evaluate(
        "() => { var map = Object.values(window).find(function (v) { return v instanceof L.Map; });"
        " var markers = [], out = [];"
        " map.eachLayer(function (l) { if (l.options && l.options.atlasSite) { markers.push(l); } });"
        " markers.forEach(function (l) {"
        "   l.fire('click', {latlng: l.getLatLng()}); var el = l.getPopup().getElement();"
        "   var title = el.querySelector('.leaflet-popup-content h4').innerText;"
        "   var notes = Array.from(el.querySelectorAll('tr')).filter(function (r) {"
        "     return r.cells[0].innerText === 'Notes'; })[0].cells[1].innerText;"
        "   l.closePopup(); l.fire('mouseover'); l.openTooltip();"
        "   var tip = l.getTooltip().getElement().innerText; l.closeTooltip();"
        "   out.push([title, notes, tip]); });"
        " return out; }"
    )
    assert sorted(s[0] for s in shown) == sorted(NASTY)
    assert sorted(s[1] for s in shown) == sorted(NASTY)
    assert sorted(s[2] for s in shown) == sorted(NASTY)  # the hidden id span has no innerText
    assert page.locator("img[src=x]").count() == 0
    assert dialogs == []
    assert not marker.exists()
    page.close()


def test_siting_surface_draws_with_legend_readout_and_best_cell(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server}/?mineral=copper&basemap=none&surface=siting")
    frame = map_frame(page)
    frame.wait_for_selector(".atlas-raster", timeout=20_000)
    assert frame.locator("img.leaflet-image-layer").count() == 1
    best = frame.evaluate(
        "() => { var n = 0; window.map.eachLayer(function (l) {"
        " if (l.options && l.options.atlasBestCell) { n++; } }); return n; }"
    )
    assert best == 10
    # The readout shows the value under the pointer: move over the middle of Balochistan.
    point = frame.evaluate(
        "() => { var p = window.map.latLngToContainerPoint([28.5, 65.5]);"
        " var r = window.map.getContainer().getBoundingClientRect();"
        " return [p.x + r.left, p.y + r.top]; }"
    )
    box = frame.frame_element().bounding_box()
    page.mouse.move(box["x"] + point[0], box["y"] + point[1])
    readout = frame.locator(".atlas-raster-value")
    readout.filter(has_text="km").wait_for(timeout=5_000)
    assert "Mean straight-line distance" in readout.inner_text()
    assert errors == []
    page.close()


def test_map_html_download_is_a_working_standalone_map(server, browser, atlas, tmp_path):
    sites = atlas.sites
    copper = sites[sites["minerals"].map(lambda m: "copper" in m) & sites.geometry.notna()]
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(f"{server}/?mineral=copper&basemap=none&surface=distance")
    map_frame(page)
    page.get_by_role("tab", name="Downloads").click()
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Map (HTML)").click()
    saved = tmp_path / "map.html"
    info.value.save_as(saved)
    page.close()
    offline = browser.new_page()
    errors = []
    offline.on("pageerror", lambda e: errors.append(str(e)))
    offline.goto(saved.as_uri())
    offline.wait_for_function("() => window.Atlas !== undefined")
    count = offline.evaluate(
        "() => Atlas.countSites(Object.values(window).find(function (v) {"
        " return v instanceof L.Map; }))"
    )
    assert count == len(copper)
    assert offline.locator("img.leaflet-image-layer").count() == 1  # the distance surface
    assert errors == []
    offline.close()

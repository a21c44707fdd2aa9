"""The real app in headless Chromium: what the map draws, clicks, clustering offline,
template-injection payloads shown as text in popups and tooltips, and the page's layout promises
measured on element boxes at 1440×900 and 1366×768.

Screenshots are not taken here (tests never write tracked files): `make screenshots`.
"""

import json
from pathlib import Path

import pytest

from geo.views.summary import province_summary
from layers.compose import data_layers
from scripts.screenshots import VIEW, take
from tests.browser import ROOT, map_frame, open_standalone, streamlit_server

playwright = pytest.importorskip("playwright.sync_api")

CORPUS = ROOT / "tests" / "data"
VIEWPORTS = [(1440, 900), (1366, 768)]


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
        "   var notes = el.querySelector('.leaflet-popup-content h4').textContent;"
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


def test_infrastructure_diamonds_with_escaped_tooltips(browser, atlas, tmp_path):
    from layers.infrastructure import infrastructure_layer

    infra = atlas.infrastructure[atlas.infrastructure.geometry.notna()].head(3).copy()
    infra["name"] = NASTY[:3]
    dialogs = []
    page = open_standalone(
        browser,
        [infrastructure_layer(infra)],
        tmp_path,
        on_dialog=lambda d: (dialogs.append(d.message), d.dismiss()),
    )
    tips = page.evaluate(
        "() => { var map = Object.values(window).find(function (v) { return v instanceof L.Map; });"
        " var out = []; map.eachLayer(function (l) { if (l instanceof L.Marker && l.getTooltip()) {"
        "   l.openTooltip(); out.push([l.getTooltip().getElement().querySelector('b').innerText,"
        "   l.getElement().querySelectorAll('svg polygon').length]); l.closeTooltip(); } });"
        " return out; }"
    )
    assert sorted(t[0] for t in tips) == sorted(NASTY[:3])
    assert [t[1] for t in tips] == [1, 1, 1]  # each drawn as one diamond
    assert page.locator("img[src=x]").count() == 0 and dialogs == []
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
    copper_all = sites[sites["minerals"].map(lambda m: "copper" in m)]
    copper = copper_all[copper_all.geometry.notna()]
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(f"{server}/?mineral=copper&basemap=none&surface=distance")
    map_frame(page)
    page.get_by_role("tab", name="Downloads").click()
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Map (HTML)").click()
    saved = tmp_path / "map.html"
    info.value.save_as(saved)
    # The sites file is written when its button is clicked, too, and holds the filtered sites.
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=f"Sites ({len(copper_all)})").click()
    doc = json.loads(Path(info.value.path()).read_text())
    assert sorted(f["properties"]["id"] for f in doc["features"]) == sorted(copper_all["id"])
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


# ---- the page's layout promises, measured --------------------------------------------------------
def open_page(browser, server, size, query=""):
    width, height = size
    page = browser.new_page(viewport={"width": width, "height": height})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server}/?{query}" if query else server)
    frame = map_frame(page)
    frame.wait_for_function("() => Atlas.countSites(window.map) > 0", timeout=30_000)
    page.wait_for_timeout(600)
    return page, frame, errors


def map_box(frame) -> dict:
    return frame.frame_element().bounding_box()


def marker_points(frame) -> list:
    """Container pixel positions and radii of every drawn site marker."""
    return frame.evaluate(
        "() => { var out = []; window.map.eachLayer(function (l) {"
        " if (l.options && l.options.atlasSite && l._map) {"
        "   var p = window.map.latLngToContainerPoint(l.getLatLng());"
        "   out.push([l.options.atlasSite, p.x, p.y, l.options.radius]); } }); return out; }"
    )


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_map_fills_the_page(server, browser, size):
    page, frame, errors = open_page(browser, server, size)
    box = map_box(frame)
    height = size[1]
    if size == (1440, 900):
        assert box["y"] <= 180 and box["height"] >= 620, box
    visible = min(box["y"] + box["height"], height) - max(box["y"], 0)
    assert visible >= 500, box
    # The details panel sits beside the map on a wide screen.
    side = page.locator(".st-key-atlas_side").bounding_box()
    assert side["x"] >= box["x"] + box["width"] - 1 and side["y"] < box["y"] + 50
    assert errors == []
    page.close()


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_site_lies_under_the_legend_at_the_fitted_view(server, browser, atlas, size):
    page, frame, _ = open_page(browser, server, size)
    mapped = int(atlas.sites.geometry.notna().sum())
    assert wait_for_count(frame, mapped, page) == mapped
    legend = frame.evaluate(
        "() => { var r = document.querySelector('.atlas-legend').getBoundingClientRect();"
        " var m = window.map.getContainer().getBoundingClientRect();"
        " return [r.left - m.left, r.top - m.top, r.width, r.height, m.width, m.height]; }"
    )
    x, y, w, h, map_w, map_h = legend
    assert w * h <= 0.12 * map_w * map_h  # expanded, at most 12 % of the map
    assert not frame.evaluate(
        "() => document.querySelector('.atlas-legend').classList.contains('atlas-collapsed')"
    )
    covered = [
        site
        for site, px, py, r in marker_points(frame)
        if x - r <= px <= x + w + r and y - r <= py <= y + h + r
    ]
    assert covered == []
    # Every mapped site is inside the map box at the fitted view.
    outside = [
        s for s, px, py, _ in marker_points(frame) if not (0 <= px <= map_w and 0 <= py <= map_h)
    ]
    assert outside == []
    page.close()


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_an_upload_does_not_move_the_map(server, browser, size):
    page, frame, errors = open_page(browser, server, size)
    before = map_box(frame)
    page.locator(".st-key-upload input[type=file]").set_input_files(
        str(CORPUS / "outside_pakistan.csv")
    )
    # The import report is in its own tab (hidden until opened): attached is enough.
    page.get_by_text("Read 3 rows: 1 accepted, 2 rejected.").wait_for(
        state="attached", timeout=30_000
    )
    frame = map_frame(page)
    frame.wait_for_function(
        "() => Array.from(document.querySelectorAll('.leaflet-control-layers-overlays span'))"
        ".some(function (s) { return s.textContent.indexOf('Your data') >= 0; })",
        timeout=20_000,
    )
    after = map_box(frame)
    assert after["y"] == pytest.approx(before["y"], abs=1)
    assert after["height"] == pytest.approx(before["height"], abs=1)
    assert errors == []
    page.close()


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_picking_a_table_row_pans_to_and_highlights_the_site(server, browser, atlas, size):
    page, frame, _ = open_page(browser, server, size)
    # The table lists the sites in file order; of its first rows pick the mapped site farthest
    # from the fitted view's centre.
    centre = frame.evaluate("() => { var c = window.map.getCenter(); return [c.lat, c.lng]; }")
    first_rows = atlas.sites.reset_index(drop=True).head(8)
    row = max(
        (i for i, s in first_rows.iterrows() if s.geometry is not None),
        key=lambda i: (
            abs(first_rows.geometry[i].y - centre[0]) + abs(first_rows.geometry[i].x - centre[1])
        ),
    )
    site = first_rows.loc[row]
    table = page.locator(".st-key-sites_table")
    table.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box = table.bounding_box()
    # The row-selection checkbox column; rows are 35 px under a 35 px header.
    page.mouse.click(box["x"] + 15, box["y"] + 35 + 35 * row + 17)
    page.wait_for_function(
        f"() => window.location.search.indexOf('site={site['id']}') >= 0", timeout=20_000
    )
    frame = map_frame(page)
    frame.wait_for_function(
        "(id) => { var hit = false; window.map.eachLayer(function (l) {"
        " if (l.options && l.options.atlasHighlight === id) { hit = true; } }); return hit; }",
        arg=site["id"],
        timeout=20_000,
    )
    centre = frame.evaluate("() => { var c = window.map.getCenter(); return [c.lat, c.lng]; }")
    assert centre == pytest.approx([site.geometry.y, site.geometry.x], abs=0.01)
    assert frame.evaluate("() => window.map.getZoom()") >= 7
    page.close()


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_filter_change_after_zooming_in_shows_every_filtered_site(server, browser, atlas, size):
    page, frame, _ = open_page(browser, server, size)
    frame.evaluate("() => { window.map.setView([33.6, 73.0], 9, {animate: false}); }")
    page.wait_for_timeout(500)
    coal = atlas.sites[
        atlas.sites["minerals"].map(lambda m: "coal" in m) & atlas.sites.geometry.notna()
    ]
    box = page.locator(".st-key-minerals input")
    box.click()
    box.fill("Coal")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    frame = map_frame(page)
    assert wait_for_count(frame, len(coal), page) == len(coal)
    page.wait_for_timeout(500)
    map_w, map_h = frame.evaluate("() => { var s = window.map.getSize(); return [s.x, s.y]; }")
    points = marker_points(frame)
    assert sorted(p[0] for p in points) == sorted(coal["id"])
    outside = [s for s, px, py, _ in points if not (0 <= px <= map_w and 0 <= py <= map_h)]
    assert outside == []
    page.close()


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_blocked_tiles_switch_to_the_offline_basemap_with_labels(server, browser, size):
    width, height = size
    page = browser.new_page(viewport={"width": width, "height": height})
    local = server.replace("http://", "")

    def only_local(route):
        if local in route.request.url or route.request.url.startswith("data:"):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", only_local)
    page.goto(f"{server}/?basemap=street")
    frame = map_frame(page)
    frame.wait_for_selector(".atlas-notice", timeout=30_000)
    assert "offline basemap" in frame.locator(".atlas-notice").inner_text()
    labels = frame.locator(".atlas-place")
    labels.first.wait_for(timeout=10_000)
    names = labels.all_inner_texts()
    assert "Karachi" in names and "Lahore" in names
    # Real text: selectable, and nothing of the tile server is left.
    assert frame.evaluate(
        "() => getComputedStyle(document.querySelector('.atlas-place')).userSelect"
    ) in ("text", "auto")
    attribution = frame.locator(".leaflet-control-attribution").inner_text()
    assert "Natural Earth" in attribution and "OpenStreetMap" not in attribution
    assert (
        frame.evaluate(
            "() => { var n = 0; window.map.eachLayer(function (l) {"
            " if (l instanceof L.TileLayer) { n++; } }); return n; }"
        )
        == 0
    )
    page.close()


def test_the_default_basemap_is_offline_with_names_as_text(server, browser):
    page, frame, errors = open_page(browser, server, VIEWPORTS[0])
    assert "Islamabad" in frame.locator(".atlas-place").all_inner_texts()
    assert "OpenStreetMap" not in frame.locator(".leaflet-control-attribution").inner_text()
    assert errors == []
    page.close()

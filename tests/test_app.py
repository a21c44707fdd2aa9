"""Drive the real Streamlit page by widget key and check what the user sees and downloads."""

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import DATA_DIR, shown, site_row, write_csv, write_tif

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def run(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update(query)
    return at.run()


def plain(markdown: str) -> str:
    """What a reader sees of escaped Markdown (backslash escapes removed)."""
    markdown = re.sub(r"(`+) (.*?) \1", r"\2", markdown)  # user text in code spans
    return re.sub(r"\\(.)", r"\1", markdown)


def texts(at) -> str:
    return " ".join(plain(m.value) for m in [*at.markdown, *at.caption, *at.subheader])


def sites_table(at):
    # st.dataframe is not looked up by key in AppTest; the sites table is the one with site_type.
    [table] = [d.value for d in at.dataframe if "site_type" in d.value.columns]
    return table


def open_tab(at, tab: str) -> AppTest:
    """Click the section ``tab`` below the map (only the open section is built)."""
    from ui.state import TAB_LABELS, TAB_WIDGET

    at.session_state[TAB_WIDGET] = TAB_LABELS[tab]
    return at.run()


def downloaded(at, downloads, key):
    [button] = [b for b in at.get("download_button") if b.key == key]
    if button.proto.deferred_file_id:
        data = downloads[button.proto.deferred_file_id]()
        return data.encode() if isinstance(data, str) else data
    return downloads[button.proto.url]


def expected_ids(atlas, mineral=None, province=None):
    sites = atlas.sites
    keep = sites["id"].notna()
    if mineral:
        keep &= sites["minerals"].map(lambda ms: mineral in ms)
    if province:
        keep &= sites["unit"].fillna(sites["province"]).eq(province)
    return sorted(sites.loc[keep, "id"])


def test_page_loads_with_every_site(atlas):
    at = run()
    assert not at.exception
    assert len(sites_table(at)) == len(atlas.sites)
    mapped = int(atlas.sites.geometry.notna().sum())
    bar = next(m.value for m in at.markdown if "sites (" in m.value)
    assert f"**{len(atlas.sites)}** sites (**{mapped}** on the map)" in bar
    assert "All sites, no filter" in bar


def test_copper_shows_exactly_the_copper_sites_in_table_and_download(atlas, downloads):
    at = run()
    at.multiselect(key="minerals").select("copper").run()
    copper = expected_ids(atlas, "copper")
    assert sorted(sites_table(at)["id"]) == copper
    open_tab(at, "downloads")
    doc = json.loads(downloaded(at, downloads, "download_sites"))
    assert sorted(f["properties"]["id"] for f in doc["features"]) == copper
    assert all("copper" in f["properties"]["minerals"] for f in doc["features"])


def test_province_narrows_table_and_download(atlas, downloads):
    at = run()
    at.multiselect(key="minerals").select("copper").run()
    at.multiselect(key="provinces").select("Balochistan").run()
    both = expected_ids(atlas, "copper", "Balochistan")
    assert 0 < len(both) < len(expected_ids(atlas, "copper"))
    assert sorted(sites_table(at)["id"]) == both
    open_tab(at, "downloads")
    doc = json.loads(downloaded(at, downloads, "download_sites"))
    assert sorted(f["properties"]["id"] for f in doc["features"]) == both
    # Mapped sites carry the unit their point falls in; unmapped ones only their declared province.
    mapped = [f for f in doc["features"] if f["geometry"]]
    assert mapped and {f["properties"]["unit"] for f in mapped} == {"Balochistan"}
    assert {f["properties"]["province"] for f in doc["features"]} == {"Balochistan"}


def test_other_download_formats_follow_the_filter(atlas, downloads):
    at = run(mineral="coal", tab="downloads")
    at.radio(key="download_format").set_value("csv").run()
    rows = list(csv.DictReader(io.StringIO(downloaded(at, downloads, "download_sites").decode())))
    assert sorted(r["id"] for r in rows) == expected_ids(atlas, "coal")
    assert all(r["source"] for r in rows)


def test_empty_selection_says_no_sites_match():
    at = run()
    at.multiselect(key="minerals").select("lithium").run()
    at.multiselect(key="provinces").select("Sindh").run()
    assert len(sites_table(at)) == 0
    assert any("No sites match" in i.value for i in at.info)
    assert not at.exception


def test_url_query_parameters_restore_the_filters(atlas):
    at = run(mineral="copper,gold", province="Balochistan", basemap="none", provinces_as="count")
    assert at.multiselect(key="minerals").value == ["copper", "gold"]
    assert at.multiselect(key="provinces").value == ["Balochistan"]
    assert at.selectbox(key="basemap").value == "offline"  # "none" in older links
    assert at.radio(key="provinces_as").value == "count"
    expected = sorted(
        set(expected_ids(atlas, "copper", "Balochistan"))
        | set(expected_ids(atlas, "gold", "Balochistan"))
    )
    assert sorted(sites_table(at)["id"]) == expected
    # ...and the page writes the current filters back into the URL.
    at.multiselect(key="minerals").unselect("gold").run()
    assert at.query_params["mineral"] in ("copper", ["copper"])
    bar = next(m.value for m in at.markdown if "sites (" in m.value)
    assert "Minerals: Copper" in plain(bar) and "Province: Balochistan" in plain(bar)


def test_bad_link_gives_one_dismissible_warning_naming_every_ignored_value(atlas):
    at = run(mineral="copper,kryptonite", basemap="moon", province="Atlantis", site="nowhere")
    assert not at.exception
    [warning] = at.warning
    for ignored in (
        "mineral='kryptonite'",
        "basemap='moon'",
        "province='Atlantis'",
        "site='nowhere'",
    ):
        assert ignored in plain(warning.value)
    assert sorted(sites_table(at)["id"]) == expected_ids(atlas, "copper")
    # It stays until dismissed, then it is gone for good.
    at.multiselect(key="statuses").select("operating").run()
    assert len(at.warning) == 1
    at.button(key="dismiss_link_warning").click().run()
    assert len(at.warning) == 0
    at.multiselect(key="statuses").unselect("operating").run()
    assert len(at.warning) == 0


def test_selecting_a_site_shows_its_full_record_source_and_projects(atlas):
    at = run(site="reko-diq")
    site = atlas.sites.set_index("id").loc["reko-diq"]
    assert any(plain(s.value) == site["name"] for s in at.subheader)
    shown = texts(at)
    assert "Projects at this site" in shown
    # The whole record, untruncated: notes and operator as in the data, the source as a link.
    assert " ".join(site["notes"].split()) in shown
    assert f"({site['source_url']})" in " ".join(m.value for m in at.markdown)
    assert "**Id:** reko-diq" in shown
    # Its projects with partners and amounts.
    linked = atlas.projects[atlas.projects["site_ids"].map(lambda s: "reko-diq" in s)]
    for _, project in linked.iterrows():
        assert " ".join(project["name"].split()) in shown
        if project["amount_usd"] == project["amount_usd"]:
            assert f"US${project['amount_usd']:,.0f}" in shown
    assert "Barrick Gold" in shown
    assert at.query_params["site"] in ("reko-diq", ["reko-diq"])


def test_projects_view_lists_every_project_with_amounts_and_sites(atlas):
    at = run(mineral="coal")  # the projects view lists all projects, whatever the filter
    [table] = [d.value for d in at.dataframe if "amount" in d.value.columns]
    assert len(table) == len(atlas.projects)
    mou = table[table["project"].str.contains("Frontier Works Organization")].iloc[0]
    assert mou["amount"] == "US$500,000,000"
    assert mou["sites"] == "not announced"
    assert "US Strategic Metals (USSM)" in mou["partners"]
    assert mou["status"] == "MoU signed" and mou["announced"] == "2025-09-08"
    shipment = table[table["project"].str.startswith("First shipment")].iloc[0]
    assert shipment["amount"] == "not disclosed"
    # The agreements with no site are listed beside the map, with their amounts.
    shown = texts(at)
    assert "US$500,000,000 · MoU signed · 2025-09-08" in shown
    # Every project has a card with its full name and amount while the Projects tab is open.
    assert "Barrick Gold" not in shown
    shown = texts(open_tab(at, "projects"))
    for name in atlas.projects["name"]:
        assert " ".join(name.split()) in shown


def test_analysis_sliders_show_only_for_the_chosen_surface():
    at = run()
    keys = {w.key for w in [*at.slider, *at.selectbox]}
    assert "surface" in keys and not {"cell_km", "bandwidth_km", "weighting"} & keys
    at.selectbox(key="surface").set_value("distance").run()
    keys = {w.key for w in [*at.slider, *at.selectbox]}
    assert "cell_km" in keys and not {"bandwidth_km", "weighting", "port_weight"} & keys
    at.slider(key="cell_km").set_value(20).run()
    at.selectbox(key="surface").set_value("none").run()
    at.selectbox(key="surface").set_value("density").run()
    keys = {w.key for w in [*at.slider, *at.selectbox]}
    assert {"cell_km", "bandwidth_km", "weighting"} <= keys and "port_weight" not in keys
    # A value set while its slider was shown survives the slider being hidden in between.
    assert at.slider(key="cell_km").value == 20
    assert at.query_params["cell_km"] in ("20", ["20"])


def test_legend_and_pin_state_travel_in_the_link():
    at = run(legend="closed", pin="1")
    assert at.session_state["legend"] == "closed"
    assert at.toggle(key="pin").value is True
    at.multiselect(key="minerals").select("copper").run()
    assert at.query_params["legend"] in ("closed", ["closed"])
    assert at.query_params["pin"] in ("1", ["1"])


NASTY = [
    "<img src=x onerror=alert(1)>",
    "Template {{ 7*7 }} site",
    "{% raw %}",
    "{{ cycler.__init__.__globals__.os.popen('touch /tmp/pcma-app-injection').read() }}",
]


def test_nasty_names_are_shown_verbatim_and_run_nothing(tmp_path, monkeypatch):
    marker = Path("/tmp/pcma-app-injection")
    marker.unlink(missing_ok=True)
    shutil.copy(DATA_DIR / "minerals.csv", tmp_path / "minerals.csv")
    (tmp_path / "projects.csv").write_text(
        (DATA_DIR / "projects.csv").read_text(encoding="utf-8").splitlines()[0] + "\n",
        encoding="utf-8",
    )
    rows = [
        site_row(id=f"nasty-{i}", name=name, notes=name, operator=name, lat=str(27.5 + i / 10))
        for i, name in enumerate(NASTY)
    ]
    write_csv(tmp_path / "sites.csv", rows)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path))
    at = run(site="nasty-1")
    assert not at.exception
    assert sorted(sites_table(at)["name"]) == sorted(NASTY)
    assert any(plain(s.value) == "Template {{ 7*7 }} site" for s in at.subheader)
    # Markup in a record is escaped, not interpreted.
    assert "<img" not in " ".join(m.value for m in at.markdown)
    assert not marker.exists()
    # Shown as typed: not HTML-escaped twice, not evaluated.
    assert "&#123;" not in "".join(sites_table(at)["name"])


# ---- bring your own data -------------------------------------------------------------------------
CORPUS = Path(__file__).resolve().parent / "data"


def upload(at, name, mime="text/csv"):
    at.file_uploader(key="upload").set_value((name, (CORPUS / name).read_bytes(), mime))
    return at.run()


def test_uploaded_csv_joins_map_table_and_download(atlas, downloads):
    at = upload(run(), "outside_pakistan.csv")
    assert not at.exception
    assert any("Read 3 rows: 1 accepted, 2 rejected." in s.value for s in at.success)
    layers = " ".join(shown(c.value) for c in at.caption if c.value.startswith("On the map:"))
    assert "Your data: outside_pakistan.csv (1)" in layers
    table = sites_table(at)
    assert len(table) == len(atlas.sites) + 1
    assert table.set_index("name").loc["Test inside", "dataset"] == "imported: outside_pakistan.csv"
    rejects = next(d.value for d in at.dataframe if "reason" in d.value.columns)
    assert list(rejects["row"]) == ["3", "4"]
    assert rejects["reason"].str.contains("is outside Pakistan").all()
    open_tab(at, "downloads")
    doc = json.loads(downloaded(at, downloads, "download_sites"))
    mine = [f["properties"] for f in doc["features"] if f["properties"]["name"] == "Test inside"]
    assert mine and mine[0]["unit"] == "Sindh" and mine[0]["source"].startswith("Imported from")
    [rejects_key] = [
        b.key for b in at.get("download_button") if b.key.startswith("download_import_rejects")
    ]
    rejected_csv = downloaded(at, downloads, rejects_key).decode()
    assert "Test London" in rejected_csv and "Test Kabul" in rejected_csv


def test_imported_sites_follow_the_filters(atlas):
    at = upload(run(), "basic.csv")
    at.multiselect(key="minerals").select("copper").run()
    names = set(sites_table(at)["name"])
    assert "Test copper prospect" in names and "Test coal mine" not in names
    at.multiselect(key="provinces").select("Sindh").run()
    assert "Test copper prospect" not in set(sites_table(at)["name"])


def test_ambiguous_columns_ask_the_user(atlas):
    at = upload(run(), "ambiguous.csv")
    assert any("several columns could hold the latitude" in w.value for w in at.warning)
    [lat] = [s for s in at.selectbox if s.label == "lat"]
    lat.set_value("y").run()
    assert any("Read 1 rows: 1 accepted, 0 rejected." in s.value for s in at.success)
    assert "Test" in set(sites_table(at)["name"])


def test_unreadable_upload_is_explained(atlas):
    at = upload(run(), "binary.csv")
    assert any("not a text table: it looks like a PNG image" in shown(e.value) for e in at.error)
    assert len(sites_table(at)) == len(atlas.sites)


def test_uploaded_boundaries_replace_the_provinces(tmp_path):
    import geopandas as gpd
    from shapely.geometry import box

    districts = gpd.GeoDataFrame(
        {"DIST_NAME": ["West block", "East block"], "code": ["W", "E"]},
        geometry=[box(60.5, 24, 66.5, 32), box(66.5, 24, 78, 37.5)],
        crs="EPSG:4326",
    )
    path = tmp_path / "districts.geojson"
    districts.to_file(path)
    at = run()
    # The same uploader takes sites and boundaries: a polygon file becomes the boundaries.
    at.file_uploader(key="upload").set_value(
        [
            ("districts.geojson", path.read_bytes(), "application/geo+json"),
            ("basic.csv", (CORPUS / "basic.csv").read_bytes(), "text/csv"),
        ]
    ).run()
    at.selectbox(key="boundary_name_column").set_value("DIST_NAME").run()
    assert not at.exception
    assert at.multiselect(key="provinces").options == ["West block", "East block"]
    # Quetta (66.975 E) lies in the east block: imported sites are joined to the new units too.
    assert sites_table(at).set_index("name").loc["Test copper prospect", "unit"] == "East block"
    at.multiselect(key="provinces").select("West block").run()
    table = sites_table(at)
    assert len(table) > 0 and set(table["unit"]) == {"West block"}


# ---- raster analysis -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "title", "units"),
    [
        ("density", "Density of the filtered sites", "sites per 1,000 km²"),
        ("distance", "Distance to the nearest processing facility", "km"),
        ("siting", "Refinery siting: mean distance to the filtered deposits and mines", "km"),
    ],
)
def test_each_surface_has_legend_layer_and_geotiff_download(downloads, kind, title, units):
    import rasterio

    at = run(mineral="copper")
    at.selectbox(key="surface").set_value(kind).run()
    assert not at.exception
    assert any(s.value == title for s in at.subheader)
    legend = " ".join(c.value for c in at.caption)
    assert f"Legend: {units} from " in legend
    assert "not road or rail access" in legend
    layers = " ".join(shown(c.value) for c in at.caption if c.value.startswith("On the map:"))
    assert title in layers
    with rasterio.open(io.BytesIO(downloaded(at, downloads, "download_surface"))) as src:
        assert src.crs is not None and src.nodata == -9999
        assert src.tags(1)["units"] == units
        assert src.read(1).max() > 0


def test_siting_names_ten_distinct_places_at_least_25_km_apart(atlas):
    from itertools import combinations

    from geo.analysis.distance import haversine_km

    at = run(mineral="copper")
    at.selectbox(key="surface").set_value("siting").run()
    assert not at.exception
    best = next(s.value for s in at.success if s.value.startswith("Best place:"))
    assert "Balochistan" in best and "mean straight-line distance" in best
    table = next(d.value for d in at.dataframe if "rank" in d.value.columns)
    assert list(table["rank"]) == list(range(1, 11))
    gaps = [
        float(haversine_km(a.lon, a.lat, b.lon, b.lat))
        for a, b in combinations(table.itertuples(), 2)
    ]
    assert min(gaps) >= 25
    # Each place is named: its unit, the nearest bundled site and that site's district.
    names = set(atlas.sites["name"])
    assert table["unit"].ne("").all() and table["nearest_site"].isin(names).all()
    assert all(
        row.nearest_site in row.place and row.unit in row.place for row in table.itertuples()
    )
    layers = " ".join(plain(c.value) for c in at.caption if c.value.startswith("On the map:"))
    assert "Best refinery places (10)" in layers


def test_sites_table_gives_distance_to_nearest_facility(atlas):
    at = run(mineral="copper")
    table = sites_table(at).set_index("id")
    assert table.loc["saindak", "nearest_facility"] == "saindak-smelter"
    assert table.loc["saindak", "nearest_facility_km"] == 0.0
    assert table.loc["reko-diq", "nearest_facility_km"] > 0


def test_user_raster_is_overlaid_or_explained(tmp_path):
    import numpy as np

    path = tmp_path / "dem.tif"
    fill = np.arange(100, dtype="int16").reshape(10, 10) * 20
    write_tif(path, west=66, north=31, size_deg=2, fill=fill, dtype="int16", nodata=None)
    at = run()
    at.file_uploader(key="upload_raster").set_value(("dem.tif", path.read_bytes(), "image/tiff"))
    at.checkbox(key="raster_hillshade").check().run()
    assert not at.exception
    layers = " ".join(shown(c.value) for c in at.caption if c.value.startswith("On the map:"))
    assert "Your raster: dem.tif" in layers
    at.file_uploader(key="upload_raster").set_value(
        ("scan.tif", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "image/tiff")
    )
    at.run()
    assert any("'scan.tif' is not a GeoTIFF: it is a PNG image" in shown(e.value) for e in at.error)


def test_what_changed_tab_follows_the_filter(atlas):
    at = run(mineral="iron_ore", tab="changes")
    caption = next(shown(c.value) for c in at.caption if c.value.startswith("Data release"))
    assert "Data release 2.0.0 against 1.0.0" in caption
    table = next(df.value for df in at.dataframe if "change" in df.value.columns)
    assert {"pachinkoh-iron-ore", "chigendik-iron-ore", "chitral-iron-ore"} <= set(table["id"])
    iron = set(expected_ids(atlas, "iron_ore"))
    assert set(table["id"]) <= iron
    counts = table["change"].value_counts()
    assert f"{counts.get('changed', 0)} changed" in caption


def test_only_the_open_section_is_built_and_the_link_names_it():
    at = run()
    assert not at.get("download_button") and sites_table(at) is not None
    open_tab(at, "downloads")
    assert {b.key for b in at.get("download_button")} >= {"download_sites", "download_map"}
    assert not [d for d in at.dataframe if "site_type" in d.value.columns]
    assert at.query_params["tab"] == "downloads"
    # The projects list is always on the page (the USSM-FWO MoU with its amount).
    projects = next(d.value for d in at.dataframe if "amount" in d.value.columns)
    assert "US$500,000,000" in set(projects["amount"])
    # A link opens its section; a bad one is reported and the page opens on the sites.
    assert run(tab="changes").session_state["tab"] == "changes"
    bad = run(tab="<b>x</b>")
    assert bad.session_state["tab"] == "sites"
    assert any("ignored tab='<b>x</b>'" in w.value for w in bad.warning)


def test_tab_labels_cover_the_registered_tabs():
    from geo.views.viewstate import option
    from ui.state import TAB_LABELS

    assert tuple(TAB_LABELS) == option("tab").choices


def test_large_downloads_are_written_on_click_small_ones_at_once(atlas, monkeypatch):
    from geo import export_bytes
    from ui import tables

    sites = atlas.sites
    ready = tables.download_data(sites, "csv", "sites")
    assert ready == export_bytes(sites, "csv", "sites")
    monkeypatch.setattr(tables, "WRITE_AHEAD_MAX_RECORDS", len(sites) - 1)
    later = tables.download_data(sites, "csv", "sites")
    assert callable(later)
    assert later() == ready

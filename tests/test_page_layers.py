"""The pieces of the map-first page outside Streamlit: the map -> page event protocol, the view
layer, the drawing order, the offline basemap, and the siting places."""

from __future__ import annotations

import json
from itertools import combinations

import numpy as np
import pytest
from affine import Affine

from geo.analysis.distance import haversine_km
from geo.analysis.raster import Grid, Surface
from geo.analysis.siting import best_places
from geo.model.atlas import load_atlas
from layers.events import map_event, new_event
from layers.offline import offline_layer, offline_payload
from layers.overlays import map_layers, with_role
from layers.view import sites_bounds, view_layer


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def _payload(group, function):
    [element] = [e for e in group._children.values() if getattr(e, "function", "") == function]
    return json.loads(element.payload.replace("<\\/", "</"))


# ---- the map -> page protocol ---------------------------------------------------------------------
def test_map_events_are_read_only_when_well_formed():
    click = {"atlas": {"site": "reko-diq", "nonce": "abc", "seq": 3}}
    event = map_event(click)
    assert (event.site, event.legend, event.token) == ("reko-diq", "", ("abc", 3))
    assert map_event({"atlas": {"legend": "closed", "nonce": "abc", "seq": 4}}).legend == "closed"
    for bad in (
        None,
        {},
        {"last_object_clicked_tooltip": "Reko Diq"},
        {"atlas": "reko-diq"},
        {"atlas": {"site": "x", "seq": 1}},  # no nonce
        {"atlas": {"site": "x", "nonce": "a", "seq": "1"}},  # seq not a number
        {"atlas": {"site": "x", "nonce": "a", "seq": True}},
        {"atlas": {"legend": "sideways", "nonce": "a", "seq": 1}},
        {"atlas": {"nonce": "a", "seq": 1}},  # nothing happened
        {"atlas": {"site": ["x"], "nonce": "a", "seq": 1}},
    ):
        assert map_event(bad) is None, bad


def test_an_event_is_handled_once_and_a_repeat_click_is_new():
    first = {"atlas": {"site": "saindak", "nonce": "n1", "seq": 1}}
    event = new_event(first, None)
    assert event.site == "saindak"
    assert new_event(first, event.token) is None  # the same value read again on a rerun
    again = {"atlas": {"site": "saindak", "nonce": "n1", "seq": 2}}
    assert new_event(again, event.token).site == "saindak"
    # A reloaded map starts counting again under a new nonce.
    assert new_event({"atlas": {"site": "x", "nonce": "n2", "seq": 1}}, ("n1", 1)).site == "x"


# ---- view layer and drawing order ----------------------------------------------------------------
def test_view_layer_carries_fit_pin_legend_and_selection(atlas):
    bounds = sites_bounds(atlas.sites)
    west, south, east, north = atlas.sites.geometry.dropna().total_bounds
    assert bounds == [[round(south, 5), round(west, 5)], [round(north, 5), round(east, 5)]]
    assert sites_bounds(atlas.sites.head(0)) is None
    selected = {"id": "reko-diq", "lat": 29.1, "lon": 62.1, "pan": "pick-1"}
    layer = view_layer(bounds, "k1", pinned=True, legend="closed", selected=selected)
    payload = _payload(layer, "Atlas.setView")
    assert payload["key"] == "k1" and payload["pinned"] is True and payload["legend"] == "closed"
    assert payload["selected"] == selected and payload["bounds"] == bounds
    with pytest.raises(ValueError, match="`legend` was 'half'"):
        view_layer(bounds, "k1", legend="half")


def test_layers_are_drawn_in_role_order_whatever_order_they_come_in():
    import folium

    def group(name, role):
        return with_role(folium.FeatureGroup(name=name), role)

    ordered = map_layers(
        [group("legend", "legend"), group("sites", "sites")],
        group("view", "view"),
        None,
        [group("raster", "raster"), group("provinces", "provinces")],
    )
    assert [g.layer_name for g in ordered] == ["provinces", "raster", "sites", "legend", "view"]
    with pytest.raises(ValueError, match="groups without a role"):
        map_layers(folium.FeatureGroup(name="stray"))
    with pytest.raises(ValueError, match="`role` was 'top'"):
        with_role(folium.FeatureGroup(), "top")


# ---- offline basemap -----------------------------------------------------------------------------
def test_offline_basemap_has_land_provinces_and_escaped_place_names(atlas):
    payload = offline_payload()
    countries = {f["properties"]["name"] for f in payload["countries"]["features"]}
    assert {"Pakistan", "Afghanistan", "India", "Iran", "China"} <= countries
    assert len(payload["provinces"]["features"]) == len(atlas.units)
    names = [p[0] for p in payload["places"]]
    # Capitals lead (the federal capital first), then places by population.
    assert names[0] == "Islamabad" and {"Karachi", "Quetta", "Gilgit"} <= set(names[:7])
    assert len([p for p in payload["places"] if p[4]]) == 7
    others = [p[3] for p in payload["places"] if not p[4]]
    assert others == sorted(others, reverse=True)
    assert all("<" not in n and "{" not in n for n in names)
    assert "GeoNames" in payload["attribution"] and "Natural Earth" in payload["attribution"]
    assert "Arabian Sea" in [s[0] for s in payload["seas"]]
    assert offline_layer(show=False).control is True


def test_basemap_files_match_their_manifest():
    import hashlib

    from geo.model.basemap import BASEMAP_DIR

    manifest = json.loads((BASEMAP_DIR / "MANIFEST.json").read_text(encoding="utf-8"))
    for name, digest in manifest["outputs"].items():
        assert hashlib.sha256((BASEMAP_DIR / name).read_bytes()).hexdigest() == digest


# ---- siting places ------------------------------------------------------------------------------
def _surface(values: np.ndarray) -> Surface:
    """A surface on a grid of 5 km cells in the Albers CRS the atlas uses, over Balochistan."""
    from geo.model.crs import PAKISTAN_EQUAL_AREA

    height, width = values.shape
    transform = Affine(5000, 0, -500_000, 0, -5000, -200_000)
    grid = Grid(transform, width, height, PAKISTAN_EQUAL_AREA, np.ones_like(values, dtype=bool))
    return Surface(values.astype("float32"), grid, "test", name="siting", units="km")


def test_best_places_are_at_least_the_separation_apart_and_named(atlas):
    # One smooth valley: without suppression the ten best cells would all touch its bottom.
    yy, xx = np.mgrid[0:60, 0:60]
    values = np.hypot(yy - 30, xx - 30) + 0.0
    values[0, 0] = np.nan
    surface = _surface(values)
    best = best_places(surface, atlas.units, atlas.sites, n=10, min_km=25)
    assert list(best["rank"]) == list(range(1, 11))
    gaps = [
        float(haversine_km(a.lon, a.lat, b.lon, b.lat))
        for a, b in combinations(best.itertuples(), 2)
    ]
    assert min(gaps) >= 25
    assert best["km"].is_monotonic_increasing
    assert best["nearest_site"].isin(set(atlas.sites["name"])).all()
    assert all(row.nearest_site in row.place for row in best.itertuples())
    # Without suppression (0 km) the best cells are the valley's neighbours, a few km apart.
    tight = best_places(surface, atlas.units, atlas.sites, n=10, min_km=0)
    gaps = [
        float(haversine_km(a.lon, a.lat, b.lon, b.lat))
        for a, b in combinations(tight.itertuples(), 2)
    ]
    assert min(gaps) < 10


def test_best_places_check_their_arguments(atlas):
    from geo.analysis.raster import RasterInputError

    surface = _surface(np.ones((3, 3)))
    with pytest.raises(RasterInputError, match="`n` was 0"):
        best_places(surface, atlas.units, atlas.sites, n=0)
    with pytest.raises(RasterInputError, match="`min_km` was -1"):
        best_places(surface, atlas.units, atlas.sites, min_km=-1)

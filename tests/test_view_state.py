import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo.details import projects_of_site, site_record, unlocated_projects
from geo.query import SiteFilter
from geo.view import PAKISTAN_VIEW, fit_view
from geo.viewstate import ViewState, from_params, to_params

UNITS = ["Balochistan", "Sindh", "Punjab", "Khyber Pakhtunkhwa"]


def _points(*coords):
    return gpd.GeoDataFrame(geometry=[Point(c) if c else None for c in coords], crs="EPSG:4326")


def test_fit_view_centres_on_the_sites_and_zooms_to_fit():
    centre, zoom = fit_view(_points((62.0, 29.0), (64.0, 29.0)), 900, 560)
    assert centre == pytest.approx((29.0, 63.0), abs=0.01)
    # 2° of longitude in 720 px: log2(720 * 360 / (256 * 2)) = 8.98 -> 8
    assert zoom == 8


def test_fit_view_defaults_and_limits():
    assert fit_view(_points(None)) == PAKISTAN_VIEW
    assert fit_view(_points((62.0, 29.0)))[1] == 11  # a single site: max zoom
    assert fit_view(_points((61.0, 24.0), (77.0, 37.0)))[1] == 5  # 16° in 720 px: log2(63) -> 5
    assert fit_view(_points((20.0, 0.0), (120.0, 50.0)))[1] == 4  # wider than Asia: min zoom


def test_view_round_trips_through_the_url(vocabulary):
    state = ViewState(
        filter=SiteFilter(
            minerals=("copper", "rare_earths"),
            provinces=("Khyber Pakhtunkhwa",),
            statuses=("operating",),
            text="barrick gold",
        ),
        basemap="none",
        provinces_as="density",
        cluster=True,
        heat=True,
        site="reko-diq",
    )
    params = to_params(state)
    assert params == {
        "mineral": "copper,rare_earths",
        "province": "Khyber Pakhtunkhwa",
        "status": "operating",
        "q": "barrick gold",
        "basemap": "none",
        "provinces_as": "density",
        "cluster": "1",
        "heat": "1",
        "site": "reko-diq",
    }
    back, warnings = from_params(params, vocabulary, UNITS, ["reko-diq"])
    assert (back, warnings) == (state, [])


def test_default_view_makes_an_empty_query():
    assert to_params(ViewState()) == {}


def test_link_values_are_normalised_and_bad_ones_reported(vocabulary):
    state, warnings = from_params(
        {
            "mineral": "Cu,REE,kryptonite",
            "province": "KPK",
            "type": "Mine",
            "basemap": "moon",
            "site": "nowhere",
            "cell_km": "7",
        },
        vocabulary,
        UNITS,
        ["reko-diq"],
    )
    assert state.filter.minerals == ("copper", "rare_earths")
    assert state.filter.provinces == ("Khyber Pakhtunkhwa",)
    assert state.filter.site_types == ("mine",)
    assert state.basemap == "street" and state.site == ""
    assert warnings == [
        "ignored mineral='kryptonite' from the link: not a known mineral",
        "ignored basemap='moon': expected one of ['street', 'imagery', 'terrain', 'none']",
        "ignored cell_km='7': expected 5 to 50 in steps of 5",
        "ignored site='nowhere': no such site",
    ]


def test_details_of_a_site_and_its_projects():
    from geo.atlas import load_atlas

    atlas = load_atlas()
    record = site_record(atlas.sites, "reko-diq")
    assert record["id"] == "reko-diq" and "copper" in record["minerals"]
    assert "geometry" not in record
    assert site_record(atlas.sites, "no-such-site") is None
    linked = projects_of_site(atlas.projects, "reko-diq")
    assert len(linked) == int(atlas.projects["site_ids"].map(lambda s: "reko-diq" in s).sum())
    assert linked["partners"].str.contains("Barrick").any()
    unlocated = unlocated_projects(atlas.projects)
    assert "US Strategic Metals" in " ".join(unlocated["name"])
    assert len(projects_of_site(atlas.projects.head(0), "reko-diq")) == 0

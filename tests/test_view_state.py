import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo.model.details import projects_of_site, site_record, unlocated_projects
from geo.views.query import SiteFilter
from geo.views.view import PAKISTAN_VIEW, fit_view
from geo.views.viewstate import ViewState, from_params, to_params

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
        basemap="street",
        provinces_as="density",
        cluster=True,
        heat=True,
        pin=True,
        legend="closed",
        site="reko-diq",
    )
    params = to_params(state)
    assert params == {
        "mineral": "copper,rare_earths",
        "province": "Khyber Pakhtunkhwa",
        "status": "operating",
        "q": "barrick gold",
        "basemap": "street",
        "provinces_as": "density",
        "cluster": "1",
        "heat": "1",
        "pin": "1",
        "legend": "closed",
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
            "pin": "maybe",
        },
        vocabulary,
        UNITS,
        ["reko-diq"],
    )
    assert state.filter.minerals == ("copper", "rare_earths")
    assert state.filter.provinces == ("Khyber Pakhtunkhwa",)
    assert state.filter.site_types == ("mine",)
    assert state.basemap == "offline" and state.site == "" and state.pin is False
    assert warnings == [
        "ignored mineral='kryptonite' from the link: not a known mineral",
        "ignored basemap='moon': expected one of ['offline', 'street', 'imagery', 'terrain']",
        "ignored pin='maybe': expected 1 or 0",
        "ignored cell_km='7': expected 5 to 50 in steps of 5",
        "ignored site='nowhere': no such site",
    ]


def test_old_links_saying_basemap_none_open_the_offline_map(vocabulary):
    state, warnings = from_params({"basemap": "none"}, vocabulary, UNITS)
    assert (state.basemap, warnings) == ("offline", [])


def test_one_option_list_drives_url_session_values_and_cli_flags(vocabulary):
    import argparse

    from geo.views.viewstate import (
        add_filter_arguments,
        filter_from_arguments,
        state_from_values,
        state_values,
    )
    from geo.views.viewstate import options as view_options

    OPTIONS = view_options()

    # Every option has a distinct URL key and a default the ViewState agrees with.
    assert len({o.url for o in OPTIONS}) == len(OPTIONS)
    defaults = state_values(ViewState())
    assert defaults == {
        o.name: (list(o.default) if o.kind == "list" else o.default) for o in OPTIONS
    }
    # Session values (what widgets hold) round-trip to a ViewState.
    values = {**defaults, "minerals": ["gold"], "surface": "siting", "legend": "closed"}
    state = state_from_values(values)
    assert state.filter.minerals == ("gold",) and state.surface == "siting"
    assert state_values(state) == values
    # The CLI's filter flags are the filter options.
    parser = argparse.ArgumentParser()
    add_filter_arguments(parser)
    args = parser.parse_args(["--mineral", "gold", "--mineral", "Cu", "--status", "operating"])
    flt = filter_from_arguments(args).normalised(vocabulary, UNITS)
    assert flt.minerals == ("gold", "copper") and flt.statuses == ("operating",)
    with pytest.raises(SystemExit):
        parser.parse_args(["--status", "dreaming"])


def test_analysis_options_name_the_surfaces_that_use_them():
    from geo.views.viewstate import option

    assert option("bandwidth_km").surfaces == ("density",)
    assert "distance" not in option("weighting").surfaces
    assert option("cell_km").surfaces == ("density", "distance", "siting")
    assert option("surface").choices == ("none", "density", "distance", "siting")


def test_details_of_a_site_and_its_projects():
    from geo.model.atlas import load_atlas

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

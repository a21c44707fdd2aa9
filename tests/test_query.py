import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo.errors import FilterError
from geo.views.query import SiteFilter, filter_projects, filter_sites

UNITS = ["Balochistan", "Sindh"]


@pytest.fixture
def sites():
    return gpd.GeoDataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "name": ["Copper Hill", "Coal Field", "Gold Placer", "Salt Mine"],
            "operator": ["MCC", "SECMC", "", "PMDC"],
            "owners": [["Barrick Gold (50%)"], [], [], []],
            "district": ["Chagai", "Tharparkar", "Attock", "Jhelum"],
            "notes": ["porphyry", "lignite", "", "pink salt"],
            "minerals": [["copper", "gold"], ["coal"], ["gold"], ["rock_salt"]],
            "site_type": ["mine", "mine", "deposit", "mine"],
            "status": ["operating", "operating", "occurrence", "operating"],
            "location_precision": ["exact", "approximate", "district", "unknown"],
            "province": ["Balochistan", "Sindh", "Sindh", "Sindh"],
            "unit": ["Balochistan", "Sindh", "Sindh", None],
        },
        geometry=[Point(62, 29), Point(70, 24.8), Point(72, 33.9), None],
        crs="EPSG:4326",
    )


def _ids(frame):
    return list(frame["id"])


def _apply(sites, vocabulary, **kw):
    return _ids(filter_sites(sites, SiteFilter(**kw).normalised(vocabulary, UNITS)))


def test_no_filter_keeps_everything(sites, vocabulary):
    assert _apply(sites, vocabulary) == ["a", "b", "c", "d"]
    assert SiteFilter().is_empty


def test_mineral_matches_any_listed_mineral_through_synonyms(sites, vocabulary):
    assert _apply(sites, vocabulary, minerals=("Au",)) == ["a", "c"]
    assert _apply(sites, vocabulary, minerals=("copper ore", "halite")) == ["a", "d"]


def test_fields_are_anded(sites, vocabulary):
    assert _apply(sites, vocabulary, minerals=("gold",), provinces=("Sindh",)) == ["c"]
    assert _apply(sites, vocabulary, site_types=("mine",), statuses=("operating",)) == [
        "a",
        "b",
        "d",
    ]
    assert _apply(sites, vocabulary, precisions=("unknown",)) == ["d"]


def test_province_uses_computed_unit_then_declared(sites, vocabulary):
    # d has no computed unit (no location) and counts under its declared province.
    assert _apply(sites, vocabulary, provinces=("sind",)) == ["b", "c", "d"]


def test_text_matches_all_words_case_insensitively(sites, vocabulary):
    assert _apply(sites, vocabulary, text="barrick") == ["a"]
    assert _apply(sites, vocabulary, text="  coal   lignite ") == ["b"]
    assert _apply(sites, vocabulary, text="coal porphyry") == []


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"minerals": ("kryptonite",)}, r"`minerals` had 'kryptonite' but is expected to be in \["),
        (
            {"site_types": ("quarry",)},
            r"`site_types` had 'quarry' but is expected to be in \['deposit'",
        ),
        ({"statuses": ("dead",)}, r"`statuses` had 'dead'"),
        (
            {"provinces": ("Atlantis",)},
            r"`provinces` had 'Atlantis' but is expected to be in \['Balochistan', 'Sindh'\]",
        ),
        ({"precisions": ("rough",)}, r"`precisions` had 'rough'"),
    ],
)
def test_bad_filter_values_name_the_field_and_choices(vocabulary, kw, message):
    with pytest.raises(FilterError, match=message):
        SiteFilter(**kw).normalised(vocabulary, UNITS)


def test_projects_filter_by_mineral_declared_province_or_site_unit(sites, vocabulary):
    projects = gpd.GeoDataFrame(
        {
            "id": ["p1", "p2", "p3"],
            "name": ["Refinery MoU", "Copper finance", "Coal power"],
            "partners": [["USSM", "FWO"], ["IFC"], ["SECMC"]],
            "notes": ["site not announced", "", ""],
            "minerals": [["antimony", "copper"], ["copper"], ["coal"]],
            "province": ["", "", "Sindh"],
            "site_ids": [[], ["a"], []],
        },
        geometry=[None, None, None],
        crs="EPSG:4326",
    )

    def run(**kw):
        return _ids(
            filter_projects(projects, sites, SiteFilter(**kw).normalised(vocabulary, UNITS))
        )

    assert run(minerals=("copper",)) == ["p1", "p2"]
    assert run(provinces=("Balochistan",)) == ["p2"]  # through its site
    assert run(provinces=("Sindh",)) == ["p3"]  # declared
    assert run(text="fwo") == ["p1"]
    assert run(statuses=("operating",)) == ["p1", "p2", "p3"]  # site-only field ignored

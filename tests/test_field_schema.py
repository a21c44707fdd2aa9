"""A new site field is its data column plus one schema entry: a toy field added here is
validated on load, detected on import, shown in the map popup and found by the text search."""

from __future__ import annotations

import pytest

from geo.ingest.importer import detect_columns, import_sites
from geo.model import fields
from geo.model.sites import check_sites
from geo.views.query import SiteFilter, filter_sites
from layers.compose import data_layers
from layers.sites import site_payload
from tests.browser import open_standalone
from tests.conftest import site_row, write_csv

TOY = fields.Field(
    "licence",
    "choice",
    choices=("granted", "applied"),
    synonyms=("licence status", "license status"),
    popup="Licence",
    searchable=True,
)


@pytest.fixture
def toy(monkeypatch):
    monkeypatch.setattr(fields, "SITE_FIELDS", [*fields.SITE_FIELDS, TOY])
    return TOY


@pytest.fixture
def toy_sites(toy, tmp_path, vocabulary):
    rows = [
        site_row(id="a-mine", licence="Granted"),
        site_row(id="b-mine", name="Other", lat="27.6", licence=""),
        site_row(id="c-mine", licence="pending"),
    ]
    path = write_csv(tmp_path / "sites.csv", rows, columns=fields.site_columns())
    return check_sites(path, vocabulary)


def test_toy_field_is_validated_on_load(toy_sites):
    sites, problems = toy_sites
    assert list(sites["id"]) == ["a-mine", "b-mine"]
    assert list(sites["licence"]) == ["granted", ""]
    assert [str(p) for p in problems] == [
        "sites.csv, line 4, column licence: found 'pending'; expected one of granted, applied"
    ]


def test_a_sites_file_without_the_new_column_says_so(toy, tmp_path, vocabulary):
    from geo.errors import DataValidationError

    path = write_csv(tmp_path / "sites.csv", [site_row()])
    with pytest.raises(DataValidationError, match=r"also the columns \['licence'\]"):
        check_sites(path, vocabulary)


def test_toy_field_is_detected_and_read_on_import(toy, two_units, vocabulary):
    header = ["Latitude", "Longitude", "Name", "Licence Status"]
    assert detect_columns(header)[0]["licence"] == "Licence Status"
    data = b"Latitude,Longitude,Name,Licence Status\n27.5,66.5,Test pit,applied\n"
    result = import_sites("mine.csv", data, vocabulary=vocabulary, units=two_units)
    assert result.mapping["licence"] == "Licence Status"
    assert list(result.accepted["licence"]) == ["applied"]


def test_toy_field_is_searchable(toy_sites):
    sites, _ = toy_sites
    assert list(filter_sites(sites, SiteFilter(text="granted"))["id"]) == ["a-mine"]


def test_toy_field_is_in_the_popup(toy_sites, vocabulary, two_units, tmp_path, browser):
    sites, _ = toy_sites
    assert ["Licence", ["granted", ""]] in site_payload(sites, vocabulary)["fields"]
    # And in the popup the browser builds from that payload.
    sites = sites.assign(unit=sites["province"])
    layers = data_layers(sites, _no_projects(), two_units, None, vocabulary)
    page = open_standalone(browser, layers, tmp_path)
    rows = page.evaluate(
        "() => { var map = Object.values(window).find(function (v) {"
        " return v instanceof L.Map; }); var out = {};"
        " map.eachLayer(function (l) { if (l.options && l.options.atlasSite) {"
        "   l.fire('click', {latlng: l.getLatLng()});"
        "   out[l.options.atlasSite] = Array.from(l.getPopup().getElement()"
        "     .querySelectorAll('tr')).map(function (r) {"
        "       return r.cells[0].innerText + ': ' + r.cells[1].innerText; });"
        "   l.closePopup(); } }); return out; }"
    )
    page.close()
    assert "Licence: granted" in rows["a-mine"]
    assert not any(r.startswith("Licence") for r in rows["b-mine"])  # empty: no row


def _no_projects():
    import geopandas as gpd

    from geo.model.projects import COLUMNS

    return gpd.GeoDataFrame(
        {c: [] for c in (*COLUMNS, "mapped_sites")}, geometry=[], crs="EPSG:4326"
    )

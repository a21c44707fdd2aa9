"""Bad input gives a clear, specific message naming file, line and column; nothing is lost."""

import pytest

from geo.errors import DataValidationError
from geo.model.sites import check_sites, load_sites
from tests.conftest import site_row, write_csv


def test_valid_row_loads_with_lists_and_a_point(sites_csv):
    sites = load_sites(sites_csv(site_row()))
    row = sites.iloc[0]
    assert row["minerals"] == ["copper", "gold"]
    assert row["primary_mineral"] == "copper"
    assert row["owners"] == ["Owner A (50%)", "Owner B (50%)"]
    assert (row.geometry.x, row.geometry.y) == (66.5, 27.5)
    assert str(sites.crs) == "EPSG:4326"


def test_malformed_row_names_its_line_and_field_count(tmp_path):
    path = write_csv(tmp_path / "sites.csv", [site_row()])
    fields = list(site_row(id="other-site", source="Test source 2024").values())
    fields[1] = "Test, site"  # an unquoted comma makes one field too many
    with path.open("a", encoding="utf-8") as fh:
        fh.write(",".join(fields) + "\n")
    with pytest.raises(
        DataValidationError, match=r"sites.csv, line 3: found 18 fields; expected 17 fields"
    ) as info:
        load_sites(path)
    assert len(info.value.problems) == 1


def test_unknown_mineral_is_named(sites_csv):
    with pytest.raises(
        DataValidationError,
        match=r"line 2, column minerals: found unknown mineral 'unobtanium'",
    ):
        load_sites(sites_csv(site_row(minerals="copper;unobtanium")))


def test_coordinate_outside_pakistan(sites_csv):
    with pytest.raises(
        DataValidationError, match=r"column lat: found 51.5; expected a latitude inside Pakistan"
    ):
        load_sites(sites_csv(site_row(lat="51.5", lon="66.5")))


def test_swapped_lat_lon_is_recognised_and_the_fix_offered(sites_csv):
    with pytest.raises(
        DataValidationError,
        match=r"found lat=66.5, lon=27.5 \(swapped\?\); expected lat=27.5, lon=66.5",
    ):
        load_sites(sites_csv(site_row(lat="66.5", lon="27.5")))


def test_duplicate_id_names_both_lines(sites_csv):
    with pytest.raises(
        DataValidationError,
        match=r"line 3, column id: found duplicate id 'test-site'; .*already used on line 2",
    ):
        load_sites(sites_csv(site_row(), site_row(name="Another")))


def test_unknown_location_must_have_no_coordinates(sites_csv):
    with pytest.raises(DataValidationError, match=r"found 'unknown' with coordinates given"):
        load_sites(sites_csv(site_row(location_precision="unknown")))


def test_unknown_location_is_kept_without_geometry(sites_csv):
    sites = load_sites(sites_csv(site_row(location_precision="unknown", lat="", lon="")))
    assert len(sites) == 1
    assert sites.geometry.iloc[0] is None


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("site_type", "quarry", r"column site_type: found 'quarry'; expected one of deposit"),
        ("status", "booming", r"column status: found 'booming'; expected one of operating"),
        ("province", "Atlantis", r"column province: found 'Atlantis'; expected a province"),
        ("source", "", r"column source: found an empty value"),
        ("source_url", "ftp://x", r"column source_url: found 'ftp://x'; expected an http"),
        ("as_of", "last year", r"column as_of: found 'last year'; expected an ISO date"),
        ("id", "Bad Id", r"column id: found 'Bad Id'; expected a lowercase slug"),
        ("lat", "29,5", r"column lat: found '29,5'; expected decimal degrees"),
        ("location_source", "", r"column location_source: found an empty value"),
    ],
)
def test_each_bad_cell_gets_a_specific_message(sites_csv, column, value, message):
    with pytest.raises(DataValidationError, match=message):
        load_sites(sites_csv(site_row(**{column: value})))


def test_all_problems_of_a_file_are_collected_and_good_rows_kept(sites_csv):
    path = sites_csv(
        site_row(id="good"),
        site_row(id="bad-mineral", minerals="kryptonite"),
        site_row(id="bad-lat", lat="95"),
    )
    sites, problems = check_sites(path)
    assert list(sites["id"]) == ["good"]
    assert [(p.line, p.column) for p in problems] == [(3, "minerals"), (4, "lat")]


def test_old_province_names_and_mineral_synonyms_are_normalised(sites_csv):
    sites = load_sites(sites_csv(site_row(province="N.W.F.P.", minerals="Pb-Zn; Ag")))
    assert sites.iloc[0]["province"] == "Khyber Pakhtunkhwa"
    assert sites.iloc[0]["minerals"] == ["lead", "zinc", "silver"]


def test_missing_column_is_reported_once_for_the_file(tmp_path):
    path = tmp_path / "sites.csv"
    path.write_text("id,name\nx,y\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"line 1: found header \['id', 'name'\]"):
        load_sites(path)


def test_empty_and_non_utf8_files_are_explained(tmp_path):
    empty = tmp_path / "sites.csv"
    empty.write_bytes(b"")
    with pytest.raises(DataValidationError, match="found an empty file"):
        load_sites(empty)
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    with pytest.raises(DataValidationError, match="not UTF-8"):
        load_sites(binary)

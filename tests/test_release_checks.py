"""The checks `geo validate` gained for data release 2, each failing on a hand-made bad row."""

import hashlib
import json
import shutil

import geopandas as gpd
import pytest
from shapely.geometry import box

from geo.errors import DataValidationError
from geo.model.atlas import check_atlas
from geo.model.districts import (
    DISTRICTS_NAME,
    DISTRICTS_PATH,
    district_problems,
    load_districts,
    resolve_district,
)
from geo.model.quality import coordinate_stacks, mineral_counts, precision_mix, stack_problems
from geo.model.sites import PRECISIONS, load_sites, precision_help
from tests.conftest import DATA_DIR, site_row, write_csv


@pytest.fixture
def districts() -> gpd.GeoDataFrame:
    """Two 1°-wide districts side by side: Chagai (66-67°E) and Nushki (67-68°E)."""
    return gpd.GeoDataFrame(
        {"name": ["Chagai", "Nushki"], "province": ["Balochistan", "Balochistan"]},
        geometry=[box(66, 27, 67, 28), box(67, 27, 68, 28)],
        crs="EPSG:4326",
    )


def _sites(*rows, tmp_path):
    return load_sites(write_csv(tmp_path / "sites.csv", list(rows)))


def test_point_outside_its_declared_district_is_named(tmp_path, districts):
    sites = _sites(
        site_row(id="right", district="Chagai", lon="66.5"),
        site_row(id="wrong", district="Nushki", lon="66.5"),
        tmp_path=tmp_path,
    )
    problems = district_problems(sites, districts, {"right": 2, "wrong": 3})
    assert len(problems) == 1
    assert problems[0].line == 3 and problems[0].column == "district"
    assert "site 'wrong' declared in Nushki but its point lies in Chagai, 49." in problems[0].found
    assert problems[0].expected == "a point within 2 km of its declared district"


def test_tolerance_and_aliases(tmp_path, districts):
    # 0.01° (about 1 km) west of Nushki's edge: inside the 2 km tolerance; 0.05° is not.
    near = _sites(site_row(district="Nushki", lon="66.99"), tmp_path=tmp_path)
    assert district_problems(near, districts, {}) == []
    far = _sites(site_row(district="Nushki", lon="66.95"), tmp_path=tmp_path)
    assert len(district_problems(far, districts, {})) == 1
    assert resolve_district("  nushki ", districts) == ("Nushki",)
    real = load_districts()
    assert resolve_district("Abbottabad", real) == ("Abbotabad",)
    assert resolve_district("Chitral", real) == ("Lower Chitral", "Upper Chitral")
    assert resolve_district("Hub", real) == ("Lasbela",)


def test_unknown_district_name_is_a_problem(tmp_path, districts):
    sites = _sites(site_row(district="Atlantis"), tmp_path=tmp_path)
    (problem,) = district_problems(sites, districts, {"test-site": 2})
    assert problem.found == "'Atlantis' (site 'test-site')"
    assert "district of the bundled district layer" in problem.expected


def test_validate_checks_districts_when_the_data_folder_ships_the_layer(tmp_path, districts):
    shutil.copy(DATA_DIR / "minerals.csv", tmp_path / "minerals.csv")
    (tmp_path / "projects.csv").write_text(
        "id,name,partners,amount_usd,announced,status,site_ids,minerals,province,source,"
        "source_url,notes\n",
        encoding="utf-8",
    )
    write_csv(tmp_path / "sites.csv", [site_row(district="Nushki", lon="66.5")])
    assert check_atlas(tmp_path).problems == []  # no layer in the folder: not checked
    (tmp_path / "boundaries").mkdir()
    districts.to_file(tmp_path / "boundaries" / DISTRICTS_NAME, driver="GeoJSON")
    report = check_atlas(tmp_path)
    assert report.districts_checked
    assert [(p.line, p.column) for p in report.problems] == [(2, "district")]


@pytest.mark.parametrize(
    "note",
    ["No coordinates found.", "The field was left unmapped.", "Site not mapped; see source"],
)
def test_note_claiming_no_location_on_a_mapped_row(sites_csv, note):
    with pytest.raises(DataValidationError, match=r"column notes: found '.*' on a mapped row"):
        load_sites(sites_csv(site_row(notes=note)))


def test_same_note_on_an_unmapped_row_is_fine(sites_csv):
    row = site_row(notes="No coordinates found.", location_precision="unknown", lat="", lon="")
    assert len(load_sites(sites_csv(row))) == 1
    # "No published coordinate of the mine itself" does not claim the row has no point.
    assert len(load_sites(sites_csv(site_row(notes="No published coordinate of the mine.")))) == 1


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "http://example.org/index.php?option=x&amp;id=40",
            r"column source_url: found the HTML entity '&amp;' in",
        ),
        ("https://example.org/a?b=1&#38;c=2", r"found the HTML entity '&#38;'"),
        (
            "https://tomorrow.paperai.life/https://www.scribd.com/document/1",
            r"found a link through the proxy paperai.life; expected the original",
        ),
    ],
)
def test_bad_urls(sites_csv, url, message):
    with pytest.raises(DataValidationError, match=message):
        load_sites(sites_csv(site_row(source_url=url)))


def test_plain_ampersand_is_fine(sites_csv):
    sites = load_sites(sites_csv(site_row(source_url="https://example.org/?a=1&b=2")))
    assert sites.iloc[0]["source_url"] == "https://example.org/?a=1&b=2"


def test_missing_as_of_and_missing_district(sites_csv):
    with pytest.raises(DataValidationError, match=r"column as_of: found an empty value"):
        load_sites(sites_csv(site_row(as_of="")))
    with pytest.raises(DataValidationError, match=r"column district: found an empty value; "):
        load_sites(sites_csv(site_row(district="")))
    # An unlocated site may not know its district either.
    unmapped = site_row(district="", location_precision="unknown", lat="", lon="")
    assert len(load_sites(sites_csv(unmapped))) == 1


def test_stack_of_four_fails_unless_declared_one_complex(tmp_path):
    rows = [site_row(id=f"s{i}", name=f"S{i}") for i in range(4)]
    sites = _sites(*rows, tmp_path=tmp_path)
    lines = {f"s{i}": i + 2 for i in range(4)}
    problems = stack_problems(sites, lines)
    assert [p.line for p in problems] == [2, 3, 4, 5]
    assert "in a stack of 4 sites at (27.5, 66.5)" in problems[0].found
    complex_rows = [site_row(id=f"s{i}", notes="Part of the Test complex.") for i in range(4)]
    assert (
        stack_problems(_sites(*complex_rows[:1], *complex_rows[1:], tmp_path=tmp_path), lines) == []
    )
    three = _sites(*rows[:3], tmp_path=tmp_path)
    assert stack_problems(three, lines) == []


def test_precision_mix_largest_stack_and_seed_counts(tmp_path):
    sites = _sites(
        site_row(id="a", location_precision="locality"),
        site_row(id="b", location_precision="district"),
        site_row(id="c", location_precision="exact", lat="27.2"),
        site_row(id="d", location_precision="unknown", lat="", lon="", minerals="antimony"),
        tmp_path=tmp_path,
    )
    assert precision_mix(sites) == {
        "exact": 1,
        "approximate": 0,
        "locality": 1,
        "district": 1,
        "unknown": 1,
    }
    (largest,) = coordinate_stacks(sites)
    assert largest.ids == ("a", "b")
    assert mineral_counts(sites) == {
        "antimony": 1,
        "tungsten": 0,
        "rare_earths": 0,
        "copper": 3,
        "gold": 3,
    }


def test_locality_sits_between_approximate_and_district():
    assert PRECISIONS.index("approximate") < PRECISIONS.index("locality")
    assert PRECISIONS.index("locality") < PRECISIONS.index("district")
    assert "locality: the named place the source gives" in precision_help()
    assert "(within ~10 km)" in precision_help()


def test_bundled_district_layer_matches_its_recorded_hash():
    sidecar = json.loads(
        DISTRICTS_PATH.with_name(DISTRICTS_PATH.name + ".source.json").read_text(encoding="utf-8")
    )
    digest = hashlib.sha256(DISTRICTS_PATH.read_bytes()).hexdigest()
    assert digest == sidecar["sha256"]
    assert sidecar["attribution"] == "© OpenStreetMap contributors"
    assert sidecar["licence"].startswith("ODbL")
    sources_md = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    assert digest in sources_md


def test_district_point_only_in_small_districts(tmp_path):
    # A 1°×1° district near 27.5°N is 10,949 km² (equal-area): too large for its HQ to stand in.
    big = gpd.GeoDataFrame(
        {"name": ["Chagai"], "province": ["Balochistan"]},
        geometry=[box(66, 27, 67, 28)],
        crs="EPSG:4326",
    )
    small = gpd.GeoDataFrame(
        {"name": ["Chagai"], "province": ["Balochistan"]},
        geometry=[box(66.3, 27.3, 66.7, 27.7)],
        crs="EPSG:4326",
    )
    sites = _sites(site_row(location_precision="district"), tmp_path=tmp_path)
    (problem,) = district_problems(sites, big, {"test-site": 2})
    assert problem.column == "location_precision"
    assert problem.found == "'district' for site 'test-site' in Chagai (10,949 km²)"
    assert "up to 3,500 km²" in problem.expected
    assert district_problems(sites, small, {}) == []
    located = _sites(site_row(location_precision="locality"), tmp_path=tmp_path)
    assert district_problems(located, big, {}) == []

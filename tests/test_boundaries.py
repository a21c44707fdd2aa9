import itertools

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from geo.errors import BoundaryError
from geo.model.boundaries import BOUNDARIES_PATH, BoundarySource, load_boundaries
from geo.model.crs import PAKISTAN_EQUAL_AREA

# Pakistan Bureau of Statistics, km² (see data/SOURCES.md).
OFFICIAL_KM2 = {
    "Balochistan": 347_190,
    "Punjab": 205_344,
    "Sindh": 140_914,
    "Khyber Pakhtunkhwa": 101_741,
}


@pytest.fixture(scope="module")
def units():
    return load_boundaries(BoundarySource(BOUNDARIES_PATH))


def test_seven_units_with_official_names_and_codes(units):
    assert dict(zip(units["name"], units["iso_3166_2"], strict=True)) == {
        "Balochistan": "PK-BA",
        "Sindh": "PK-SD",
        "Punjab": "PK-PB",
        "Khyber Pakhtunkhwa": "PK-KP",
        "Islamabad Capital Territory": "PK-IS",
        "Gilgit-Baltistan": "PK-GB",
        "Azad Jammu and Kashmir": "PK-JK",
    }
    assert set(units.loc[units["kind"] == "province", "name"]) == set(OFFICIAL_KM2)
    kashmir = units[units["name"].isin(["Gilgit-Baltistan", "Azad Jammu and Kashmir"])]
    assert kashmir["status"].str.contains("Pakistan-administered").all()


def test_all_units_valid_and_in_wgs84(units):
    assert str(units.crs) == "EPSG:4326"
    assert units.geometry.is_valid.all()
    assert set(units.geom_type) <= {"Polygon", "MultiPolygon"}


def test_no_overlaps_between_units(units):
    metric = units.to_crs(PAKISTAN_EQUAL_AREA)
    for a, b in itertools.combinations(range(len(metric)), 2):
        overlap_km2 = metric.geometry.iloc[a].intersection(metric.geometry.iloc[b]).area / 1e6
        assert overlap_km2 < 1, (units["name"].iloc[a], units["name"].iloc[b], overlap_km2)


@pytest.mark.parametrize("province", sorted(OFFICIAL_KM2))
def test_area_within_five_percent_of_official(units, province):
    computed = float(units.set_index("name").loc[province, "area_km2"])
    assert abs(computed - OFFICIAL_KM2[province]) / OFFICIAL_KM2[province] < 0.05


def test_stored_area_matches_geometry(units):
    metric_km2 = units.to_crs(PAKISTAN_EQUAL_AREA).area / 1e6
    assert ((metric_km2 - units["area_km2"]).abs() < 1).all()


def test_known_towns_fall_in_their_province(units):
    towns = {  # published town coordinates, well away from any border
        "Quetta": (66.99, 30.18, "Balochistan"),
        "Karachi": (67.01, 24.86, "Sindh"),
        "Lahore": (74.34, 31.55, "Punjab"),
        "Peshawar": (71.58, 34.01, "Khyber Pakhtunkhwa"),
        "Gilgit": (74.31, 35.92, "Gilgit-Baltistan"),
        "Muzaffarabad": (73.47, 34.37, "Azad Jammu and Kashmir"),
        # Miranshah, North Waziristan: former FATA, must now be in KP.
        "Miranshah": (70.07, 33.00, "Khyber Pakhtunkhwa"),
    }
    for town, (lon, lat, province) in towns.items():
        inside = units[units.contains(Point(lon, lat))]["name"].tolist()
        assert inside == [province], town


def _user_file(tmp_path, crs="EPSG:3857", **columns):
    gdf = gpd.GeoDataFrame(
        columns or {"ADM1_EN": ["North", "South"]},
        geometry=[box(66, 28, 67, 29), box(66, 27, 67, 28)],
        crs="EPSG:4326",
    ).to_crs(crs)
    path = tmp_path / "user.gpkg"
    gdf.to_file(path, driver="GPKG")
    return path


def test_user_file_in_another_crs_with_chosen_name_column(tmp_path):
    path = _user_file(tmp_path, ADM1_EN=["North", "South"], code=["N", "S"])
    units = load_boundaries(BoundarySource(path, name_column="ADM1_EN"))
    assert list(units["name"]) == ["North", "South"]
    assert str(units.crs) == "EPSG:4326"
    assert units.total_bounds == pytest.approx([66, 27, 67, 29], abs=1e-6)
    # 1°×1° near 28°N is about 111 km × 98 km.
    assert units["area_km2"].iloc[0] == pytest.approx(10_880, rel=0.02)


def test_setting_string_picks_path_and_column(tmp_path, monkeypatch):
    path = _user_file(tmp_path, shapeName=["North", "South"], other=["a", "b"])
    monkeypatch.setenv("ATLAS_BOUNDARIES", f"{path}#other")
    assert list(load_boundaries()["name"]) == ["a", "b"]
    monkeypatch.setenv("ATLAS_BOUNDARIES", str(path))
    assert list(load_boundaries()["name"]) == ["North", "South"]  # detected shapeName


def test_unknown_name_column_lists_the_choices(tmp_path):
    path = _user_file(tmp_path, label=["North", "South"])
    with pytest.raises(
        BoundaryError, match=r"`name_column` was 'NAME' but user.gpkg has columns \['label'\]"
    ):
        load_boundaries(BoundarySource(path, name_column="NAME"))
    with pytest.raises(BoundaryError, match=r"cannot tell which column .* \['label'\]"):
        load_boundaries(BoundarySource(path))


def test_points_file_is_refused(tmp_path):
    path = tmp_path / "points.geojson"
    gpd.GeoDataFrame({"name": ["x"]}, geometry=[Point(66, 28)], crs="EPSG:4326").to_file(path)
    with pytest.raises(
        BoundaryError, match=r"must hold polygons, but has geometry types \['Point'\]"
    ):
        load_boundaries(BoundarySource(path))


def test_missing_and_unreadable_files(tmp_path):
    with pytest.raises(BoundaryError, match="does not exist"):
        load_boundaries(BoundarySource(tmp_path / "nope.gpkg"))
    junk = tmp_path / "junk.gpkg"
    junk.write_bytes(b"not a geopackage")
    with pytest.raises(BoundaryError, match="could not be read"):
        load_boundaries(BoundarySource(junk))


def test_file_without_crs_is_refused(tmp_path):
    path = tmp_path / "nocrs.shp"
    gpd.GeoDataFrame({"name": ["x"]}, geometry=[box(66, 27, 67, 28)], crs="EPSG:4326").to_file(path)
    path.with_suffix(".prj").unlink()
    with pytest.raises(BoundaryError, match=r"declares no CRS; add one"):
        load_boundaries(BoundarySource(path))

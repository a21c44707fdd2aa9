import json

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, Polygon

from geo.errors import ExportError
from geo.export.geojson import feature_collection, geometry
from geo.export.writers import export_bytes, export_file, format_for
from tests import rfc7946

CLOCKWISE_SQUARE_WITH_HOLE = Polygon(
    [(66, 27), (66, 28), (67, 28), (67, 27), (66, 27)],
    [[(66.2, 27.2), (66.8, 27.2), (66.8, 27.8), (66.2, 27.8), (66.2, 27.2)]],
)


def test_rings_are_reoriented_to_rfc7946():
    assert rfc7946.signed_area(list(CLOCKWISE_SQUARE_WITH_HOLE.exterior.coords)) < 0
    out = geometry(CLOCKWISE_SQUARE_WITH_HOLE)
    exterior, hole = out["coordinates"]
    assert rfc7946.signed_area(exterior) > 0
    assert rfc7946.signed_area(hole) < 0


def test_coordinates_are_lon_lat_rounded_to_six_decimals():
    assert geometry(Point(62.10558333333, 29.10083888889)) == {
        "type": "Point",
        "coordinates": [62.105583, 29.100839],
    }


def test_properties_become_plain_json():
    gdf = gpd.GeoDataFrame(
        {
            "minerals": [["copper", "gold"]],
            "amount": [float("nan")],
            "count": [pd.Series([3]).astype("int64").iloc[0]],
            "ok": [True],
        },
        geometry=[None],
        crs="EPSG:4326",
    )
    [feature] = feature_collection(gdf)["features"]
    assert feature == {
        "type": "Feature",
        "properties": {"minerals": ["copper", "gold"], "amount": None, "count": 3, "ok": True},
        "geometry": None,
    }


def test_other_crs_is_reprojected_to_wgs84():
    gdf = gpd.GeoDataFrame({"a": [1]}, geometry=[Point(66.5, 27.5)], crs="EPSG:4326")
    [feature] = feature_collection(gdf.to_crs("EPSG:3857"))["features"]
    assert feature["geometry"]["coordinates"] == pytest.approx([66.5, 27.5], abs=1e-6)


def test_unknown_extension_and_format_are_refused(tmp_path):
    with pytest.raises(ExportError, match=r"`output` was '.*out.kml' but its extension"):
        format_for(tmp_path / "out.kml")
    gdf = gpd.GeoDataFrame({"source": ["x"]}, geometry=[None], crs="EPSG:4326")
    with pytest.raises(ExportError, match=r"`fmt` was 'shp'"):
        export_bytes(gdf, "shp", "sites")


def test_export_without_provenance_is_refused():
    gdf = gpd.GeoDataFrame({"name": ["x"]}, geometry=[None], crs="EPSG:4326")
    with pytest.raises(ExportError, match=r"missing its provenance column 'source'"):
        export_bytes(gdf, "geojson", "sites")


def test_checker_catches_what_it_should():
    bad = json.dumps(
        {
            "type": "FeatureCollection",
            "crs": {},
            "features": [
                {
                    "type": "Feature",
                    "properties": {"minerals": "copper;gold"},
                    "geometry": {
                        "type": "Polygon",
                        "coordinates": [[[0, 0], [0, 1], [1, 1], [1, 0.1234567], [0, 0]]],
                    },
                }
            ],
        }
    )
    found = rfc7946.problems(bad)
    assert "has a crs member" in found
    assert "a number with 7 decimals" in found
    assert "feature 0: ring 0 has the wrong orientation" in found
    assert "feature 0: minerals is a ';'-string, not an array" in found


def test_boundaries_round_trip_through_every_format(tmp_path):
    from geo.model.boundaries import load_boundaries

    units = load_boundaries()
    for ext in ("geojson", "gpkg", "csv"):
        path = export_file(units, tmp_path / f"units.{ext}", "boundaries")
        if ext == "csv":
            table = pd.read_csv(path)
            assert len(table) == 7 and table["wkt"].str.startswith("MULTIPOLYGON").any()
        else:
            back = gpd.read_file(path)
            assert sorted(back["name"]) == sorted(units["name"])
    assert rfc7946.problems((tmp_path / "units.geojson").read_text()) == []

"""Why the atlas keeps its own GeoJSON writer (geo/export/geojson.py) rather than GDAL's: settled here.

GDAL's writer (pyogrio, RFC7946=YES) now does what RFC 7946 asks: counter-clockwise exterior
rings, six decimals when told, list properties as JSON arrays, null geometries. What it does not
do: it needs a file (the map layers need an in-memory dict for folium), and a column of Python
booleans with gaps (``province_matches``: true, false or unknown) comes out as the strings
"True"/"False". These tests fail if either stops being so, which is the time to switch.
"""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
from shapely.geometry import Point, Polygon

from geo.export.geojson import feature_collection
from geo.export.writers import export_view
from geo.views.query import SiteFilter

RFC7946 = {"RFC7946": "YES", "COORDINATE_PRECISION": "6"}


def gdal_geojson(gdf: gpd.GeoDataFrame, tmp_path) -> dict:
    path = tmp_path / "gdal.geojson"
    gdf.to_file(path, driver="GeoJSON", engine="pyogrio", layer_options=RFC7946)
    return json.loads(path.read_text(encoding="utf-8"))


def test_gdal_now_orients_rounds_and_keeps_lists(tmp_path):
    clockwise = Polygon([(67, 30), (67, 31), (68, 31), (68, 30)])
    frame = gpd.GeoDataFrame(
        {"minerals": [["copper", "gold"], ["coal"]]},
        geometry=[clockwise, Point(67.123456789, 30.987654321)],
        crs="EPSG:4326",
    )
    gdal = gdal_geojson(frame, tmp_path)["features"]
    ring = gdal[0]["geometry"]["coordinates"][0]
    assert Polygon(ring).exterior.is_ccw
    assert gdal[1]["geometry"]["coordinates"] == [67.123457, 30.987654]
    assert gdal[0]["properties"]["minerals"] == ["copper", "gold"]
    ours = feature_collection(frame)["features"]
    assert Polygon(ours[0]["geometry"]["coordinates"][0]).equals(Polygon(ring))  # start differs
    assert ours[1]["geometry"] == gdal[1]["geometry"]


@pytest.fixture(scope="module")
def sites():
    from geo.model.atlas import load_atlas

    return export_view(load_atlas(), SiteFilter(), "sites")


def test_gdal_writes_booleans_with_gaps_as_strings(sites, tmp_path):
    assert sites["province_matches"].dtype == object  # True, False or None per site
    gdal = gdal_geojson(sites, tmp_path)["features"]
    ours = feature_collection(sites)["features"]
    assert {f["properties"]["province_matches"] for f in gdal} <= {"True", "False", None}
    assert {f["properties"]["province_matches"] for f in ours} <= {True, False, None}
    # Everything else about the export is the same in both writers.
    for mine, theirs in zip(ours, gdal, strict=True):
        assert mine["geometry"] == theirs["geometry"]
        del mine["properties"]["province_matches"], theirs["properties"]["province_matches"]
        assert mine["properties"] == theirs["properties"]

"""Uploads are opened only as the format their name promises: no GDAL indirection (VRT) that
reads the server's files, and tables without geometry in a GeoPackage do not crash."""

from __future__ import annotations

import io
import zipfile

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import Point

from geo.ingest.importer import import_sites
from geo.ingest.readers import FileImportError, read_upload
from geo.model.boundaries import boundary_columns, holds_polygons

VRT = b"""<OGRVRTDataSource>
  <OGRVRTLayer name="passwd">
    <SrcDataSource>CSV:/etc/passwd</SrcDataSource>
  </OGRVRTLayer>
</OGRVRTDataSource>
"""


def test_the_vrt_would_read_server_files_if_gdal_were_left_to_choose(tmp_path):
    # The premise of the tests below: GDAL itself follows the VRT to /etc/passwd.
    path = tmp_path / "x.geojson"
    path.write_bytes(VRT)
    frame = pyogrio.read_dataframe(path, read_geometry=False)
    assert len(frame) >= 1 and pyogrio.read_info(path)["driver"] == "OGR_VRT"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("x.geojson", "GeoJSON"), ("x.json", "GeoJSON"), ("x.kml", "KML"), ("x.gpkg", "GeoPackage")],
)
def test_a_vrt_uploaded_under_a_vector_name_is_refused(name, expected, vocabulary, two_units):
    with pytest.raises(FileImportError, match=rf"{name!r} is not .*{expected}"):
        read_upload(name, VRT)
    with pytest.raises(FileImportError, match=expected):
        import_sites(name, VRT, vocabulary=vocabulary, units=two_units)


def _zip(**members: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for member, data in members.items():
            zf.writestr(member.replace("__", "."), data)
    return out.getvalue()


def test_a_vrt_inside_a_zip_is_refused():
    with pytest.raises(FileImportError, match=r"'sites.geojson' in 'x.zip' is not GeoJSON"):
        read_upload("x.zip", _zip(sites__geojson=VRT))
    with pytest.raises(FileImportError, match=r"is not a Shapefile"):
        read_upload("x.zip", _zip(sites__shp=VRT, sites__dbf=b"", sites__shx=b""))
    # A .vrt file is not a dataset we read at all: the message lists the formats that are.
    with pytest.raises(FileImportError, match=r"exactly one \.shp/\.geojson/\.json/\.gpkg/\.kml"):
        read_upload("x.zip", _zip(sites__vrt=VRT))


def test_a_vrt_inside_a_kmz_is_refused():
    with pytest.raises(FileImportError, match=r"'doc.kml' in 'x.kmz' is not KML"):
        read_upload("x.kmz", _zip(doc__kml=VRT))


def test_a_vrt_disguised_inside_json_is_refused():
    # Starts like JSON, but names the VRT driver: GDAL probes drivers by content.
    data = b'{"a": "<OGRVRTDataSource><SrcDataSource>CSV:/etc/passwd</SrcDataSource>"}'
    with pytest.raises(FileImportError, match=r"virtual/remote dataset description"):
        read_upload("x.geojson", data)


def test_boundary_uploads_are_checked_the_same_way():
    assert holds_polygons("x.geojson", VRT) is False
    from geo.errors import BoundaryError

    with pytest.raises(BoundaryError, match="is not GeoJSON"):
        boundary_columns("x.geojson", VRT)


def test_the_real_formats_still_load():
    from tests.security.conftest import CORPUS

    for name in ("web_mercator.geojson", "sites.kml", "sites.kmz", "shapefile_utm.zip"):
        assert len(read_upload(name, (CORPUS / name).read_bytes()).frame) > 0


def test_a_geopackage_with_an_attribute_only_table_reads_its_points(tmp_path, vocabulary):
    from geo.model.atlas import load_atlas

    path = tmp_path / "qgis.gpkg"
    gpd.GeoDataFrame(
        {"name": ["Test Quetta"]}, geometry=[Point(66.975, 30.1798)], crs="EPSG:4326"
    ).to_file(path, layer="sites")
    pyogrio.write_dataframe(pd.DataFrame({"note": ["a table, no geometry"]}), path, layer="notes")
    raw = read_upload("qgis.gpkg", path.read_bytes())
    assert list(raw.frame["name"]) == ["Test Quetta"]
    assert any("without geometry were skipped: notes" in n for n in raw.notes)
    atlas = load_atlas()
    result = import_sites("qgis.gpkg", path.read_bytes(), vocabulary=vocabulary, units=atlas.units)
    assert result.read == 1 and list(result.accepted["name"]) == ["Test Quetta"]


def test_a_geopackage_with_only_an_attribute_table_is_explained(tmp_path):
    path = tmp_path / "table.gpkg"
    pyogrio.write_dataframe(pd.DataFrame({"note": ["x"]}), path, layer="notes")
    with pytest.raises(FileImportError, match=r"no features with a geometry .*\['notes'\]"):
        read_upload("table.gpkg", path.read_bytes())

"""Each limit of geo/ingest/limits.py refuses an over-limit upload with a clear message, before the
work it bounds (the reader never reaches the rows past the limit)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
import rasterio
from rasterio.transform import from_origin

from geo.analysis.geotiff import read_user_raster
from geo.errors import FileImportError, RasterFileError
from geo.ingest import limits, readers
from geo.ingest.readers import read_upload
from tests.conftest import write_tif


def _csv(rows: int, columns: int = 3) -> bytes:
    header = ",".join(["name", "lat", "lon", *[f"c{i}" for i in range(columns - 3)]])
    row = ",".join(["x", "30.1", "66.9", *["" for _ in range(columns - 3)]])
    return (header + "\n" + "\n".join([row] * rows) + "\n").encode()


def test_rows_over_the_limit_are_refused_while_reading(monkeypatch):
    monkeypatch.setattr(limits, "ROWS", 1_000)
    seen = []
    with pytest.raises(FileImportError, match=r"more than 1,000 rows; at most 1,000 rows"):
        read_upload("big.csv", _csv(50_000), progress=lambda done, total: seen.append(done))
    # Reading stopped at the first row over the limit, long before the file's 50,000 rows.
    assert seen == [] or max(seen) <= 1_000
    assert len(read_upload("ok.csv", _csv(1_000)).rows) == 1_000


def test_the_real_row_limit_is_200000():
    assert limits.ROWS == 200_000
    data = _csv(200_001)
    with pytest.raises(FileImportError, match=r"more than 200,000 rows"):
        read_upload("big.csv", data)


def test_cells_over_the_limit_are_refused(monkeypatch):
    monkeypatch.setattr(limits, "CELLS", 10_000)
    with pytest.raises(FileImportError, match=r"rows of 100 columns; at most 10,000 cells"):
        read_upload("wide.csv", _csv(200, columns=100))


def test_a_40000_column_csv_is_refused_by_the_column_limit():
    header = ",".join(f"c{i}" for i in range(40_000)).encode()
    with pytest.raises(FileImportError, match=r"has 40,000 columns; at most 1,000 are imported"):
        read_upload("wide.csv", header + b"\n" + b"1," * 39_999 + b"1\n")


def test_the_duplicate_column_check_is_linear(monkeypatch):
    # Under a raised column limit the duplicate check still runs in one pass: count how often
    # header names are compared (list.count would make it 40,000 × 40,000).
    monkeypatch.setattr(limits, "COLUMNS", 50_000)
    calls = []
    real = readers.Counter

    def counting(items):
        calls.append(len(items))
        return real(items)

    monkeypatch.setattr(readers, "Counter", counting)
    names = [f"c{i}" for i in range(40_000)] + ["c7"]
    with pytest.raises(FileImportError, match=r"repeats the column name\(s\) \['c7'\]"):
        readers._check_header("wide.csv", names)
    assert calls == [40_001]


def test_a_long_cell_is_refused_with_its_line():
    data = b"name,lat,lon\n" + b"a" * (limits.CELL_CHARACTERS + 1) + b",30,66\n"
    with pytest.raises(FileImportError, match=r"line 2: field larger than field limit"):
        read_upload("long.csv", data)


def _xlsx(sheet_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", b"<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        for member, data in (extra or {}).items():
            zf.writestr(member, data)
    return out.getvalue()


def test_an_xlsx_declaring_too_many_rows_is_refused_before_parsing(monkeypatch):
    parsed = []
    monkeypatch.setattr(readers.pd, "read_excel", lambda *a, **k: parsed.append(1))
    sheet = b'<worksheet><dimension ref="A1:F2000001"/><sheetData/></worksheet>'
    with pytest.raises(FileImportError, match=r"sheet1 declares 2,000,001 rows and 6 columns"):
        read_upload("huge.xlsx", _xlsx(sheet))
    assert parsed == []


def test_an_xlsx_that_unzips_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "XLSX_UNCOMPRESSED_BYTES", 1 * limits.MIB)
    sheet = b'<worksheet><dimension ref="A1:B2"/><sheetData/></worksheet>'
    data = _xlsx(sheet, {"xl/sharedStrings.xml": b" " * (2 * limits.MIB)})
    assert len(data) < 100_000  # a small upload that inflates
    with pytest.raises(FileImportError, match=r"unzips to 2\.0 MiB in 3 parts; at most 1 MiB"):
        read_upload("bomb.xlsx", data)


def test_an_xlsx_with_rows_past_the_limit_and_no_dimension_is_still_refused(monkeypatch):
    monkeypatch.setattr(limits, "ROWS", 5)
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["name", "lat", "lon"])
    for i in range(10):
        sheet.append([f"s{i}", 30.1, 66.9])
    saved = io.BytesIO()
    book.save(saved)
    # Without its <dimension> element (it is optional), only reading can find the rows.
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(out, "w") as dst:
        for entry in src.infolist():
            data = src.read(entry)
            if entry.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension[^>]*/>", b"", data)
            dst.writestr(entry, data)
    with pytest.raises(FileImportError, match=r"more than 5 rows"):
        read_upload("long.xlsx", out.getvalue())


def test_kml_placemarks_are_counted_before_gdal_reads_them(monkeypatch):
    monkeypatch.setattr(limits, "ROWS", 10)
    placemark = b"<Placemark><Point><coordinates>66.9,30.1</coordinates></Point></Placemark>"
    data = b'<?xml version="1.0"?><kml><Document>' + placemark * 11 + b"</Document></kml>"
    with pytest.raises(FileImportError, match=r"holds 11 placemarks; at most 10"):
        read_upload("many.kml", data)
    kmz = io.BytesIO()
    with zipfile.ZipFile(kmz, "w") as zf:
        zf.writestr("doc.kml", data)
    with pytest.raises(FileImportError, match=r"holds 11 placemarks"):
        read_upload("many.kmz", kmz.getvalue())


def test_geojson_features_over_the_limit_are_refused(monkeypatch):
    monkeypatch.setattr(limits, "ROWS", 2)
    feature = '{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[66,30]}}'
    data = ('{"type":"FeatureCollection","features":[' + ",".join([feature] * 3) + "]}").encode()
    with pytest.raises(FileImportError, match=r"holds 3 features; at most 2"):
        read_upload("many.geojson", data)


def test_a_raster_declaring_huge_dimensions_is_refused_from_its_header(tmp_path):
    # A tiny sparse GeoTIFF that declares 600,000 × 600,000 cells (no pixel is ever written).
    path = tmp_path / "huge.tif"
    profile = {
        "driver": "GTiff",
        "width": 600_000,
        "height": 600_000,
        "count": 1,
        "dtype": "uint8",
        "crs": "EPSG:4326",
        "transform": from_origin(60, 37, 0.0001, 0.0001),
        "tiled": True,
        "compress": "deflate",
        "sparse_ok": True,
        "BIGTIFF": "YES",
    }
    with rasterio.open(path, "w", **profile):
        pass
    data = path.read_bytes()
    assert len(data) < limits.RASTER_BYTES
    with pytest.raises(RasterFileError, match=r"declares 600,000 × 600,000 cells; at most"):
        read_user_raster("huge.tif", data)


def test_a_small_raster_is_still_read(tmp_path):
    data = write_tif(tmp_path / "dem.tif", west=66, north=31, size_deg=1, nodata=None)
    assert read_user_raster("dem.tif", data).values.size > 0


def test_size_messages_use_mib_for_mib_limits():
    from geo.ingest.safezip import MAX_UNCOMPRESSED

    assert limits.mib(MAX_UNCOMPRESSED) == "200 MiB"
    with pytest.raises(FileImportError, match=r"the limit is 25 MiB \(26,214,400 bytes\)"):
        read_upload("big.csv", b"a" * (limits.UPLOAD_BYTES + 1))

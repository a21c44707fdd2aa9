"""Turning an uploaded file (name + bytes) into rows the importer can check.

Tables (CSV, TSV, XLSX) come back as strings per cell, with spreadsheet-style row numbers (the
header is row 1). Vector files (GeoJSON, GeoPackage, zipped Shapefile, KML, KMZ) come back as a
GeoDataFrame in WGS84 with feature numbers. Files are written to a temporary folder only as long
as reading needs them; the folder is always removed.
"""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from geo.crs import WGS84
from geo.errors import FileImportError
from geo.safezip import UnsafeArchiveError, safe_extract
from geo.sniff import check_driver, check_vector_file

# Site files; Streamlit's own server.maxUploadSize (.streamlit/config.toml) is the larger raster
# limit. Both count MiB and call them MB.
MAX_UPLOAD_MB = 25
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
TABLE_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx"}
VECTOR_SUFFIXES = {".geojson", ".json", ".gpkg", ".kml", ".kmz", ".zip"}
SUFFIXES = TABLE_SUFFIXES | VECTOR_SUFFIXES
_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a zip archive",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"SQLite format 3": "an SQLite database",
}


@dataclass
class RawRows:
    """What a file holds, before any row is checked."""

    kind: str  # "table" or "vector"
    frame: pd.DataFrame  # a GeoDataFrame (WGS84) for vector files
    rows: list[int]  # row number of each record, as the user would find it in the file
    row_errors: dict[int, str] = field(default_factory=dict)  # rows unreadable as such
    notes: list[str] = field(default_factory=list)  # file-level facts worth telling the user


def read_upload(name: str, data: bytes, *, sheet: str | int = 0) -> RawRows:
    """Read an uploaded file; FileImportError for a file that cannot be imported at all."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise FileImportError(
            f"{name!r}: files ending in {suffix or '(nothing)'} are not supported; use one of "
            f"{', '.join(sorted(SUFFIXES))}"
        )
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileImportError(
            f"{name!r} is {len(data) / 2**20:.1f} MB; the limit is {MAX_UPLOAD_MB} MB"
        )
    if not data.strip():
        raise FileImportError(f"{name!r} is empty")
    if suffix in {".csv", ".tsv", ".txt"}:
        return _read_text_table(name, data, "\t" if suffix == ".tsv" else None)
    if suffix == ".xlsx":
        return _read_excel(name, data, sheet)
    return _read_vector(name, data, suffix)


def decode_text(name: str, data: bytes) -> tuple[str, str]:
    """The text and its encoding: UTF-8 (with or without BOM), else Windows-1252/Latin-1."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise FileImportError(f"{name!r} is not a text table: it looks like {what}")
    if b"\x00" in data[:8192]:
        raise FileImportError(f"{name!r} is not a text table: it contains binary data")
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return data.decode(encoding), "utf-8" if encoding == "utf-8-sig" else encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def _read_text_table(name: str, data: bytes, delimiter: str | None) -> RawRows:
    text, encoding = decode_text(name, data)
    if delimiter is None:
        sample = text[:8192]
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise FileImportError(f"{name!r} is empty") from None
    if not any(header):
        raise FileImportError(f"{name!r} has no header row")
    _check_header(name, header)
    records, rows, errors = [], [], {}
    for fields in _records(name, reader):
        line = reader.line_num
        if not any(f.strip() for f in fields):
            continue
        rows.append(line)
        if len(fields) != len(header):
            errors[line] = (
                f"has {len(fields)} fields but the header has {len(header)}"
                " (a value containing the separator must be quoted)"
            )
            fields = (fields + [""] * len(header))[: len(header)]
        records.append([f.strip() for f in fields])
    notes = [f"read as {encoding} text separated by {_delimiter_name(delimiter)}"]
    return RawRows(
        "table", pd.DataFrame(records, columns=header, dtype=object), rows, errors, notes
    )


def _records(name: str, reader):
    # csv raises on some malformed input (a bare carriage return in an unquoted field); the rest
    # of the file cannot be split into rows reliably after that, so the file is refused with the
    # line to fix rather than half-read.
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise FileImportError(f"{name!r}, line {reader.line_num + 1}: {exc}") from exc


def _read_excel(name: str, data: bytes, sheet: str | int) -> RawRows:
    try:
        frame = pd.read_excel(io.BytesIO(data), sheet_name=sheet, dtype=object, engine="openpyxl")
    except (zipfile.BadZipFile, ValueError, KeyError) as exc:
        raise FileImportError(f"{name!r} could not be read as an Excel workbook ({exc})") from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    _check_header(name, list(frame.columns))
    frame = frame.dropna(how="all")
    # pandas drops the header row and counts from 0: row 1 of the sheet is the header.
    rows = [int(i) + 2 for i in frame.index]
    frame = frame.reset_index(drop=True).astype(object).where(frame.notna().values, "")
    return RawRows("table", frame, rows, {}, [f"read sheet {sheet!r} of the workbook"])


@contextmanager
def unpacked_upload(name: str, data: bytes) -> Iterator[Path]:
    """The upload as a file on disk (zips and KMZs safely unpacked to their one dataset) inside
    a temporary folder that is removed when the block ends, whatever happens inside it."""
    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="atlas-upload-") as tmp:
        folder = Path(tmp)
        path = folder / f"upload{suffix}"
        path.write_bytes(data)
        if suffix in {".zip", ".kmz"}:
            path = _unpack(name, path, folder / "unpacked", suffix)
        try:
            expected = check_vector_file(name, path)
            check_driver(name, path, expected)
        except pyogrio.errors.DataSourceError as exc:
            raise FileImportError(
                f"{name!r} could not be read as {expected.label} ({exc})"
            ) from exc
        yield path


def _read_vector(name: str, data: bytes, suffix: str) -> RawRows:
    with unpacked_upload(name, data) as path:
        try:
            listed = pyogrio.list_layers(path)
            # A GeoPackage may also hold attribute-only tables (QGIS saves them so): no sites.
            layers = [str(layer) for layer, kind in listed if kind is not None]
            tables = [str(layer) for layer, kind in listed if kind is None]
            frames = [gpd.read_file(path, layer=layer) for layer in layers]
        except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
            raise FileImportError(f"{name!r} could not be read as {suffix[1:]} ({exc})") from exc
    frames = [f for f in frames if len(f)]
    if not frames:
        raise FileImportError(
            f"{name!r} holds no features with a geometry"
            + (f" (only the attribute table(s) {tables})" if tables else "")
        )
    notes = []
    if tables:
        notes.append(f"table(s) without geometry were skipped: {', '.join(tables)}")
    declared = {str(f.crs) for f in frames if f.crs is not None}
    if any(f.crs is None for f in frames):
        notes.append("the file declares no CRS; its coordinates were taken as WGS84 lon/lat")
    elif declared != {WGS84}:
        notes.append(f"reprojected from {', '.join(sorted(declared))} to WGS84")
    frames = [f.set_crs(WGS84) if f.crs is None else f.to_crs(WGS84) for f in frames]
    frame = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=WGS84)
    if len(frames) > 1:
        notes.append(f"{len(frames)} layers were combined")
    return RawRows("vector", frame, list(range(1, len(frame) + 1)), {}, notes)


def _unpack(name: str, archive: Path, target: Path, suffix: str) -> Path:
    target.mkdir()
    try:
        files = safe_extract(archive, target)
    except zipfile.BadZipFile as exc:
        raise FileImportError(f"{name!r} is not a valid zip archive") from exc
    except UnsafeArchiveError as exc:
        raise FileImportError(f"{name!r} was not unpacked: {exc}") from exc
    wanted = (".kml",) if suffix == ".kmz" else (".shp", ".geojson", ".json", ".gpkg", ".kml")
    found = [f for f in files if f.suffix.lower() in wanted and not f.name.startswith("._")]
    if len(found) != 1:
        listed = ", ".join(sorted(f.name for f in found)) or "none"
        raise FileImportError(
            f"{name!r} must hold exactly one {'/'.join(wanted)} dataset; found {listed}"
        )
    return found[0]


def _check_header(name: str, header: list[str]) -> None:
    repeated = sorted({h for h in header if h and header.count(h) > 1})
    if repeated:
        raise FileImportError(f"{name!r} repeats the column name(s) {repeated}; rename them")


def _delimiter_name(delimiter: str) -> str:
    return {",": "commas", ";": "semicolons", "\t": "tabs", "|": "pipes"}.get(delimiter, delimiter)

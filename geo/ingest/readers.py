"""Turning an uploaded file (name + bytes) into rows the importer can check.

Tables (CSV, TSV, XLSX) come back as strings per cell, with spreadsheet-style row numbers (the
header is row 1). Vector files (GeoJSON, GeoPackage, zipped Shapefile, KML, KMZ) come back as a
GeoDataFrame in WGS84 with feature numbers. Files are written to a temporary folder only as long
as reading needs them; the folder is always removed.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from geo.errors import FileImportError
from geo.ingest import limits
from geo.ingest.safezip import UnsafeArchiveError, safe_extract
from geo.ingest.sniff import check_driver, check_vector_file
from geo.model.crs import WGS84

# Site files; Streamlit's own server.maxUploadSize (.streamlit/config.toml) is the larger raster
# limit. Every limit lives in geo/ingest/limits.py.
MAX_UPLOAD_BYTES = limits.UPLOAD_BYTES
MAX_UPLOAD_MB = MAX_UPLOAD_BYTES // limits.MIB
PROGRESS_EVERY = 10_000  # rows between two progress calls
# Called with (rows read so far, rows expected or None) while a long file is read.
Progress = Callable[[int, "int | None"], None]
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
    row_flags: dict[int, str] = field(default_factory=dict)  # rows read with an assumption


def read_upload(
    name: str, data: bytes, *, sheet: str | int = 0, progress: Progress | None = None
) -> RawRows:
    """Read an uploaded file; FileImportError for a file that cannot be imported at all,
    including one over a limit of geo/ingest/limits.py (refused before the work the limit
    bounds)."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise FileImportError(
            f"{name!r}: files ending in {suffix or '(nothing)'} are not supported; use one of "
            f"{', '.join(sorted(SUFFIXES))}"
        )
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileImportError(
            f"{name!r} is {limits.mib(len(data))} ({len(data):,} bytes); the limit is "
            f"{limits.mib(MAX_UPLOAD_BYTES)} ({MAX_UPLOAD_BYTES:,} bytes)"
        )
    if not data.strip():
        raise FileImportError(f"{name!r} is empty")
    if suffix in {".csv", ".tsv", ".txt"}:
        return _read_text_table(name, data, "\t" if suffix == ".tsv" else None, progress)
    if suffix == ".xlsx":
        return _read_excel(name, data, sheet, progress)
    return _read_vector(name, data, suffix)


def decode_text(name: str, data: bytes) -> tuple[str, str, set[int]]:
    """The text, how it was decoded, and the (1-based) lines that were not UTF-8.

    UTF-8 (with or without BOM) when the whole file is; Windows-1252 (else Latin-1) when no line
    with accented text is UTF-8. A file mixing both (one cp1252 line pasted into a UTF-8 file) is
    decoded line by line: valid UTF-8 lines stay as they are, the others are read as
    Windows-1252, and their line numbers are returned so their rows can be flagged. Decoding the
    whole file as cp1252 instead would turn every "Café" into "CafÃ©".
    """
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise FileImportError(f"{name!r} is not a text table: it looks like {what}")
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise FileImportError(
            f"{name!r} is not a text table: it contains binary data (a NUL byte on line {line})"
        )
    try:
        return data.decode("utf-8-sig"), "utf-8", set()
    except UnicodeDecodeError:
        pass
    lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    out, legacy, utf8_accents = [], set(), False
    for number, line in enumerate(lines, start=1):
        try:
            text = line.decode("utf-8")
            utf8_accents = utf8_accents or not line.isascii()
        except UnicodeDecodeError:
            text = _legacy(line)
            legacy.add(number)
        out.append(text)
    if not utf8_accents:
        try:
            return data.decode("cp1252"), "cp1252", set()
        except UnicodeDecodeError:
            return data.decode("latin-1"), "latin-1", set()
    return "\n".join(out), "mixed", legacy


def _legacy(line: bytes) -> str:
    try:
        return line.decode("cp1252")
    except UnicodeDecodeError:
        return line.decode("latin-1")


def _read_text_table(
    name: str, data: bytes, delimiter: str | None, progress: Progress | None = None
) -> RawRows:
    text, encoding, legacy_lines = decode_text(name, data)
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
    except csv.Error as exc:
        raise FileImportError(f"{name!r}, line 1: {exc}") from exc
    if not any(header):
        raise FileImportError(f"{name!r} has no header row")
    _check_header(name, header)
    width = len(header)
    # Every row costs `width` cells: the row limit is the smaller of ROWS and CELLS / width.
    max_rows = min(limits.ROWS, limits.CELLS // width)
    expected = data.count(b"\n") if progress else None
    records, rows, errors, flags = [], [], {}, {}
    previous_line = reader.line_num
    for fields in _records(name, reader):
        line = reader.line_num
        first_line, previous_line = previous_line + 1, line
        cells = [f.strip() for f in fields]
        if not any(cells):
            continue
        rows.append(line)
        count = len(rows)
        if count > max_rows:
            raise FileImportError(_too_many_rows(name, max_rows, width))
        if progress and count % PROGRESS_EVERY == 0:
            progress(count, expected)
        if len(cells) != width:
            errors[line] = (
                f"has {len(cells)} fields but the header has {width}"
                " (a value containing the separator must be quoted)"
            )
            cells = (cells + [""] * width)[:width]
        if legacy_lines and any(n in legacy_lines for n in range(first_line, line + 1)):
            flags[line] = "text on this line was not UTF-8 and was read as Windows-1252"
        records.append(cells)
    if progress:
        progress(len(rows), len(rows))
    if encoding == "mixed":
        shown = ", ".join(str(n) for n in sorted(legacy_lines)[:10])
        more = " …" if len(legacy_lines) > 10 else ""
        notes = [
            f"read as UTF-8 text separated by {_delimiter_name(delimiter)}; "
            f"{len(legacy_lines)} line(s) were not UTF-8 and were read as Windows-1252 "
            f"(lines {shown}{more}); their rows are flagged"
        ]
    else:
        notes = [f"read as {encoding} text separated by {_delimiter_name(delimiter)}"]
    frame = pd.DataFrame(records, columns=header, dtype=object)
    if b"'" in data:
        frame = _formulas_restored(frame)
    return RawRows(
        "table",
        frame,
        rows,
        errors,
        notes,
        flags,
    )


# What geo.export.writers.neutralise_formulas writes: an apostrophe before a formula's first
# character.
_NEUTRALISED = r"'[=+\-@\t\r]"


def _formulas_restored(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells our CSV export protected from spreadsheets ("'=...") read back as written."""
    for column in frame.columns:
        values = frame[column]
        protected = values.str.match(_NEUTRALISED, na=False)
        if protected.any():
            frame[column] = values.where(~protected, values.str.slice(1))
    return frame


def _too_many_rows(name: str, max_rows: int, width: int) -> str:
    if max_rows < limits.ROWS:
        return (
            f"{name!r} has more than {max_rows:,} rows of {width:,} columns; at most "
            f"{limits.CELLS:,} cells are imported from one file. Split the file or drop columns"
        )
    return (
        f"{name!r} has more than {limits.ROWS:,} rows; at most {limits.ROWS:,} rows are "
        "imported from one file. Split it into smaller files"
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
            # A too-long field is reported after its line was counted; a bare carriage return
            # before the line ends.
            line = reader.line_num if "field larger" in str(exc) else reader.line_num + 1
            raise FileImportError(f"{name!r}, line {line}: {exc}") from exc


def _read_excel(
    name: str, data: bytes, sheet: str | int, progress: Progress | None = None
) -> RawRows:
    check_workbook(name, data)
    try:
        # Reading stops one row past the limit, so an over-long sheet is never parsed whole.
        frame = pd.read_excel(
            io.BytesIO(data),
            sheet_name=sheet,
            dtype=object,
            engine="openpyxl",
            nrows=limits.ROWS + 1,
        )
    except (zipfile.BadZipFile, ValueError, KeyError) as exc:
        raise FileImportError(f"{name!r} could not be read as an Excel workbook ({exc})") from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    _check_header(name, list(frame.columns))
    if len(frame) > limits.ROWS:
        raise FileImportError(_too_many_rows(name, limits.ROWS, len(frame.columns)))
    frame = frame.dropna(how="all")
    # pandas drops the header row and counts from 0: row 1 of the sheet is the header.
    rows = [int(i) + 2 for i in frame.index]
    frame = frame.reset_index(drop=True).astype(object).where(frame.notna().values, "")
    frame = frame.map(lambda v: v.strip() if isinstance(v, str) else v)
    if progress:
        progress(len(rows), len(rows))
    return RawRows("table", frame, rows, {}, [f"read sheet {sheet!r} of the workbook"])


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)?(\d+)?:?([A-Z]+)?(\d+)?\"")


def check_workbook(name: str, data: bytes) -> None:
    """Refuse an XLSX whose parts unzip to more than the limit, or whose sheets declare more
    rows, columns or cells than the limits, from the zip directory and each sheet's
    ``<dimension>`` element, before any cell is parsed."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            entries = zf.infolist()
            unzipped = sum(e.file_size for e in entries)
            if len(entries) > limits.ARCHIVE_ENTRIES or unzipped > limits.XLSX_UNCOMPRESSED_BYTES:
                raise FileImportError(
                    f"{name!r} unzips to {limits.mib(unzipped)} in {len(entries)} parts; at "
                    f"most {limits.mib(limits.XLSX_UNCOMPRESSED_BYTES)} in "
                    f"{limits.ARCHIVE_ENTRIES:,} parts are read"
                )
            for entry in entries:
                if not re.fullmatch(r"xl/worksheets/[^/]+\.xml", entry.filename):
                    continue
                with zf.open(entry) as part:
                    head = part.read(4096)
                found = _DIMENSION.search(head)
                if found is None:
                    continue
                rows = int(found.group(4) or found.group(2) or 0)
                columns = _column_number((found.group(3) or found.group(1) or b"A").decode())
                sheet = entry.filename.rsplit("/", 1)[-1].removesuffix(".xml")
                if rows - 1 > limits.ROWS or columns > limits.COLUMNS:
                    raise FileImportError(
                        f"{name!r}: {sheet} declares {rows:,} rows and {columns:,} columns; at "
                        f"most {limits.ROWS:,} rows and {limits.COLUMNS:,} columns are imported"
                    )
                if rows * columns > limits.CELLS:
                    raise FileImportError(
                        f"{name!r}: {sheet} declares {rows * columns:,} cells; at most "
                        f"{limits.CELLS:,} are imported from one file"
                    )
    except zipfile.BadZipFile as exc:
        raise FileImportError(f"{name!r} could not be read as an Excel workbook ({exc})") from exc


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


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
            _check_feature_count(name, path, layers)
            frames = [gpd.read_file(path, layer=layer) for layer in layers]
            prj = [p for p in path.parent.iterdir() if p.name.lower() == path.stem.lower() + ".prj"]
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
    if prj and any(f.crs is None for f in frames):
        raise FileImportError(
            f"{name!r}: {prj[0].name} holds an unreadable CRS, so the coordinates cannot be "
            "placed; export the layer again from your GIS or remove the .prj if it is WGS84"
        )
    if any(f.crs is None for f in frames):
        notes.append("the file declares no CRS; its coordinates were taken as WGS84 lon/lat")
    elif declared != {WGS84}:
        notes.append(f"reprojected from {', '.join(sorted(declared))} to WGS84")
    frames = [f.set_crs(WGS84) if f.crs is None else f.to_crs(WGS84) for f in frames]
    frame = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=WGS84)
    if len(frames) > 1:
        notes.append(f"{len(frames)} layers were combined")
    return RawRows("vector", frame, list(range(1, len(frame) + 1)), {}, notes)


def _check_feature_count(name: str, path: Path, layers: list[str]) -> None:
    """Refuse a file with more features than the row limit, before reading them: KML
    placemarks are counted in the text (GDAL would parse them all to count), other formats
    report their count from the header or index."""
    if path.suffix.lower() == ".kml":
        count = path.read_bytes().count(b"<Placemark")
    else:
        count = sum(max(0, pyogrio.read_info(path, layer=layer)["features"]) for layer in layers)
    if count > limits.ROWS:
        what = "placemarks" if path.suffix.lower() == ".kml" else "features"
        raise FileImportError(
            f"{name!r} holds {count:,} {what}; at most {limits.ROWS:,} are imported from one "
            "file. Split it into smaller files"
        )


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


# A cell longer than this is refused by the csv module with the line it is on.
csv.field_size_limit(limits.CELL_CHARACTERS)


def _check_header(name: str, header: list[str]) -> None:
    if len(header) > limits.COLUMNS:
        raise FileImportError(
            f"{name!r} has {len(header):,} columns; at most {limits.COLUMNS:,} are imported"
        )
    # Counted in one pass: header.count() per column was quadratic (16 s for 40,000 columns).
    counts = Counter(header)
    repeated = sorted(h for h, n in counts.items() if h and n > 1)
    if repeated:
        raise FileImportError(f"{name!r} repeats the column name(s) {repeated}; rename them")


def _delimiter_name(delimiter: str) -> str:
    return {",": "commas", ";": "semicolons", "\t": "tabs", "|": "pipes"}.get(delimiter, delimiter)

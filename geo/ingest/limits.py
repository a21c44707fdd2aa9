"""Every limit on what one upload or one link may cost, in one table.

Each limit is checked before the expensive work it protects: the row count while a table is
read (reading stops at the first row over), the columns from the header, an XLSX workbook's
uncompressed size and sheet dimensions from its zip directory and XML before any cell is
parsed, KML placemarks by counting them in the text, a raster's width and height from its
header before any pixel is read. The README's "Security" section quotes this table (a test
checks that it does).

Sizes are binary (1 MiB = 1,048,576 bytes) and printed as MiB everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limit:
    name: str
    value: int
    unit: str
    protects: str


UPLOAD_BYTES = 25 * MIB  # one site or boundary file
RASTER_BYTES = 200 * MIB  # one GeoTIFF (Streamlit's server.maxUploadSize is the same)
ROWS = 200_000  # rows (or features, placemarks) per file
COLUMNS = 1_000  # columns per table
CELLS = 5_000_000  # rows × columns per table
CELL_CHARACTERS = 100_000  # characters in one cell
XLSX_UNCOMPRESSED_BYTES = 200 * MIB  # a workbook's parts once unzipped
ARCHIVE_ENTRIES = 1_000  # files in a zip or KMZ
ARCHIVE_UNCOMPRESSED_BYTES = 200 * MIB  # a zip or KMZ once unpacked
RASTER_SIDE = 100_000  # cells along a raster's longer side, as its header declares
RASTER_CELLS = 1_000_000_000  # width × height, as declared
LINK_VALUES = 200  # values in one shared link's parameter
LINK_WARNINGS = 10  # warnings listed for one link (the rest are counted)

LIMITS = (
    Limit("upload size (site or boundary file)", UPLOAD_BYTES, "bytes", "memory"),
    Limit("upload size (raster)", RASTER_BYTES, "bytes", "memory"),
    Limit("rows, features or placemarks per file", ROWS, "rows", "time and memory"),
    Limit("columns per table", COLUMNS, "columns", "time"),
    Limit("cells per table (rows × columns)", CELLS, "cells", "memory"),
    Limit("characters in one cell", CELL_CHARACTERS, "characters", "memory"),
    Limit("XLSX size once unzipped", XLSX_UNCOMPRESSED_BYTES, "bytes", "memory"),
    Limit("entries in a zip or KMZ", ARCHIVE_ENTRIES, "entries", "disk and time"),
    Limit("zip or KMZ size once unpacked", ARCHIVE_UNCOMPRESSED_BYTES, "bytes", "disk"),
    Limit("raster width or height (declared)", RASTER_SIDE, "cells", "time"),
    Limit("raster width × height (declared)", RASTER_CELLS, "cells", "time"),
    Limit("values in one link parameter", LINK_VALUES, "values", "time"),
)


def mib(n_bytes: float) -> str:
    """A byte count as MiB, the unit every limit message uses ("25 MiB", "3.2 MiB")."""
    value = n_bytes / MIB
    return f"{value:.0f} MiB" if value == int(value) else f"{value:.1f} MiB"


def describe(limit: Limit) -> str:
    """One line for the README or a help text: "rows, features or placemarks per file: …"."""
    value = mib(limit.value) if limit.unit == "bytes" else f"{limit.value:,} {limit.unit}"
    return f"{limit.name}: {value}"

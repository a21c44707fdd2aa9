"""Making sure an uploaded vector file is the format its name promises before GDAL opens it.

GDAL picks a driver by looking at a file's content, not its name, and some drivers read other
files or URLs named inside the file: an OGR VRT uploaded as ``x.geojson`` with
``<SrcDataSource>CSV:/etc/passwd</SrcDataSource>`` makes GDAL read the server's files, and the
same mechanism fetches URLs. pyogrio cannot restrict GDALOpenEx to one driver, so three layers
keep uploads to their own format:

1. the content is checked against the suffix (a ``.geojson`` must be a JSON object, a ``.gpkg``
   an SQLite file, a ``.kml`` a ``<kml>`` document, a ``.shp`` a shapefile header);
2. any file naming an indirection driver (VRT, WMS, WFS …) is refused outright;
3. after opening, the driver GDAL chose must be one the suffix allows.

GDAL's network access is switched off for the whole process (``GDAL_CONFIG``): nothing in this
application reads a URL through GDAL, so no upload can make the server fetch one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyogrio

from geo.errors import FileImportError


@dataclass(frozen=True)
class VectorFormat:
    label: str  # what the user is told the file must be
    drivers: tuple[str, ...]  # GDAL drivers allowed to open it


FORMATS = {
    ".geojson": VectorFormat("GeoJSON (a JSON object starting with '{')", ("GeoJSON",)),
    ".json": VectorFormat("GeoJSON (a JSON object starting with '{')", ("GeoJSON",)),
    ".gpkg": VectorFormat("a GeoPackage (an SQLite database)", ("GPKG",)),
    ".kml": VectorFormat("KML (an XML document whose root element is <kml>)", ("LIBKML", "KML")),
    ".shp": VectorFormat("a Shapefile (.shp with its .dbf and .shx)", ("ESRI Shapefile",)),
}

# Root elements of GDAL formats that point at other files or URLs.
_INDIRECTION = re.compile(
    rb"<\s*(OGRVRTDataSource|VRTDataset|GDAL_WMS|GDAL_WMTS|OGRWFSDataSource|WFS_GetCapabilities"
    rb"|GDAL_GTI|GDALTileIndexDataset|WMS_Tile_Service|Service_Description)\b",
    re.IGNORECASE,
)
_KML_ROOT = re.compile(
    rb"^(?:\s|<\?xml[^>]*\?>|<!--.*?-->)*<(?:[A-Za-z_][\w.-]*:)?kml\b", re.DOTALL
)
_SHAPEFILE_MAGIC = b"\x00\x00\x27\x0a"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_BOM = b"\xef\xbb\xbf"

# Process-wide GDAL settings (pyogrio's GDAL; rasterio's is set per read in geo.analysis.geotiff).
GDAL_CONFIG = {
    # /vsicurl/ and friends only open files with these extensions: none exist.
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".atlas-network-disabled",
    # Every HTTP request GDAL might still make (a GeoJSON "crs" link, a KML style URL) goes to a
    # closed local port and fails at once instead of reaching another host.
    "GDAL_HTTP_PROXY": "127.0.0.1:9",
    "GDAL_HTTPS_PROXY": "127.0.0.1:9",
    "GDAL_HTTP_TIMEOUT": "1",
    "GDAL_HTTP_CONNECTTIMEOUT": "1",
    "GDAL_HTTP_MAX_RETRY": "0",
    "LIBKML_RESOLVE_STYLE": "NO",
    "LIBKML_EXTERNAL_STYLE": "NO",
    "OGR_SQLITE_ALLOW_EXTERNAL_ACCESS": "NO",
    "GDAL_VRT_ENABLE_PYTHON": "NO",
}
pyogrio.set_gdal_config_options(GDAL_CONFIG)


class FormatMismatchError(FileImportError):
    """The file's content is not the format its name promises (or points at other files)."""


def check_vector_file(name: str, path: Path) -> VectorFormat:
    """Refuse ``path`` (uploaded as ``name``) unless its content is the format its suffix
    promises and names no other file or URL; the error names the expected format."""
    suffix = path.suffix.lower()
    expected = FORMATS.get(suffix)
    if expected is None:
        raise FormatMismatchError(f"{name!r}: {suffix or 'no suffix'} files are not read")
    data = path.read_bytes()
    what = f"{path.name!r} in {name!r}" if path.name != Path(name).name else repr(name)
    if _INDIRECTION.search(data):
        raise FormatMismatchError(
            f"{what} is not {expected.label}: it is a GDAL virtual/remote dataset description, "
            "which could read other files or URLs"
        )
    head = data[:4096]
    if suffix in (".geojson", ".json"):
        ok = head.removeprefix(_BOM).lstrip().startswith(b"{")
    elif suffix == ".gpkg":
        ok = head.startswith(_SQLITE_MAGIC)
    elif suffix == ".kml":
        ok = bool(_KML_ROOT.match(data[:65536].removeprefix(_BOM)))
    else:
        ok = head.startswith(_SHAPEFILE_MAGIC)
    if not ok:
        raise FormatMismatchError(f"{what} is not {expected.label}")
    return expected


def check_driver(name: str, path: Path, expected: VectorFormat) -> None:
    """After GDAL opened ``path``: the driver it chose must be one ``expected`` allows."""
    driver = pyogrio.read_info(path, layer=0)["driver"]
    if driver not in expected.drivers:
        raise FormatMismatchError(
            f"{name!r} is not {expected.label}: GDAL recognised it as {driver}"
        )

"""Writing layers to GeoJSON (RFC 7946), GeoPackage or CSV, chosen by file extension.

Every format carries each record's source and location precision, because a point without its
provenance is not something a user should pass on.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.analysis.raster import nearest_facility, processing_facilities
from geo.errors import ExportError
from geo.export.geojson import dumps, feature_collection
from geo.model.atlas import Atlas, combine_sites
from geo.views.query import SiteFilter, filter_projects, filter_sites

FORMATS = {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".csv": "csv"}
MEDIA_TYPES = {
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
    "csv": "text/csv",
}
LAYERS = ("sites", "projects", "boundaries")
REQUIRED_PROVENANCE = {"sites": ("source", "location_precision"), "projects": ("source",)}


def export_view(
    atlas: Atlas, flt: SiteFilter, layer: str, sites: gpd.GeoDataFrame | None = None
) -> gpd.GeoDataFrame:
    """The ``layer`` (sites, projects or boundaries) as exported for the filter ``flt``.

    ``sites`` are every site in play (bundled and imported, from geo.model.atlas.combine_sites; the
    bundled ones by default), so each carries its ``dataset``. Sites get their boundary unit and
    the nearest processing facility of the filter's minerals (``nearest_facility``,
    ``nearest_facility_km``); boundaries are those the filter's provinces name (all when none).
    The app's downloads and its sites table, and ``python -m geo export``, all use this, so they
    give the same records with the same columns. Raises ExportError for an unknown layer.
    """
    if layer not in LAYERS:
        raise ExportError(f"`layer` was {layer!r} but is expected to be in {list(LAYERS)}")
    every = combine_sites(atlas.sites, None) if sites is None else sites
    if layer == "sites":
        chosen = filter_sites(every, flt)
        return chosen.join(nearest_facility(chosen, processing_facilities(every, flt.minerals)))
    if layer == "projects":
        return filter_projects(atlas.projects, every, flt)
    units = atlas.units
    return units[units["name"].isin(flt.provinces)] if flt.provinces else units


def format_for(path: str | Path) -> str:
    """The export format a file name asks for."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(
            f"`output` was {str(path)!r} but its extension is expected to be in {sorted(FORMATS)}"
        )
    return FORMATS[suffix]


def export_bytes(gdf: gpd.GeoDataFrame, fmt: str, layer: str) -> bytes:
    """The layer as the bytes of a file in ``fmt`` (geojson, gpkg or csv).

    The app's download buttons and the CLI both call this, so a download and ``python -m geo
    export`` of the same filter give the same file.
    """
    if fmt not in MEDIA_TYPES:
        raise ExportError(f"`fmt` was {fmt!r} but is expected to be in {sorted(MEDIA_TYPES)}")
    for column in REQUIRED_PROVENANCE.get(layer, ()):
        if column not in gdf.columns:
            raise ExportError(f"layer {layer!r} is missing its provenance column {column!r}")
    if fmt == "geojson":
        return (dumps(feature_collection(gdf, name=layer)) + "\n").encode("utf-8")
    if fmt == "csv":
        return _csv(gdf).encode("utf-8")
    return _gpkg(gdf, layer)


def export_file(gdf: gpd.GeoDataFrame, path: str | Path, layer: str) -> Path:
    """Write the layer to ``path`` in the format its extension names."""
    path = Path(path)
    data = export_bytes(gdf, format_for(path), layer)
    path.write_bytes(data)
    return path


def flat(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """Properties with lists joined by '; ' and booleans as yes/no, for formats without arrays."""
    out = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    for column in out.columns:
        values = out[column]
        if values.map(lambda v: isinstance(v, (list, tuple))).any():
            out[column] = values.map(
                lambda v: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v
            )
        elif values.map(lambda v: isinstance(v, bool)).any():
            out[column] = values.map(lambda v: {True: "yes", False: "no"}.get(v, ""))
    return out


# A spreadsheet treats a cell starting with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` whose text cells cannot run as spreadsheet formulas: a cell starting
    with ``= + - @``, tab or carriage return gets a leading apostrophe, which spreadsheets show
    as text (OWASP's CSV-injection advice). Numbers are left alone. The importer removes that
    apostrophe again (geo.ingest.readers), so our CSV round-trips; GeoJSON and GeoPackage keep text
    as
    it is."""
    out = table.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype != object and not pd.api.types.is_string_dtype(values):
            continue
        risky = values.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_STARTS))
        if risky.any():
            out[column] = values.astype(object).where(~risky, "'" + values.astype(str))
    return out


def table_csv(table: pd.DataFrame) -> bytes:
    """Any table (e.g. an import's rejected rows) as UTF-8 CSV, formulas neutralised."""
    return _to_csv(neutralise_formulas(table)).encode("utf-8")


def _csv(gdf: gpd.GeoDataFrame) -> str:
    table = flat(gdf)
    if "lat" not in table.columns and gdf.geometry.notna().any():
        # Non-point layers go to CSV as WKT so nothing is lost.
        table["wkt"] = gdf.geometry.to_wkt()
    return _to_csv(neutralise_formulas(table))


def _to_csv(table: pd.DataFrame) -> str:
    # Python's csv writer quotes a field only for the characters of its line terminator: a
    # cell holding a bare carriage return would split its row under "\n" endings, so such a
    # table is written with "\r\n" (RFC 4180's own line end) and the cell is quoted.
    text_cells = table.select_dtypes(include=["object", "string"])
    has_cr = any(
        text_cells[c].astype(str).str.contains("\r", regex=False).any() for c in text_cells
    )
    buffer = io.StringIO()
    table.to_csv(buffer, index=False, lineterminator="\r\n" if has_cr else "\n")
    return buffer.getvalue()


def _gpkg(gdf: gpd.GeoDataFrame, layer: str) -> bytes:
    table = gpd.GeoDataFrame(flat(gdf), geometry=gdf.geometry.values, crs=gdf.crs)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{layer}.gpkg"
        table.to_file(path, layer=layer, driver="GPKG")
        return path.read_bytes()

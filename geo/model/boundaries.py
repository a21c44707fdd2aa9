"""Loading province (or any other) boundary polygons.

The bundled file holds Pakistan's seven first-level units. A user can point the atlas at an
authoritative file instead (OCHA COD-AB, geoBoundaries, a district set …) through the
``ATLAS_BOUNDARIES`` setting or ``load_boundaries(BoundarySource(...))``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely

from geo.errors import BoundaryError
from geo.ingest.readers import VECTOR_SUFFIXES, FileImportError, unpacked_upload
from geo.model.crs import PAKISTAN_EQUAL_AREA, WGS84
from geo.paths import DATA_DIR, boundaries_setting

BOUNDARIES_PATH = DATA_DIR / "boundaries" / "pakistan_adm1.geojson"

# Columns that hold a unit's name in common boundary datasets, most specific first.
NAME_CANDIDATES = ("name", "NAME", "ADM1_EN", "shapeName", "NAME_1", "province", "Province")


@dataclass(frozen=True)
class BoundarySource:
    """A boundary file and the column that names its units (None: detect it)."""

    path: Path
    name_column: str | None = None
    layer: str | None = None

    @classmethod
    def from_setting(cls, text: str) -> BoundarySource:
        """Parse ``PATH`` or ``PATH#NAME_COLUMN`` (the ATLAS_BOUNDARIES setting)."""
        path, _, column = text.partition("#")
        return cls(Path(path).expanduser(), column.strip() or None)


def load_boundaries(source: BoundarySource | None = None) -> gpd.GeoDataFrame:
    """Boundary polygons in WGS84 with at least ``name``, ``area_km2`` and ``geometry``.

    With no ``source``, the ATLAS_BOUNDARIES setting is used if set, else the bundled file.
    """
    if source is None:
        setting = boundaries_setting()
        source = (
            BoundarySource.from_setting(setting) if setting else BoundarySource(BOUNDARIES_PATH)
        )
    if not isinstance(source, BoundarySource):
        raise TypeError(f"`source` must be a BoundarySource, got {type(source).__name__}")
    gdf = _read(source)
    return _normalised(gdf, source)


def _read(source: BoundarySource) -> gpd.GeoDataFrame:
    if not source.path.exists():
        raise BoundaryError(f"boundary file {source.path} does not exist")
    try:
        gdf = gpd.read_file(source.path, layer=source.layer)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise BoundaryError(
            f"boundary file {source.path} could not be read ({exc}); give a file that GDAL/pyogrio"
            " reads, such as GeoJSON, GeoPackage, or a Shapefile with its .shx/.dbf/.prj"
        ) from exc
    if gdf.empty:
        raise BoundaryError(f"boundary file {source.path} has no features")
    if gdf.crs is None:
        raise BoundaryError(
            f"boundary file {source.path} declares no CRS; add one (e.g. a .prj file) so its"
            " coordinates can be placed on the map"
        )
    kinds = set(gdf.geometry.dropna().geom_type)
    if not kinds or not kinds <= {"Polygon", "MultiPolygon"}:
        raise BoundaryError(
            f"boundary file {source.path} must hold polygons, but has geometry types"
            f" {sorted(kinds)}"
        )
    return gdf


def _name_column(gdf: gpd.GeoDataFrame, source: BoundarySource) -> str:
    if source.name_column is not None:
        if source.name_column not in gdf.columns:
            raise BoundaryError(
                f"`name_column` was {source.name_column!r} but {source.path.name} has columns "
                f"{[c for c in gdf.columns if c != gdf.geometry.name]}"
            )
        return source.name_column
    for candidate in NAME_CANDIDATES:
        if candidate in gdf.columns:
            return candidate
    raise BoundaryError(
        f"cannot tell which column of {source.path.name} names its units; choose one of "
        f"{[c for c in gdf.columns if c != gdf.geometry.name]} as the name column"
    )


def _normalised(gdf: gpd.GeoDataFrame, source: BoundarySource) -> gpd.GeoDataFrame:
    column = _name_column(gdf, source)
    names = gdf[column].astype("string").str.strip()
    if names.isna().any() or (names == "").any():
        rows = [int(i) + 1 for i in gdf.index[names.isna() | (names == "")]]
        raise BoundaryError(f"column {column!r} of {source.path.name} is empty in features {rows}")
    # The chosen column becomes `name`; a different column already called `name` is kept as
    # `name_original` rather than silently overwritten.
    out = gdf.rename(columns={"name": "name_original"}) if column != "name" else gdf.copy()
    out = out.drop(columns=[column if column != "name" else "name"], errors="ignore")
    out.insert(0, "name", names.astype(str).values)
    out = out.to_crs(WGS84)
    # User files are often slightly invalid (self-touching rings from simplification); repairing
    # them here keeps point-in-polygon joins from silently missing points.
    out["geometry"] = shapely.make_valid(out.geometry.values)
    if "area_km2" not in out.columns:
        out["area_km2"] = (out.to_crs(PAKISTAN_EQUAL_AREA).area / 1e6).round(1)
    return out.set_geometry("geometry")


def read_boundary_upload(
    name: str, data: bytes, name_column: str | None = None
) -> gpd.GeoDataFrame:
    """Boundaries from an uploaded file (GeoJSON, GeoPackage, zipped Shapefile, KML/KMZ)."""
    suffix = Path(name).suffix.lower()
    if suffix not in VECTOR_SUFFIXES:
        raise BoundaryError(
            f"{name!r}: boundaries must be a polygon file, one of {sorted(VECTOR_SUFFIXES)}"
        )
    try:
        with unpacked_upload(name, data) as path:
            return load_boundaries(BoundarySource(path, name_column))
    except FileImportError as exc:
        raise BoundaryError(str(exc)) from exc


def boundary_columns(name: str, data: bytes) -> list[str]:
    """The attribute columns of an uploaded boundary file, for choosing the name column."""
    try:
        with unpacked_upload(name, data) as path:
            info = pyogrio.read_info(path)
    except (FileImportError, pyogrio.errors.DataSourceError) as exc:
        raise BoundaryError(f"{name!r} could not be read as a boundary file ({exc})") from exc
    return [str(c) for c in info["fields"]]


def holds_polygons(name: str, data: bytes) -> bool:
    """True when an uploaded vector file's features are polygons (so it can be boundaries)."""
    if Path(name).suffix.lower() not in VECTOR_SUFFIXES:
        return False
    try:
        with unpacked_upload(name, data) as path:
            kinds = [str(row[1]) for row in pyogrio.list_layers(path)]
    except (FileImportError, pyogrio.errors.DataSourceError, ValueError):
        return False
    return bool(kinds) and all("Polygon" in k for k in kinds)

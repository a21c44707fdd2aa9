"""Raster surfaces over Pakistan: site density, distance to processing, refinery siting.

All three are computed on one grid of equal-area cells (RASTER_CRS, geo/model/crs.py) covering the
boundary union, with cells outside Pakistan set to nodata. Distances are great-circle kilometres
from each cell centre (haversine), so a cell's value does not depend on projection distortion;
they are straight-line distances, not road or rail access.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from affine import Affine
from pyproj import Transformer
from rasterio import features

from geo.analysis.distance import haversine_km, nearest_km
from geo.errors import RasterInputError
from geo.model.crs import RASTER_CRS, WGS84
from geo.model.sites import PROCESSING_TYPES

NODATA = -9999.0
# Cells x points evaluated at once; bounds memory (8 bytes each) to about 64 MB per step.
_CHUNK = 8_000_000
# Optional weights by site type; "equal" weighs every site 1.
WEIGHTINGS: dict[str, dict[str, float]] = {
    "equal": {},
    "mines_double": {"mine": 2.0, "deposit": 1.0},
}


@dataclass(frozen=True)
class Grid:
    transform: Affine
    width: int
    height: int
    crs: str
    inside: np.ndarray  # bool (height, width): cell centre inside the boundary union

    @property
    def cell_km(self) -> float:
        """The side of a cell in km."""
        return self.transform.a / 1000

    def centres_lonlat(self) -> tuple[np.ndarray, np.ndarray]:
        """Longitude and latitude (degrees) of every cell centre, as two (height, width) arrays."""
        cols, rows = np.meshgrid(np.arange(self.width) + 0.5, np.arange(self.height) + 0.5)
        xs, ys = self.transform @ (cols, rows)
        lon, lat = Transformer.from_crs(self.crs, WGS84, always_xy=True).transform(xs, ys)
        return np.asarray(lon), np.asarray(lat)


@dataclass(frozen=True)
class Surface:
    """A computed surface on its grid. ``name`` and ``units`` come from the surface's registry
    entry (geo/analysis/surfaces.py), which compute_surface fills in."""

    values: np.ndarray  # float32 (height, width); NaN outside Pakistan
    grid: Grid
    description: str  # written into the GeoTIFF band description
    name: str = ""  # registry name: density, distance, siting
    units: str = ""


def pakistan_grid(units: gpd.GeoDataFrame, cell_km: float = 10.0) -> Grid:
    """A grid of ``cell_km`` square cells over the boundary union, with its inside mask.

    The allowed cell sizes are declared once, in geo/analysis/surfaces.py; this only refuses a size
    that
    cannot make a grid at all.
    """
    if not cell_km > 0:
        raise RasterInputError(f"`cell_km` was {cell_km} but is expected to be positive")
    metric = units.to_crs(RASTER_CRS)
    cell = cell_km * 1000
    west, south, east, north = metric.total_bounds
    west, south = np.floor(west / cell) * cell, np.floor(south / cell) * cell
    width = int(np.ceil((east - west) / cell))
    height = int(np.ceil((north - south) / cell))
    transform = Affine(cell, 0, west, 0, -cell, south + height * cell)
    union = shapely.union_all(metric.geometry.values)
    inside = features.geometry_mask(
        [union], out_shape=(height, width), transform=transform, invert=True
    )
    return Grid(transform, width, height, RASTER_CRS, inside)


def _points(sites: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    mapped = sites.geometry[sites.geometry.notna()]
    return mapped.x.to_numpy(dtype=float), mapped.y.to_numpy(dtype=float)


def _weights(sites: gpd.GeoDataFrame, weighting: str) -> np.ndarray:
    if weighting not in WEIGHTINGS:
        raise RasterInputError(
            f"`weighting` was {weighting!r} but is expected to be in {list(WEIGHTINGS)}"
        )
    table = WEIGHTINGS[weighting]
    mapped = sites[sites.geometry.notna()]
    return mapped["site_type"].map(lambda t: table.get(t, 1.0)).to_numpy(dtype=float)


def _reduce(grid: Grid, px: np.ndarray, py: np.ndarray, reducer) -> np.ndarray:
    """Apply ``reducer(distance_km[cells, points]) -> [cells]`` to the inside cells in chunks."""
    lon, lat = grid.centres_lonlat()
    out = np.full(grid.inside.shape, np.nan, dtype=np.float64)
    cells = np.flatnonzero(grid.inside)
    step = max(1, _CHUNK // max(len(px), 1))
    flat_lon, flat_lat, flat_out = lon.ravel(), lat.ravel(), out.ravel()
    for start in range(0, len(cells), step):
        chunk = cells[start : start + step]
        d = haversine_km(flat_lon[chunk, None], flat_lat[chunk, None], px[None, :], py[None, :])
        flat_out[chunk] = reducer(d)
    return out.astype(np.float32)


def _nearest(grid: Grid, px: np.ndarray, py: np.ndarray) -> np.ndarray:
    """Km from each inside cell's centre to the nearest point (nearest_km's k-d tree, the search
    nearest_facility uses), nodata outside."""
    lon, lat = grid.centres_lonlat()
    inside = grid.inside.ravel()
    flat = np.full(inside.shape, np.nan)
    flat[inside] = nearest_km(lon.ravel()[inside], lat.ravel()[inside], px, py)[1]
    return flat.reshape(grid.inside.shape).astype(np.float32)


def density_surface(
    sites: gpd.GeoDataFrame,
    units: gpd.GeoDataFrame,
    bandwidth_km: float = 50.0,
    cell_km: float = 10.0,
    weighting: str = "equal",
) -> Surface:
    """Gaussian kernel density of the mapped sites, in (weighted) sites per 1,000 km²
    (``bandwidth_km``: the kernel's standard deviation; its allowed range is in
    geo/analysis/surfaces.py).
    Raises RasterInputError when no site is mapped."""
    px, py = _points(sites)
    if not len(px):
        raise RasterInputError("no mapped sites to compute a density from")
    weights = _weights(sites, weighting)
    grid = pakistan_grid(units, cell_km)
    norm = 1000.0 / (2 * np.pi * bandwidth_km**2)
    values = _reduce(
        grid, px, py, lambda d: norm * (np.exp(-0.5 * (d / bandwidth_km) ** 2) @ weights)
    )
    return Surface(
        values,
        grid,
        f"Kernel density of {len(px)} sites, bandwidth {bandwidth_km:g} km, weighting {weighting}",
    )


def processing_facilities(
    sites: gpd.GeoDataFrame, minerals: tuple[str, ...] = ()
) -> gpd.GeoDataFrame:
    """Mapped refineries, smelters and plants handling any of ``minerals`` (all minerals except
    petroleum when none are given)."""
    facilities = sites[sites["site_type"].isin(PROCESSING_TYPES) & sites.geometry.notna()]
    wanted = set(minerals)
    if wanted:
        keep = facilities["minerals"].map(lambda ms: bool(wanted.intersection(ms)))
    else:
        keep = facilities["minerals"].map(lambda ms: ms != ["petroleum"])
    return facilities[keep.astype(bool)]


def distance_surface(
    facilities: gpd.GeoDataFrame, units: gpd.GeoDataFrame, cell_km: float = 10.0
) -> Surface:
    """Straight-line km from every cell centre to the nearest of ``facilities`` (0 in a cell
    that contains one)."""
    px, py = _points(facilities)
    if not len(px):
        raise RasterInputError("no mapped processing facility for these minerals")
    grid = pakistan_grid(units, cell_km)
    values = _nearest(grid, px, py)
    # A cell that contains a facility is at distance 0, as in GDAL's proximity rasters; other
    # cells measure from their centre.
    xs, ys = Transformer.from_crs(WGS84, grid.crs, always_xy=True).transform(px, py)
    cols, rows = ~grid.transform @ (np.asarray(xs), np.asarray(ys))
    for row, col in zip(np.floor(rows).astype(int), np.floor(cols).astype(int), strict=True):
        if 0 <= row < grid.height and 0 <= col < grid.width and grid.inside[row, col]:
            values[row, col] = 0.0
    return Surface(
        values, grid, f"Straight-line distance to the nearest of {len(px)} processing facilities"
    )


def siting_surface(
    sites: gpd.GeoDataFrame,
    units: gpd.GeoDataFrame,
    cell_km: float = 10.0,
    weighting: str = "equal",
    ports: gpd.GeoDataFrame | None = None,
    port_weight: float = 0.0,
) -> Surface:
    """(Weighted) mean straight-line km from every cell to the given deposits and mines.

    With ``port_weight`` w > 0 the value is (1 - w) x that mean + w x the km to the nearest of
    ``ports``: a refinery both near its ore and near where its metal leaves. Both terms are km, so
    the blend stays in km and w = 1 is the plain distance to the nearest port.
    """
    if not 0 <= port_weight <= 1:
        raise RasterInputError(f"`port_weight` was {port_weight} but is expected 0 to 1")
    served = sites[sites["site_type"].isin(("deposit", "mine"))]
    px, py = _points(served)
    if not len(px):
        raise RasterInputError("no mapped deposits or mines for a refinery to serve")
    weights = _weights(served, weighting)
    grid = pakistan_grid(units, cell_km)
    values = _reduce(grid, px, py, lambda d: (d @ weights) / weights.sum())
    description = (
        f"Mean straight-line distance to {len(px)} deposits and mines, weighting {weighting}"
    )
    if port_weight > 0:
        qx, qy = _points(ports) if ports is not None else (np.array([]), np.array([]))
        if not len(qx):
            raise RasterInputError("no mapped port to weigh the distance to")
        to_port = _nearest(grid, qx, qy)
        values = ((1 - port_weight) * values + port_weight * to_port).astype(np.float32)
        description += (
            f"; blended with the distance to the nearest of {len(qx)} ports"
            f" (port weight {port_weight:g})"
        )
    return Surface(values, grid, description)


def best_cells(surface: Surface, units: gpd.GeoDataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` cells with the lowest values: rank, lat, lon, value, and the unit they are in."""
    flat = surface.values.ravel()
    order = np.argsort(np.where(np.isnan(flat), np.inf, flat), kind="stable")
    order = order[~np.isnan(flat[order])][:n]
    lon, lat = surface.grid.centres_lonlat()
    points = gpd.GeoDataFrame(
        {
            "rank": np.arange(1, len(order) + 1),
            "lat": np.round(lat.ravel()[order], 5),
            "lon": np.round(lon.ravel()[order], 5),
            surface.units: np.round(flat[order].astype(float), 1),
        },
        geometry=gpd.points_from_xy(lon.ravel()[order], lat.ravel()[order]),
        crs=WGS84,
    )
    joined = gpd.sjoin(points, units[["name", units.geometry.name]], how="left", predicate="within")
    joined = joined[~joined.index.duplicated()]
    return pd.DataFrame(joined.drop(columns=["geometry", "index_right"])).rename(
        columns={"name": "unit"}
    )


def nearest_facility(sites: gpd.GeoDataFrame, facilities: gpd.GeoDataFrame) -> pd.DataFrame:
    """For each site: the id of the nearest facility and the straight-line km to it (empty for
    unmapped sites or when there is no facility)."""
    out = pd.DataFrame({"nearest_facility": "", "nearest_facility_km": np.nan}, index=sites.index)
    fx, fy = _points(facilities)
    mapped = sites.geometry.notna()
    if not len(fx) or not mapped.any():
        return out
    ids = facilities[facilities.geometry.notna()]["id"].to_numpy()
    sx = sites.geometry[mapped].x.to_numpy(dtype=float)
    sy = sites.geometry[mapped].y.to_numpy(dtype=float)
    index, km = nearest_km(sx, sy, fx, fy)
    out.loc[mapped, "nearest_facility"] = ids[index]
    out.loc[mapped, "nearest_facility_km"] = np.round(km, 1)
    return out

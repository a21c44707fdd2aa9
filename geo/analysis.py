"""One entry point for the raster analyses, shared by the app and the CLI."""

from __future__ import annotations

import geopandas as gpd

from geo.query import SiteFilter, filter_sites
from geo.raster import (
    RasterInputError,
    Surface,
    density_surface,
    distance_surface,
    processing_facilities,
    siting_surface,
)

SURFACES = {
    "density": "Density of the filtered sites",
    "distance": "Distance to the nearest processing facility",
    "siting": "Refinery siting: mean distance to the filtered deposits and mines",
}


def compute_surface(
    kind: str,
    sites: gpd.GeoDataFrame,
    units: gpd.GeoDataFrame,
    flt: SiteFilter,
    *,
    cell_km: float = 10.0,
    bandwidth_km: float = 50.0,
    weighting: str = "equal",
) -> Surface:
    """The ``kind`` surface for the sites ``flt`` keeps (``flt`` normalised).

    density: the filtered sites; distance: every mapped processing facility (refinery, smelter,
    plant) of the filter's minerals, wherever it is, since the nearest one may lie across a
    provincial border; siting: the filtered deposits and mines.
    """
    if kind not in SURFACES:
        raise RasterInputError(f"`kind` was {kind!r} but is expected to be in {list(SURFACES)}")
    chosen = filter_sites(sites, flt)
    if kind == "density":
        return density_surface(chosen, units, bandwidth_km, cell_km, weighting)
    if kind == "distance":
        return distance_surface(processing_facilities(sites, flt.minerals), units, cell_km)
    return siting_surface(chosen, units, cell_km, weighting)

"""The map view that fits a set of sites (centre and zoom), computed without a browser."""

from __future__ import annotations

import math

import geopandas as gpd

PAKISTAN_VIEW = ((30.0, 69.5), 5)


def _mercator_y(lat: float) -> float:
    lat = max(min(lat, 85.0), -85.0)
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def fit_view(
    sites: gpd.GeoDataFrame,
    width_px: int = 900,
    height_px: int = 560,
    *,
    min_zoom: int = 4,
    max_zoom: int = 11,
) -> tuple[tuple[float, float], int]:
    """Centre (lat, lon) and the largest web-map zoom at which every mapped site is visible.

    With no mapped site the whole of Pakistan is shown; a single site gets ``max_zoom``.
    """
    mapped = sites.geometry[sites.geometry.notna()] if len(sites) else sites.geometry
    if not len(mapped):
        return PAKISTAN_VIEW
    west, south, east, north = mapped.total_bounds
    centre_y = (_mercator_y(south) + _mercator_y(north)) / 2
    centre_lat = math.degrees(2 * math.atan(math.exp(centre_y)) - math.pi / 2)
    centre = (round(centre_lat, 5), round((west + east) / 2, 5))
    # 10 % padding on each side, as Leaflet's fitBounds with padding would leave.
    usable_w, usable_h = width_px * 0.8, height_px * 0.8
    zooms = [max_zoom]
    if east > west:
        zooms.append(math.log2(usable_w * 360 / (256 * (east - west))))
    span_y = _mercator_y(north) - _mercator_y(south)
    if span_y > 0:
        zooms.append(math.log2(usable_h * 2 * math.pi / (256 * span_y)))
    zoom = math.floor(min(zooms))
    return centre, max(min_zoom, min(zoom, max_zoom))

"""Great-circle distance, the one distance the atlas measures with."""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


def haversine_km(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Kilometres between points given in degrees; scalars or broadcastable arrays."""
    lon1, lat1, lon2, lat2 = map(np.radians, (lon1, lat1, lon2, lat2))
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def _unit_vectors(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    lon, lat = np.radians(lon), np.radians(lat)
    return np.column_stack((np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)))


def nearest_km(
    lon: np.ndarray, lat: np.ndarray, to_lon: np.ndarray, to_lat: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each point (``lon``, ``lat``): the index of the nearest of the ``to_`` points and the
    great-circle km to it. ``to_lon`` must not be empty.

    A k-d tree over points on the unit sphere: the chord between two points grows with their
    great-circle distance, so the nearest by chord is the nearest by haversine. The all-pairs
    matrix it replaces needed 8 bytes per pair: 100,000 sites and 10,000 facilities were 8 GB and
    the page ran out of memory (bench/bench_page.py). Among facilities at exactly the same
    distance, which one is named is the tree's choice.
    """
    to_lon, to_lat = np.asarray(to_lon, dtype=float), np.asarray(to_lat, dtype=float)
    if not len(to_lon):
        raise ValueError("`to_lon` was empty but at least one point to measure to is needed")
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    _, index = cKDTree(_unit_vectors(to_lon, to_lat)).query(_unit_vectors(lon, lat))
    return index, haversine_km(lon, lat, to_lon[index], to_lat[index])

"""Great-circle distances and the nearest-point search built on them."""

from __future__ import annotations

import numpy as np
import pytest

from geo.analysis.distance import haversine_km, nearest_km


def test_haversine_one_degree_of_latitude() -> None:
    assert float(haversine_km(70.0, 30.0, 70.0, 31.0)) == pytest.approx(111.19, abs=0.01)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_nearest_matches_the_all_pairs_minimum(seed: int) -> None:
    rng = np.random.default_rng(seed)
    # Pakistan's box plus points far away (and across the antimeridian), where a planar
    # nearest-in-degrees search would pick the wrong point.
    lon = np.concatenate([rng.uniform(60, 78, 300), [179.9, -179.9, 0.0]])
    lat = np.concatenate([rng.uniform(23, 37, 300), [60.0, 60.0, 89.0]])
    to_lon = np.concatenate([rng.uniform(60, 78, 40), [-179.95]])
    to_lat = np.concatenate([rng.uniform(23, 37, 40), [60.0]])
    index, km = nearest_km(lon, lat, to_lon, to_lat)
    brute = haversine_km(lon[:, None], lat[:, None], to_lon[None, :], to_lat[None, :])
    np.testing.assert_allclose(km, brute.min(axis=1), rtol=1e-9, atol=1e-9)
    np.testing.assert_array_equal(index, brute.argmin(axis=1))
    # The two points beside the antimeridian are nearest the one point across it.
    assert index[300] == index[301] == 40


def test_nearest_needs_somewhere_to_measure_to() -> None:
    with pytest.raises(ValueError, match="`to_lon` was empty"):
        nearest_km(np.array([70.0]), np.array([30.0]), np.array([]), np.array([]))

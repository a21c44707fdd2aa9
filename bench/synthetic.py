"""Synthetic sites for benchmarks: random points inside Pakistan's boundary, realistic columns.

Never used as data: the names say "Synthetic site" and the source says "synthetic benchmark".
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from geo.model.sites import PRECISIONS, SITE_TYPES, STATUSES
from geo.model.vocabulary import Vocabulary
from geo.views.join import assign_units


def synthetic_sites(
    n: int, units: gpd.GeoDataFrame, vocabulary: Vocabulary, seed: int = 7
) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    country = shapely.union_all(units.geometry.values)
    shapely.prepare(country)
    west, south, east, north = country.bounds
    xs, ys = np.empty(0), np.empty(0)
    while len(xs) < n:
        x = rng.uniform(west, east, n * 2)
        y = rng.uniform(south, north, n * 2)
        inside = shapely.contains_xy(country, x, y)
        xs, ys = np.concatenate([xs, x[inside]]), np.concatenate([ys, y[inside]])
    xs, ys = xs[:n], ys[:n]
    minerals = [m for m in vocabulary.ids if m != "petroleum"]
    primary = rng.choice(minerals, n)
    secondary = rng.choice(minerals, n)
    mapped_precisions = [p for p in PRECISIONS if p != "unknown"]
    sites = gpd.GeoDataFrame(
        {
            "id": [f"synthetic-{i}" for i in range(n)],
            "name": [f"Synthetic site {i}" for i in range(n)],
            "site_type": rng.choice(SITE_TYPES, n, p=[0.45, 0.4, 0.05, 0.05, 0.05]),
            "minerals": [
                [a] if a == b else [a, b] for a, b in zip(primary, secondary, strict=True)
            ],
            "primary_mineral": primary,
            "status": rng.choice(STATUSES, n),
            "operator": "",
            "owners": [[] for _ in range(n)],
            "district": "",
            "province": "",
            "lat": ys.round(6),
            "lon": xs.round(6),
            "location_precision": rng.choice(mapped_precisions, n),
            "location_source": "synthetic",
            "source": "synthetic benchmark",
            "source_url": "",
            "as_of": "2026",
            "notes": "",
        },
        geometry=gpd.points_from_xy(xs, ys),
        crs="EPSG:4326",
    )
    joined = assign_units(sites, units)
    joined["province"] = joined["unit"]
    return joined

"""The best places of the refinery-siting surface (geo/analysis/siting.py), marked on the map."""

from __future__ import annotations

import folium
import pandas as pd

from layers.script import ParentCall
from layers.text import layer_group, safe_text

REQUIRED = ("rank", "lat", "lon", "unit")


def best_cells_layer(
    best: pd.DataFrame, units: str = "km", name: str = "Best refinery places"
) -> folium.FeatureGroup:
    """Rank 1 as a large red ring, the others as small rings; popups give the place's name
    (when ``best`` has a ``place`` column), coordinates and mean straight-line distance."""
    missing = [c for c in (*REQUIRED, units) if c not in best.columns]
    if missing:
        raise ValueError(f"`best` is missing columns {missing}")
    cells = [
        {
            "rank": int(cell["rank"]),
            "lat": float(cell["lat"]),
            "lon": float(cell["lon"]),
            "text": (
                f"Rank {int(cell['rank'])}: {safe_text(cell.get('place') or cell['unit'])} "
                f"({cell['lat']:.4f}, {cell['lon']:.4f}); mean straight-line distance "
                f"{cell[units]:,.0f} {safe_text(units)}"
            ),
        }
        for _, cell in best.iterrows()
    ]
    group = layer_group(f"{name} ({len(cells)})", show=True)
    ParentCall("BestCells", "Atlas.addBestCells", cells).add_to(group)
    return group

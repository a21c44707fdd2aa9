"""The best cells of the refinery-siting surface, marked on the map."""

from __future__ import annotations

import folium
import pandas as pd

from layers.text import safe_text

REQUIRED = ("rank", "lat", "lon", "unit")


def best_cells_layer(
    best: pd.DataFrame, units: str = "km", name: str = "Best refinery cells"
) -> folium.FeatureGroup:
    """Rank 1 as a large red ring, ranks 2-10 as small rings; popups give coordinates, unit and
    mean straight-line distance."""
    missing = [c for c in (*REQUIRED, units) if c not in best.columns]
    if missing:
        raise ValueError(f"`best` is missing columns {missing}")
    group = folium.FeatureGroup(name=name, show=True)
    for _, cell in best.iterrows():
        first = int(cell["rank"]) == 1
        text = (
            f"Rank {int(cell['rank'])}: {cell['lat']:.4f}, {cell['lon']:.4f} in "
            f"{safe_text(cell['unit'])}; mean straight-line distance "
            f"{cell[units]:,.0f} {safe_text(units)}"
        )
        folium.CircleMarker(
            location=(float(cell["lat"]), float(cell["lon"])),
            radius=14 if first else 6,
            color="#d7301f",
            weight=4 if first else 2,
            fill=False,
            tooltip=text,
            popup=folium.Popup(text, max_width=280),
        ).add_to(group)
    return group

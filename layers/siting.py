"""The best cells of the refinery-siting surface, marked on the map."""

from __future__ import annotations

import folium
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from layers.text import safe_text, script_json

REQUIRED = ("rank", "lat", "lon", "unit")


class _BestCells(MacroElement):
    # Plain Leaflet: folium's Popup needs jQuery, which the offline page does not load.
    _template = Template(
        "{% macro script(this, kwargs) %}"
        "(function (group, cells) {"
        "  cells.forEach(function (c) {"
        "    var first = c.rank === 1;"
        "    var m = L.circleMarker([c.lat, c.lon], {radius: first ? 14 : 6, color: '#d7301f',"
        "      weight: first ? 4 : 2, fill: false, atlasBestCell: c.rank});"
        "    m.bindTooltip(c.text); m.bindPopup(c.text, {maxWidth: 280}); group.addLayer(m);"
        "  });"
        "})({{ this._parent.get_name() }}, {{ this.cells }});"
        "{% endmacro %}"
    )

    def __init__(self, cells: str):
        super().__init__()
        self._name = "BestCells"
        self.cells = cells


def best_cells_layer(
    best: pd.DataFrame, units: str = "km", name: str = "Best refinery cells"
) -> folium.FeatureGroup:
    """Rank 1 as a large red ring, the others as small rings; popups give coordinates, unit and
    mean straight-line distance."""
    missing = [c for c in (*REQUIRED, units) if c not in best.columns]
    if missing:
        raise ValueError(f"`best` is missing columns {missing}")
    cells = [
        {
            "rank": int(cell["rank"]),
            "lat": float(cell["lat"]),
            "lon": float(cell["lon"]),
            "text": (
                f"Rank {int(cell['rank'])}: {cell['lat']:.4f}, {cell['lon']:.4f} in "
                f"{safe_text(cell['unit'])}; mean straight-line distance "
                f"{cell[units]:,.0f} {safe_text(units)}"
            ),
        }
        for _, cell in best.iterrows()
    ]
    group = folium.FeatureGroup(name=name, show=True)
    _BestCells(script_json(cells)).add_to(group)
    return group

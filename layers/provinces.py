"""Province (boundary unit) outlines with a tooltip of each unit's totals."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

from geo.geojson import feature_collection
from layers.text import safe_text

TOOLTIP_FIELDS = {"name": "Unit", "kind": "Kind", "area_km2": "Area (km²)", "sites": "Sites"}


def province_layer(
    units: gpd.GeoDataFrame, summary: pd.DataFrame | None = None, name: str = "Provinces"
) -> folium.GeoJson:
    """Outlines of ``units``; with ``summary`` (geo.province_summary) the tooltip shows counts."""
    if not isinstance(units, gpd.GeoDataFrame) or "name" not in units.columns:
        raise ValueError("`units` must be a GeoDataFrame with a 'name' column")
    frame = units.copy()
    if summary is not None:
        counts = summary.set_index("unit")["sites"]
        frame["sites"] = frame["name"].map(counts).fillna(0).astype(int)
    fields = [f for f in TOOLTIP_FIELDS if f in frame.columns]
    data = feature_collection(frame[[*fields, frame.geometry.name]])
    for feature in data["features"]:
        feature["properties"] = {k: safe_text(v) for k, v in feature["properties"].items()}
    return folium.GeoJson(
        data,
        name=name,
        style_function=lambda _: {"color": "#444444", "weight": 1.5, "fillOpacity": 0.04},
        highlight_function=lambda _: {"weight": 3, "fillOpacity": 0.12},
        tooltip=folium.GeoJsonTooltip(
            fields=fields, aliases=[TOOLTIP_FIELDS[f] for f in fields], sticky=True
        ),
    )

"""Province (boundary unit) outlines, or a choropleth of the filtered sites per unit."""

from __future__ import annotations

import math

import folium
import geopandas as gpd
import pandas as pd

from geo.geojson import feature_collection
from layers.text import safe_text

MODES = {
    "outline": "Outlines only",
    "count": "Sites per province",
    "density": "Sites per 10,000 km²",
}
# ColorBrewer YlOrRd, 6 classes.
PALETTE = ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026")
TOOLTIP = {
    "name": "Unit",
    "sites": "Filtered sites",
    "mapped_sites": "On the map",
    "density": "Per 10,000 km²",
    "top_minerals": "Most common minerals",
    "area_km2": "Area (km²)",
}


def classes(values: pd.Series) -> list[float]:
    """Upper bounds of len(PALETTE) equal-interval classes from 0 to the maximum."""
    top = float(values.max()) if len(values) else 0.0
    if top <= 0 or math.isnan(top):
        return [0.0] * len(PALETTE)
    return [top * (i + 1) / len(PALETTE) for i in range(len(PALETTE))]


def colour_for(value: float, bounds: list[float]) -> str:
    """The choropleth colour of ``value`` for class upper ``bounds`` (white for zero)."""
    if value <= 0:
        return "#ffffff"
    for colour, upper in zip(PALETTE, bounds, strict=True):
        if value <= upper + 1e-9:
            return colour
    return PALETTE[-1]


def province_layer(
    units: gpd.GeoDataFrame,
    summary: pd.DataFrame | None = None,
    mode: str = "outline",
    name: str = "Provinces",
) -> folium.GeoJson:
    """Unit polygons; ``summary`` (geo.province_summary of the filtered sites) fills the tooltip
    and, in ``count``/``density`` mode, the colours."""
    if not isinstance(units, gpd.GeoDataFrame) or "name" not in units.columns:
        raise ValueError("`units` must be a GeoDataFrame with a 'name' column")
    if mode not in MODES:
        raise ValueError(f"`mode` was {mode!r} but is expected to be in {list(MODES)}")
    if mode != "outline" and summary is None:
        raise ValueError(f"`mode` {mode!r} needs a `summary` of the filtered sites")
    frame = units[["name", "area_km2", units.geometry.name]].copy()
    if summary is not None:
        table = summary.set_index("unit")
        frame["sites"] = frame["name"].map(table["sites"]).fillna(0).astype(int)
        frame["mapped_sites"] = frame["name"].map(table["mapped_sites"]).fillna(0).astype(int)
        frame["density"] = frame["name"].map(table["sites_per_10k_km2"]).fillna(0.0)
        frame["top_minerals"] = frame["name"].map(_top_minerals(table)).fillna("")
    value = frame["sites"] if mode == "count" else frame.get("density")
    bounds = classes(value) if mode != "outline" else []
    frame["_fill"] = [colour_for(v, bounds) for v in value] if mode != "outline" else "#3182bd"
    data = feature_collection(frame)
    for feature in data["features"]:
        feature["properties"] = {k: safe_text(v) for k, v in feature["properties"].items()}
    fill_opacity = 0.04 if mode == "outline" else 0.55
    fields = [f for f in TOOLTIP if f in frame.columns]
    return folium.GeoJson(
        data,
        name=f"{name}: {MODES[mode].lower()}",
        style_function=lambda f: {
            "color": "#444444",
            "weight": 1.2,
            "fillColor": f["properties"]["_fill"],
            "fillOpacity": fill_opacity,
        },
        highlight_function=lambda _: {"weight": 3},
        tooltip=folium.GeoJsonTooltip(
            fields=fields, aliases=[TOOLTIP[f] for f in fields], sticky=True
        ),
    )


def legend_classes(summary: pd.DataFrame, mode: str) -> list[tuple[str, str]]:
    """(colour, label) pairs for the legend of a choropleth."""
    if mode == "outline":
        return []
    column = "sites" if mode == "count" else "sites_per_10k_km2"
    bounds = classes(summary[column])
    out, lower = [], 0.0
    for colour, upper in zip(PALETTE, bounds, strict=True):
        if upper > lower:
            out.append((colour, f"{lower:.3g} – {upper:.3g}"))
        lower = upper
    return out


def _top_minerals(table: pd.DataFrame) -> pd.Series:
    columns = [c for c in table.columns if c.startswith("mineral:")]

    def top(row: pd.Series) -> str:
        counts = row[columns].astype(int)
        counts = counts[counts > 0].sort_values(ascending=False).head(4)
        return ", ".join(f"{c.split(':', 1)[1].replace('_', ' ')} ({n})" for c, n in counts.items())

    return table.apply(top, axis=1) if columns else pd.Series("", index=table.index)

"""Province (boundary unit) outlines, or a choropleth of the filtered sites per unit.

Classes: units with no site get their own class; the others are split by Fisher-Jenks natural
breaks (mapclassify), so one small unit with a high density (Islamabad: one site in 906 km²) gets
a class of its own instead of pushing every other unit into the lowest one. Count classes are
whole numbers. The palette is a light grey ramp (branca's ColorBrewer Greys): the mineral
markers' colours stay readable on every fill, and the fills are opaque so each legend swatch is
exactly the colour drawn.
"""

from __future__ import annotations

import math
import warnings

import branca.colormap as cm
import folium
import geopandas as gpd
import mapclassify
import numpy as np
import pandas as pd

from geo.export.geojson import feature_collection
from layers.legend import classes_html, legend_section
from layers.script import ParentCall
from layers.text import layer_group, safe_text

MODES = {
    "outline": "Outlines only",
    "count": "Sites per province",
    "density": "Sites per 10,000 km²",
}
MAX_CLASSES = 4
ZERO_FILL = "#ffffff"
OUTLINE_FILL = "#3182bd"
# The light half of ColorBrewer Greys: dark enough to read as classes, light enough for markers.
_RAMP = cm.linear.Greys_09.scale(0, 1)
PALETTE = tuple(_RAMP.rgb_hex_str(x) for x in (0.1, 0.22, 0.34, 0.46))
FIELDS = (
    ("name", "Unit"),
    ("sites", "Filtered sites"),
    ("mapped_sites", "On the map"),
    ("density", "Per 10,000 km²"),
    ("top_minerals", "Most common minerals"),
    ("area_km2", "Area (km²)"),
)


def classify(values: pd.Series, mode: str) -> list[tuple[float, float]]:
    """(lower, upper) bounds of the classes of the non-zero values, lowest first.

    Counts get whole-number bounds (1–3, 4–10 …); densities natural-breaks bounds.
    """
    positive = np.asarray(values[values > 0], dtype=float)
    if not len(positive):
        return []
    k = min(MAX_CLASSES, len(np.unique(positive)))
    if k < 2:
        uppers = [float(positive.max())]
    else:
        with warnings.catch_warnings():
            # mapclassify mentions that numba would be faster; a few hundred units do not need it.
            warnings.simplefilter("ignore", UserWarning)
            uppers = [float(b) for b in mapclassify.FisherJenks(positive, k=k).bins]
    out, lower = [], float(positive.min())
    for upper in uppers:
        out.append((lower, upper))
        lower = math.floor(upper) + 1 if mode == "count" else upper
    return out


def colour_for(value: float, bounds: list[tuple[float, float]]) -> str:
    """The fill of ``value`` for class ``bounds`` (classify); white for zero."""
    if value <= 0 or not bounds:
        return ZERO_FILL
    for colour, (_, upper) in zip(PALETTE, bounds, strict=False):
        if value <= upper + 1e-9:
            return colour
    return PALETTE[len(bounds) - 1]


def legend_classes(summary: pd.DataFrame, mode: str) -> list[tuple[str, str]]:
    """(colour, label) pairs for the legend, the same colours the fills use."""
    if mode == "outline":
        return []
    column = "sites" if mode == "count" else "sites_per_10k_km2"
    values = summary[column]
    out = []
    if (values <= 0).any():
        out.append((ZERO_FILL, "0"))
    for colour, (lower, upper) in zip(PALETTE, classify(values, mode), strict=False):
        if mode == "count":
            lo, hi = int(lower), int(upper)
            out.append((colour, f"{lo}" if lo == hi else f"{lo}–{hi}"))
        else:
            out.append((colour, f"{lower:.2g} – {upper:.2g}"))
    return out


def province_layer(
    units: gpd.GeoDataFrame,
    summary: pd.DataFrame | None = None,
    mode: str = "outline",
    name: str = "Provinces",
) -> folium.FeatureGroup:
    """Unit polygons; ``summary`` (geo.province_summary of the filtered sites) fills the hover
    readout and, in ``count``/``density`` mode, the colours and the legend's key."""
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
        frame["density"] = frame["name"].map(table["sites_per_10k_km2"]).fillna(0.0).round(2)
        frame["top_minerals"] = frame["name"].map(_top_minerals(table)).fillna("")
    frame["area_km2"] = frame["area_km2"].map(lambda a: f"{a:,.0f}")
    if mode == "outline":
        frame["_fill"] = OUTLINE_FILL
    else:
        value = frame["sites"] if mode == "count" else frame["density"]
        bounds = classify(value, mode)
        frame["_fill"] = [colour_for(v, bounds) for v in value]
    data = feature_collection(frame)
    for feature in data["features"]:
        feature["properties"] = {k: safe_text(v) for k, v in feature["properties"].items()}
    group = layer_group(f"{name}: {MODES[mode].lower()}", show=True)
    fields = [list(f) for f in FIELDS if f[0] in frame.columns]
    ParentCall(
        "Provinces",
        "Atlas.addProvinces",
        {"data": data, "fillOpacity": 0.04 if mode == "outline" else 1.0, "fields": fields},
    ).add_to(group)
    if mode != "outline" and summary is not None:
        note = "Natural breaks (Fisher-Jenks)." + (
            " A small unit changes class with one site." if mode == "density" else ""
        )
        key = classes_html(MODES[mode], legend_classes(summary, mode), note)
        legend_section("provinces", key).add_to(group)
    return group


def _top_minerals(table: pd.DataFrame) -> pd.Series:
    columns = [c for c in table.columns if c.startswith("mineral:")]

    def top(row: pd.Series) -> str:
        counts = row[columns].astype(int)
        counts = counts[counts > 0].sort_values(ascending=False).head(4)
        return ", ".join(f"{c.split(':', 1)[1].replace('_', ' ')} ({n})" for c, n in counts.items())

    return table.apply(top, axis=1) if columns else pd.Series("", index=table.index)

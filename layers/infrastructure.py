"""Ports, rail heads and special economic zones as their own toggleable map layer.

Each is a Leaflet marker with an SVG diamond and a tooltip, drawn by ``Atlas.addInfrastructure``
(layers/static/atlas.js) from one JSON payload. As folium Markers they were rendered through
Jinja on every rerun, a sixth of a rerun's Python time (bench/bench_page.py).
"""

from __future__ import annotations

import folium
import geopandas as gpd

from geo.model.infrastructure import INFRASTRUCTURE_KINDS
from layers.script import ParentCall
from layers.sites import PRECISION_TEXT
from layers.text import safe_text, safe_url

# One colour per kind; ports in blues (where metal leaves), zones in purple (where it is made).
KIND_COLOURS = {
    "sea_port": "#08519c",
    "dry_port": "#4292c6",
    "rail_head": "#8c2d04",
    "sez": "#6a51a3",
}
LAYER_NAME = "Ports, rail heads and economic zones"
REQUIRED = ("id", "name", "kind", "location_precision", "source", "source_url")


def infrastructure_layer(infrastructure: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """One FeatureGroup, "Ports, rail heads and economic zones (n)", with a square marker per
    mapped feature coloured by kind; features without a location are left out."""
    missing = [c for c in REQUIRED if c not in infrastructure.columns]
    if missing:
        raise ValueError(f"`infrastructure` is missing columns {missing}")
    mapped = infrastructure[infrastructure.geometry.notna()]
    group = folium.FeatureGroup(name=f"{LAYER_NAME} ({len(mapped)})", show=True)
    # A DivIcon with an inline SVG diamond: core Leaflet only (folium's RegularPolygonMarker
    # loads a plugin from a CDN, and nothing may be downloaded at run time). A tooltip, not a
    # popup: a tap or hover shows the whole record, which is short.
    features = [
        {
            "lat": round(row.geometry.y, 6),
            "lon": round(row.geometry.x, 6),
            "icon": _diamond(
                KIND_COLOURS.get(row["kind"], "#525252"), row["location_precision"] != "exact"
            ),
            "tooltip": popup_html(row),
        }
        for _, row in mapped.iterrows()
    ]
    ParentCall("Infrastructure", "Atlas.addInfrastructure", features).add_to(group)
    return group


def _diamond(colour: str, hollow: bool) -> str:
    """The marker: a diamond, filled for an exact location, pale and dashed otherwise."""
    fill_opacity = 0.25 if hollow else 0.9
    dash = " stroke-dasharray='3 2'" if hollow else ""
    return (
        "<svg width='16' height='16' viewBox='0 0 16 16'>"
        f"<polygon points='8,1 15,8 8,15 1,8' fill='{colour}' fill-opacity='{fill_opacity}'"
        f" stroke='{colour}' stroke-width='2'{dash}/></svg>"
    )


def popup_html(row) -> str:
    """The tooltip of one feature (name, kind, place, precision, source); every text from the
    file is escaped, the URL checked. Notes are left to the data table."""
    kind = INFRASTRUCTURE_KINDS.get(row["kind"], row["kind"])
    place = ", ".join(v for v in (row.get("district"), row.get("province")) if v)
    precision = PRECISION_TEXT.get(row["location_precision"], row["location_precision"])
    url = safe_url(row.get("source_url"))
    source = safe_text(row["source"])
    cited = f"<a href='{url}' target='_blank' rel='noopener'>{source}</a>" if url else source
    parts = [
        f"<b>{safe_text(row['name'])}</b>",
        f"{safe_text(kind)} · {safe_text(place)}",
        f"Location: {safe_text(precision)}",
        f"Source: {cited} ({safe_text(row.get('as_of', ''))})",
    ]
    return "<br>".join(parts)

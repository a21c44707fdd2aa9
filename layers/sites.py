"""Sites as circle markers coloured by primary mineral; approximate points drawn hollow."""

from __future__ import annotations

import folium
import geopandas as gpd

from geo.vocabulary import Vocabulary
from layers.popups import site_popup_html
from layers.text import safe_text

REQUIRED = ("id", "name", "minerals", "primary_mineral", "site_type", "location_precision")


def site_layer(
    sites: gpd.GeoDataFrame, vocabulary: Vocabulary, name: str = "Sites"
) -> folium.FeatureGroup:
    """One marker per mapped site. Sites without a location are skipped (they are listed in
    tables, never drawn at a made-up place)."""
    missing = [c for c in REQUIRED if c not in sites.columns]
    if missing:
        raise ValueError(f"`sites` is missing columns {missing}")
    names = {m: vocabulary.name(m) for m in vocabulary.ids}
    group = folium.FeatureGroup(name=name)
    for _, site in sites[sites.geometry.notna()].iterrows():
        colour = vocabulary.colour(site["primary_mineral"])
        exact = site["location_precision"] == "exact"
        folium.CircleMarker(
            location=(site.geometry.y, site.geometry.x),
            radius=7 if exact else 6,
            color=colour,
            weight=2,
            fill=True,
            fill_color=colour,
            # Approximate and district-level points are hollow so they are not read as exact.
            fill_opacity=0.85 if exact else 0.15,
            dash_array=None if exact else "3 3",
            popup=folium.Popup(site_popup_html(site, names), max_width=360),
            tooltip=safe_text(site["name"]),
        ).add_to(group)
    return group

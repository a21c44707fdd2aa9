"""A heat map of the filtered sites (Leaflet.heat, drawn on its own canvas)."""

from __future__ import annotations

import folium
import geopandas as gpd
import numpy as np

from layers.script import ParentCall
from layers.text import layer_group


def heat_layer(
    sites: gpd.GeoDataFrame, name: str = "Heat map", show: bool = False
) -> folium.FeatureGroup:
    """A heat map of the mapped ``sites`` (intensity from their density) as a feature group.

    ``show`` sets whether the group starts visible; the page builds it only when the heat map
    is switched on (layers/compose.py). Raises TypeError when ``sites`` is not a GeoDataFrame.
    """
    if not isinstance(sites, gpd.GeoDataFrame):
        raise TypeError(f"`sites` must be a GeoDataFrame, got {type(sites).__name__}")
    mapped = sites.geometry[sites.geometry.notna()]
    group = layer_group(name, show=show)
    if len(mapped):
        coords = np.round(np.column_stack([mapped.y.to_numpy(), mapped.x.to_numpy()]), 4)
        ParentCall("Heat", "Atlas.addHeat", coords.tolist()).add_to(group)
    return group

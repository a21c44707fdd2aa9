"""All data layers for one filtered view, in drawing order, plus the standalone HTML map."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

from geo.vocabulary import Vocabulary
from layers.basemap import base_map
from layers.heat import heat_layer
from layers.imported import imported_layers
from layers.infrastructure import infrastructure_layer
from layers.legend import legend_html, legend_layer
from layers.projects import project_layer
from layers.provinces import MODES, legend_classes, province_layer
from layers.sites import AGGREGATE_ABOVE, site_layers
from layers.text import layer_group


def data_layers(
    sites: gpd.GeoDataFrame,
    projects: gpd.GeoDataFrame,
    units: gpd.GeoDataFrame,
    summary: pd.DataFrame,
    vocabulary: Vocabulary,
    *,
    provinces_as: str = "outline",
    cluster: bool = False,
    heat: bool = False,
    aggregate_above: int = AGGREGATE_ABOVE,
    infrastructure: gpd.GeoDataFrame | None = None,
) -> list[folium.FeatureGroup]:
    """Provinces, deposits, mines, processing, projects, (heat map) and legend, each a
    FeatureGroup so the layer control can toggle it and the page can swap them without
    redrawing the base map.

    The heat map is only built when asked for: streamlit-folium adds every FeatureGroup it is
    given to the map, so a hidden-by-default layer is not possible there.
    """
    provinces = layer_group("Provinces", show=True)
    province_layer(units, summary, mode=provinces_as).add_to(provinces)
    minerals_shown = [m for m in vocabulary.ids if sites["primary_mineral"].eq(m).any()]
    legend = legend_html(
        minerals_shown,
        vocabulary,
        legend_classes(summary, provinces_as),
        MODES[provinces_as] if provinces_as != "outline" else "",
    )
    # Projects go under the sites so a project star rings its site instead of hiding it.
    bundled = (
        sites[sites["dataset"].fillna("bundled") == "bundled"] if "dataset" in sites else sites
    )
    imported = (
        imported_layers(sites, vocabulary, cluster=cluster, aggregate_above=aggregate_above)
        if "dataset" in sites
        else []
    )
    return [
        provinces,
        *([heat_layer(sites, show=True)] if heat else []),
        project_layer(projects, sites),
        *([infrastructure_layer(infrastructure)] if infrastructure is not None else []),
        *site_layers(bundled, vocabulary, cluster=cluster, aggregate_above=aggregate_above),
        *imported,
        legend_layer(legend),
    ]


def layer_control() -> folium.LayerControl:
    """The collapsed layer switcher (top right) the page and the standalone map use."""
    return folium.LayerControl(collapsed=True, position="topright")


def standalone_map(
    basemap: str,
    layers: list[folium.FeatureGroup],
    view: tuple[tuple[float, float], int] | None = None,
) -> folium.Map:
    """A self-contained map (every script inlined) for the "download map as HTML" button."""
    fmap = base_map(basemap) if view is None else base_map(basemap, view[0], view[1])
    for layer in layers:
        layer.add_to(fmap)
    layer_control().add_to(fmap)
    return fmap

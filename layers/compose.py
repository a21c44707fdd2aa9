"""All data layers for one filtered view, plus the standalone HTML map."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

from geo.model.vocabulary import Vocabulary
from layers.basemap import base_map
from layers.heat import heat_layer
from layers.imported import SHAPE as IMPORTED_SHAPE
from layers.imported import imported_layers
from layers.infrastructure import KIND_COLOURS, infrastructure_layer
from layers.legend import legend_html, legend_layer
from layers.overlays import map_layers, with_role
from layers.projects import project_layer
from layers.provinces import province_layer
from layers.sites import AGGREGATE_ABOVE, LAYERS, site_layers


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
    """Provinces, (heat map), projects, sites, imported sites and the sites' legend section,
    each a FeatureGroup with its role (layers/overlays.py) so the page can add overlays and swap
    them without redrawing the base map.

    The heat map is only built when asked for: streamlit-folium adds every FeatureGroup it is
    given to the map, so a hidden-by-default layer is not possible there.
    """
    provinces = with_role(province_layer(units, summary, mode=provinces_as), "provinces")
    mapped = sites[sites.geometry.notna()]
    # Most frequent first, so "+N more" folds away the rare ones.
    counts = mapped["primary_mineral"].value_counts()
    minerals = [m for m in counts.index if m in vocabulary.ids]
    bundled = (
        sites[sites["dataset"].fillna("bundled") == "bundled"] if "dataset" in sites else sites
    )
    imported = (
        imported_layers(sites, vocabulary, cluster=cluster, aggregate_above=aggregate_above)
        if "dataset" in sites
        else []
    )
    # The key lists only the marker shapes on the map.
    shapes = [
        (spec.shape, "#666666", spec.label)
        for spec in LAYERS
        if bundled.geometry.notna().any() and bundled["site_type"].isin(spec.site_types).any()
    ]
    if len(projects) and projects.geometry.notna().any():
        shapes.append(("star", "#ffd700", "Investment project"))
    if imported:
        shapes.append((IMPORTED_SHAPE, "#666666", "Your imported data"))
    infra = None
    if infrastructure is not None:
        infra = with_role(infrastructure_layer(infrastructure), "infrastructure")
        if infrastructure.geometry.notna().any():
            shapes.append(("diamond", KIND_COLOURS["sea_port"], "Port, rail head or economic zone"))
    # Projects go under the sites so a project star rings its site instead of hiding it.
    return map_layers(
        provinces,
        with_role(heat_layer(sites, show=True), "heat") if heat else None,
        with_role(project_layer(projects, sites), "projects"),
        infra,
        [
            with_role(g, "sites")
            for g in site_layers(
                bundled, vocabulary, cluster=cluster, aggregate_above=aggregate_above
            )
        ],
        [with_role(g, "imported") for g in imported],
        with_role(legend_layer(legend_html(minerals, vocabulary, shapes)), "legend"),
    )


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

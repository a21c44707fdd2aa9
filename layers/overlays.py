"""Raster overlays and the drawing order of everything on the map.

Every group the page hands to the map carries a role; ``map_layers`` sorts by role, so the order
(provinces under rasters under markers, the view layer last) is stated once here instead of
being spliced by list position in the page.
"""

from __future__ import annotations

from dataclasses import dataclass

import folium
import numpy as np
import pandas as pd

from geo.analysis.geotiff import DisplayRaster
from layers.colormaps import value_range
from layers.raster import raster_layer
from layers.siting import best_cells_layer

ROLES = (
    "provinces",
    "raster",
    "heat",
    "projects",
    "infrastructure",
    "sites",
    "imported",
    "best",
    "legend",
    "view",
)


def with_role(group: folium.FeatureGroup, role: str) -> folium.FeatureGroup:
    """``group``, marked with its place in the drawing order (one of ROLES)."""
    if role not in ROLES:
        raise ValueError(f"`role` was {role!r} but is expected to be in {list(ROLES)}")
    group.atlas_role = role
    return group


def map_layers(*groups: list[folium.FeatureGroup] | folium.FeatureGroup | None) -> list:
    """All groups (lists or single groups; None skipped) in drawing order by role; within a
    role, in the order given."""
    flat: list[folium.FeatureGroup] = []
    for g in groups:
        if g is None:
            continue
        flat.extend(g if isinstance(g, list) else [g])
    missing = [g.layer_name for g in flat if getattr(g, "atlas_role", None) not in ROLES]
    if missing:
        raise ValueError(f"groups without a role: {missing}")
    return sorted(flat, key=lambda g: ROLES.index(g.atlas_role))


@dataclass(frozen=True)
class UserRaster:
    display: DisplayRaster
    name: str
    colormap: str = "viridis"
    shade: np.ndarray | None = None


def overlay_layers(
    *,
    user: UserRaster | None = None,
    surface: DisplayRaster | None = None,
    surface_label: str = "",
    colormap: str = "viridis",
    reverse: bool = False,
    best: pd.DataFrame | None = None,
    best_units: str = "km",
) -> list[folium.FeatureGroup]:
    """The user's raster, the analysis surface and the best siting places, built afresh for
    each map that shows them (streamlit-folium renames the groups it is given). ``colormap`` and
    ``reverse`` draw the surface (the surface registry, geo/analysis/surfaces.py, names them)."""
    out = []
    if user is not None:
        lo, hi = value_range(user.display.values)
        out.append(
            with_role(
                raster_layer(
                    user.display,
                    name=user.name,
                    colormap=user.colormap,
                    vmin=lo,
                    vmax=hi,
                    shade=user.shade,
                    order=40,
                ),
                "raster",
            )
        )
    if surface is not None:
        lo, hi = value_range(surface.values, robust=False)
        out.append(
            with_role(
                raster_layer(
                    surface,
                    name=surface_label,
                    colormap=colormap,
                    vmin=lo,
                    vmax=hi,
                    reverse=reverse,
                    opacity=0.7,
                    order=30,
                ),
                "raster",
            )
        )
    if best is not None and len(best):
        out.append(with_role(best_cells_layer(best, best_units), "best"))
    return out

"""The view layer: fit the map to the filtered sites, keep or drop the user's own view, and
highlight (and pan to) the selected site. It is the last group handed to the map each rerun;
``Atlas.setView`` in layers/static/atlas.js does the work in the browser, where the map's real
size is known.
"""

from __future__ import annotations

import hashlib

import folium
import geopandas as gpd

from layers.overlays import with_role
from layers.script import ParentCall
from layers.text import layer_group

# One site alone is shown at this zoom rather than the maximum.
MAX_FIT_ZOOM = 11
SELECT_ZOOM = 7


def fit_key(*parts: object) -> str:
    """A short key that changes whenever what the view is fitted to changes (the filter)."""
    return hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()[:12]


def sites_bounds(sites: gpd.GeoDataFrame) -> list[list[float]] | None:
    """[[south, west], [north, east]] of the mapped sites, or None when none is mapped."""
    mapped = sites.geometry[sites.geometry.notna()] if len(sites) else sites.geometry
    if not len(mapped):
        return None
    west, south, east, north = mapped.total_bounds
    return [
        [round(float(south), 5), round(float(west), 5)],
        [round(float(north), 5), round(float(east), 5)],
    ]


def view_layer(
    bounds: list[list[float]] | None,
    key: str,
    *,
    pinned: bool = False,
    legend: str = "open",
    selected: dict | None = None,
) -> folium.FeatureGroup:
    """``selected``: {"id", "lat", "lon", "pan"}; the map pans to it whenever ``pan`` (a token
    the page changes on each pick from the table) is new."""
    if legend not in ("open", "closed"):
        raise ValueError(f"`legend` was {legend!r} but is expected to be 'open' or 'closed'")
    group = layer_group("Selected site", show=True, control=False)
    payload = {
        "key": key,
        "bounds": bounds,
        "pinned": bool(pinned),
        "maxZoom": MAX_FIT_ZOOM,
        "selectZoom": SELECT_ZOOM,
        "legend": legend,
        "selected": selected,
    }
    ParentCall("View", "Atlas.setView", payload).add_to(group)
    return with_role(group, "view")

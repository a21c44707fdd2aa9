"""The base map: tile layers, tile-free mode, and the map controls.

It depends only on the basemap choice, so between reruns it stays identical and streamlit-folium
does not redraw it; the data layers change on their own (see layers/compose.py).
"""

from __future__ import annotations

import folium

from layers.assets import use_local_assets
from layers.script import ParentCall

# name -> (label, URL template, attribution)
BASEMAPS: dict[str, tuple[str, str, str]] = {
    "street": (
        "Street map (OpenStreetMap)",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "&copy; OpenStreetMap contributors",
    ),
    "imagery": (
        "Satellite imagery (Esri)",
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "Tiles &copy; Esri &mdash; Esri, Maxar, Earthstar Geographics, GIS User Community",
    ),
    "terrain": (
        "Terrain (OpenTopoMap)",
        "https://tile.opentopomap.org/{z}/{x}/{y}.png",
        "&copy; OpenStreetMap contributors, SRTM | style &copy; OpenTopoMap (CC-BY-SA)",
    ),
}
NO_TILES = "none"
PAKISTAN_CENTRE = (30.0, 69.5)
# Leaflet's clusterer needs a maxZoom on the map; without tile layers nothing else sets one.
MAX_ZOOM = 18
# Rasters draw in their own pane between the tiles (200) and the vector canvas (400), so site
# markers stay clickable above an overlay and a basemap switch never covers it.
RASTER_PANE = "atlas-rasters"


def base_map(
    basemap: str = "street",
    location: tuple[float, float] = PAKISTAN_CENTRE,
    zoom: int = 5,
) -> folium.Map:
    """A map of Pakistan with the chosen basemap shown first (``"none"``: no tiles at all, so
    nothing is fetched from a tile server), the others selectable in the layer control."""
    allowed = [*BASEMAPS, NO_TILES]
    if basemap not in allowed:
        raise ValueError(f"`basemap` was {basemap!r} but is expected to be in {allowed}")
    fmap = folium.Map(
        location=location,
        zoom_start=zoom,
        min_zoom=3,
        max_zoom=MAX_ZOOM,
        tiles=None,
        prefer_canvas=True,
        control_scale=True,
    )
    # folium 0.20 passes max_zoom only to its default tile layer, not to the map.
    fmap.options.update(maxZoom=MAX_ZOOM, minZoom=3)
    use_local_assets(fmap)
    if basemap == NO_TILES:
        folium.FeatureGroup(name="No basemap (offline)", overlay=False, control=True).add_to(fmap)
    else:
        for key, (label, url, attribution) in BASEMAPS.items():
            folium.TileLayer(
                tiles=url,
                name=label,
                attr=attribution,
                max_zoom=MAX_ZOOM,
                overlay=False,
                show=key == basemap,
            ).add_to(fmap)
    folium.map.CustomPane(RASTER_PANE, z_index=350, pointer_events=False).add_to(fmap)
    ParentCall("Controls", "Atlas.addControls").add_to(fmap)
    return fmap

"""The base map: the offline vector basemap or a tile service, and the map controls.

It depends only on the basemap choice, so between reruns it stays identical and streamlit-folium
does not redraw it; the data layers change on their own (see layers/compose.py).

Tile services come from xyzservices, which carries each provider's URL, attribution and maximum
zoom; only the active basemap's credit is shown (Leaflet adds a layer's attribution when the layer
is on the map and removes it when it leaves).
"""

from __future__ import annotations

import folium
import xyzservices.providers as xyz
from xyzservices import TileProvider

from layers.assets import use_local_assets
from layers.offline import OFFLINE_LABEL, offline_layer
from layers.script import ParentCall

OFFLINE = "offline"
# name -> (label, provider)
TILES: dict[str, tuple[str, TileProvider]] = {
    "street": ("Street map (OpenStreetMap)", xyz.OpenStreetMap.Mapnik),
    "imagery": ("Satellite imagery (Esri)", xyz.Esri.WorldImagery),
    "terrain": ("Terrain (OpenTopoMap)", xyz.OpenTopoMap),
}
# Older links and callers said "none" for the tile-free map.
ALIASES = {"none": OFFLINE}
LABELS = {OFFLINE: OFFLINE_LABEL, **{k: label for k, (label, _) in TILES.items()}}
PAKISTAN_CENTRE = (30.0, 69.5)
# Leaflet's clusterer needs a maxZoom on the map; without tile layers nothing else sets one.
MAX_ZOOM = 18
# Rasters draw in their own pane above the province fills (370), under the place names (390) and
# the site markers' canvas (400): markers stay clickable above an overlay, and a basemap switch
# never covers it.
RASTER_PANE = "atlas-rasters"


def base_map(
    basemap: str = OFFLINE,
    location: tuple[float, float] = PAKISTAN_CENTRE,
    zoom: int = 5,
) -> folium.Map:
    """A map of Pakistan with the chosen basemap shown first, the others selectable in the layer
    control. The offline basemap is always there: it is the default, and the map switches to it
    by itself when a tile service cannot be reached."""
    basemap = ALIASES.get(basemap, basemap)
    if basemap not in LABELS:
        raise ValueError(f"`basemap` was {basemap!r} but is expected to be in {list(LABELS)}")
    fmap = folium.Map(
        location=location,
        zoom_start=zoom,
        min_zoom=3,
        max_zoom=MAX_ZOOM,
        tiles=None,
        prefer_canvas=True,
        control_scale=True,
        zoom_snap=0.25,
    )
    # folium 0.20 passes max_zoom only to its default tile layer, not to the map.
    fmap.options.update(maxZoom=MAX_ZOOM, minZoom=3, zoomSnap=0.25)
    use_local_assets(fmap)
    offline_layer(show=basemap == OFFLINE).add_to(fmap)
    if basemap != OFFLINE:
        # Tile layers are only on the page when a tile basemap is chosen: the offline default
        # then makes no request to any tile server.
        for key, (label, provider) in TILES.items():
            folium.TileLayer(
                tiles=provider.build_url(),
                name=label,
                attr=provider.html_attribution,
                max_zoom=MAX_ZOOM,
                max_native_zoom=provider.get("max_zoom", MAX_ZOOM),
                overlay=False,
                show=key == basemap,
            ).add_to(fmap)
    folium.map.CustomPane(RASTER_PANE, z_index=380, pointer_events=False).add_to(fmap)
    ParentCall("Controls", "Atlas.addControls").add_to(fmap)
    return fmap

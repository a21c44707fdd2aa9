"""folium layer builders: GeoDataFrames in, folium objects out (no Streamlit here)."""

from layers.basemap import base_map
from layers.compose import data_layers, layer_control, standalone_map
from layers.provinces import province_layer
from layers.sites import site_layers
from layers.text import safe_text, safe_url

__all__ = [
    "base_map",
    "data_layers",
    "layer_control",
    "province_layer",
    "safe_text",
    "safe_url",
    "site_layers",
    "standalone_map",
]

"""folium layer builders: GeoDataFrames in, folium objects out (no Streamlit here)."""

from layers.provinces import province_layer
from layers.sites import site_layer
from layers.text import safe_text, safe_url

__all__ = ["province_layer", "safe_text", "safe_url", "site_layer"]

"""Leaflet and plugin files served from this package, never from a CDN.

The map must work offline and where CDNs are blocked (and the tests run without network), so
every script and stylesheet the map needs is inlined as a ``data:`` URI. Both st_folium (which
loads ``default_js``/``default_css`` as script and link elements) and a standalone HTML export
accept these.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path

import folium

STATIC = Path(__file__).resolve().parent / "static"
VENDOR = STATIC / "vendor"


@cache
def _data_uri(path: Path, media_type: str) -> str:
    payload = path.read_bytes()
    if media_type == "text/css":
        payload = _inline_images(payload.decode("utf-8"), path.parent).encode("utf-8")
    return f"data:{media_type};base64,{base64.b64encode(payload).decode('ascii')}"


def _inline_images(css: str, folder: Path) -> str:
    # leaflet.css points at images/layers.png (the layer-control icon); a data: stylesheet has no
    # folder to resolve that against, so the images are inlined too. Missing ones are dropped.
    def replace(match: re.Match[str]) -> str:
        image = folder / match.group(1)
        if not image.exists():
            return "none"
        return f"url(data:image/png;base64,{base64.b64encode(image.read_bytes()).decode('ascii')})"

    return re.sub(r"url\((images/[\w.\-]+\.png)\)", replace, css)


def leaflet_js() -> list[tuple[str, str]]:
    """(name, data URI) of every bundled script the map needs, in load order: Leaflet, its
    plugins, then atlas.js."""
    return [
        ("leaflet", _data_uri(VENDOR / "leaflet.js", "text/javascript")),
        ("markercluster", _data_uri(VENDOR / "leaflet.markercluster.js", "text/javascript")),
        ("leaflet_heat", _data_uri(VENDOR / "leaflet-heat.js", "text/javascript")),
        ("atlas", _data_uri(STATIC / "atlas.js", "text/javascript")),
    ]


def leaflet_css() -> list[tuple[str, str]]:
    """(name, data URI) of every bundled stylesheet the map needs."""
    return [
        ("leaflet_css", _data_uri(VENDOR / "leaflet.css", "text/css")),
        ("markercluster_css", _data_uri(VENDOR / "MarkerCluster.css", "text/css")),
        ("markercluster_default_css", _data_uri(VENDOR / "MarkerCluster.Default.css", "text/css")),
        ("atlas_css", _data_uri(STATIC / "atlas.css", "text/css")),
    ]


def use_local_assets(fmap: folium.Map) -> folium.Map:
    """Replace folium's CDN links (Leaflet, jQuery, Bootstrap, …) with the local files."""
    fmap.default_js = leaflet_js()
    fmap.default_css = leaflet_css()
    return fmap

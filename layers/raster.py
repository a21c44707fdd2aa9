"""A raster drawn over the map: semi-transparent image, colour legend, value under the pointer."""

from __future__ import annotations

import folium
import numpy as np

from geo.analysis.geotiff import DisplayRaster
from layers.basemap import RASTER_PANE
from layers.colormaps import colourise, css_gradient
from layers.script import ParentCall
from layers.text import layer_group, safe_text

# The hover readout carries a coarse copy of the values; this many cells on the longer side.
READOUT_SIDE = 160


def raster_layer(
    display: DisplayRaster,
    *,
    name: str,
    colormap: str = "viridis",
    vmin: float,
    vmax: float,
    reverse: bool = False,
    opacity: float = 0.75,
    shade: np.ndarray | None = None,
    order: int = 30,
) -> folium.FeatureGroup:
    """The raster coloured with ``colormap`` between ``vmin`` and ``vmax`` (or, with ``shade``,
    a grey hillshade), its key in the map's legend (at position ``order``), and a readout of the
    value under the pointer."""
    if not 0 < opacity <= 1:
        raise ValueError(f"`opacity` was {opacity} but is expected in (0, 1]")
    if shade is not None:
        image = colourise(shade, "greys", 0.0, 1.0, alpha=255)
        image[..., 3] = np.where(np.isnan(display.values), 0, 255)
    else:
        image = colourise(display.values, colormap, vmin, vmax, alpha=255, reverse=reverse)
    group = layer_group(name, show=True)
    folium.raster_layers.ImageOverlay(
        image=image,
        bounds=display.latlon_bounds,
        opacity=opacity,
        mercator_project=False,
        interactive=False,
        pane=RASTER_PANE,
    ).add_to(group)
    ParentCall(
        "RasterReadout",
        "Atlas.addRasterReadout",
        {**_readout(display, colormap, vmin, vmax, reverse, shade), "order": order},
    ).add_to(group)
    return group


def legend_html(
    display: DisplayRaster,
    colormap: str,
    vmin: float,
    vmax: float,
    reverse: bool,
    shaded: bool = False,
) -> str:
    """The colour-bar legend of a raster overlay: its label, the colour map from ``vmin`` to
    ``vmax`` in its units, and a note when it is hillshaded (all text escaped)."""
    units = safe_text(display.units)
    gradient = css_gradient("greys" if shaded else colormap, reverse and not shaded)
    return (
        f"<b>{safe_text(display.label)}</b>"
        f"<div style='height:10px;margin:3px 0;background:{gradient}'></div>"
        f"<div style='display:flex;justify-content:space-between'><span>{vmin:,.1f}</span>"
        f"<span>{units}</span><span>{vmax:,.1f}</span></div>"
    )


def _readout(display: DisplayRaster, colormap, vmin, vmax, reverse, shade) -> dict:
    rows, cols = display.values.shape
    step = max(1, int(np.ceil(max(rows, cols) / READOUT_SIDE)))
    coarse = display.values[::step, ::step]
    west, south, east, north = display.bounds
    cell_x = (east - west) / cols * step
    cell_y = (north - south) / rows * step
    values = [None if np.isnan(v) else round(float(v), 1) for v in coarse.ravel()]
    return {
        "values": values,
        "rows": coarse.shape[0],
        "cols": coarse.shape[1],
        "west": west,
        "north": north,
        "cellX": cell_x,
        "cellY": cell_y,
        "label": safe_text(display.label.split(",")[0]),
        "units": safe_text(display.units),
        "legend": legend_html(display, colormap, vmin, vmax, reverse, shade is not None),
    }

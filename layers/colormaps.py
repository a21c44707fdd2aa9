"""Colour maps for raster overlays (numpy only; matplotlib is not needed for a few ramps)."""

from __future__ import annotations

import numpy as np

# Stops sampled from matplotlib's perceptually uniform maps and ColorBrewer ramps.
COLORMAPS: dict[str, tuple[str, ...]] = {
    "viridis": (
        "#440154",
        "#482878",
        "#3e4989",
        "#31688e",
        "#26828e",
        "#1f9e89",
        "#35b779",
        "#6ece58",
        "#b5de2b",
        "#fde725",
    ),
    "magma": (
        "#000004",
        "#180f3d",
        "#440f76",
        "#721f81",
        "#9e2f7f",
        "#cd4071",
        "#f1605d",
        "#fd9668",
        "#feca8d",
        "#fcfdbf",
    ),
    "YlOrRd": (
        "#ffffcc",
        "#ffeda0",
        "#fed976",
        "#feb24c",
        "#fd8d3c",
        "#fc4e2a",
        "#e31a1c",
        "#bd0026",
        "#800026",
    ),
    "terrain": (
        "#333399",
        "#0294fa",
        "#24d36d",
        "#b6f08a",
        "#dbd085",
        "#92735e",
        "#b6a29f",
        "#ffffff",
    ),
    "greys": ("#000000", "#ffffff"),
}


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def _lut(name: str, reverse: bool) -> np.ndarray:
    """256 RGB colours interpolated between the map's stops."""
    stops = np.array([_rgb(c) for c in COLORMAPS[name]], dtype=np.float32)
    if reverse:
        stops = stops[::-1]
    positions = np.linspace(0, len(stops) - 1, 256)
    low = np.floor(positions).astype(int)
    high = np.minimum(low + 1, len(stops) - 1)
    frac = (positions - low)[:, None]
    return np.round(stops[low] * (1 - frac) + stops[high] * frac).astype(np.uint8)


def colourise(
    values: np.ndarray, name: str, vmin: float, vmax: float, alpha: int = 190, reverse: bool = False
) -> np.ndarray:
    """RGBA uint8 image of ``values`` (NaN transparent) through colour map ``name``.

    Values are quantised to 256 levels and looked up in a table, so a large raster costs one
    byte per cell of working memory rather than several float copies.
    """
    if name not in COLORMAPS:
        raise ValueError(f"`name` was {name!r} but is expected to be in {list(COLORMAPS)}")
    span = vmax - vmin if vmax > vmin else 1.0
    scaled = np.nan_to_num(values.astype(np.float32, copy=False), nan=vmin)
    scaled -= vmin
    scaled *= 255.0 / span
    index = np.clip(scaled, 0, 255).astype(np.uint8)
    del scaled
    rgba = np.empty((*values.shape, 4), dtype=np.uint8)
    rgba[..., :3] = _lut(name, reverse)[index]
    rgba[..., 3] = np.where(np.isnan(values), 0, alpha).astype(np.uint8)
    return rgba


def css_gradient(name: str, reverse: bool = False) -> str:
    """A CSS linear-gradient (left to right) through the stops of colour map ``name``,
    reversed when asked; raises KeyError for an unknown name."""
    stops = list(COLORMAPS[name])
    if reverse:
        stops.reverse()
    return f"linear-gradient(to right, {', '.join(stops)})"


def value_range(values: np.ndarray, robust: bool = True) -> tuple[float, float]:
    """(min, max) of the finite values; the 2nd-98th percentiles when ``robust``."""
    finite = values[np.isfinite(values)]
    if not finite.size:
        return 0.0, 1.0
    if robust:
        low, high = np.percentile(finite, [2, 98])
    else:
        low, high = finite.min(), finite.max()
    return float(low), float(high if high > low else low + 1)

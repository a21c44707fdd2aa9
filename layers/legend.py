"""Legend sections. The map has one legend box (atlas.js ``Legend``); each layer group that needs
a key adds its section to that box and takes it away when the group leaves the map, so keys for
sites, provinces and rasters share one compact, collapsible box instead of stacking boxes.
"""

from __future__ import annotations

import folium

from geo.model.vocabulary import Vocabulary
from layers.script import ParentCall
from layers.sites import LAYERS
from layers.text import layer_group, safe_text

# Sections are drawn in this order.
ORDER = {"sites": 10, "provinces": 20, "surface": 30, "raster": 40}
# Minerals listed before the rest fold into "+N more".
MINERALS_SHOWN = 8

_SHAPES = {
    "circle": '<circle cx="7" cy="7" r="5"/>',
    "square": '<rect x="2" y="2" width="10" height="10"/>',
    "triangle": '<polygon points="7,1 13,12 1,12"/>',
    "star": '<polygon points="7,0 9,5 14,5 10,8 11.5,13 7,10 2.5,13 4,8 0,5 5,5"/>',
    "diamond": '<polygon points="7,0 13,7 7,14 1,7"/>',
}


def legend_html(
    minerals: list[str],
    vocabulary: Vocabulary,
    shapes: list[tuple[str, str, str]] | None = None,
) -> str:
    """The sites' key: primary minerals on the map (most frequent first, the rest folded into
    "+N more") and the marker shapes on the map. Every text from data files is escaped."""
    parts = ["<h5>Primary mineral</h5><div class='minerals'>"]
    for m in minerals[:MINERALS_SHOWN]:
        parts.append(_mineral(m, vocabulary))
    parts.append("</div>")
    rest = minerals[MINERALS_SHOWN:]
    if rest:
        parts.append(f"<details><summary>+{len(rest)} more</summary><div class='minerals'>")
        parts.extend(_mineral(m, vocabulary) for m in rest)
        parts.append("</div></details>")
    if shapes is None:
        shapes = [(spec.shape, "#666666", spec.label) for spec in LAYERS]
    if shapes:
        parts.append("<h5>Marker</h5><div class='shapes'>")
        parts.extend(_shape(*s) for s in shapes)
        parts.append(
            "<span><svg width='14' height='14'><circle cx='7' cy='7' r='5' fill='#999' "
            "fill-opacity='0.15' stroke='#555' stroke-dasharray='2 2'/></svg>"
            "Hollow: location not exact</span></div>"
        )
    return "".join(parts)


def classes_html(title: str, classes: list[tuple[str, str]], note: str = "") -> str:
    """A choropleth key: (colour, label) pairs drawn with exactly the colours of the fills."""
    parts = [f"<h5>{safe_text(title)}</h5><div class='classes'>"]
    for colour, label in classes:
        parts.append(f"<span><i style='background:{colour}'></i>{safe_text(label)}</span>")
    parts.append("</div>")
    if note:
        parts.append(f"<div class='note'>{safe_text(note)}</div>")
    return "".join(parts)


def legend_section(key: str, html: str) -> ParentCall:
    """The element that puts ``html`` into the map's legend while its group is on the map."""
    return ParentCall("LegendSection", "Atlas.addLegendSection", _section(key, html))


def legend_layer(html: str, name: str = "Legend", key: str = "sites") -> folium.FeatureGroup:
    """A group of its own holding one legend section (hidden from the layer control)."""
    group = layer_group(name, show=True, control=False)
    legend_section(key, html).add_to(group)
    return group


def _section(key: str, html: str) -> dict:
    return {"key": key, "order": ORDER.get(key.split(":")[0], 50), "html": html}


def _mineral(m: str, vocabulary: Vocabulary) -> str:
    name = safe_text(vocabulary.name(m))
    return (
        f"<div title='{name}'><span class='swatch' style='background:{vocabulary.colour(m)}'>"
        f"</span>{name}</div>"
    )


def _shape(shape: str, fill: str, label: str) -> str:
    return (
        f"<span><svg width='14' height='14' fill='{fill}' stroke='#333'>{_SHAPES[shape]}</svg>"
        f"{safe_text(label)}</span>"
    )

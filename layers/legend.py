"""The map legend: mineral colours, marker shapes, location precision, choropleth classes.

It is a Leaflet control tied to its FeatureGroup, so when the page swaps the data layers the old
legend leaves with them instead of piling up.
"""

from __future__ import annotations

import folium

from geo.infrastructure import INFRASTRUCTURE_KINDS
from geo.vocabulary import Vocabulary
from layers.infrastructure import KIND_COLOURS
from layers.script import ParentCall
from layers.sites import LAYERS
from layers.text import layer_group, safe_text

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
    choropleth: list[tuple[str, str]] | None = None,
    choropleth_title: str = "",
) -> str:
    """Legend markup; every text from data files goes through safe_text."""
    parts = ["<h5>Primary mineral</h5><div class='minerals'>"]
    for m in minerals:
        parts.append(
            f"<div><span class='swatch' style='background:{vocabulary.colour(m)}'></span>"
            f"{safe_text(vocabulary.name(m))}</div>"
        )
    parts.append("</div>")
    parts.append("<h5>Marker</h5><div class='shapes'>")
    for spec in LAYERS:
        parts.append(_shape(spec.shape, "#666666", spec.label))
    parts.append(_shape("star", "#ffd700", "Investment project"))
    parts.append(_shape("diamond", "#666666", "Your imported data"))
    for kind, colour in KIND_COLOURS.items():
        parts.append(_shape("diamond", colour, INFRASTRUCTURE_KINDS[kind]))
    parts.append(
        "<span><svg width='14' height='14'><circle cx='7' cy='7' r='5' fill='#999' "
        "fill-opacity='0.15' stroke='#555' stroke-dasharray='2 2'/></svg>"
        "Hollow, dashed: not the site's own coordinate</span></div>"
    )
    if choropleth:
        parts.append(f"<h5>{safe_text(choropleth_title)}</h5><div class='classes'>")
        for colour, label in choropleth:
            parts.append(
                f"<span title='{safe_text(label)}'><i style='background:{colour}'></i>"
                f"{safe_text(label)}</span>"
            )
        parts.append("</div>")
    return "".join(parts)


def legend_layer(html: str, name: str = "Legend") -> folium.FeatureGroup:
    """A feature group that shows ``html`` (already escaped) as the map's collapsible legend."""
    group = layer_group(name, show=True)
    ParentCall("Legend", "Atlas.addLegend", html).add_to(group)
    return group


def _shape(shape: str, fill: str, label: str) -> str:
    return (
        f"<span><svg width='14' height='14' fill='{fill}' stroke='#333'>{_SHAPES[shape]}</svg>"
        f"{safe_text(label)}</span>"
    )

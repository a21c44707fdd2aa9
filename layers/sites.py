"""Deposits, mines and processing facilities as three canvas layers with distinct shapes.

Sites are sent to the browser as one compact, column-oriented JSON object per layer and drawn by
``Atlas.addSites`` (layers/static/atlas.js) on a shared canvas; popups are built on click. This
keeps 10,000 sites to about 1 MB of page and one draw call per frame, where a folium Marker per
site costs a DOM node, a popup template and a Python render each. Above ``aggregate_above`` sites
a layer shows counts on a grid and individual sites once zoomed in, so every site stays reachable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import folium
import geopandas as gpd
import numpy as np
from branca.element import MacroElement
from jinja2 import Template

from geo.sites import PROCESSING_TYPES
from geo.vocabulary import Vocabulary
from layers.text import safe_text, safe_url, script_json

REQUIRED = (
    "id",
    "name",
    "site_type",
    "minerals",
    "primary_mineral",
    "status",
    "location_precision",
    "province",
    "source",
    "source_url",
)


@dataclass(frozen=True)
class SiteLayerSpec:
    key: str
    label: str
    site_types: tuple[str, ...]
    shape: str
    radius: int


LAYERS = (
    SiteLayerSpec("deposits", "Deposits", ("deposit",), "circle", 7),
    SiteLayerSpec("mines", "Mines", ("mine",), "square", 7),
    SiteLayerSpec("processing", "Refineries, smelters and plants", PROCESSING_TYPES, "triangle", 8),
)
AGGREGATE_ABOVE = 20_000
PRECISION_TEXT = {
    "exact": "exact (the site itself)",
    "approximate": "approximate (a nearby named place, within ~10 km)",
    "district": "district-level only (drawn at the district headquarters)",
}


class _SitePoints(MacroElement):
    _template = Template(
        "{% macro script(this, kwargs) %}"
        "Atlas.addSites({{ this._parent.get_name() }}, {{ this.payload }}, {{ this.style }},"
        " {{ this.options }});"
        "{% endmacro %}"
    )

    def __init__(self, payload: str, style: str, options: str):
        super().__init__()
        self._name = "SitePoints"
        self.payload = payload
        self.style = style
        self.options = options


def site_layers(
    sites: gpd.GeoDataFrame,
    vocabulary: Vocabulary,
    *,
    cluster: bool = False,
    aggregate_above: int = AGGREGATE_ABOVE,
) -> list[folium.FeatureGroup]:
    """One FeatureGroup per entry of LAYERS, holding the mapped sites of those types.

    Sites without a location are left out: they are listed in tables, never drawn at a made-up
    place.
    """
    missing = [c for c in REQUIRED if c not in sites.columns]
    if missing:
        raise ValueError(f"`sites` is missing columns {missing}")
    if aggregate_above < 1:
        raise ValueError(f"`aggregate_above` was {aggregate_above} but must be at least 1")
    mapped = sites[sites.geometry.notna()]
    groups = []
    for spec in LAYERS:
        subset = mapped[mapped["site_type"].isin(spec.site_types)]
        group = folium.FeatureGroup(name=f"{spec.label} ({len(subset)})", show=True)
        if len(subset):
            style = {
                "shape": spec.shape,
                "radius": spec.radius,
                "label": spec.label.lower(),
                "cellColour": "#6a51a3",
            }
            options = {
                "cluster": cluster,
                "aggregateAbove": aggregate_above,
                "detailZoom": 9,
                "maxDetail": 3000,
            }
            _SitePoints(
                _dumps(site_payload(subset, vocabulary)), _dumps(style), _dumps(options)
            ).add_to(group)
        groups.append(group)
    return groups


def site_payload(sites: gpd.GeoDataFrame, vocabulary: Vocabulary) -> dict:
    """The compact columns ``Atlas.addSites`` reads. Every text is neutralised (layers/text.py);
    repeated values (sources, URLs, categories) are sent once in ``tables``."""
    tables: dict[str, list[str]] = {}
    index: dict[str, dict[str, int]] = {}

    def codes(name: str, values: Iterable[str]) -> list[int]:
        table, lookup = tables.setdefault(name, []), index.setdefault(name, {})
        out = []
        for value in values:
            if value not in lookup:
                lookup[value] = len(table)
                table.append(value)
            out.append(lookup[value])
        return out

    mineral_names = [safe_text(vocabulary.name(m)) for m in vocabulary.ids]
    mineral_index = {m: i for i, m in enumerate(vocabulary.ids)}
    tables["minerals"] = mineral_names
    colours = [vocabulary.colour(m) for m in sites["primary_mineral"]]
    precision = sites["location_precision"]
    unit = sites["unit"] if "unit" in sites.columns else sites["province"]
    urls = [safe_url(u) or "" for u in sites["source_url"]]
    lat = np.round(sites.geometry.y.to_numpy(dtype=float), 5)
    lon = np.round(sites.geometry.x.to_numpy(dtype=float), 5)
    return {
        "n": len(sites),
        "id": [safe_text(v) for v in sites["id"]],
        "name": [safe_text(v) for v in sites["name"]],
        "lat": lat.tolist(),
        "lon": lon.tolist(),
        "type": codes("types", (safe_text(t.replace("_", " ")) for t in sites["site_type"])),
        "status": codes("statuses", (safe_text(s) for s in sites["status"])),
        "precision": codes("precisions", (safe_text(PRECISION_TEXT.get(p, p)) for p in precision)),
        "hollow": [0 if p == "exact" else 1 for p in precision],
        "colour": codes("colours", colours),
        "minerals": [[mineral_index[m] for m in ms] for ms in sites["minerals"]],
        "operator": _texts(sites, "operator"),
        "owners": _texts(sites, "owners"),
        "district": _texts(sites, "district"),
        "province": codes("provinces", (safe_text(p) for p in sites["province"])),
        "unit": codes("provinces", (safe_text(u) for u in unit)),
        "as_of": _texts(sites, "as_of"),
        "notes": _texts(sites, "notes"),
        "source": codes("sources", (safe_text(s) for s in sites["source"])),
        "url": codes("urls", urls),
        "tables": tables,
    }


def _texts(sites: gpd.GeoDataFrame, column: str) -> list[str]:
    if column not in sites.columns:
        return [""] * len(sites)
    return [safe_text(v) for v in sites[column]]


def _dumps(value: object) -> str:
    return script_json(value)

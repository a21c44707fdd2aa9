"""Deposits, mines and processing facilities as three canvas layers with distinct shapes.

Sites are sent to the browser as one compact, column-oriented JSON object per layer and drawn by
``Atlas.addSites`` (layers/static/atlas.js) on a shared canvas; popups are built on click. This
keeps 10,000 sites to about 1 MB of page and one draw call per frame, where a folium Marker per
site costs a DOM node, a popup template and a Python render each. Above ``aggregate_above`` sites
a layer shows counts on a grid and individual sites once zoomed in, so every site stays reachable.
"""

from __future__ import annotations

from dataclasses import dataclass

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from geo.model.fields import popup_fields
from geo.model.sites import IMPORTED_PRECISION, PRECISION_CLASSES, PROCESSING_TYPES
from geo.model.vocabulary import Vocabulary
from layers.script import ParentCall
from layers.text import layer_group, safe_text, safe_texts, safe_url

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
SHAPES = ("circle", "square", "triangle", "diamond", "star")
PRECISION_TEXT = {
    **{
        c.key: f"{c.label} ({c.meaning}" + (f", within ~{c.error_km:g} km)" if c.error_km else ")")
        for c in PRECISION_CLASSES
    },
    IMPORTED_PRECISION: "as given in the imported file",
}


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
    _check(sites, aggregate_above)
    mapped = sites[sites.geometry.notna()]
    return [
        point_layer(
            mapped[mapped["site_type"].isin(spec.site_types)],
            vocabulary,
            spec.label,
            shape=spec.shape,
            radius=spec.radius,
            cluster=cluster,
            aggregate_above=aggregate_above,
        )
        for spec in LAYERS
    ]


def point_layer(
    sites: gpd.GeoDataFrame,
    vocabulary: Vocabulary,
    label: str,
    *,
    shape: str,
    radius: int = 7,
    cluster: bool = False,
    aggregate_above: int = AGGREGATE_ABOVE,
) -> folium.FeatureGroup:
    """One layer of mapped sites drawn with one marker shape, named "label (count)"."""
    _check(sites, aggregate_above)
    if shape not in SHAPES:
        raise ValueError(f"`shape` was {shape!r} but is expected to be in {list(SHAPES)}")
    mapped = sites[sites.geometry.notna()]
    group = layer_group(f"{label} ({len(mapped)})", show=True)
    if len(mapped):
        style = {
            "shape": shape,
            "radius": radius,
            "label": safe_text(label.lower()),
            "cellColour": "#6a51a3",
        }
        options = {
            "cluster": cluster,
            "aggregateAbove": aggregate_above,
            "detailZoom": 9,
            "maxDetail": 3000,
        }
        payload = site_payload(mapped, vocabulary)
        ParentCall(
            "SitePoints",
            "Atlas.addSites",
            {"data": payload, "style": style, "options": options},
        ).add_to(group)
    return group


def _check(sites: gpd.GeoDataFrame, aggregate_above: int) -> None:
    missing = [c for c in REQUIRED if c not in sites.columns]
    if missing:
        raise ValueError(f"`sites` is missing columns {missing}")
    if aggregate_above < 1:
        raise ValueError(f"`aggregate_above` was {aggregate_above} but must be at least 1")


def site_payload(sites: gpd.GeoDataFrame, vocabulary: Vocabulary) -> dict:
    """The compact columns ``Atlas.addSites`` reads. Every text is neutralised (layers/text.py);
    repeated values (sources, URLs, categories) are sent once in ``tables``.

    Each distinct value is escaped once and rows refer to it, which keeps 100,000 sites to a
    fraction of a second.
    """
    tables: dict[str, list[str]] = {}

    def codes(name: str, values, escape=safe_text) -> list[int]:
        # One shared table per name (province and unit share "provinces").
        table = tables.setdefault(name, [])
        position = {v: i for i, v in enumerate(table)}
        raw_codes, uniques = pd.factorize(_objects(values), use_na_sentinel=False)
        remap = []
        for value in uniques:
            text = escape(value) if value is not None else ""
            if text not in position:
                position[text] = len(table)
                table.append(text)
            remap.append(position[text])
        return np.asarray(remap, dtype=np.int64)[raw_codes].tolist()

    mineral_index = {m: i for i, m in enumerate(vocabulary.ids)}
    tables["minerals"] = [safe_text(vocabulary.name(m)) for m in vocabulary.ids]
    unit = sites["unit"] if "unit" in sites.columns else sites["province"]
    precision = _objects(sites["location_precision"])
    return {
        "n": len(sites),
        "id": _escaped(sites["id"]),
        "name": _escaped(sites["name"]),
        "lat": np.round(sites.geometry.y.to_numpy(dtype=float), 5).tolist(),
        "lon": np.round(sites.geometry.x.to_numpy(dtype=float), 5).tolist(),
        "type": codes("types", sites["site_type"], lambda t: safe_text(t.replace("_", " "))),
        "status": codes("statuses", sites["status"]),
        "precision": codes("precisions", precision, lambda p: safe_text(PRECISION_TEXT.get(p, p))),
        "hollow": (precision != "exact").astype(int).tolist(),
        "colour": codes("colours", sites["primary_mineral"], vocabulary.colour),
        "minerals": [[mineral_index[m] for m in ms] for ms in sites["minerals"]],
        "province": codes("provinces", sites["province"]),
        "unit": codes("provinces", unit),
        # [label, values] of every field the schema (geo/model/fields.py) shows as a popup row.
        "fields": [
            [safe_text(f.popup), _escaped(sites.get(f.name), len(sites))] for f in popup_fields()
        ],
        "source": codes("sources", sites["source"]),
        "url": codes("urls", sites["source_url"], lambda u: safe_url(u) or ""),
        "tables": tables,
    }


def _objects(values) -> np.ndarray:
    """Values as a plain object array, lists joined with "; " (iterating pandas' Arrow-backed
    strings element by element is several times slower)."""
    out = pd.Series(values).to_numpy(dtype=object)
    if any(isinstance(v, (list, tuple)) for v in out[:1]):
        out = np.array(["; ".join(map(str, v)) for v in out], dtype=object)
    return out


def _escaped(values, n: int | None = None) -> list[str]:
    if values is None:
        return [""] * (n or 0)
    raw_codes, uniques = pd.factorize(_objects(values), use_na_sentinel=False)
    escaped = np.array(safe_texts(uniques), dtype=object)
    return escaped[raw_codes].tolist()

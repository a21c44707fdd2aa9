"""The offline basemap as one base layer: land, borders and provinces drawn as vectors, place
names as real text elements (layers/static/atlas.js ``addOfflineBasemap``)."""

from __future__ import annotations

from functools import cache

import folium
import shapely

from geo.export.geojson import feature_collection
from geo.model.basemap import ATTRIBUTION, CAPITALS, SEAS, load_offline_basemap
from layers.script import ParentCall
from layers.text import safe_text, script_json

OFFLINE_LABEL = "Offline map (bundled)"
# Countries whose clipped piece is too small to carry a label in the map's box.
_MIN_LABEL_AREA_DEG2 = 4.0


@cache
def offline_payload() -> dict:
    """The data the browser needs, every text escaped (built once per process)."""
    base = load_offline_basemap()
    countries = base.countries
    labelled = countries[
        (countries["iso_a3"] != "PAK")
        & (shapely.area(countries.geometry.values) > _MIN_LABEL_AREA_DEG2)
    ]
    country_points = labelled.geometry.representative_point()
    province_points = base.provinces.geometry.representative_point()
    return {
        "countries": feature_collection(countries[["name", "iso_a3", "geometry"]]),
        "provinces": feature_collection(base.provinces[["geometry"]]),
        "countryLabels": [
            [safe_text(n), round(p.y, 3), round(p.x, 3)]
            for n, p in zip(labelled["name"], country_points, strict=True)
        ],
        "provinceLabels": [
            [safe_text(n), round(p.y, 3), round(p.x, 3)]
            for n, p in zip(base.provinces["name"], province_points, strict=True)
        ],
        # Capitals first, in the order of CAPITALS (the federal capital leads): the labels that
        # win when two would overlap. The fifth item is that order (1, 2 …), 0 for other places.
        "places": sorted(
            (
                [safe_text(n), round(g.y, 4), round(g.x, 4), int(pop), _capital_rank(n, c)]
                for n, g, pop, c in zip(
                    base.places["name"],
                    base.places.geometry,
                    base.places["population"],
                    base.places["country"],
                    strict=True,
                )
            ),
            key=lambda p: (p[4] == 0, p[4], -p[3]),
        ),
        "seas": [[safe_text(n), lat, lon] for n, lat, lon in SEAS],
        "attribution": ATTRIBUTION,
    }


@cache
def _offline_json() -> str:
    # 150 KB of JSON: written once per process, not on every rerun (a tenth of a rerun).
    return script_json(offline_payload())


def _capital_rank(name: str, country: str) -> int:
    return CAPITALS.index(name) + 1 if country == "PK" and name in CAPITALS else 0


def offline_layer(show: bool) -> folium.FeatureGroup:
    """A base layer (one radio button in the layer control) holding the offline basemap."""
    group = folium.FeatureGroup(name=OFFLINE_LABEL, overlay=False, control=True, show=show)
    ParentCall("OfflineBasemap", "Atlas.addOfflineBasemap", payload_json=_offline_json()).add_to(
        group
    )
    return group

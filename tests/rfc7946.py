"""A small RFC 7946 checker used by the export tests.

It checks what the atlas promises: a FeatureCollection with no ``crs`` member, [lon, lat]
positions in range, at most six decimals, exterior rings counter-clockwise and holes clockwise,
closed rings, and properties made of plain JSON values.
"""

from __future__ import annotations

import itertools
import json
import re


def signed_area(ring: list[list[float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring)) / 2


def _positions(coords):
    if coords and isinstance(coords[0], (int, float)):
        yield coords
    else:
        for c in coords:
            yield from _positions(c)


def _polygons(geometry):
    if geometry["type"] == "Polygon":
        yield geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        yield from geometry["coordinates"]


def problems(text: str) -> list[str]:
    out = []
    doc = json.loads(text)
    if doc.get("type") != "FeatureCollection":
        out.append("not a FeatureCollection")
    if "crs" in doc:
        out.append("has a crs member")
    for number in re.findall(r"-?\d+\.(\d+)", text.split('"features"', 1)[1]):
        if len(number) > 6:
            out.append(f"a number with {len(number)} decimals")
            break
    for i, feature in enumerate(doc["features"]):
        geometry = feature["geometry"]
        for key, value in feature["properties"].items():
            if isinstance(value, str) and ";" in value and key in {"minerals", "owners"}:
                out.append(f"feature {i}: {key} is a ';'-string, not an array")
            if isinstance(value, float) and value != value:
                out.append(f"feature {i}: {key} is NaN")
        if geometry is None:
            continue
        for lon, lat, *_ in _positions(geometry["coordinates"]):
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                out.append(f"feature {i}: position {lon}, {lat} out of range")
        for polygon in _polygons(geometry):
            for r, ring in enumerate(polygon):
                if ring[0] != ring[-1]:
                    out.append(f"feature {i}: ring {r} not closed")
                area = signed_area(ring)
                if (r == 0 and area <= 0) or (r > 0 and area >= 0):
                    out.append(f"feature {i}: ring {r} has the wrong orientation")
    return out

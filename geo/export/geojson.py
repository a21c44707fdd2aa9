"""RFC 7946 GeoJSON serialisation: WGS84 lon/lat, no ``crs`` member, exterior rings
counter-clockwise and holes clockwise, at most six decimals (about 0.1 m), properties as plain
JSON types.

Why not GDAL's writer (pyogrio with RFC7946=YES)? It now orients rings, rounds to six decimals
and keeps lists as arrays, but it writes only to files, while the map layers need the same
features as an in-memory dict for folium; and it writes a column of booleans with gaps (a site's
``province_matches``: true, false or unknown) as the strings "True"/"False".
tests/test_geojson_writer_choice.py checks both facts, and that the two writers otherwise give
the same export.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from geo.model.crs import WGS84

DECIMALS = 6


def feature_collection(gdf: gpd.GeoDataFrame, *, name: str | None = None) -> dict[str, Any]:
    """Return ``gdf`` as an RFC 7946 FeatureCollection (a plain dict, ready for ``json.dumps``).

    Rows without a geometry become features with ``"geometry": null``, which RFC 7946 allows for
    unlocated features: an export never loses a record because it is not on the map.
    """
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise TypeError(f"`gdf` must be a GeoDataFrame, got {type(gdf).__name__}")
    if gdf.crs is not None and not gdf.crs.equals(WGS84):
        gdf = gdf.to_crs(WGS84)
    columns = [c for c in gdf.columns if c != gdf.geometry.name]
    features = []
    for geom, record in zip(gdf.geometry, gdf[columns].itertuples(index=False), strict=True):
        features.append(
            {
                "type": "Feature",
                "properties": {c: json_value(v) for c, v in zip(columns, record, strict=True)},
                "geometry": geometry(geom),
            }
        )
    out: dict[str, Any] = {"type": "FeatureCollection"}
    if name:
        # Foreign member, allowed by RFC 7946 §6.1; QGIS uses it as the layer name.
        out["name"] = name
    out["features"] = features
    return out


def dumps(collection: dict[str, Any]) -> str:
    """Serialise a FeatureCollection; NaN is refused because it is not valid JSON."""
    return json.dumps(collection, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def geometry(geom: BaseGeometry | None) -> dict[str, Any] | None:
    """One shapely geometry as an RFC 7946 geometry object, or None for a missing geometry."""
    if geom is None or (isinstance(geom, float) and math.isnan(geom)) or geom.is_empty:
        return None
    geom = _oriented(shapely.set_precision(geom, 10**-DECIMALS))
    return _rounded(mapping(geom))


def json_value(value: Any) -> Any:
    """A cell value as a plain JSON value: lists stay lists, missing values become null."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return [json_value(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, (pd.Timestamp, dt.date)):
        return value.isoformat()
    return str(value)


def _oriented(geom: BaseGeometry) -> BaseGeometry:
    # RFC 7946 §3.1.6: exterior rings counter-clockwise, interior rings clockwise.
    if geom.geom_type == "Polygon":
        return orient(geom, sign=1.0)
    if geom.geom_type == "MultiPolygon":
        return shapely.MultiPolygon([orient(p, sign=1.0) for p in geom.geoms])
    if geom.geom_type == "GeometryCollection":
        return shapely.GeometryCollection([_oriented(g) for g in geom.geoms])
    return geom


def _rounded(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _rounded(v) for k, v in obj.items()}
    if isinstance(obj, float):
        return round(obj, DECIMALS)
    if isinstance(obj, Iterable) and not isinstance(obj, str):
        return [_rounded(v) for v in obj]
    return obj

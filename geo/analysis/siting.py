"""The best places of a siting surface: distinct locations, not adjacent cells of one spot.

Cells are taken best first and a cell is kept only if it lies at least ``min_km`` (great-circle)
from every place already kept (greedy non-maximum suppression). Each place is named by the
district it falls in (the bundled OpenStreetMap district layer, geo/model/districts.py), the
boundary
unit, and its nearest mapped site.
"""

from __future__ import annotations

from functools import cache

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.analysis.distance import haversine_km
from geo.analysis.raster import RasterInputError, Surface
from geo.errors import BoundaryError
from geo.model.crs import WGS84
from geo.model.districts import load_districts

MIN_SEPARATION_KM = 25.0


def best_places(
    surface: Surface,
    units: gpd.GeoDataFrame,
    sites: gpd.GeoDataFrame,
    n: int = 10,
    min_km: float = MIN_SEPARATION_KM,
) -> pd.DataFrame:
    """Up to ``n`` places with the lowest values, pairwise at least ``min_km`` apart.

    Columns: rank, lat, lon, <surface units>, district, unit, nearest_site, nearest_site_km,
    place (a one-line name). ``district`` is the district the place lies in, or, without the
    district layer, the nearest site's district followed by "(nearest site)".
    """
    if n < 1:
        raise RasterInputError(f"`n` was {n} but must be at least 1")
    if min_km < 0:
        raise RasterInputError(f"`min_km` was {min_km} but must not be negative")
    flat = surface.values.ravel()
    finite = np.flatnonzero(~np.isnan(flat))
    order = finite[np.argsort(flat[finite], kind="stable")]
    lon, lat = surface.grid.centres_lonlat()
    lon, lat = lon.ravel(), lat.ravel()
    kept: list[int] = []
    for cell in order:
        if kept and haversine_km(lon[kept], lat[kept], lon[cell], lat[cell]).min() < min_km:
            continue
        kept.append(int(cell))
        if len(kept) == n:
            break
    idx = np.asarray(kept, dtype=int)
    points = gpd.GeoDataFrame(
        {
            "rank": np.arange(1, len(idx) + 1),
            "lat": np.round(lat[idx], 5),
            "lon": np.round(lon[idx], 5),
            surface.units: np.round(flat[idx].astype(float), 1),
        },
        geometry=gpd.points_from_xy(lon[idx], lat[idx]),
        crs=WGS84,
    )
    joined = gpd.sjoin(points, units[["name", units.geometry.name]], how="left", predicate="within")
    joined = joined[~joined.index.duplicated()]
    out = pd.DataFrame(joined.drop(columns=["geometry", "index_right"])).rename(
        columns={"name": "unit"}
    )
    out["unit"] = out["unit"].fillna("")
    out = out.join(_nearest_sites(out, sites))
    districts = _districts()
    if districts is not None and len(points):
        inside = gpd.sjoin(points[["geometry"]], districts, how="left", predicate="within")
        inside = inside[~inside.index.duplicated()]["name"]
        found = inside.reindex(out.index)
        out["district"] = found.where(found.notna(), out["district"].map(_nearest_label))
    else:
        out["district"] = out["district"].map(_nearest_label)
    out["place"] = [_place_name(row) for row in out.itertuples(index=False)]
    return out.reset_index(drop=True)


def _nearest_sites(places: pd.DataFrame, sites: gpd.GeoDataFrame) -> pd.DataFrame:
    out = pd.DataFrame(
        {"nearest_site": "", "nearest_site_km": np.nan, "district": ""}, index=places.index
    )
    mapped = sites[sites.geometry.notna()]
    if mapped.empty or places.empty:
        return out
    sx, sy = mapped.geometry.x.to_numpy(float), mapped.geometry.y.to_numpy(float)
    d = haversine_km(places["lon"].to_numpy()[:, None], places["lat"].to_numpy()[:, None], sx, sy)
    nearest = d.argmin(axis=1)
    out["nearest_site"] = mapped["name"].to_numpy()[nearest]
    out["nearest_site_km"] = np.round(d.min(axis=1), 1)
    districts = mapped["district"] if "district" in mapped else pd.Series("", index=mapped.index)
    out["district"] = districts.fillna("").astype(str).to_numpy()[nearest]
    return out


@cache
def _districts() -> gpd.GeoDataFrame | None:
    """The district polygons (read once), or None where the layer is not bundled."""
    try:
        return load_districts()[["name", "geometry"]]
    except BoundaryError:
        return None


def _nearest_label(district: str) -> str:
    return f"{district} (nearest site)" if district else ""


def _place_name(row) -> str:
    where = row.unit or "outside the boundaries"
    if row.district:
        where = f"{row.district} district, {where}"
    if row.nearest_site:
        return f"{where}; {row.nearest_site_km:,.0f} km from {row.nearest_site}"
    return where

"""Which boundary unit each site falls in, and where that disagrees with the source."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.model.crs import PAKISTAN_EQUAL_AREA
from geo.model.provinces import normalise_unit


@dataclass(frozen=True)
class Disagreement:
    """A site whose computed unit is not the province its source declares."""

    id: str
    name: str
    declared: str
    computed: str | None
    distance_km: float | None  # from the point to the declared unit's polygon

    def __str__(self) -> str:
        where = self.computed or "outside every boundary unit"
        gap = (
            "" if self.distance_km is None else f", {self.distance_km:.1f} km from {self.declared}"
        )
        return f"{self.id} ({self.name}): declared {self.declared}, falls in {where}{gap}"


def assign_units(sites: gpd.GeoDataFrame, units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return ``sites`` with ``unit`` (computed unit name, None if unmapped or outside all) and
    ``province_matches`` (computed equals declared; None where either is missing).

    Points exactly on a shared border go to the first unit in ``units`` order, so the result does
    not depend on sjoin's internal ordering.
    """
    for arg, frame in (("sites", sites), ("units", units)):
        if not isinstance(frame, gpd.GeoDataFrame):
            raise TypeError(f"`{arg}` must be a GeoDataFrame, got {type(frame).__name__}")
    if "name" not in units.columns:
        raise ValueError(f"`units` needs a 'name' column, has {list(units.columns)}")
    units = units[["name", units.geometry.name]].to_crs(sites.crs).reset_index(drop=True)
    units["_order"] = range(len(units))
    mapped = sites[sites.geometry.notna() & ~sites.geometry.is_empty]
    hits = gpd.sjoin(mapped[[mapped.geometry.name]], units, how="left", predicate="intersects")
    hits = hits.sort_values("_order").loc[lambda d: ~d.index.duplicated(keep="first")]
    out = sites.copy()
    out["unit"] = hits["name"].reindex(out.index).astype(object)
    out.loc[out["unit"].isna(), "unit"] = None
    declared = _each_once(out["province"], normalise_unit)
    computed = _each_once(out["unit"], lambda u: normalise_unit(u) if u else None)
    matches = pd.Series(
        [
            None if c is None or d is None else d == c
            for d, c in zip(declared, computed, strict=True)
        ],
        index=out.index,
        dtype=object,
    )
    out["province_matches"] = matches
    return out


def _each_once(values: pd.Series, function) -> pd.Series:
    # 200,000 imported rows name a handful of provinces: normalise each name once.
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=False)
    results = np.array([function(u) for u in uniques] + [None], dtype=object)
    return pd.Series(results[codes], index=values.index, dtype=object)


def disagreements(joined: gpd.GeoDataFrame, units: gpd.GeoDataFrame) -> list[Disagreement]:
    """Every mapped site that is outside all units or in a unit other than its declared one.

    Only meaningful when ``units`` are provinces; with district boundaries a computed district
    never equals a declared province and every row would be reported.
    """
    if "unit" not in joined.columns:
        raise ValueError("`joined` has no 'unit' column; pass the result of assign_units()")
    metric_units = units.to_crs(PAKISTAN_EQUAL_AREA)
    by_name = {
        normalise_unit(n) or n: g
        for n, g in zip(metric_units["name"], metric_units.geometry, strict=True)
    }
    out = []
    mapped = joined[joined.geometry.notna()]
    metric_points = mapped.geometry.to_crs(PAKISTAN_EQUAL_AREA)
    for (_, row), point in zip(mapped.iterrows(), metric_points, strict=True):
        if row["province_matches"] is True:
            continue
        target = by_name.get(row["province"])
        distance = None if target is None else round(point.distance(target) / 1000, 1)
        out.append(Disagreement(row["id"], row["name"], row["province"], row["unit"], distance))
    return out

"""Per-unit summaries: counts by mineral, site type and status, and site density."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd


def site_unit(sites: gpd.GeoDataFrame) -> pd.Series:
    """The unit a site is counted in: the computed one, else the one its source declares.

    Unmapped sites (unknown location) still belong to a province by their source, so province
    totals include them.
    """
    if "unit" not in sites.columns:
        raise ValueError("`sites` has no 'unit' column; pass the result of assign_units()")
    return sites["unit"].where(sites["unit"].notna(), sites["province"])


def province_summary(sites: gpd.GeoDataFrame, units: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per boundary unit: sites, mapped sites, density per 10,000 km², and counts by
    site type and status (columns ``type:<t>`` / ``status:<s>``) and by mineral (``mineral:<id>``,
    a site with several minerals counts once for each).

    Every unit appears, with zeros where it has no sites, so a choropleth has no holes.
    """
    unit = site_unit(sites)
    frame = pd.DataFrame(
        {
            "unit": unit.values,
            "site_type": sites["site_type"].values,
            "status": sites["status"].values,
            "mapped": sites.geometry.notna().values,
            "minerals": sites["minerals"].values,
        }
    )
    names = list(units["name"])
    extra = sorted(set(frame["unit"].dropna()) - set(names))
    index = pd.Index(names + extra, name="unit")
    out = pd.DataFrame(index=index)
    out["area_km2"] = units.set_index("name")["area_km2"].reindex(index)
    out["sites"] = frame.groupby("unit").size().reindex(index, fill_value=0)
    out["mapped_sites"] = frame[frame["mapped"]].groupby("unit").size().reindex(index, fill_value=0)
    out["sites_per_10k_km2"] = (out["sites"] / out["area_km2"] * 10_000).round(2)
    for column, prefix in (("site_type", "type"), ("status", "status")):
        counts = pd.crosstab(frame["unit"], frame[column]) if len(frame) else pd.DataFrame()
        for value in counts.columns:
            out[f"{prefix}:{value}"] = counts[value].reindex(index, fill_value=0)
    exploded = frame[["unit", "minerals"]].explode("minerals").dropna()
    if len(exploded):
        counts = pd.crosstab(exploded["unit"], exploded["minerals"])
        for value in counts.columns:
            out[f"mineral:{value}"] = counts[value].reindex(index, fill_value=0)
    return out.reset_index()

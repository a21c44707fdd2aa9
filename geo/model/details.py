"""Records as a reader sees them: one site's full record and the projects around it."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

PROJECT_COLUMNS = ["name", "partners", "amount_usd", "announced", "status", "source"]


def site_record(sites: gpd.GeoDataFrame, site_id: str) -> dict[str, object] | None:
    """Every attribute of one site, lists joined, in file order; None if the id is unknown."""
    match = sites[sites["id"] == site_id]
    if match.empty:
        return None
    row = match.iloc[0]
    out: dict[str, object] = {}
    for column, value in row.items():
        if column in ("geometry", "primary_mineral"):
            continue
        if isinstance(value, (list, tuple)):
            value = "; ".join(map(str, value))
        elif value is None or (isinstance(value, float) and value != value):
            value = ""
        out[str(column)] = value
    return out


def _readable(projects: gpd.GeoDataFrame) -> pd.DataFrame:
    table = pd.DataFrame(projects[PROJECT_COLUMNS])
    table["partners"] = table["partners"].map("; ".join)
    return table.reset_index(drop=True)


def projects_of_site(projects: gpd.GeoDataFrame, site_id: str) -> pd.DataFrame:
    """Projects that list ``site_id`` among their sites."""
    # astype(bool): on an empty frame .map gives an object Series, which pandas would read as
    # a list of column names instead of a row mask.
    mask = projects["site_ids"].map(lambda ids: site_id in ids).astype(bool)
    return _readable(projects.loc[mask])


def unlocated_projects(projects: gpd.GeoDataFrame) -> pd.DataFrame:
    """Projects with no mapped site (e.g. a refinery whose site is not announced)."""
    return _readable(projects.loc[projects.geometry.isna().astype(bool)])

"""The projects view: every project with partners, amount, status, date and linked sites,
including those with no announced site (listed, never placed on the map)."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from ui.details import project_card
from ui.text import pretty, usd


def linked_names(projects: gpd.GeoDataFrame, sites: gpd.GeoDataFrame) -> dict[str, str]:
    """Site id -> name for the sites the projects link to (only those: reading every name of
    100,000 sites cost a quarter of a rerun, bench/bench_page.py)."""
    linked = sites[sites["id"].isin({i for ids in projects["site_ids"] for i in ids})]
    return dict(zip(linked["id"].tolist(), linked["name"].tolist(), strict=True))


def projects_table(projects: gpd.GeoDataFrame, sites: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per project, amounts written out in US$ ("US$500,000,000")."""
    names = linked_names(projects, sites)
    return pd.DataFrame(
        {
            "project": projects["name"],
            "amount": [usd(a) or "not disclosed" for a in projects["amount_usd"]],
            "status": [pretty(str(s)) for s in projects["status"]],
            "announced": projects["announced"].fillna(""),
            "partners": projects["partners"].map("; ".join),
            "sites": [
                ", ".join(names.get(i, i) for i in ids) if len(ids) else "not announced"
                for ids in projects["site_ids"]
            ],
            "source_url": projects["source_url"],
        }
    ).reset_index(drop=True)


def projects_view(
    projects: gpd.GeoDataFrame, sites: gpd.GeoDataFrame, *, cards: bool = True
) -> None:
    """The projects table and, when ``cards``, one card per project. The table is always on
    the page; the cards (about a hundred elements) only while their tab is open, as rendering
    them delayed the first map (bench/bench_page.py)."""
    st.caption(
        f"All {len(projects)} investment projects and agreements, with or without a known site. "
        "Amounts are as announced (US$); an MoU is not binding finance."
    )
    st.dataframe(
        projects_table(projects, sites),
        hide_index=True,
        width="stretch",
        key="projects_table",
        column_config={
            "project": st.column_config.TextColumn("project", width="large"),
            "sites": st.column_config.TextColumn("linked sites", width="medium"),
            "source_url": st.column_config.LinkColumn("source"),
        },
    )
    if not cards:
        return
    names = linked_names(projects, sites)
    left, right = st.columns(2)
    for i, (_, project) in enumerate(projects.iterrows()):
        with left if i % 2 == 0 else right:
            project_card(project, site_names=names)

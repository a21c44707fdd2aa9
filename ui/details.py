"""The details panel beside the map: the selected site's full record (wrapped, untruncated),
its source as a link, and its projects with amounts and partners."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.model.details import site_record
from layers.sites import PRECISION_TEXT
from ui.text import md, md_link, pretty, usd

# Record fields in reading order, with their labels; anything else follows under its own name.
FIELDS = (
    ("site_type", "Type"),
    ("minerals", "Minerals"),
    ("status", "Status"),
    ("operator", "Operator"),
    ("owners", "Owners"),
    ("district", "District"),
    ("province", "Province (source)"),
    ("unit", "Falls in"),
    ("location_precision", "Location"),
    ("location_source", "Location source"),
    ("as_of", "As of"),
    ("nearest_facility", "Nearest processing facility"),
    ("nearest_facility_km", "Distance to it (km, straight line)"),
    ("notes", "Notes"),
    ("dataset", "Dataset"),
    ("id", "Id"),
)
_SKIP = {
    "name",
    "source",
    "source_url",
    "lat",
    "lon",
    "primary_mineral",
    "geometry",
    "province_matches",
}


def details_panel(sites: gpd.GeoDataFrame, projects: gpd.GeoDataFrame, site_id: str) -> bool:
    """The record of ``site_id``; False (and a hint) when nothing is selected or it is gone."""
    record = site_record(sites, site_id) if site_id else None
    if record is None:
        st.markdown("**Site details**")
        st.caption(
            "Click a site on the map, or a row in the Sites table, to see its full record here."
        )
        unlocated = projects[projects["site_ids"].map(len).eq(0)]
        if len(unlocated):
            st.markdown(f"**Projects without an announced site ({len(unlocated)})**")
            for _, p in unlocated.iterrows():
                project_card(p, compact=True)
        return False
    st.subheader(md(record["name"]))
    lines = []
    geometry = sites.loc[sites["id"] == site_id].geometry.iloc[0]
    for key, label in FIELDS:
        value = record.get(key, "")
        if key in ("site_type", "status"):
            value = pretty(str(value))
        if key == "location_precision":
            value = PRECISION_TEXT.get(str(value), value)
        if value == "" or value is None or (key == "dataset" and value == "bundled"):
            continue
        lines.append(f"**{label}:** {md(value)}")
        if key == "location_precision" and geometry is not None:
            lines.append(f"**Coordinates:** {geometry.y:.5f}, {geometry.x:.5f}")
    for key, value in record.items():
        if key in _SKIP or key in dict(FIELDS) or value in ("", None):
            continue
        lines.append(f"**{md(key)}:** {md(value)}")
    lines.append(f"**Source:** {md_link(record.get('source', ''), record.get('source_url'))}")
    st.markdown("  \n".join(lines))
    linked = projects[projects["site_ids"].map(lambda ids: site_id in ids).astype(bool)]
    if len(linked):
        st.markdown(f"**Projects at this site ({len(linked)})**")
        for _, p in linked.iterrows():
            project_card(p, compact=True)
    return True


def project_card(p: pd.Series, *, compact: bool = False, site_names: dict | None = None) -> None:
    """One project: name, amount, status and date, partners, linked sites, source."""
    with st.container(border=True):
        st.markdown(f"**{md(p['name'])}**")
        facts = [usd(p.get("amount_usd")) or "amount not disclosed", md(pretty(str(p["status"])))]
        if isinstance(p.get("announced"), str) and p["announced"]:
            facts.append(md(p["announced"]))
        # At most one "$" per Markdown element (a pair would open LaTeX), so the amount goes alone.
        st.markdown(" · ".join(facts))
        lines = []
        if len(p["partners"]):
            lines.append(f"Partners: {md('; '.join(p['partners']))}")
        if not compact:
            ids = list(p["site_ids"])
            names = [md((site_names or {}).get(i, i)) for i in ids]
            lines.append(
                "Sites: " + ", ".join(names) if names else "Sites: not announced (not on the map)"
            )
        lines.append(f"Source: {md_link(p.get('source', ''), p.get('source_url'))}")
        st.markdown("  \n".join(lines))

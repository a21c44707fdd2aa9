"""The compact bar above the map: title, counts and the active filters, on one line."""

from __future__ import annotations

import streamlit as st

from geo.model.vocabulary import Vocabulary
from geo.views.query import SiteFilter
from ui.text import md, pretty

TITLE = "Pakistan Critical Minerals Atlas"


def filter_summary(flt: SiteFilter, vocabulary: Vocabulary) -> str:
    """The active filters in words ("All sites" when there are none), as escaped Markdown."""
    parts = []
    if flt.minerals:
        parts.append("Minerals: " + ", ".join(md(vocabulary.name(m)) for m in flt.minerals))
    if flt.site_types:
        parts.append("Type: " + ", ".join(md(pretty(t)) for t in flt.site_types))
    if flt.statuses:
        parts.append("Status: " + ", ".join(md(pretty(s)) for s in flt.statuses))
    if flt.provinces:
        parts.append("Province: " + ", ".join(md(p) for p in flt.provinces))
    if flt.precisions:
        parts.append("Precision: " + ", ".join(md(pretty(p)) for p in flt.precisions))
    if flt.text:
        parts.append(f"Search: “{md(flt.text)}”")
    return " · ".join(parts) if parts else "All sites, no filter"


def header_bar(
    sites: int, mapped: int, projects: int, flt: SiteFilter, vocabulary: Vocabulary
) -> None:
    with st.container(horizontal=True, vertical_alignment="center", gap="medium", key="atlas_bar"):
        st.html(f"<div class='atlas-bar'><h1>{TITLE}</h1></div>", width="content")
        st.markdown(
            f"**{sites}** sites (**{mapped}** on the map) · **{projects}** projects · "
            f"{filter_summary(flt, vocabulary)}",
            width="stretch",
        )

"""The "What changed" panel: this data release's added, changed and removed sites in the view."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import streamlit as st

from geo.model.diff import data_version, previous_release, release_changes, removed_matching
from geo.model.vocabulary import Vocabulary
from geo.views.query import SiteFilter
from layers.text import markdown_literal as md


def release_panel(
    shown: gpd.GeoDataFrame, flt: SiteFilter, vocabulary: Vocabulary, folder: Path
) -> None:
    """Counts and a table of what the current release changed among the filtered sites, against
    the previous release bundled in ``folder/releases/``."""
    version = data_version(folder)
    previous = previous_release(folder)
    if previous is None:
        st.caption(f"Data release {md(version or '(unnumbered)')}; no earlier release is bundled.")
        return
    bundled = (
        shown[shown["dataset"].fillna("bundled") == "bundled"] if "dataset" in shown else shown
    )
    changes = release_changes(
        bundled,
        previous,
        bundled["id"],
        removed_matching(previous, flt, vocabulary),
        current=folder,
    )
    counts = changes["change"].value_counts()
    st.caption(
        # The version and folder name come from files: shown literally, never as Markdown.
        f"Data release {md(version)} against {md(previous.name)}, for the sites this view shows: "
        f"{counts.get('added', 0)} added, {counts.get('changed', 0)} changed, "
        f"{counts.get('removed', 0)} removed. The full list is in data/CHANGELOG.md and "
        f"`python -m geo diff`."
    )
    if len(changes):
        st.dataframe(changes, hide_index=True, width="stretch", key="release_changes")

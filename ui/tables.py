"""The tabs below the map: the sites table (a row pick selects the site on the map), totals by
province, and the downloads."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo import export_bytes
from geo.export.writers import MEDIA_TYPES
from geo.model.vocabulary import Vocabulary
from ui.text import pretty

TABLE_IDS = "_sites_table_ids"
# Above this many rows the table shows the first ones: sending 100,000 rows to the browser on
# every rerun costs more than the whole rest of the page (bench/bench_page.py).
TABLE_MAX_ROWS = 20_000
PAN = "_pan"
FORMAT_LABELS = {"geojson": "GeoJSON", "gpkg": "GeoPackage", "csv": "CSV"}
# Files of up to this many records are written with the page, so a click downloads at once;
# larger ones are written when their button is clicked: at 100,000 sites the GeoJSON alone
# took more than half of every rerun (bench/bench_page.py).
WRITE_AHEAD_MAX_RECORDS = 5_000


def download_data(frame: gpd.GeoDataFrame, fmt: str, layer: str) -> bytes | Callable[[], bytes]:
    """The file's bytes for a small layer, or the function that writes it for a large one."""
    if len(frame) > WRITE_AHEAD_MAX_RECORDS:
        return partial(export_bytes, frame, fmt, layer)
    return export_bytes(frame, fmt, layer)


def _picked() -> None:
    """A row of the sites table was picked: select that site and pan the map to it, in this
    rerun (the link gets ``site=`` at once)."""
    state = st.session_state.get("sites_table")
    rows = state.selection.rows if state is not None else []
    ids = st.session_state.get(TABLE_IDS) or []
    if rows and rows[0] < len(ids):
        st.session_state["site"] = ids[rows[0]]
        st.session_state[PAN] = st.session_state.get(PAN, 0) + 1


def sites_table(sites: gpd.GeoDataFrame, mapped: int) -> None:
    st.caption(
        f"{len(sites)} sites ({mapped} on the map). Click a column to sort; pick a row to show "
        "that site on the map and its record beside it."
        + (
            f" Showing the first {TABLE_MAX_ROWS:,}; the Downloads tab has all {len(sites):,}."
            if len(sites) > TABLE_MAX_ROWS
            else ""
        )
    )
    shown = sites.head(TABLE_MAX_ROWS)
    table = shown.drop(columns=["geometry", "primary_mineral"]).assign(
        minerals=shown["minerals"].map(", ".join), owners=shown["owners"].map("; ".join)
    )
    for column in ("flags", "unknown_minerals"):
        if column in table:
            table[column] = table[column].map(lambda v: "; ".join(v) if isinstance(v, list) else "")
    st.session_state[TABLE_IDS] = table["id"].tolist()
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=420,
        column_config={
            "name": st.column_config.TextColumn("name", width="medium", pinned=True),
            "source_url": st.column_config.LinkColumn("source link"),
        },
        on_select=_picked,
        selection_mode="single-row",
        key="sites_table",
    )


def provinces_tab(summary: pd.DataFrame, vocabulary: Vocabulary) -> None:
    counts = summary.set_index("unit")
    st.dataframe(
        counts[["area_km2", "sites", "mapped_sites", "sites_per_10k_km2"]], width="stretch"
    )
    by_type = counts[[c for c in counts.columns if c.startswith("type:")]]
    by_type.columns = [pretty(c.split(":", 1)[1]) for c in by_type.columns]
    if len(by_type.columns):
        st.bar_chart(by_type, horizontal=True, height=280)
    by_mineral = counts[[c for c in counts.columns if c.startswith("mineral:")]]
    by_mineral.columns = [vocabulary.name(c.split(":", 1)[1]) for c in by_mineral.columns]
    st.dataframe(by_mineral.T, width="stretch")


def downloads_tab(frames: dict[str, gpd.GeoDataFrame], map_html: Callable[[], bytes]) -> None:
    st.caption(
        "The filtered records, with each record's source and location precision (imported rows "
        "included, marked in the `dataset` column). GeoJSON follows RFC 7946 (WGS84 lon/lat); "
        "unlocated records have a null geometry."
    )
    fmt = st.radio(
        "Format",
        list(MEDIA_TYPES),
        horizontal=True,
        key="download_format",
        format_func=FORMAT_LABELS.get,
    )
    columns = st.columns(len(frames) + 1)
    for col, (layer, frame) in zip(columns, frames.items(), strict=False):
        col.download_button(
            f"{layer.capitalize()} ({len(frame)})",
            data=download_data(frame, fmt, layer),
            file_name=f"pakistan_{layer}.{fmt}",
            mime=MEDIA_TYPES[fmt],
            key=f"download_{layer}",
            on_click="ignore",
        )
    columns[-1].download_button(
        "Map (HTML)",
        data=map_html,
        file_name="pakistan_minerals_map.html",
        mime="text/html",
        key="download_map",
        on_click="ignore",
    )

"""Pakistan Critical Minerals Atlas: the Streamlit page (composition only).

Computations are geo/ functions, map objects come from layers/, and each panel is a ui/ module;
this file decides what goes where on the page. The page is laid out first (bar, map and details,
tabs) and filled afterwards, so the import flow in its tab can run before the map that shows
its result without moving the map on the page.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo.export.writers import LAYERS, export_view
from geo.model.details import site_record
from geo.paths import data_dir
from layers import standalone_map
from layers.overlays import map_layers
from layers.provinces import MODES
from layers.text import layer_title
from layers.view import fit_key, sites_bounds, view_layer
from ui import analysis, header, state, store_panel, style, tables
from ui import data as cached
from ui.details import details_panel
from ui.import_panel import uploads_panel
from ui.map_panel import show_map
from ui.projects import projects_view
from ui.release import release_panel
from ui.text import md, pretty

st.set_page_config(
    page_title="Pakistan Critical Minerals Atlas",
    page_icon="⛏",
    layout="wide",
    initial_sidebar_state="expanded",
)
style.apply()

# ---- the page's frame, top to bottom -------------------------------------------------------------
bar = st.container()
map_col, side_col = st.columns([3.2, 1], gap="small")
with side_col:
    side = st.container(height=650, border=False, key="atlas_side")
    with side:
        notices = st.container()
# Closed sections are not built: with every section's content on the page the map was drawn
# 1.5-2 s later (bench/bench_page.py), because the browser renders all of it first. Projects
# and "Your data" are always built: the first is the list many users come for, the second
# holds the uploads (a file uploader that is not on the page forgets its file).
tab_sites, tab_projects, tab_provinces, tab_data, tab_changes, tab_downloads = state.section_tabs()

# ---- uploads first (their tab is below the map): they decide the data everything shows ---
folder = str(data_dir())
with notices:
    # Saved datasets and corrections (ui/store_panel.py); a store that cannot be reached says
    # so here, beside the map, and the page carries on with the bundled data.
    store = store_panel.connect()
with tab_data:
    saved_layers, saved_key = store_panel.saved_layers(store)
    uploads = uploads_panel(folder, store)
data = store_panel.corrected(uploads.atlas, store)
vocab = data.vocabulary
unit_names = list(data.units["name"])
layer_key = (folder, uploads.boundary_key, tuple(uploads.keys), saved_key, store.changes_key)
all_sites, mineral_counts = cached.sites_in_play(
    layer_key, data, tuple([*(r.accepted for r in uploads.results), *saved_layers])
)

# ---- the view: from the link once, then from the widgets -----------------------------------------
state.load_from_link(vocab, unit_names, data.sites["id"])
state.keep_only("provinces", unit_names)
state.keep_only("minerals", list(mineral_counts.index))

with st.sidebar:
    st.button("Clear filters", on_click=state.clear_filters, key="clear_filters")
    st.markdown("**Filter**")
    state.widgets(
        "filter",
        choices={
            "minerals": [m for m in vocab.ids if m in mineral_counts.index],
            "provinces": unit_names,
        },
        formats={
            "minerals": lambda m: f"{vocab.name(m)} ({mineral_counts.get(m, 0)})",
            "site_types": pretty,
            "statuses": pretty,
            "precisions": pretty,
        },
    )
    st.markdown("**Map**")
    state.widgets(
        "map",
        formats={"provinces_as": MODES.get, "basemap": lambda b: pretty(b) + " map"},
    )
    st.markdown("**Analysis**")
    # Only the chosen surface's parameters (geo/analysis/surfaces.py SURFACES declares them).
    state.widgets(
        "analysis",
        formats={"surface": analysis.surface_label},
        surface=st.session_state.get("surface", "none"),
    )
    st.caption("Add your own sites, boundaries or a raster in the **Your data** tab below the map.")
    store_panel.review_panel(store)

view = state.current_view()
flt = view.filter.normalised(vocab, unit_names)
# The same function and arguments as `python -m geo export` and the downloads.
sites, projects, summary = cached.filtered(layer_key, flt, data, all_sites)
mapped = int(sites.geometry.notna().sum())
if view.site and not all_sites["id"].eq(view.site).any():
    st.session_state["site"] = ""
    view = state.current_view()

# ---- map -----------------------------------------------------------------------------------
result = analysis.compute(
    view, flt, layer_key, data, all_sites, uploads.raster, uploads.boundary_key
)


def selected_site() -> dict | None:
    row = all_sites[all_sites["id"] == view.site]
    if not view.site or row.empty or row.geometry.iloc[0] is None:
        return None
    point = row.geometry.iloc[0]
    pan = st.session_state.get(tables.PAN, 0)
    return {"id": view.site, "lat": point.y, "lon": point.x, "pan": f"pick-{pan}"}


def page_layers() -> list:
    return map_layers(
        cached.map_layers(layer_key, flt, view, data, all_sites),
        result.overlays(),
    )


with map_col:
    shown = page_layers()
    show_map(
        view.basemap,
        map_layers(
            shown,
            view_layer(
                sites_bounds(sites),
                fit_key(flt, layer_key),
                pinned=view.pin,
                legend=view.legend,
                selected=selected_site(),
            ),
        ),
    )
    # The map's layers in words, for screen readers and for anyone checking what is drawn.
    st.caption("On the map: " + " · ".join(md(layer_title(g)) for g in shown if g.control))

with side:
    state.link_warning(st)
    if sites.empty:
        st.info(
            "No sites match these filters. Remove a mineral, province or search word to see more."
        )
    details_panel(all_sites, data.projects, view.site)
    store_panel.site_panel(store, site_record(all_sites, view.site) if view.site else None)
    analysis.analysis_panel(result)

with bar:
    header.header_bar(len(sites), mapped, len(projects), flt, vocab)

# ---- tabs below the map -------------------------------------------------------------------------
with tab_sites:
    if tab_sites.open:
        tables.sites_table(sites, mapped)
with tab_projects:
    projects_view(data.projects, all_sites, cards=tab_projects.open)
with tab_provinces:
    if tab_provinces.open:
        tables.provinces_tab(summary, vocab)
with tab_changes:
    if tab_changes.open:
        release_panel(sites, flt, vocab, Path(folder))
with tab_downloads:
    if tab_downloads.open:

        def map_html() -> bytes:
            # Built only when the button is clicked: the standalone page inlines every script.
            return standalone_map(view.basemap, page_layers()).get_root().render().encode()

        # The same exporter and arguments as `python -m geo export --layer LAYER`.
        frames = {"sites": sites, "projects": projects}
        tables.downloads_tab(
            {
                layer: frames[layer]
                if layer in frames
                else export_view(data, flt, layer, all_sites)
                for layer in LAYERS
            },
            map_html,
        )

state.write_link(state.current_view())

"""Pakistan Critical Minerals Atlas: the Streamlit page (widgets and layout only).

Every computation is a geo/ function and every map object comes from layers/; this file holds
the widgets, the caching around those calls, and the page layout.
"""

from __future__ import annotations

import copy
import hashlib
import re
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo import SiteFilter, export_bytes, filter_projects, filter_sites, load_atlas
from geo.analysis import SURFACES, compute_surface, surface_parameters
from geo.atlas import combine_sites, with_units
from geo.boundaries import boundary_columns, holds_polygons, read_boundary_upload
from geo.details import projects_of_site, site_record, unlocated_projects
from geo.errors import BoundaryError
from geo.export import LAYERS, MEDIA_TYPES, export_view, table_csv
from geo.fields import import_fields
from geo.geotiff import (
    RasterFileError,
    display_surface,
    hillshade,
    read_user_raster,
    surface_to_geotiff,
)
from geo.importer import ColumnMappingError, detect_columns, import_sites
from geo.normalise import is_web_url
from geo.paths import data_dir
from geo.raster import (
    RasterInputError,
    best_cells,
)
from geo.readers import MAX_UPLOAD_MB, SUFFIXES, FileImportError, read_upload
from geo.sites import FILTER_PRECISIONS, SITE_TYPES, STATUSES, precision_help
from geo.summary import province_summary
from geo.view import fit_view
from geo.viewstate import (
    BASEMAPS,
    PROVINCE_MODES,
    ViewState,
    from_params,
    to_params,
)
from layers import base_map, data_layers, layer_control, standalone_map
from layers.colormaps import COLORMAPS, value_range
from layers.provinces import MODES
from layers.raster import raster_layer
from layers.siting import best_cells_layer
from layers.text import layer_title
from layers.text import markdown_literal as md
from ui import store_panel
from ui.release import release_panel

st.set_page_config(page_title="Pakistan Critical Minerals Atlas", page_icon="⛏", layout="wide")

BASEMAP_LABELS = {
    "street": "Street map",
    "imagery": "Satellite imagery",
    "terrain": "Terrain",
    "none": "No basemap (offline)",
}
SITE_ID_IN_TOOLTIP = re.compile(r"\u2016(.+)$")
FILTER_KEYS = ("minerals", "site_types", "statuses", "provinces", "precisions", "text")
NO_COLUMN = "(none)"
FORMAT_LABELS = {"geojson": "GeoJSON", "gpkg": "GeoPackage", "csv": "CSV"}
SURFACE_LABELS = {"none": "None", **{name: spec.label for name, spec in SURFACES.items()}}
# What is derived from one user's upload is dropped from the caches this long after its last use,
# so a session's uploads do not outlive it by more than that (Streamlit itself drops the
# uploaded bytes when the session ends).
UPLOAD_TTL = "30m"
STRAIGHT_LINE = (
    "Distances are straight lines between points (great-circle km), not road or rail access; "
    "district-level points sit at their district headquarters and pull results towards it."
)


def _pretty(value: str) -> str:
    return value.replace("_", " ").capitalize() if value else "Unspecified"


def _token(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()[:12]


# ---- cached calls into geo/ and layers/ ---------------------------------------------------------
@st.cache_resource(show_spinner="Loading the atlas data…")
def atlas(folder: str):
    return load_atlas(Path(folder))


@st.cache_data(show_spinner=False, max_entries=16, ttl=UPLOAD_TTL)
def upload_holds_polygons(name: str, data: bytes) -> bool:
    return holds_polygons(name, data)


@st.cache_data(show_spinner=False, max_entries=8, ttl=UPLOAD_TTL)
def upload_columns(name: str, data: bytes) -> list[str]:
    return boundary_columns(name, data)


@st.cache_resource(show_spinner="Reading the boundary file…", max_entries=4, ttl=UPLOAD_TTL)
def atlas_with_boundaries(folder: str, name: str, data: bytes, name_column: str | None):
    return with_units(atlas(folder), read_boundary_upload(name, data, name_column))


def imported(key: tuple, name: str, data: bytes, mapping: tuple, crs: str, fix: bool, source):
    """This session's import of one upload, kept in its own session state (dropped when the
    session ends; never shared with another user's session). A progress bar counts the rows
    while a file is read the first time."""
    store = st.session_state.setdefault("imports", {})
    if key not in store:
        bar = st.empty()

        def rows_read(done: int, expected: int | None) -> None:
            share = min(done / expected, 1.0) if expected else 0.0
            bar.progress(share, text=f"Read {done:,} rows…")

        with st.spinner("Checking your file…"):
            store[key] = import_sites(
                name,
                data,
                vocabulary=source.vocabulary,
                units=source.units,
                bundled=source.sites,
                mapping=dict(mapping),
                crs=crs or None,
                fix_swapped=fix,
                progress=rows_read,
            )
        bar.empty()
    return store[key]


@st.cache_data(show_spinner="Computing the surface…", max_entries=16, ttl=UPLOAD_TTL)
def surface_for(key: tuple, kind: str, flt: SiteFilter, params: tuple, _source, _sites):
    return compute_surface(kind, _sites, _source.units, flt, _source.infrastructure, **dict(params))


@st.cache_data(show_spinner="Reading your raster…", max_entries=4, ttl=UPLOAD_TTL)
def user_raster(name: str, data: bytes, clip: str, boundaries: str, _units):
    clip_to = _units[_units["name"] == clip] if clip else None
    return read_user_raster(name, data, clip_to=clip_to)


@st.cache_data(show_spinner=False, max_entries=8, ttl=UPLOAD_TTL)
def preview(name: str, data: bytes):
    raw = read_upload(name, data)
    frame = raw.frame.drop(columns="geometry", errors="ignore").head(5)
    return raw.kind, list(frame.columns), frame.astype(str)


@st.cache_resource(show_spinner=False, max_entries=64, ttl=UPLOAD_TTL)
def _cached_layers(
    key: tuple, flt: SiteFilter, provinces_as: str, cluster: bool, heat: bool, _source, _sites
):
    shown = filter_sites(_sites, flt)
    return data_layers(
        shown,
        filter_projects(_source.projects, _sites, flt),
        _source.units,
        province_summary(shown, _source.units),
        _source.vocabulary,
        provinces_as=provinces_as,
        cluster=cluster,
        heat=heat,
        infrastructure=_source.infrastructure,
    )


def map_layers(key, flt, view, source, sites):
    """Layers built once per view and copied per use: streamlit-folium re-parents and renames
    the groups it is given, so sessions must not share the objects."""
    cached = _cached_layers(key, flt, view.provinces_as, view.cluster, view.heat, source, sites)
    return copy.deepcopy(cached)


# ---- uploads (sidebar), read before the filters so their options are right ----------------
folder = str(data_dir())
store = store_panel.connect()
with st.sidebar:
    st.header("Your data")
    saved_layers, saved_key = store_panel.saved_layers(store)
    uploads = st.file_uploader(
        "Add your own sites, or polygons to use as boundaries",
        type=[s.lstrip(".") for s in sorted(SUFFIXES)],
        accept_multiple_files=True,
        key="upload",
        help=f"Sites: CSV, TSV, XLSX, GeoJSON, GeoPackage, zipped Shapefile, KML or KMZ, up to "
        f"{MAX_UPLOAD_MB} MiB, checked row by row (nothing is dropped without a reason). A file "
        "of polygons (e.g. districts or OCHA's COD-AB) replaces the province boundaries for "
        "joins, filters and the choropleth.",
    )
uploads = uploads or []
polygon_files = [u for u in uploads if upload_holds_polygons(u.name, u.getvalue())]
site_files = [u for u in uploads if u not in polygon_files]

data, boundary_key = atlas(folder), "bundled"
if polygon_files:
    boundary_file = polygon_files[-1]
    bytes_ = boundary_file.getvalue()
    try:
        columns = upload_columns(boundary_file.name, bytes_)
        with st.sidebar:
            st.caption(f"{md(boundary_file.name)} holds polygons: used as the boundaries.")
            name_column = st.selectbox(
                "Column with the unit names", columns, key="boundary_name_column"
            )
        data = atlas_with_boundaries(folder, boundary_file.name, bytes_, name_column)
        boundary_key = f"{_token(bytes_)}:{name_column}"
    except BoundaryError as exc:
        st.sidebar.error(f"Those boundaries cannot be used: {md(exc)}")

data = store_panel.corrected(data, store)
vocab = data.vocabulary
unit_names = list(data.units["name"])

import_results, import_keys = [], []
seen_names: dict[str, int] = {}
seen_tokens: dict[str, int] = {}
for site_upload in site_files:
    upload_bytes = site_upload.getvalue()
    # The same file twice in one upload: each copy gets its own widgets and its own layer.
    token = _token(upload_bytes)
    seen_tokens[token] = seen_tokens.get(token, 0) + 1
    token += f"-{seen_tokens[token]}" if seen_tokens[token] > 1 else ""
    upload_name = site_upload.name
    seen_names[upload_name] = seen_names.get(upload_name, 0) + 1
    if seen_names[upload_name] > 1:
        stem, suffix = Path(upload_name).stem, Path(upload_name).suffix
        upload_name = f"{stem} ({seen_names[upload_name]}){suffix}"
    import_result = None
    with st.expander(f"Your file: {md(upload_name)}", expanded=True):
        st.text(f"File: {upload_name}")
        try:
            kind, columns, head = preview(upload_name, upload_bytes)
            st.caption("First rows as read:")
            st.dataframe(head, hide_index=True, width="stretch")
            detected, ambiguous = detect_columns(columns)
            fields = [f.name for f in import_fields() if kind == "table" or f.kind != "coordinate"]
            st.caption(
                "Which column holds what (detected automatically where unambiguous; "
                "change any choice):"
            )
            chosen = {}
            for i, field in enumerate(fields):
                options = [NO_COLUMN, *columns]
                default = detected.get(field, NO_COLUMN)
                pick = st.columns(4)[i % 4].selectbox(
                    field, options, index=options.index(default), key=f"map_{field}_{token}"
                )
                if pick != NO_COLUMN:
                    chosen[field] = pick
            crs = ""
            if kind == "table":
                crs = st.text_input(
                    "Coordinate system of the coordinate columns (blank: WGS84 degrees)",
                    key=f"import_crs_{token}",
                    placeholder="e.g. EPSG:32642 for UTM zone 42N",
                )
            fix = st.checkbox(
                "Swap back latitude/longitude that are recognisably swapped",
                key=f"fix_swapped_{token}",
            )
            # The name is part of the key: it shapes the output (layer, ids, sources), and the
            # same bytes uploaded by someone else under another name must show their name.
            import_key = (token, upload_name, tuple(sorted(chosen.items())), crs, fix)
            import_result = imported(
                (folder, boundary_key, *import_key),
                upload_name,
                upload_bytes,
                *import_key[2:],
                data,
            )
            import_keys.append(import_key)
        except ColumnMappingError as exc:
            st.warning(f"Choose the columns: {md(exc)}")
        except FileImportError as exc:
            st.error(f"This file cannot be imported: {md(exc)}")
        if import_result is not None:
            r = import_result
            import_results.append(r)
            st.success(
                f"Read {r.read} rows: {len(r.accepted)} accepted, {len(r.rejected)} rejected."
            )
            for note in r.notes:
                st.caption(f"Note: {md(note)}")
            flagged = r.accepted[r.accepted["flags"].map(bool)]
            if len(flagged):
                st.caption(f"{len(flagged)} accepted rows carry flags:")
                st.dataframe(
                    flagged[["row", "name", "flags"]].assign(flags=flagged["flags"].map("; ".join)),
                    hide_index=True,
                    width="stretch",
                )
            if len(r.rejected):
                st.caption("Rejected rows, with the reason:")
                st.dataframe(r.rejected.astype(str), hide_index=True, width="stretch")
            c1, c2 = st.columns(2)
            c1.download_button(
                f"Accepted sites (CSV, {len(r.accepted)})",
                data=export_bytes(r.accepted, "csv", "sites"),
                file_name=f"{Path(upload_name).stem}_accepted.csv",
                mime="text/csv",
                key=f"download_import_accepted_{token}",
                on_click="ignore",
            )
            c2.download_button(
                f"Rejected rows (CSV, {len(r.rejected)})",
                data=table_csv(r.rejected),
                file_name=f"{Path(upload_name).stem}_rejected.csv",
                mime="text/csv",
                key=f"download_import_rejects_{token}",
                on_click="ignore",
            )
            store_panel.save_form(store, r, upload_bytes, token)

# Imports of files no longer uploaded (or of other choices) are released.
live = {(folder, boundary_key, *k) for k in import_keys}
st.session_state["imports"] = {
    k: v for k, v in st.session_state.get("imports", {}).items() if k in live
}
all_sites = combine_sites(data.sites, [r.accepted for r in import_results] + saved_layers)
mineral_counts = all_sites.explode("minerals")["minerals"].value_counts()

# ---- a shared link restores its view: URL -> widget state, once per session ----------------------
if "view_loaded" not in st.session_state:
    state, link_warnings = from_params(
        st.query_params.to_dict(), vocab, unit_names, data.sites["id"]
    )
    f = state.filter
    st.session_state.update(
        minerals=[m for m in f.minerals if m in mineral_counts.index],
        site_types=list(f.site_types),
        statuses=list(f.statuses),
        provinces=list(f.provinces),
        precisions=list(f.precisions),
        text=f.text,
        basemap=state.basemap,
        provinces_as=state.provinces_as,
        cluster=state.cluster,
        heat=state.heat,
        surface=state.surface,
        **state.surface_values(),
        selected_site=state.site,
        link_warnings=link_warnings,
        view_loaded=True,
    )
# Uploaded boundaries change the unit names; keep only choices that still exist.
st.session_state.provinces = [p for p in st.session_state.provinces if p in unit_names]
st.session_state.minerals = [m for m in st.session_state.minerals if m in mineral_counts.index]
if st.session_state.get("raster_clip", "") not in ("", *unit_names):
    st.session_state.raster_clip = ""


def clear_filters() -> None:
    for key in FILTER_KEYS:
        st.session_state[key] = "" if key == "text" else []
    st.session_state["selected_site"] = ""


with st.sidebar:
    st.header("Filter")
    st.multiselect(
        "Minerals",
        options=[m for m in vocab.ids if m in mineral_counts.index],
        format_func=lambda m: f"{vocab.name(m)} ({mineral_counts.get(m, 0)})",
        key="minerals",
        help="Sites listing any of the chosen minerals. The number is how many sites list it.",
    )
    st.multiselect("Site type", SITE_TYPES, format_func=_pretty, key="site_types")
    st.multiselect("Status", STATUSES, format_func=_pretty, key="statuses")
    st.multiselect("Province or territory", unit_names, key="provinces")
    st.multiselect(
        "Location precision",
        FILTER_PRECISIONS,
        format_func=_pretty,
        key="precisions",
        help=precision_help(),
    )
    st.text_input("Search name, operator, owners, notes", key="text")
    st.button("Clear filters", on_click=clear_filters, key="clear_filters")
    st.header("Map")
    st.selectbox("Basemap", BASEMAPS, format_func=BASEMAP_LABELS.get, key="basemap")
    st.radio("Provinces", PROVINCE_MODES, format_func=MODES.get, key="provinces_as")
    st.toggle("Cluster markers", key="cluster")
    st.toggle("Heat map", key="heat")
    st.header("Analysis")
    surface_kind = st.selectbox(
        "Raster surface",
        list(SURFACE_LABELS),
        format_func=SURFACE_LABELS.get,
        key="surface",
        help="Computed from the filtered sites. " + STRAIGHT_LINE,
    )
    # One widget per surface parameter, from the registry (geo/analysis.py); a parameter the
    # chosen surface does not take is shown disabled so its value survives a switch.
    used = {p.name for p in SURFACES[surface_kind].params} if surface_kind in SURFACES else set()
    for param in surface_parameters().values():
        if param.numeric:
            st.slider(
                param.label,
                param.minimum,
                param.maximum,
                step=param.step,
                key=param.name,
                help=param.help,
                disabled=param.name not in used,
            )
        else:
            st.selectbox(
                param.label,
                list(param.choices),
                format_func=param.choices.get,
                key=param.name,
                help=param.help,
                disabled=param.name not in used,
            )
    st.header("Your raster")
    raster_upload = st.file_uploader(
        "Overlay a GeoTIFF",
        type=["tif", "tiff"],
        key="upload_raster",
        help="Any CRS; up to 200 MiB; drawn at up to 1,024 cells across, so memory stays bounded.",
    )
    raster_colormap = st.selectbox("Colour map", list(COLORMAPS), key="raster_colormap")
    raster_hillshade = st.checkbox("Hillshade (elevation in metres)", key="raster_hillshade")
    raster_clip = st.selectbox(
        "Clip to", ["", *unit_names], format_func=lambda u: u or "(no clipping)", key="raster_clip"
    )

with st.sidebar:
    store_panel.review_panel(store)

for warning in st.session_state.get("link_warnings", []):
    st.warning(f"The link's filters could not all be used: {md(warning)}.")

flt = SiteFilter(
    minerals=tuple(st.session_state.minerals),
    site_types=tuple(st.session_state.site_types),
    statuses=tuple(st.session_state.statuses),
    provinces=tuple(st.session_state.provinces),
    precisions=tuple(st.session_state.precisions),
    text=st.session_state.text,
).normalised(vocab, unit_names)
sites = export_view(data, flt, "sites", all_sites)
projects = export_view(data, flt, "projects", all_sites)
summary = province_summary(sites, data.units)
view = ViewState(
    filter=flt,
    basemap=st.session_state.basemap,
    provinces_as=st.session_state.provinces_as,
    cluster=st.session_state.cluster,
    heat=st.session_state.heat,
    surface=st.session_state.surface,
    site=st.session_state.selected_site,
).with_surface_values({name: st.session_state[name] for name in surface_parameters()})
st.query_params.from_dict(to_params(view))

# ---- header ------------------------------------------------------------------------------------
st.title("Pakistan Critical Minerals Atlas")
st.caption(
    "Deposits, mines, processing facilities and investment projects from public sources; every "
    "record carries its source. Hollow markers are approximate or district-level locations."
)
mapped = int(sites.geometry.notna().sum())
c1, c2, c3, c4 = st.columns(4)
c1.metric("Sites", len(sites))
c2.metric("On the map", mapped, help="Sites with an unknown location are listed, not drawn.")
c3.metric("Projects", len(projects))
c4.metric("Provinces with sites", int((summary["sites"] > 0).sum()))
if sites.empty:
    st.info("No sites match these filters. Remove a mineral, province or search word to see more.")

# ---- map and details -----------------------------------------------------------------------------
map_col, detail_col = st.columns([3, 1.25])
layer_key = (folder, boundary_key, tuple(import_keys), saved_key, store.changes_key)
surface = display = best = None
analysis_error = None
if surface_kind != "none":
    try:
        surface = surface_for(
            layer_key,
            surface_kind,
            flt,
            tuple(sorted(view.surface_values().items())),
            data,
            all_sites,
        )
        display = display_surface(surface)
    except RasterInputError as exc:
        analysis_error = f"No {SURFACE_LABELS[surface_kind].lower()} surface: {md(exc)}."
user_display, raster_error = None, None
if raster_upload is not None:
    try:
        user_display = user_raster(
            raster_upload.name, raster_upload.getvalue(), raster_clip, boundary_key, data.units
        )
    except RasterFileError as exc:
        raster_error = f"Your raster cannot be shown: {md(exc)}."

if surface is not None and "best_cells" in SURFACES[surface.name].outputs:
    best = best_cells(surface, data.units)


def overlay_layers() -> list:
    """Raster overlays (the user's raster, the analysis surface) and the best siting cells,
    built afresh for each map that shows them."""
    extra = []
    if user_display is not None:
        lo, hi = value_range(user_display.values)
        extra.append(
            raster_layer(
                user_display,
                name=f"Your raster: {raster_upload.name}",
                colormap=raster_colormap,
                vmin=lo,
                vmax=hi,
                shade=hillshade(user_display) if raster_hillshade else None,
            )
        )
    if display is not None:
        spec = SURFACES[surface.name]
        lo, hi = value_range(display.values, robust=False)
        extra.append(
            raster_layer(
                display,
                name=SURFACE_LABELS[surface.name],
                colormap=spec.colormap,
                vmin=lo,
                vmax=hi,
                reverse=spec.reverse,
                opacity=0.7,
            )
        )
    if best is not None:
        extra.append(best_cells_layer(best, surface.units))
    return extra


with map_col:
    layers = map_layers(layer_key, flt, view, data, all_sites)
    # Rasters go right after the provinces: under every marker.
    layers = [layers[0], *overlay_layers(), *layers[1:]]
    # The map column is about 640 px wide on a laptop screen.
    centre, zoom = fit_view(sites, width_px=640, height_px=600)
    clicked = st_folium(
        base_map(view.basemap),
        # A new key when the basemap changes: streamlit-folium builds the base map only once.
        key=f"map-{view.basemap}",
        feature_group_to_add=layers,
        layer_control=layer_control(),
        center=centre,
        zoom=zoom,
        height=600,
        use_container_width=True,
        returned_objects=["last_object_clicked_tooltip"],
    )
    st.caption("On the map: " + " · ".join(md(layer_title(g)) for g in layers))
    tooltip = (clicked or {}).get("last_object_clicked_tooltip") or ""
    match = SITE_ID_IN_TOOLTIP.search(tooltip)
    if match and match.group(1) != st.session_state.get("last_map_click"):
        st.session_state.last_map_click = match.group(1)
        st.session_state.selected_site = match.group(1)

    if raster_error:
        st.error(raster_error)
    if analysis_error:
        st.warning(analysis_error)
    if surface is not None:
        st.subheader(SURFACE_LABELS[surface.name])
        finite = surface.values[np.isfinite(surface.values)]
        st.caption(
            f"{surface.description}. Legend: {surface.units} from {finite.min():,.1f} to "
            f"{finite.max():,.1f}; {surface.grid.width} × {surface.grid.height} cells of "
            f"{surface.grid.cell_km:g} km. {STRAIGHT_LINE}"
        )
        if best is not None and len(best):
            top = best.iloc[0]
            st.success(
                f"Best cell: {top['lat']:.4f}, {top['lon']:.4f} in {md(top['unit'])}, mean "
                f"straight-line distance {top[surface.units]:,.0f} {surface.units} to the "
                "filtered deposits and mines."
            )
            st.dataframe(best, hide_index=True, width="stretch")
        st.download_button(
            "Download GeoTIFF",
            data=surface_to_geotiff(surface),
            file_name=f"pakistan_{surface.name}.tif",
            mime="image/tiff",
            key="download_surface",
            on_click="ignore",
        )

with detail_col:
    selected = st.session_state.selected_site
    record = site_record(all_sites, selected) if selected else None
    if record is None:
        st.subheader("Site details")
        st.caption("Click a site on the map, or a row in the table below, to see its full record.")
    else:
        st.subheader(md(record["name"]))
        st.dataframe(
            pd.DataFrame({"field": list(record), "value": [str(v) for v in record.values()]}),
            hide_index=True,
            width="stretch",
        )
        if is_web_url(record.get("source_url", "")):
            st.link_button("Open the source", record["source_url"])
        linked = projects_of_site(data.projects, selected)
        if len(linked):
            st.markdown("**Projects at this site**")
            st.dataframe(linked, hide_index=True, width="stretch")
    store_panel.site_panel(store, record)
    unlocated = unlocated_projects(projects)
    if len(unlocated):
        st.subheader("Projects without a site")
        st.caption("Their location has not been announced, so they are listed, not mapped.")
        st.dataframe(unlocated, hide_index=True, width="stretch")

# ---- tables, summary, downloads ------------------------------------------------------------------
tab_sites, tab_provinces, tab_projects, tab_changes, tab_downloads = st.tabs(
    ["Sites", "By province", "Projects", "What changed", "Downloads"]
)
with tab_sites:
    st.caption(
        f"{len(sites)} sites ({mapped} on the map). Click a column to sort, a row to select."
    )
    table = sites.drop(columns=["geometry", "primary_mineral"]).assign(
        minerals=sites["minerals"].map(", ".join), owners=sites["owners"].map("; ".join)
    )
    for column in ("flags", "unknown_minerals"):
        if column in table:
            table[column] = table[column].map(lambda v: "; ".join(v) if isinstance(v, list) else "")
    picked = st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={"source_url": st.column_config.LinkColumn("source link")},
        on_select="rerun",
        selection_mode="single-row",
        key="sites_table",
    )
    rows = picked.selection.rows if picked else []
    if rows and table.iloc[rows[0]]["id"] != st.session_state.selected_site:
        st.session_state.selected_site = table.iloc[rows[0]]["id"]
        st.rerun()

with tab_provinces:
    counts = summary.set_index("unit")
    st.dataframe(
        counts[["area_km2", "sites", "mapped_sites", "sites_per_10k_km2"]], width="stretch"
    )
    by_type = counts[[c for c in counts.columns if c.startswith("type:")]]
    by_type.columns = [_pretty(c.split(":", 1)[1]) for c in by_type.columns]
    if len(by_type.columns):
        st.bar_chart(by_type, horizontal=True, height=280)
    by_mineral = counts[[c for c in counts.columns if c.startswith("mineral:")]]
    by_mineral.columns = [vocab.name(c.split(":", 1)[1]) for c in by_mineral.columns]
    st.dataframe(by_mineral.T, width="stretch")

with tab_changes:
    release_panel(sites, flt, vocab, Path(folder))

with tab_projects:
    st.dataframe(
        projects.drop(columns=["geometry"]).assign(
            partners=projects["partners"].map("; ".join),
            site_ids=projects["site_ids"].map(", ".join),
            minerals=projects["minerals"].map(", ".join),
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "source_url": st.column_config.LinkColumn("source link"),
            "amount_usd": st.column_config.NumberColumn("amount (US$)", format="%,.0f"),
        },
    )

with tab_downloads:
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
    *columns, d4 = st.columns(len(LAYERS) + 1)
    for col, layer in zip(columns, LAYERS, strict=True):
        # The same function and arguments as `python -m geo export --layer LAYER`.
        frame = export_view(data, flt, layer, all_sites)
        col.download_button(
            f"{layer.capitalize()} ({len(frame)})",
            data=export_bytes(frame, fmt, layer),
            file_name=f"pakistan_{layer}.{fmt}",
            mime=MEDIA_TYPES[fmt],
            key=f"download_{layer}",
            on_click="ignore",
        )

    def map_html() -> bytes:
        # Built only when the button is clicked: the standalone page inlines every script.
        # The same layers as on screen, rasters included, built afresh: the screen's objects
        # were rendered and renamed by streamlit-folium.
        page_layers = map_layers(layer_key, flt, view, data, all_sites)
        page_layers = [page_layers[0], *overlay_layers(), *page_layers[1:]]
        return (
            standalone_map(view.basemap, page_layers, (centre, zoom)).get_root().render().encode()
        )

    d4.download_button(
        "Map (HTML)",
        data=map_html,
        file_name="pakistan_minerals_map.html",
        mime="text/html",
        key="download_map",
        on_click="ignore",
    )

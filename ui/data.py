"""Cached calls into geo/ and layers/ (the only place the page caches anything).

Unhashable arguments (an Atlas, GeoDataFrames) carry a leading underscore and are stood for in
the cache key by an explicit, hashable key argument.
"""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path

import streamlit as st

from geo import SiteFilter, filter_projects, filter_sites, load_atlas
from geo.analysis.geotiff import read_user_raster
from geo.analysis.siting import best_places
from geo.analysis.surfaces import compute_surface
from geo.export.writers import export_view
from geo.ingest.importer import import_sites
from geo.ingest.readers import read_upload
from geo.model.atlas import combine_sites, with_units
from geo.model.boundaries import boundary_columns, holds_polygons, read_boundary_upload
from geo.views.summary import province_summary
from layers import data_layers

# What is derived from one user's upload is dropped from the caches this long after its last use,
# so a session's uploads do not outlive it by more than that (Streamlit itself drops the
# uploaded bytes when the session ends).
UPLOAD_TTL = "30m"


def token(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()[:12]


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


def release_imports(live: set) -> None:
    """Forget the imports of files no longer uploaded (or of other column choices)."""
    st.session_state["imports"] = {
        k: v for k, v in st.session_state.get("imports", {}).items() if k in live
    }


@st.cache_data(show_spinner="Computing the surface…", max_entries=16, ttl=UPLOAD_TTL)
def surface_for(key: tuple, kind: str, flt: SiteFilter, params: tuple, _source, _sites):
    return compute_surface(kind, _sites, _source.units, flt, _source.infrastructure, **dict(params))


@st.cache_data(show_spinner=False, max_entries=16, ttl=UPLOAD_TTL)
def best_places_for(
    key: tuple, kind: str, flt: SiteFilter, params: tuple, _surface, _source, _sites
):
    """The siting surface's best places (cached like the surface it comes from)."""
    return best_places(_surface, _source.units, _sites)


@st.cache_data(show_spinner="Reading your raster…", max_entries=4, ttl=UPLOAD_TTL)
def user_raster(name: str, data: bytes, clip: str, boundaries: str, _units):
    clip_to = _units[_units["name"] == clip] if clip else None
    return read_user_raster(name, data, clip_to=clip_to)


@st.cache_data(show_spinner=False, max_entries=8, ttl=UPLOAD_TTL)
def preview(name: str, data: bytes):
    raw = read_upload(name, data)
    frame = raw.frame.drop(columns="geometry", errors="ignore").head(5)
    return raw.kind, list(frame.columns), frame.astype(str)


@st.cache_resource(show_spinner=False, max_entries=8, ttl=UPLOAD_TTL)
def sites_in_play(key: tuple, _atlas, _imported: tuple):
    """Bundled and imported sites in one frame, and how many sites list each mineral.

    Shared, never modified: with 100,000 sites, rebuilding these on every rerun costs more than
    the rest of the page (bench/bench_page.py)."""
    sites = combine_sites(_atlas.sites, list(_imported))
    return sites, sites.explode("minerals")["minerals"].value_counts()


@st.cache_resource(show_spinner=False, max_entries=32, ttl=UPLOAD_TTL)
def filtered(key: tuple, flt: SiteFilter, _atlas, _sites):
    """The filtered sites (with unit and nearest facility), projects and province summary, as
    the CLI's export gives them. Shared, never modified."""
    sites = export_view(_atlas, flt, "sites", _sites)
    projects = export_view(_atlas, flt, "projects", _sites)
    return sites, projects, province_summary(sites, _atlas.units)


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


def map_layers(key, flt, view, source, sites) -> list:
    """Layers built once per view and copied per use: streamlit-folium re-parents and renames
    the groups it is given, so sessions must not share the objects."""
    cached = _cached_layers(key, flt, view.provinces_as, view.cluster, view.heat, source, sites)
    return copy.deepcopy(cached)

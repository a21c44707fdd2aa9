"""Pakistan Critical Minerals Atlas — the Streamlit page (widgets and layout only)."""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo import SiteFilter, export_bytes, filter_projects, filter_sites, load_atlas
from geo.summary import province_summary
from layers import province_layer, site_layer

st.set_page_config(page_title="Pakistan Critical Minerals Atlas", layout="wide")


@st.cache_resource(show_spinner="Loading the atlas data…")
def atlas():
    return load_atlas()


data = atlas()
vocab = data.vocabulary
counts = data.sites.explode("minerals")["minerals"].value_counts()

st.title("Pakistan Critical Minerals Atlas")
st.caption(
    "Deposits, mines, processing facilities and investment projects, each with its public source."
    " Points drawn hollow are approximate or district-level locations."
)

with st.sidebar:
    st.header("Filter")
    minerals = st.multiselect(
        "Minerals",
        options=[m for m in vocab.ids if m in counts.index],
        format_func=lambda m: f"{vocab.name(m)} ({counts.get(m, 0)})",
        key="minerals",
    )
    provinces = st.multiselect("Province", options=list(data.units["name"]), key="provinces")

flt = SiteFilter(minerals=tuple(minerals), provinces=tuple(provinces)).normalised(
    vocab, data.units["name"]
)
sites = filter_sites(data.sites, flt)
projects = filter_projects(data.projects, data.sites, flt)
summary = province_summary(sites, data.units)

if sites.empty:
    st.info("No sites match these filters. Remove a mineral or province to see more.")

fmap = folium.Map(location=(30.0, 69.5), zoom_start=5, tiles="OpenStreetMap", max_zoom=18)
province_layer(data.units, summary).add_to(fmap)
site_layer(sites, vocab).add_to(fmap)
folium.LayerControl(collapsed=False).add_to(fmap)
st_folium(fmap, height=560, use_container_width=True, returned_objects=[], key="map")

mapped = int(sites.geometry.notna().sum())
st.subheader(f"{len(sites)} sites ({mapped} on the map, {len(sites) - mapped} location unknown)")
table_columns = [
    "name",
    "site_type",
    "minerals",
    "status",
    "operator",
    "district",
    "province",
    "unit",
    "location_precision",
    "lat",
    "lon",
    "as_of",
    "source",
    "source_url",
]
st.dataframe(
    sites[table_columns].assign(minerals=sites["minerals"].map(", ".join)),
    hide_index=True,
    width="stretch",
    column_config={"source_url": st.column_config.LinkColumn("source link")},
    key="sites_table",
)

st.subheader("By province")
st.dataframe(
    summary[["unit", "area_km2", "sites", "mapped_sites", "sites_per_10k_km2"]],
    hide_index=True,
    key="summary_table",
)

st.subheader(f"{len(projects)} projects")
st.dataframe(
    projects[
        ["name", "partners", "amount_usd", "announced", "status", "province", "source"]
    ].assign(partners=projects["partners"].map("; ".join)),
    hide_index=True,
    width="stretch",
    key="projects_table",
)

st.download_button(
    "Download sites (GeoJSON)",
    data=export_bytes(sites, "geojson", "sites"),
    file_name="sites.geojson",
    mime="application/geo+json",
    key="download_sites_geojson",
)

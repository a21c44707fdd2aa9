"""The map: the base map (identical between reruns, so never redrawn), the data layers handed
over as feature groups, and the map's events (a clicked site, the legend's state) read in a
callback, so the page and its link follow a click in the same rerun."""

from __future__ import annotations

from functools import partial

import streamlit as st
from streamlit_folium import st_folium

from layers import base_map, layer_control
from layers.events import new_event

MAP_HEIGHT = 650
LAST_EVENT = "_last_map_event"


def _on_map_event(key: str) -> None:
    event = new_event(st.session_state.get(key), st.session_state.get(LAST_EVENT))
    if event is None:
        return
    st.session_state[LAST_EVENT] = event.token
    if event.site:
        st.session_state["site"] = event.site
    if event.legend:
        st.session_state["legend"] = event.legend


def show_map(basemap: str, layers: list) -> None:
    # A new key when the basemap changes: streamlit-folium builds the base map only once.
    key = f"map-{basemap}"
    st_folium(
        base_map(basemap),
        key=key,
        feature_group_to_add=layers,
        layer_control=layer_control(),
        height=MAP_HEIGHT,
        use_container_width=True,
        # Pans and zooms send nothing back (no rerun); the atlas reports its own events.
        returned_objects=[],
        on_change=partial(_on_map_event, key),
    )

"""Page CSS: a compact top so the map starts high and fills the main area."""

from __future__ import annotations

import streamlit as st

# Only constant CSS goes through here; no data or user text.
_CSS = """
<style>
.block-container, [data-testid="stMainBlockContainer"] {
  padding-top: 2.4rem; padding-bottom: 1rem; padding-left: 1.5rem; padding-right: 1.5rem;
  max-width: 100%;
}
.atlas-bar h1 { font-size: 1.35rem; margin: 0; padding: 0; line-height: 1.4; }
.atlas-bar p { margin: 0; }
/* Streamlit's top bar keeps only its menu button; it neither hides nor blocks the title. */
[data-testid="stHeader"] { background: transparent; height: 2.5rem; pointer-events: none; }
[data-testid="stHeader"] * { pointer-events: auto; }
[data-testid="stSidebarHeader"] { height: 2.5rem; }
[data-testid="stSidebarUserContent"] { padding-top: 0; }
/* The details panel beside the map reads like a record card: smaller type than the page. */
.st-key-atlas_side p, .st-key-atlas_side li { font-size: 0.875rem; line-height: 1.45; }
.st-key-atlas_side h3 { font-size: 1.15rem; padding-top: 0.2rem; }
</style>
"""


def apply() -> None:
    st.html(_CSS)

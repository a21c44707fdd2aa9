"""Streamlit panels, one per module, that app.py composes (nothing outside app.py and ui/ imports
streamlit)."""

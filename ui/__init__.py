"""Streamlit panels of the atlas page, one module each (app.py composes them).

Only app.py and this package import streamlit; everything they show comes from geo/ and layers/.
"""

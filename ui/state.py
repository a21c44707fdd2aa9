"""The view in the session: read once from the link, set by the widgets, written back to the URL.

Widgets are built from geo/views/viewstate.py OPTIONS, so a new option is declared once and appears
in
the sidebar, the link and the CLI together.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from geo.model.vocabulary import Vocabulary
from geo.views.viewstate import (
    ViewOption,
    ViewState,
    from_params,
    option,
    options,
    state_from_values,
    state_values,
    to_params,
)
from ui.text import md

LINK_WARNINGS = "link_warnings"


def load_from_link(vocabulary: Vocabulary, units: Sequence[str], site_ids: Sequence[str]) -> None:
    """Once per session: the URL's view goes into the widgets' session state."""
    if "view_loaded" in st.session_state:
        # Widgets hidden in a run (an analysis slider for another surface) would lose their
        # value at the end of that run; writing it back keeps it.
        for o in options():
            if o.name in st.session_state:
                st.session_state[o.name] = st.session_state[o.name]
        return
    state, warnings = from_params(st.query_params.to_dict(), vocabulary, units, site_ids)
    st.session_state.update(state_values(state))
    st.session_state[LINK_WARNINGS] = warnings
    st.session_state["view_loaded"] = True


# Every section below the map, by its id in links (geo/views/viewstate.py TABS).
TAB_LABELS = {
    "sites": "Sites",
    "projects": "Projects",
    "provinces": "By province",
    "data": "Your data",
    "changes": "What changed",
    "downloads": "Downloads",
}
TAB_WIDGET = "tab_label"
OPENING_TAB = "_opening_tab"


def section_tabs() -> list:
    """The tabs below the map, in TAB_LABELS order, opening on the link's ``tab=``; the open
    tab's id becomes the view's ``tab`` (and the link's). Only the open tab's ``.open`` is
    true, so a closed section need not be built."""
    tabs = st.tabs(
        list(TAB_LABELS.values()),
        key=TAB_WIDGET,
        default=TAB_LABELS[_opening_tab()],
        on_change="rerun",
    )
    # Read from the widget on every run rather than in a click callback, so a tab set by any
    # means is the one the link names.
    ids = {label: tab for tab, label in TAB_LABELS.items()}
    st.session_state["tab"] = ids.get(st.session_state.get(TAB_WIDGET), option("tab").default)
    return tabs


def _opening_tab() -> str:
    # The link's tab, read before the rest of the link because the tabs are laid out first.
    # Fixed for the session: a changed default would make the tabs a new widget (reset).
    if OPENING_TAB not in st.session_state:
        chosen = st.query_params.get("tab", "")
        allowed = option("tab").choices
        st.session_state[OPENING_TAB] = chosen if chosen in allowed else option("tab").default
    return st.session_state[OPENING_TAB]


def keep_only(name: str, allowed: Sequence) -> None:
    """Drop choices that no longer exist (uploaded boundaries change the unit names)."""
    if isinstance(st.session_state.get(name), list):
        st.session_state[name] = [v for v in st.session_state[name] if v in allowed]


def widgets(
    section: str,
    choices: Mapping[str, Sequence] | None = None,
    formats: Mapping[str, Callable] | None = None,
    surface: str = "",
) -> None:
    """The widgets of one section of OPTIONS (``choices``: values the data supplies)."""
    choices, formats = choices or {}, formats or {}
    for o in options():
        if o.section != section or o.widget == "none":
            continue
        if o.surfaces and surface not in o.surfaces:
            continue
        fmt = formats.get(o.name)
        if fmt is None and o.param is not None and o.param.choices:
            fmt = o.param.choices.get
        _widget(o, list(choices.get(o.name, o.choices)), fmt)


def _widget(o: ViewOption, options: list, fmt: Callable | None) -> None:
    kwargs = {"key": o.name, "help": o.help or None}
    if fmt is not None and o.widget in ("multiselect", "selectbox", "radio", "select_slider"):
        kwargs["format_func"] = fmt
    if o.widget == "multiselect":
        st.multiselect(o.label, options, **kwargs)
    elif o.widget == "selectbox":
        st.selectbox(o.label, options, **kwargs)
    elif o.widget == "radio":
        st.radio(o.label, options, horizontal=True, **kwargs)
    elif o.widget == "select_slider":
        st.select_slider(o.label, options, **kwargs)
    elif o.widget == "slider":
        p = o.param
        st.slider(o.label, p.minimum, p.maximum, step=p.step, **kwargs)
    elif o.widget == "toggle":
        st.toggle(o.label, **kwargs)
    elif o.widget == "text_input":
        st.text_input(o.label, **kwargs)
    else:
        raise ValueError(f"option {o.name!r} has an unknown widget {o.widget!r}")


def current_view() -> ViewState:
    """The view the session holds now (not normalised)."""
    return state_from_values(
        {o.name: st.session_state[o.name] for o in options() if o.name in st.session_state}
    )


def write_link(view: ViewState) -> None:
    """The URL follows the view at once (a shared link reopens it)."""
    params = to_params(view)
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)


def clear_filters() -> None:
    for o in options():
        if o.section == "filter":
            st.session_state[o.name] = o.default if o.kind != "list" else []
    st.session_state["site"] = ""


def link_warning(where) -> None:
    """One compact, dismissible warning naming every value of the link that was ignored."""
    ignored = st.session_state.get(LINK_WARNINGS) or []
    if not ignored:
        return
    with where.container(border=True):
        # The notes quote the link, anyone's text: shown literally, never as Markdown.
        parts = [md(note) for note in ignored]
        st.warning(
            f"Ignored {len(ignored)} value{'s' if len(ignored) > 1 else ''} of this link: "
            + "; ".join(parts),
            icon="⚠️",
        )
        st.button("Dismiss", key="dismiss_link_warning", on_click=_dismiss, type="tertiary")


def _dismiss() -> None:
    st.session_state[LINK_WARNINGS] = []

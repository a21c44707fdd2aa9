"""The store in the page: saved datasets, corrections from a site's details, reviewer login, and
the banner when the store cannot be reached.

Every store call goes through geo.store (the same functions as ``python -m geo``). A store that
cannot be reached never stops the page: the bundled data is shown with a banner, the user's
current import stays in the session, and the next interaction (or the Retry button, or the
timer) tries again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from geo.errors import AtlasError
from geo.ingest.importer import ImportResult
from geo.model.atlas import Atlas
from geo.store import (
    ConflictError,
    DatasetInfo,
    SavedDataset,
    StoreError,
    StoreUnavailableError,
    open_store,
    store_target,
)
from geo.store.auth import HASH_SETTING, AuthError, MemoryAttempts, ReviewerGate, configured_hash
from geo.store.base import EDITABLE, SqlStore
from geo.store.overlay import with_corrections
from layers.text import markdown_literal as _md

SAVED_KEY = "saved_datasets"
REVIEWER_KEY = "store_reviewer"
RETRY_SECONDS = 30
COORDINATES = "coordinates"


@dataclass
class StoreState:
    """The store as this rerun found it: reachable with its datasets, or why not."""

    target: str
    store: SqlStore | None = None
    error: str = ""
    datasets: list[DatasetInfo] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.store is not None and not self.error

    @property
    def changes_key(self) -> str:
        """Changes whenever the accepted corrections do (for the page's caches)."""
        text = json.dumps(self.changed, sort_keys=True)
        return hashlib.sha1(text.encode("utf-8")).hexdigest()


@st.cache_resource(show_spinner=False)
def _open(target: str) -> SqlStore:
    store = open_store(target)
    if store.backend == "embedded" and not store.status().get("sites"):
        # Corrections need the release's sites in the store; a team database has them from
        # `python -m geo db load`.
        store.load_release()
    return store


@st.cache_data(show_spinner="Loading the saved dataset…", max_entries=16)
def _saved(target: str, dataset_id: int, saved_at: str, _store: SqlStore) -> SavedDataset:
    # A saved dataset never changes after saving, so (id, saved_at) identifies its content.
    return _store.load_dataset(dataset_id)


def connect() -> StoreState:
    """Reach the store for this rerun; on failure show the banner and carry on without it."""
    state = StoreState(store_target())
    try:
        store = _open(state.target)
        store.require_schema()
        state.datasets = store.list_datasets()
        state.changed = store.changed_sites()
        state.store = store
    except (StoreError, AtlasError) as exc:
        state.error = str(exc)
        _banner(state)
    return state


def _banner(state: StoreState) -> None:
    st.warning(
        "**Saved datasets and corrections are unavailable**, so the map shows the bundled data "
        f"only. The store said: {_md(state.error)}. The atlas tries again every "
        f"{RETRY_SECONDS} seconds and at every interaction.",
        icon="⚠️",
    )
    st.button("Retry now", key="store_retry")
    _watch(state.target)


@st.fragment(run_every=RETRY_SECONDS)
def _watch(target: str) -> None:
    """While the store is down: look again now and then, and reload the page when it is back."""
    if st.session_state.get("_store_watch_started"):
        try:
            _open(target).require_schema()
        except (StoreError, AtlasError):
            return
        st.rerun(scope="app")
    st.session_state["_store_watch_started"] = True


def corrected(atlas: Atlas, state: StoreState) -> Atlas:
    """The bundled data with accepted corrections applied (the files stay as they are)."""
    return with_corrections(atlas, state.changed) if state.ok else atlas


def _reviewer_hash() -> str | None:
    try:
        secret = st.secrets.get(HASH_SETTING)
    except (StreamlitSecretNotFoundError, FileNotFoundError):
        secret = None
    return configured_hash(secret)


def current_reviewer():
    return st.session_state.get(REVIEWER_KEY)


# ---- saved datasets ----------------------------------------------------------------------------
def saved_layers(state: StoreState) -> tuple[list[gpd.GeoDataFrame], tuple]:
    """The sidebar list of saved datasets; returns the chosen ones as layers for
    ``combine_sites`` and a key that changes when the choice does."""
    st.markdown("**Saved datasets**")
    if not state.ok:
        st.caption("Unavailable right now (see the message above the map).")
        return [], ()
    if not state.datasets:
        st.caption("None yet. Import a file and save it, and it can be switched on here later.")
        return [], ()
    by_name = {d.name: d for d in state.datasets}
    if SAVED_KEY in st.session_state:
        st.session_state[SAVED_KEY] = [n for n in st.session_state[SAVED_KEY] if n in by_name]
    chosen = st.multiselect(
        "Show on the map",
        list(by_name),
        key=SAVED_KEY,
        format_func=lambda n: f"{n} ({by_name[n].rows_accepted} sites, {by_name[n].saved_by})",
        help="Saved datasets go through the same filters, tables and downloads as an import.",
    )
    layers, keys = [], []
    for name in chosen:
        info = by_name[name]
        try:
            layers.append(_saved(state.target, info.id, info.saved_at, state.store).as_layer())
            keys.append((info.id, info.saved_at))
        except StoreError as exc:
            st.error(f"{_md(name)} cannot be loaded: {_md(exc)}")
    with st.expander("About the saved datasets"):
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "name": d.name,
                        "sites": d.rows_accepted,
                        "rejected": d.rows_rejected,
                        "saved by": d.saved_by,
                        "saved at": d.saved_at[:16].replace("T", " "),
                        "licence": d.licence,
                        "description": d.description,
                        "file": d.file_name,
                        "size (bytes)": d.file_size,
                        "SHA-256": d.file_sha256,
                    }
                    for d in state.datasets
                ]
            ),
            hide_index=True,
            width="stretch",
        )
        _delete_form(state, by_name)
    return layers, tuple(keys)


def _delete_form(state: StoreState, by_name: dict[str, DatasetInfo]) -> None:
    with st.form("delete_dataset", clear_on_submit=True):
        name = st.selectbox("Delete a saved dataset", list(by_name), key="delete_dataset_name")
        by = st.text_input("Your name", key="delete_dataset_by")
        go = st.form_submit_button("Delete", key="delete_dataset_submit")
    if go and name:
        try:
            state.store.delete_dataset(name, by=by, reviewer=current_reviewer())
        except StoreError as exc:
            st.error(f"Not deleted: {_md(exc)}")
        else:
            st.success(f"Deleted {_md(name)}.")
            st.rerun()


def save_form(state: StoreState, result: ImportResult, data: bytes, token: str) -> None:
    """Under an import's results: save it (name, description, licence, saved by)."""
    if not state.ok:
        st.caption(
            "Saving is unavailable right now (see the message above the map); your import "
            "stays in this session."
        )
        return
    flash = st.session_state.pop(f"save_flash_{token}", None)
    if flash:
        st.success(flash)
    with st.form(f"save_{token}"):
        st.markdown("**Save this dataset** for later sessions and for your colleagues")
        name = st.text_input("Name", key=f"save_name_{token}")
        description = st.text_area("Description", key=f"save_description_{token}", height=68)
        c1, c2 = st.columns(2)
        licence = c1.text_input(
            "Licence", key=f"save_licence_{token}", placeholder="e.g. CC-BY-4.0, internal"
        )
        saved_by = c2.text_input("Saved by (your name)", key=f"save_by_{token}")
        go = st.form_submit_button("Save dataset", key=f"save_submit_{token}")
    if not go:
        return
    try:
        info = state.store.save_dataset(
            result, data, name=name, saved_by=saved_by, description=description, licence=licence
        )
    except StoreUnavailableError as exc:
        st.error(
            f"Not saved: {_md(exc)}. Nothing was written; your import stays in this session, "
            "so you can save it when the store is back."
        )
    except StoreError as exc:
        st.error(f"Not saved: {_md(exc)}")
    else:
        # Rerun so that the sidebar lists the new dataset at once; the message survives it.
        st.session_state[f"save_flash_{token}"] = (
            f"Saved “{_md(info.name)}”: {info.rows_accepted} sites and {info.rows_rejected} "
            "rejected rows. Switch it on under Saved datasets in any later session."
        )
        st.rerun()


# ---- corrections and history -------------------------------------------------------------------
def site_panel(state: StoreState, record: dict | None) -> None:
    """Under a bundled site's details: propose a correction; the site's history."""
    if record is None or record.get("dataset", "bundled") not in ("bundled", "", None):
        return
    if not state.ok:
        st.caption("Corrections are unavailable right now (see the message above the map).")
        return
    site_id = str(record["id"])
    with st.expander("Propose a correction"):
        with st.form(f"correct_{site_id}", clear_on_submit=False):
            field_name = st.selectbox(
                "Field",
                [COORDINATES, *[f for f in EDITABLE if f not in ("lat", "lon")]],
                key=f"correct_field_{site_id}",
            )
            value = st.text_input(
                "New value (coordinates: latitude, longitude in decimal degrees)",
                key=f"correct_value_{site_id}",
            )
            source_url = st.text_input("Source URL", key=f"correct_source_{site_id}")
            note = st.text_area("Note", key=f"correct_note_{site_id}", height=68)
            name = st.text_input("Your name", key=f"correct_by_{site_id}")
            go = st.form_submit_button("Propose", key=f"correct_submit_{site_id}")
        if go:
            _propose(state, site_id, field_name, value, source_url, note, name)
    with st.expander("History"):
        try:
            history = state.store.history(site_id)
            pending = state.store.corrections("pending", site_id)
        except StoreError as exc:
            st.caption(f"No history: {_md(exc)}")
            return
        for _, row in history.iterrows():
            what = row["changed_fields"] or "first version"
            st.caption(
                f"Version {row['version']} · {_md(row['changed_at'][:16].replace('T', ' '))} UTC · "
                f"{_md(row['changed_by'])} · {_md(what)} · source: {_md(row['change_source'])}"
            )
        if len(pending):
            st.caption(f"{len(pending)} correction(s) waiting for review.")


def _propose(state, site_id, field_name, value, source_url, note, name) -> None:
    if field_name == COORDINATES:
        parts = [p.strip() for p in value.replace(";", ",").split(",")]
        if len(parts) != 2:
            st.error("Give the coordinates as latitude, longitude (e.g. 29.12, 62.06).")
            return
        changes = {"lat": parts[0], "lon": parts[1]}
    else:
        changes = {field_name: value}
    try:
        number = state.store.propose(
            site_id, changes, proposed_by=name, source_url=source_url, note=note
        )
    except StoreError as exc:
        st.error(f"Not proposed: {_md(exc)}")
    else:
        st.success(f"Proposed as correction {number}; a reviewer will accept or reject it.")


# ---- review ------------------------------------------------------------------------------------
def review_panel(state: StoreState) -> None:
    """Reviewer login and the pending corrections; shown only when a credential is configured
    (otherwise review is ``python -m geo review``)."""
    encoded = _reviewer_hash()
    if not encoded:
        return
    st.markdown("**Review**")
    if not state.ok:
        st.caption("Review is unavailable while the store cannot be reached.")
        return
    reviewer = current_reviewer()
    if reviewer is None:
        with st.form("reviewer_login", clear_on_submit=True):
            name = st.text_input("Your name", key="reviewer_name")
            password = st.text_input("Reviewer password", type="password", key="reviewer_password")
            go = st.form_submit_button("Log in as reviewer", key="reviewer_login_submit")
        if go:
            try:
                gate = ReviewerGate(encoded, state.store or MemoryAttempts())
                st.session_state[REVIEWER_KEY] = gate.login(name, password)
            except StoreError as exc:
                message = str(exc) if isinstance(exc, AuthError) else f"login failed: {exc}"
                st.error(_md(message))
                return
            st.rerun()
        return
    st.caption(f"Reviewing as {_md(reviewer.name)}.")
    flash = st.session_state.pop("review_flash", None)
    if flash:
        st.success(flash)
    if st.button("Log out", key="reviewer_logout"):
        del st.session_state[REVIEWER_KEY]
        st.rerun()
    try:
        pending = state.store.corrections("pending")
    except StoreError as exc:
        st.error(_md(exc))
        return
    if pending.empty:
        st.caption("No corrections are waiting.")
    for _, row in pending.iterrows():
        _pending_card(state, reviewer, row)


def _pending_card(state, reviewer, row) -> None:
    number = int(row["id"])
    with st.container(border=True):
        changes = "; ".join(
            f"{_md(f)}: {_md(row['previous'].get(f, '')) or '(empty)'} → {_md(v) or '(empty)'}"
            for f, v in row["changes"].items()
        )
        st.markdown(f"**{number}. {_md(row['site_name'])}**: {changes}")
        st.caption(
            f"By {_md(row['proposed_by'])}; source {_md(row['source_url'])}"
            + (f"; note: {_md(row['note'])}" if row["note"] else "")
        )
        c1, c2 = st.columns(2)
        accept = c1.button("Accept", key=f"review_accept_{number}")
        reject = c2.button("Reject", key=f"review_reject_{number}")
    try:
        if accept:
            version = state.store.accept(number, reviewer)
            message = f"Accepted: {_md(row['site_name'])} is now at version {version}."
        elif reject:
            state.store.reject(number, reviewer)
            message = f"Rejected correction {number}."
        else:
            return
    except ConflictError as exc:
        st.error(f"Not applied: {_md(exc)}")
        return
    except StoreError as exc:
        st.error(_md(exc))
        return
    # Rerun so that the map and tables show the decision at once; the message survives it.
    st.session_state["review_flash"] = message
    st.rerun()

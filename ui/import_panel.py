"""Your data: the uploaders, the column mapping (an aligned field -> column grid), and what was
accepted and rejected. It lives in its own tab below the map, so nothing it shows moves the map.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from geo import export_bytes
from geo.errors import BoundaryError
from geo.export.writers import table_csv
from geo.ingest.importer import ColumnMappingError, detect_columns
from geo.ingest.readers import MAX_UPLOAD_MB, SUFFIXES, FileImportError
from geo.model.fields import import_fields
from layers.colormaps import COLORMAPS
from ui import data as cached
from ui import store_panel
from ui.text import code, md

NO_COLUMN = "(none)"
FIELD_LABELS = {
    "lat": "Latitude",
    "lon": "Longitude",
    "name": "Name",
    "minerals": "Minerals",
    "site_type": "Site type",
    "status": "Status",
    "operator": "Operator",
    "owners": "Owners",
    "district": "District",
    "province": "Province",
    "source_url": "Source link",
    "notes": "Notes",
}


@dataclass
class Uploads:
    """What the uploads change for the rest of the page."""

    atlas: object
    boundary_key: str = "bundled"
    results: list = field(default_factory=list)
    keys: list = field(default_factory=list)
    raster: object | None = None  # st.UploadedFile of a GeoTIFF


def uploads_panel(folder: str, store=None) -> Uploads:
    """The uploaders and the import flow; returns the atlas with the user's boundaries and the
    import results for the map, the tables and the downloads. With a ``store`` (ui/store_panel)
    each import can be saved."""
    st.markdown("**Add your own data**")
    files = (
        st.file_uploader(
            "Your sites (table or GIS file), or polygons to use as boundaries",
            type=[s.lstrip(".") for s in sorted(SUFFIXES)],
            accept_multiple_files=True,
            key="upload",
            help=f"Sites: CSV, TSV, XLSX, GeoJSON, GeoPackage, zipped Shapefile, KML or KMZ, up to "
            f"{MAX_UPLOAD_MB} MiB, checked row by row (nothing is dropped without a reason). "
            "A file of polygons (e.g. districts or OCHA's COD-AB) replaces the province "
            "boundaries for joins, filters and the choropleth.",
        )
        or []
    )
    polygon_files = [u for u in files if cached.upload_holds_polygons(u.name, u.getvalue())]
    site_files = [u for u in files if u not in polygon_files]
    out = Uploads(atlas=cached.atlas(folder))
    if polygon_files:
        out = _boundaries(folder, polygon_files[-1], out)
    seen_names: dict[str, int] = {}
    seen_tokens: dict[str, int] = {}
    for upload in site_files:
        data = upload.getvalue()
        # The same file twice in one upload: each copy gets its own widgets and its own layer.
        token = cached.token(data)
        seen_tokens[token] = seen_tokens.get(token, 0) + 1
        token += f"-{seen_tokens[token]}" if seen_tokens[token] > 1 else ""
        name = upload.name
        seen_names[name] = seen_names.get(name, 0) + 1
        if seen_names[name] > 1:
            name = f"{Path(name).stem} ({seen_names[name]}){Path(name).suffix}"
        _site_file(folder, name, data, token, out, store)
    # Imports of files no longer uploaded (or of other choices) are released.
    cached.release_imports({(folder, out.boundary_key, *k) for k in out.keys})
    _raster_uploader(out)
    return out


def _boundaries(folder: str, upload, out: Uploads) -> Uploads:
    data = upload.getvalue()
    try:
        columns = cached.upload_columns(upload.name, data)
        st.caption(f"{md(upload.name)} holds polygons: used as the boundaries.")
        name_column = st.selectbox(
            "Column with the unit names", columns, key="boundary_name_column"
        )
        out.atlas = cached.atlas_with_boundaries(folder, upload.name, data, name_column)
        out.boundary_key = f"{cached.token(data)}:{name_column}"
    except BoundaryError as exc:
        st.error(f"Those boundaries cannot be used: {md(exc)}")
    return out


def _site_file(folder: str, name: str, data: bytes, token: str, out: Uploads, store) -> None:
    result = None
    with st.expander(f"Your file: {md(name)}", expanded=True):
        # The name as typed, as plain text: nothing in it is read as Markdown or HTML.
        st.text(f"File: {name}")
        try:
            kind, columns, head = cached.preview(name, data)
            detected, _ = detect_columns(columns)
            fields = [f.name for f in import_fields() if kind == "table" or f.kind != "coordinate"]
            left, right = st.columns([5, 7], gap="medium")
            with left:
                st.caption("Which column holds what (detected where unambiguous; change any):")
                chosen = _mapping_grid(fields, columns, detected, head, token)
            with right:
                st.caption("First rows as read:")
                st.dataframe(head, hide_index=True, width="stretch", height=220)
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
            key = (token, name, tuple(sorted(chosen.items())), crs, fix)
            result = cached.imported(
                (folder, out.boundary_key, *key), name, data, *key[2:], out.atlas
            )
            out.keys.append(key)
        except ColumnMappingError as exc:
            st.warning(f"Choose the columns: {md(exc)}")
        except FileImportError as exc:
            st.error(f"This file cannot be imported: {md(exc)}")
        if result is not None:
            out.results.append(result)
            _result(name, token, result)
            if store is not None:
                # Save this import for later sessions (ui/store_panel.py).
                store_panel.save_form(store, result, data, token)


def _mapping_grid(fields, columns, detected, head, token) -> dict[str, str]:
    """One row per field: its name, the column chosen for it, and that column's first value."""
    chosen = {}
    options = [NO_COLUMN, *columns]
    for name in fields:
        label, pick, sample = st.columns([3, 4, 4], vertical_alignment="center", gap="small")
        label.markdown(f"{FIELD_LABELS.get(name, name)}")
        default = detected.get(name, NO_COLUMN)
        value = pick.selectbox(
            name,
            options,
            index=options.index(default),
            key=f"map_{name}_{token}",
            label_visibility="collapsed",
        )
        if value != NO_COLUMN:
            chosen[name] = value
            first = head[value].iloc[0] if len(head) and value in head else ""
            sample.caption(code(first) if first else "")
        else:
            sample.caption("—")
    return chosen


def _result(name: str, token: str, r) -> None:
    st.success(f"Read {r.read} rows: {len(r.accepted)} accepted, {len(r.rejected)} rejected.")
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
        file_name=f"{Path(name).stem}_accepted.csv",
        mime="text/csv",
        key=f"download_import_accepted_{token}",
        on_click="ignore",
    )
    c2.download_button(
        f"Rejected rows (CSV, {len(r.rejected)})",
        data=table_csv(r.rejected),
        file_name=f"{Path(name).stem}_rejected.csv",
        mime="text/csv",
        key=f"download_import_rejects_{token}",
        on_click="ignore",
    )


def _raster_uploader(out: Uploads) -> None:
    st.markdown("**Overlay a raster**")
    units = list(out.atlas.units["name"])
    if st.session_state.get("raster_clip", "") not in ("", *units):
        st.session_state.raster_clip = ""
    c1, c2, c3, c4 = st.columns([4, 2, 2, 2], vertical_alignment="bottom")
    out.raster = c1.file_uploader(
        "A GeoTIFF",
        type=["tif", "tiff"],
        key="upload_raster",
        help="Any CRS; up to 200 MiB; drawn at up to 1,024 cells across, so memory stays bounded.",
    )
    c2.selectbox("Colour map", list(COLORMAPS), key="raster_colormap")
    c3.selectbox(
        "Clip to", ["", *units], format_func=lambda u: u or "(no clipping)", key="raster_clip"
    )
    c4.checkbox("Hillshade (elevation in metres)", key="raster_hillshade")

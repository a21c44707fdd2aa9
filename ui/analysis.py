"""Raster analysis: the chosen surface (computed from the filtered sites), the user's raster,
the best siting places, and their summary beside the map."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from geo.analysis.geotiff import RasterFileError, display_surface, hillshade, surface_to_geotiff
from geo.analysis.raster import RasterInputError, Surface
from geo.analysis.siting import MIN_SEPARATION_KM
from geo.analysis.surfaces import SURFACES
from layers.overlays import UserRaster, overlay_layers
from ui import data as cached
from ui.text import md


def surface_label(name: str) -> str:
    """The registered surface's label (read at run time: surfaces may be registered later)."""
    return SURFACES[name].label if name in SURFACES else "None"


STRAIGHT_LINE = (
    "Distances are straight lines between points (great-circle km), not road or rail access; "
    "district-level points sit at their district headquarters and pull results towards it."
)


@dataclass
class Analysis:
    surface: Surface | None = None
    display: object | None = None
    best: pd.DataFrame | None = None
    user: UserRaster | None = None
    error: str = ""
    raster_error: str = ""

    def overlays(self) -> list:
        spec = SURFACES.get(self.surface.name) if self.surface is not None else None
        return overlay_layers(
            user=self.user,
            surface=self.display,
            surface_label=spec.label if spec else "",
            colormap=spec.colormap if spec else "viridis",
            reverse=spec.reverse if spec else False,
            best=self.best,
            best_units=self.surface.units if self.surface is not None else "km",
        )


def compute(view, flt, layer_key, data, all_sites, raster_upload, boundary_key) -> Analysis:
    out = Analysis()
    if view.surface != "none":
        try:
            out.surface = cached.surface_for(
                layer_key,
                view.surface,
                flt,
                tuple(sorted(view.surface_values().items())),
                data,
                all_sites,
            )
            out.display = display_surface(out.surface)
        except RasterInputError as exc:
            out.error = f"No {surface_label(view.surface).lower()} surface: {exc}."
    if out.surface is not None and "best_cells" in SURFACES[out.surface.name].outputs:
        out.best = cached.best_places_for(
            layer_key,
            view.surface,
            flt,
            tuple(sorted(view.surface_values().items())),
            out.surface,
            data,
            all_sites,
        )
    if raster_upload is not None:
        try:
            display = cached.user_raster(
                raster_upload.name,
                raster_upload.getvalue(),
                st.session_state.get("raster_clip", ""),
                boundary_key,
                data.units,
            )
            shade = hillshade(display) if st.session_state.get("raster_hillshade") else None
            out.user = UserRaster(
                display,
                name=f"Your raster: {raster_upload.name}",
                colormap=st.session_state.get("raster_colormap", "viridis"),
                shade=shade,
            )
        except RasterFileError as exc:
            out.raster_error = f"Your raster cannot be shown: {exc}."
    return out


def analysis_panel(a: Analysis) -> None:
    """What the surface shows, its best places and its GeoTIFF, under the details panel."""
    if a.raster_error:
        st.error(md(a.raster_error))
    if a.error:
        st.warning(md(a.error))
    if a.surface is None:
        return
    surface = a.surface
    st.subheader(surface_label(surface.name))
    finite = surface.values[np.isfinite(surface.values)]
    st.caption(
        f"{surface.description}. Legend: {surface.units} from {finite.min():,.1f} to "
        f"{finite.max():,.1f}; {surface.grid.width} × {surface.grid.height} cells of "
        f"{surface.grid.cell_km:g} km. {STRAIGHT_LINE}"
    )
    if a.best is not None and len(a.best):
        top = a.best.iloc[0]
        st.success(
            f"Best place: {top['lat']:.4f}, {top['lon']:.4f}, {md(top['place'])}; mean "
            f"straight-line distance {top[surface.units]:,.0f} {surface.units} to the filtered "
            "deposits and mines."
        )
        st.caption(
            f"The {len(a.best)} best places, each at least {MIN_SEPARATION_KM:g} km from the "
            "others:"
        )
        st.dataframe(
            a.best[
                [
                    "rank",
                    "place",
                    surface.units,
                    "lat",
                    "lon",
                    "unit",
                    "nearest_site",
                    "nearest_site_km",
                    "district",
                ]
            ],
            hide_index=True,
            width="stretch",
            key="best_places",
        )
    st.download_button(
        "Download GeoTIFF",
        data=surface_to_geotiff(surface),
        file_name=f"pakistan_{surface.name}.tif",
        mime="image/tiff",
        key="download_surface",
        on_click="ignore",
    )

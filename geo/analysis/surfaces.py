"""The raster surfaces, each declared once: the registry the app, the URL, the CLI and
geo/analysis/raster
share.

A surface is one function ``(SurfaceInputs, **parameters) -> Surface`` plus one ``SurfaceSpec``
in ``SURFACES``. Its label, units, colour map, parameters (with their ranges and defaults) and
extra outputs are read from the spec by every consumer, so adding a surface touches this file
only (and geo/analysis/raster.py if its computation is new).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

import geopandas as gpd

from geo.analysis.raster import (
    RasterInputError,
    Surface,
    density_surface,
    distance_surface,
    processing_facilities,
    siting_surface,
)
from geo.model.infrastructure import ports
from geo.views.query import SiteFilter, filter_sites

Value = int | float | str


@dataclass(frozen=True)
class Param:
    """One parameter of a surface: its URL key and keyword (``name``), CLI flag, widget and range.

    A numeric parameter (``default`` an int or float) takes values from ``minimum`` to ``maximum``
    in steps of ``step`` from the minimum; a text parameter takes one of ``choices`` (value ->
    label shown in the app).
    """

    name: str
    label: str
    default: Value
    minimum: float = 0
    maximum: float = 0
    step: float = 1
    choices: Mapping[str, str] = field(default_factory=dict)
    help: str = ""

    @property
    def flag(self) -> str:
        """The CLI flag, e.g. ``--cell-km``."""
        return "--" + self.name.replace("_", "-")

    @property
    def numeric(self) -> bool:
        """Whether the parameter is a number (a slider) rather than a choice."""
        return not isinstance(self.default, str)

    def allowed(self) -> str:
        """The allowed values in words, for help texts and error messages."""
        if self.numeric:
            return f"{self.minimum:g} to {self.maximum:g} in steps of {self.step:g}"
        return f"one of {list(self.choices)}"

    def parse(self, raw: str | Value) -> Value:
        """``raw`` (text from a URL or the command line, or a value) checked against the range.

        Raises RasterInputError naming the parameter, the value and what is allowed.
        """
        try:
            value = type(self.default)(raw)
        except (TypeError, ValueError):
            value = None
        if self.numeric:
            ok = (
                value is not None
                and self.minimum <= value <= self.maximum
                and abs(((value - self.minimum) / self.step) % 1) < 1e-9
            )
        else:
            ok = value in self.choices
        if not ok:
            raise RasterInputError(
                f"`{self.name}` was {raw!r} but is expected to be {self.allowed()}"
            )
        return value


CELL_KM = Param(
    "cell_km",
    "Cell size (km)",
    10,
    minimum=5,
    maximum=50,
    step=5,
    help="side of the square equal-area cells",
)
BANDWIDTH_KM = Param(
    "bandwidth_km",
    "Density bandwidth (km)",
    50,
    minimum=10,
    maximum=200,
    step=10,
    help="standard deviation of the Gaussian kernel",
)
# A percentage rather than a fraction: integer steps keep the URL and CLI values exact.
PORT_WEIGHT = Param(
    "port_weight",
    "Weight of the distance to port (%)",
    0,
    minimum=0,
    maximum=100,
    step=10,
    help="0: only the distance to the deposits counts; 100: only the distance to the nearest sea"
    " or dry port (data/infrastructure.csv)",
)
WEIGHTING = Param(
    "weighting",
    "Weighting",
    "equal",
    # Labels for the weightings geo/analysis/raster.py defines (a test checks they are the same
    # set).
    choices={"equal": "Every site counts the same", "mines_double": "Mines count double"},
    help="how much each site counts",
)


@dataclass(frozen=True)
class SurfaceInputs:
    """What a surface is computed from: every site, the boundary units and the filter."""

    sites: gpd.GeoDataFrame
    units: gpd.GeoDataFrame
    flt: SiteFilter
    # Ports, rail heads and economic zones (geo/model/infrastructure.py); empty when none are
    # loaded.
    infrastructure: gpd.GeoDataFrame | None = None

    @cached_property
    def chosen(self) -> gpd.GeoDataFrame:
        """The sites the filter keeps."""
        return filter_sites(self.sites, self.flt)


@dataclass(frozen=True)
class SurfaceSpec:
    """A surface: ``compute(inputs, **parameters)``, how it is labelled and drawn, what it offers.

    ``colormap`` is a colour map name from layers/colormaps.py, ``reverse`` flips it (near or
    dense = warm); ``outputs`` names extras beyond the grid ("best_cells": the ten lowest cells).
    """

    name: str
    label: str
    units: str
    colormap: str
    reverse: bool
    compute: Callable[..., Surface]
    params: tuple[Param, ...] = (CELL_KM,)
    outputs: tuple[str, ...] = ()


def _density(inputs: SurfaceInputs, **params) -> Surface:
    return density_surface(inputs.chosen, inputs.units, **params)


def _distance(inputs: SurfaceInputs, **params) -> Surface:
    # Every facility of the filter's minerals, wherever it is: the nearest may lie across a
    # provincial border the filter excludes.
    facilities = processing_facilities(inputs.sites, inputs.flt.minerals)
    return distance_surface(facilities, inputs.units, **params)


def _siting(inputs: SurfaceInputs, port_weight: int = 0, **params) -> Surface:
    infrastructure = inputs.infrastructure
    port_points = ports(infrastructure) if infrastructure is not None else None
    return siting_surface(
        inputs.chosen, inputs.units, ports=port_points, port_weight=port_weight / 100, **params
    )


SURFACES: dict[str, SurfaceSpec] = {
    spec.name: spec
    for spec in (
        SurfaceSpec(
            "density",
            "Density of the filtered sites",
            "sites per 1,000 km²",
            "magma",
            True,
            _density,
            (CELL_KM, BANDWIDTH_KM, WEIGHTING),
        ),
        SurfaceSpec(
            "distance",
            "Distance to the nearest processing facility",
            "km",
            "magma",
            False,
            _distance,
            (CELL_KM,),
        ),
        SurfaceSpec(
            "siting",
            "Refinery siting: mean distance to the filtered deposits and mines",
            "km",
            "viridis",
            False,
            _siting,
            (CELL_KM, WEIGHTING, PORT_WEIGHT),
            outputs=("best_cells",),
        ),
    )
}


def surface_spec(name: str) -> SurfaceSpec:
    """The registered surface called ``name``; raises RasterInputError for an unknown one."""
    if name not in SURFACES:
        raise RasterInputError(f"`surface` was {name!r} but is expected to be in {list(SURFACES)}")
    return SURFACES[name]


def surface_parameters() -> dict[str, Param]:
    """Every parameter any registered surface takes, by name, in registry order."""
    out: dict[str, Param] = {}
    for spec in SURFACES.values():
        for param in spec.params:
            if out.setdefault(param.name, param) != param:
                raise RasterInputError(f"two surfaces declare `{param.name}` differently")
    return out


def compute_surface(
    kind: str,
    sites: gpd.GeoDataFrame,
    units: gpd.GeoDataFrame,
    flt: SiteFilter,
    infrastructure: gpd.GeoDataFrame | None = None,
    **params: Value,
) -> Surface:
    """The ``kind`` surface for the sites ``flt`` keeps (``flt`` normalised).

    ``params`` are the surface's parameters (missing ones take their defaults; ones the surface
    does not take are ignored, so a caller may pass every parameter it holds). Raises
    RasterInputError for an unknown surface, a value out of range, or nothing to compute from.
    """
    spec = surface_spec(kind)
    values = {p.name: p.parse(params.get(p.name, p.default)) for p in spec.params}
    surface = spec.compute(SurfaceInputs(sites, units, flt, infrastructure), **values)
    return replace(surface, name=spec.name, units=spec.units)

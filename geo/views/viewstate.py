"""What a view of the atlas is (filters and map options) and how it travels in a URL.

``options()`` is the one declaration of every option of a view: its name (the ViewState or
SiteFilter attribute, also the widget's session key), its URL key, its type, the values it may
take, its default, its label and the widget that sets it. The page builds its widgets from it
(ui/controls.py), the URL round trip below reads it, and the CLI adds its filter flags from it
(``add_filter_arguments``).

A link such as ``?mineral=copper,gold&province=Balochistan&basemap=offline`` reopens the same
view. Links are typed and pasted by people, so reading one never fails: values the data cannot
have are dropped and each is reported.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from geo.analysis.raster import RasterInputError
from geo.analysis.surfaces import SURFACES, Param, surface_parameters
from geo.errors import FilterError
from geo.ingest import limits
from geo.model.sites import FILTER_PRECISIONS, SITE_TYPES, STATUSES, precision_help
from geo.model.vocabulary import Vocabulary
from geo.views.query import SiteFilter

BASEMAPS = ("offline", "street", "imagery", "terrain")
PROVINCE_MODES = ("outline", "count", "density")
LEGEND_STATES = ("open", "closed")
# The sections below the map (app.py gives each its label), so a link can open one.
TABS = ("sites", "projects", "provinces", "data", "changes", "downloads")
NO_SURFACE = "none"
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


@dataclass(frozen=True)
class ViewOption:
    """One option of a view.

    ``kind``: ``list`` (several values; SiteFilter field), ``text`` (free text), ``choice`` (one
    of ``choices``), ``bool``, ``site`` (a site id), ``surface`` (one of the registered surfaces
    or "none"), ``param`` (a surface parameter: ``param`` checks its values). ``choices`` is
    empty when the data supplies the values (minerals from the vocabulary, provinces from the
    boundaries). ``surfaces``: an analysis parameter shown only when one of these is chosen.
    """

    name: str
    url: str
    kind: str
    default: Any
    label: str
    widget: str
    section: str
    choices: tuple = ()
    aliases: Mapping[str, str] = field(default_factory=dict)
    cli: str = ""
    help: str = ""
    surfaces: tuple[str, ...] = ()
    param: Param | None = None


_STATIC: tuple[ViewOption, ...] = (
    ViewOption(
        "minerals",
        "mineral",
        "list",
        (),
        "Minerals",
        "multiselect",
        "filter",
        cli="mineral",
        help="Sites listing any of the chosen minerals (with how many list it).",
    ),
    ViewOption(
        "site_types",
        "type",
        "list",
        (),
        "Site type",
        "multiselect",
        "filter",
        SITE_TYPES,
        cli="site-type",
    ),
    ViewOption(
        "statuses",
        "status",
        "list",
        (),
        "Status",
        "multiselect",
        "filter",
        STATUSES,
        cli="status",
    ),
    ViewOption(
        "provinces",
        "province",
        "list",
        (),
        "Province or territory",
        "multiselect",
        "filter",
        cli="province",
    ),
    ViewOption(
        "precisions",
        "precision",
        "list",
        (),
        "Location precision",
        "multiselect",
        "filter",
        FILTER_PRECISIONS,
        cli="precision",
        help=precision_help(),
    ),
    ViewOption(
        "text",
        "q",
        "text",
        "",
        "Search name, operator, owners, notes",
        "text_input",
        "filter",
        cli="text",
    ),
    ViewOption(
        "basemap",
        "basemap",
        "choice",
        "offline",
        "Basemap",
        "selectbox",
        "map",
        BASEMAPS,
        # Older links said "none" for the tile-free map.
        aliases={"none": "offline"},
        help="The offline map is bundled with the atlas (no tile server); if a tile server "
        "cannot be reached the map switches to it by itself.",
    ),
    ViewOption(
        "provinces_as",
        "provinces_as",
        "choice",
        "outline",
        "Provinces",
        "radio",
        "map",
        PROVINCE_MODES,
    ),
    ViewOption("cluster", "cluster", "bool", False, "Cluster markers", "toggle", "map"),
    ViewOption("heat", "heat", "bool", False, "Heat map", "toggle", "map"),
    ViewOption(
        "pin",
        "pin",
        "bool",
        False,
        "Keep my map view when filters change",
        "toggle",
        "map",
        help="Off: each filter change fits the map to the filtered sites.",
    ),
    ViewOption("legend", "legend", "choice", "open", "Legend", "none", "map", LEGEND_STATES),
    ViewOption("tab", "tab", "choice", "sites", "Section below the map", "none", "page", TABS),
    ViewOption("site", "site", "site", "", "Selected site", "none", "hidden"),
)
FILTER_OPTIONS = tuple(o for o in _STATIC if o.section == "filter")


def options() -> tuple[ViewOption, ...]:
    """Every option of a view: the fixed ones, the surface choice, and one option per surface
    parameter, read from the surface registry (geo/analysis/surfaces.py) each time, so a newly
    registered
    surface and its parameters reach the widgets, the URL and the CLI with no other edit."""
    params = surface_parameters()
    users = {
        name: tuple(s.name for s in SURFACES.values() if any(p.name == name for p in s.params))
        for name in params
    }
    surface = ViewOption(
        "surface",
        "surface",
        "surface",
        NO_SURFACE,
        "Raster surface",
        "selectbox",
        "analysis",
        (NO_SURFACE, *SURFACES),
    )
    analysis = tuple(
        ViewOption(
            p.name,
            p.name,
            "param",
            p.default,
            p.label,
            "slider" if p.numeric else "selectbox",
            "analysis",
            tuple(p.choices),
            cli=p.flag.lstrip("-"),
            help=p.help,
            surfaces=users[p.name],
            param=p,
        )
        for p in params.values()
    )
    *before, site = _STATIC
    return (*before, surface, *analysis, site)


def option(name: str) -> ViewOption:
    """The option called ``name`` (StopIteration for an unknown one)."""
    return next(o for o in options() if o.name == name)


def _default(name: str) -> Any:
    return next(o.default for o in _STATIC if o.name == name)


@dataclass(frozen=True)
class ViewState:
    filter: SiteFilter = field(default_factory=SiteFilter)
    basemap: str = _default("basemap")
    provinces_as: str = _default("provinces_as")
    cluster: bool = _default("cluster")
    heat: bool = _default("heat")
    pin: bool = _default("pin")
    legend: str = _default("legend")
    tab: str = _default("tab")
    surface: str = NO_SURFACE
    # (name, value) of the surface parameters that differ from their defaults, in registry
    # order (geo/analysis/surfaces.py declares them); see surface_values().
    surface_params: tuple[tuple[str, object], ...] = ()
    site: str = _default("site")

    def surface_values(self) -> dict[str, object]:
        """Every surface parameter's value in this view, defaults filled in."""
        chosen = dict(self.surface_params)
        return {n: chosen.get(n, p.default) for n, p in surface_parameters().items()}

    def with_surface_values(self, values: Mapping[str, object]) -> ViewState:
        """This view with the given surface parameter values (defaults are not stored)."""
        merged = {**self.surface_values(), **values}
        kept = tuple(
            (n, merged[n]) for n, p in surface_parameters().items() if merged[n] != p.default
        )
        return replace(self, surface_params=kept)

    def value(self, name: str) -> Any:
        """The value of option ``name`` (filter options read from ``filter``)."""
        if any(o.name == name for o in FILTER_OPTIONS):
            return getattr(self.filter, name)
        if name in surface_parameters():
            return self.surface_values()[name]
        return getattr(self, name)


def state_values(state: ViewState) -> dict[str, Any]:
    """Option name -> value, lists as lists (what widgets hold)."""
    return {
        o.name: list(state.value(o.name)) if o.kind == "list" else state.value(o.name)
        for o in options()
    }


def state_from_values(values: Mapping[str, Any]) -> ViewState:
    """The view the widgets describe (missing names keep their defaults); not normalised."""
    flt = SiteFilter(
        **{
            o.name: (tuple(values[o.name]) if o.kind == "list" else values[o.name])
            for o in FILTER_OPTIONS
            if o.name in values
        }
    )
    own = {f.name for f in fields(ViewState)}
    rest = {o.name: values[o.name] for o in _STATIC if o.name in own and o.name in values}
    if "surface" in values:
        rest["surface"] = values["surface"]
    params = {n: values[n] for n in surface_parameters() if n in values}
    return ViewState(filter=flt, **rest).with_surface_values(params)


def to_params(state: ViewState) -> dict[str, str]:
    """Query parameters for ``state``; defaults are left out so links stay short."""
    params: dict[str, str] = {}
    for o in options():
        value = state.value(o.name)
        if o.kind == "list":
            value = tuple(value)
        if value == (tuple(o.default) if o.kind == "list" else o.default):
            continue
        if o.kind == "list":
            params[o.url] = ",".join(value)
        elif o.kind == "bool":
            params[o.url] = "1" if value else "0"
        else:
            params[o.url] = str(value)
    return params


def from_params(
    params: Mapping[str, str | list[str]],
    vocabulary: Vocabulary,
    units: Iterable[str],
    site_ids: Iterable[str] = (),
) -> tuple[ViewState, list[str]]:
    """The view a URL describes, and one note for every value that was ignored.

    A link is anyone's text: each list reads at most ``limits.LINK_VALUES`` values and at most
    ``limits.LINK_WARNINGS`` notes are listed (the rest are counted), so a link with 20,000
    values costs no more than a short one.
    """
    units = list(units)
    warnings: list[str] = []
    values: dict[str, Any] = {}
    for o in options():
        raw = params.get(o.url)
        if raw is None:
            continue
        text = _single(raw)
        if o.kind == "list":
            kept = []
            given = _values(raw)
            if len(given) > limits.LINK_VALUES:
                warnings.append(
                    f"the link lists {len(given):,} values for {o.url}; only the first "
                    f"{limits.LINK_VALUES} were read"
                )
                given = given[: limits.LINK_VALUES]
            for value in given:
                try:
                    one = replace(SiteFilter(), **{o.name: (value,)}).normalised(vocabulary, units)
                except FilterError:
                    warnings.append(f"ignored {o.url}={value!r} from the link: not a known {o.url}")
                    continue
                kept.extend(getattr(one, o.name))
            values[o.name] = tuple(dict.fromkeys(kept))
        elif o.kind == "text":
            values[o.name] = " ".join(_values(raw, split=False))
        elif not text:
            continue
        elif o.kind == "bool":
            if text.lower() in _TRUE or text.lower() in _FALSE:
                values[o.name] = text.lower() in _TRUE
            else:
                warnings.append(f"ignored {o.url}={text!r}: expected 1 or 0")
        elif o.kind == "site":
            if text in set(site_ids):
                values[o.name] = text
            else:
                warnings.append(f"ignored {o.url}={text!r}: no such site")
        elif o.kind == "param":
            try:
                values[o.name] = o.param.parse(text)
            except RasterInputError:
                warnings.append(f"ignored {o.url}={text!r}: expected {o.param.allowed()}")
        else:
            value = o.aliases.get(text, text)
            if value in o.choices:
                values[o.name] = value
            else:
                expected = list(o.choices if o.kind != "surface" else o.choices[1:])
                warnings.append(f"ignored {o.url}={text!r}: expected one of {expected}")
    return state_from_values(values), _summarised(warnings)


def _summarised(warnings: list[str]) -> list[str]:
    shown = [w if len(w) <= 300 else w[:299] + "…" for w in warnings[: limits.LINK_WARNINGS]]
    more = len(warnings) - len(shown)
    if more > 0:
        shown.append(f"and {more:,} more values were ignored")
    return shown


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The CLI's filter flags (``--mineral``, ``--status`` …), one per filter option."""
    for o in FILTER_OPTIONS:
        if o.kind == "list":
            parser.add_argument(
                f"--{o.cli}",
                dest=o.name,
                action="append",
                default=[],
                choices=o.choices or None,
                help=f"{o.label}; repeatable",
            )
        else:
            parser.add_argument(f"--{o.cli}", dest=o.name, default=o.default, help=o.label)


def filter_from_arguments(args: argparse.Namespace) -> SiteFilter:
    """The SiteFilter the CLI flags of ``add_filter_arguments`` describe (not normalised)."""
    return state_from_values({o.name: getattr(args, o.name) for o in FILTER_OPTIONS}).filter


def _values(raw: str | list[str] | None, *, split: bool = True) -> list[str]:
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else list(raw)
    if split:
        items = [part for item in items for part in item.split(",")]
    return [i.strip() for i in items if i.strip()]


def _single(raw: str | list[str] | None) -> str:
    values = _values(raw, split=False)
    return values[-1] if values else ""

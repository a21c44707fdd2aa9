"""What a view of the atlas is (filters and map options) and how it travels in a URL.

A link such as ``?mineral=copper,gold&province=Balochistan&basemap=none`` reopens the same view.
Links are typed and pasted by people, so reading one never fails: values the data cannot have
are dropped and reported as warnings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from geo import limits
from geo.analysis import SURFACES, surface_parameters
from geo.errors import FilterError
from geo.query import SiteFilter
from geo.raster import RasterInputError
from geo.vocabulary import Vocabulary

BASEMAPS = ("street", "imagery", "terrain", "none")
PROVINCE_MODES = ("outline", "count", "density")

# URL key -> SiteFilter field
_LIST_KEYS = {
    "mineral": "minerals",
    "type": "site_types",
    "status": "statuses",
    "province": "provinces",
    "precision": "precisions",
}


# URL key -> the values a ViewState field of the same name may take.
_CHOICES: dict[str, tuple] = {
    "basemap": BASEMAPS,
    "provinces_as": PROVINCE_MODES,
}


@dataclass(frozen=True)
class ViewState:
    filter: SiteFilter = field(default_factory=SiteFilter)
    basemap: str = "street"
    provinces_as: str = "outline"
    cluster: bool = False
    heat: bool = False
    surface: str = "none"
    # (name, value) of the surface parameters that differ from their defaults, in registry
    # order (geo/analysis.py declares them); see surface_values().
    surface_params: tuple[tuple[str, object], ...] = ()
    site: str = ""

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


def to_params(state: ViewState) -> dict[str, str]:
    """Query parameters for ``state``; defaults are left out so links stay short."""
    params: dict[str, str] = {}
    for key, attr in _LIST_KEYS.items():
        values = getattr(state.filter, attr)
        if values:
            params[key] = ",".join(values)
    if state.filter.text:
        params["q"] = state.filter.text
    default = ViewState()
    if state.basemap != default.basemap:
        params["basemap"] = state.basemap
    if state.provinces_as != default.provinces_as:
        params["provinces_as"] = state.provinces_as
    if state.cluster:
        params["cluster"] = "1"
    if state.heat:
        params["heat"] = "1"
    if state.surface != default.surface:
        params["surface"] = state.surface
    for name, value in state.surface_params:
        params[name] = str(value)
    if state.site:
        params["site"] = state.site
    return params


def from_params(
    params: Mapping[str, str | list[str]],
    vocabulary: Vocabulary,
    units: Iterable[str],
    site_ids: Iterable[str] = (),
) -> tuple[ViewState, list[str]]:
    """The view a URL describes, and a warning for every value that was ignored.

    A link is anyone's text: each list reads at most ``limits.LINK_VALUES`` values and at most
    ``limits.LINK_WARNINGS`` warnings are listed (the rest are counted), so a link with 20,000
    values costs no more than a short one.
    """
    units = list(units)
    warnings: list[str] = []
    flt = SiteFilter()
    for key, attr in _LIST_KEYS.items():
        kept = []
        given = _values(params.get(key))
        if len(given) > limits.LINK_VALUES:
            warnings.append(
                f"the link lists {len(given):,} values for {key}; only the first "
                f"{limits.LINK_VALUES} were read"
            )
            given = given[: limits.LINK_VALUES]
        for value in given:
            try:
                one = replace(SiteFilter(), **{attr: (value,)}).normalised(vocabulary, units)
            except FilterError:
                warnings.append(f"ignored {key}={value!r} from the link: not a known {key}")
                continue
            kept.extend(getattr(one, attr))
        flt = replace(flt, **{attr: tuple(dict.fromkeys(kept))})
    flt = replace(flt, text=" ".join(_values(params.get("q"), split=False)))
    state = ViewState(filter=flt)
    for name, allowed in _CHOICES.items():
        raw = _single(params.get(name))
        if not raw:
            continue
        value = int(raw) if raw.isdigit() and all(isinstance(a, int) for a in allowed) else raw
        if value in allowed:
            state = replace(state, **{name: value})
        else:
            warnings.append(f"ignored {name}={raw!r}: expected one of {list(allowed)}")
    surface = _single(params.get("surface"))
    if surface in SURFACES:
        state = replace(state, surface=surface)
    elif surface and surface != "none":
        warnings.append(f"ignored surface={surface!r}: expected one of {list(SURFACES)}")
    values = {}
    for name, param in surface_parameters().items():
        raw = _single(params.get(name))
        if raw:
            try:
                values[name] = param.parse(raw)
            except RasterInputError:
                warnings.append(f"ignored {name}={raw!r}: expected {param.allowed()}")
    state = replace(
        state.with_surface_values(values),
        cluster=_single(params.get("cluster")) in ("1", "true", "yes"),
        heat=_single(params.get("heat")) in ("1", "true", "yes"),
    )
    site = _single(params.get("site"))
    if site:
        if site in set(site_ids):
            state = replace(state, site=site)
        else:
            warnings.append(f"ignored site={site!r}: no such site")
    return state, _summarised(warnings)


def _summarised(warnings: list[str]) -> list[str]:
    shown = [w if len(w) <= 300 else w[:299] + "…" for w in warnings[: limits.LINK_WARNINGS]]
    more = len(warnings) - len(shown)
    if more > 0:
        shown.append(f"and {more:,} more values were ignored")
    return shown


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

"""What a view of the atlas is (filters and map options) and how it travels in a URL.

A link such as ``?mineral=copper,gold&province=Balochistan&basemap=none`` reopens the same view.
Links are typed and pasted by people, so reading one never fails: values the data cannot have
are dropped and reported as warnings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from geo.errors import FilterError
from geo.query import SiteFilter
from geo.raster import WEIGHTINGS as RASTER_WEIGHTINGS
from geo.vocabulary import Vocabulary

BASEMAPS = ("street", "imagery", "terrain", "none")
PROVINCE_MODES = ("outline", "count", "density")
SURFACE_KINDS = ("none", "density", "distance", "siting")
CELL_SIZES = (5, 10, 20)
BANDWIDTHS = tuple(range(10, 201, 10))
WEIGHTINGS = tuple(RASTER_WEIGHTINGS)

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
    "surface": SURFACE_KINDS,
    "cell_km": CELL_SIZES,
    "bandwidth_km": BANDWIDTHS,
    "weighting": WEIGHTINGS,
}


@dataclass(frozen=True)
class ViewState:
    filter: SiteFilter = field(default_factory=SiteFilter)
    basemap: str = "street"
    provinces_as: str = "outline"
    cluster: bool = False
    heat: bool = False
    surface: str = "none"
    cell_km: int = 10
    bandwidth_km: int = 50
    weighting: str = "equal"
    site: str = ""


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
    for name in ("cell_km", "bandwidth_km", "weighting"):
        if getattr(state, name) != getattr(default, name):
            params[name] = str(getattr(state, name))
    if state.site:
        params["site"] = state.site
    return params


def from_params(
    params: Mapping[str, str | list[str]],
    vocabulary: Vocabulary,
    units: Iterable[str],
    site_ids: Iterable[str] = (),
) -> tuple[ViewState, list[str]]:
    """The view a URL describes, and a warning for every value that was ignored."""
    units = list(units)
    warnings: list[str] = []
    flt = SiteFilter()
    for key, attr in _LIST_KEYS.items():
        kept = []
        for value in _values(params.get(key)):
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
    state = replace(
        state,
        cluster=_single(params.get("cluster")) in ("1", "true", "yes"),
        heat=_single(params.get("heat")) in ("1", "true", "yes"),
    )
    site = _single(params.get("site"))
    if site:
        if site in set(site_ids):
            state = replace(state, site=site)
        else:
            warnings.append(f"ignored site={site!r}: no such site")
    return state, warnings


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

"""One filter object, applied the same way by the app, the CLI and the exporters."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import geopandas as gpd
import pandas as pd

from geo.errors import FilterError
from geo.model import fields
from geo.model.normalise import key
from geo.model.provinces import normalise_unit
from geo.model.sites import FILTER_PRECISIONS, SITE_TYPES, STATUSES
from geo.model.vocabulary import Vocabulary
from geo.views.summary import site_unit

_PROJECT_TEXT_COLUMNS = ("id", "name", "partners", "notes")


@dataclass(frozen=True)
class SiteFilter:
    """What to show. Empty tuples mean "no restriction"; values within a field are OR-ed, the
    fields are AND-ed. ``text`` matches every word (case-insensitive) somewhere in a site's
    searchable fields (id, name, operator, owners, district, notes: geo/model/fields.py)."""

    minerals: tuple[str, ...] = ()
    site_types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    precisions: tuple[str, ...] = ()
    text: str = ""

    def normalised(self, vocabulary: Vocabulary, units: Iterable[str]) -> SiteFilter:
        """The same filter with every value in canonical form; FilterError names the first field
        with a value the data cannot have, listing what is allowed."""
        minerals = []
        for m in self.minerals:
            mid = vocabulary.normalise(m)
            if mid is None:
                raise FilterError(
                    f"`minerals` had {m!r} but is expected to be in {sorted(vocabulary.ids)}"
                )
            minerals.append(mid)
        return replace(
            self,
            minerals=tuple(dict.fromkeys(minerals)),
            site_types=_checked("site_types", self.site_types, SITE_TYPES),
            statuses=_checked("statuses", self.statuses, STATUSES),
            precisions=_checked("precisions", self.precisions, FILTER_PRECISIONS),
            provinces=_units("provinces", self.provinces, list(units)),
            text=" ".join(self.text.split()),
        )

    @property
    def is_empty(self) -> bool:
        """Whether the filter keeps every record (no field is set)."""
        return not any(
            (
                self.minerals,
                self.site_types,
                self.statuses,
                self.provinces,
                self.precisions,
                self.text,
            )
        )


def _checked(name: str, values: Iterable[str], allowed: tuple[str, ...]) -> tuple[str, ...]:
    by_key = {key(a): a for a in allowed}
    out = []
    for v in values:
        if key(v) not in by_key:
            raise FilterError(f"`{name}` had {v!r} but is expected to be in {list(allowed)}")
        out.append(by_key[key(v)])
    return tuple(dict.fromkeys(out))


def _units(name: str, values: Iterable[str], units: list[str]) -> tuple[str, ...]:
    by_key = {key(u): u for u in units}
    by_key |= {key(normalise_unit(u) or u): u for u in units}
    out = []
    for v in values:
        unit = by_key.get(key(v)) or by_key.get(key(normalise_unit(v) or ""))
        if unit is None:
            raise FilterError(f"`{name}` had {v!r} but is expected to be in {units}")
        out.append(unit)
    return tuple(dict.fromkeys(out))


def filter_sites(sites: gpd.GeoDataFrame, flt: SiteFilter) -> gpd.GeoDataFrame:
    """The rows of ``sites`` (joined, with a ``unit`` column) that ``flt`` keeps.

    ``flt`` must already be normalised (see SiteFilter.normalised)."""
    keep = pd.Series(True, index=sites.index)
    if flt.minerals:
        wanted = set(flt.minerals)
        keep &= sites["minerals"].map(lambda ms: bool(wanted.intersection(ms)))
    if flt.site_types:
        keep &= sites["site_type"].isin(flt.site_types)
    if flt.statuses:
        keep &= sites["status"].isin(flt.statuses)
    if flt.precisions:
        keep &= sites["location_precision"].isin(flt.precisions)
    if flt.provinces:
        keep &= site_unit(sites).isin(flt.provinces)
    if flt.text:
        keep &= _text_match(sites, fields.searchable_columns(), flt.text)
    return sites[keep]


def filter_projects(
    projects: gpd.GeoDataFrame, sites: gpd.GeoDataFrame, flt: SiteFilter
) -> gpd.GeoDataFrame:
    """Projects matching the mineral, province and text parts of ``flt``.

    A project matches a province when it declares it or when one of its sites lies in it, so a
    refinery project with no site yet still shows under its declared province. Site type,
    status and precision describe sites, not projects, and are ignored here.
    """
    keep = pd.Series(True, index=projects.index)
    if flt.minerals:
        wanted = set(flt.minerals)
        keep &= projects["minerals"].map(lambda ms: bool(wanted.intersection(ms)))
    if flt.provinces:
        units = dict(zip(sites["id"], site_unit(sites), strict=True))
        wanted = set(flt.provinces)
        keep &= pd.Series(
            [
                (p in wanted) or any(units.get(s) in wanted for s in ids)
                for p, ids in zip(projects["province"], projects["site_ids"], strict=True)
            ],
            index=projects.index,
            dtype=bool,
        )
    if flt.text:
        keep &= _text_match(projects, _PROJECT_TEXT_COLUMNS, flt.text)
    return projects[keep]


def _text_match(frame: pd.DataFrame, columns: tuple[str, ...], text: str) -> pd.Series:
    if frame.empty:
        return pd.Series(True, index=frame.index)
    haystack = frame[[c for c in columns if c in frame.columns]].apply(
        lambda row: " ".join(
            " ".join(v) if isinstance(v, list) else str(v or "") for v in row
        ).casefold(),
        axis=1,
    )
    keep = pd.Series(True, index=frame.index)
    for word in text.casefold().split():
        keep &= haystack.str.contains(word, regex=False)
    return keep


__all__ = ["SiteFilter", "filter_projects", "filter_sites"]

"""Quality measures of a site layer: coordinate stacks (several sites on one identical point),
the precision mix and the seed-mineral counts that `geo validate` prints.

A stack usually means district headquarters standing in for unknown sites; more than
``STACK_LIMIT`` is allowed only for the parts of one complex, which every row says in ``notes``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import geopandas as gpd

from geo.errors import Problem
from geo.model.sites import PRECISIONS

STACK_LIMIT = 3
# The minerals of the US–Pakistan poly-metallic refinery (USSM–FWO MoU, projects.csv), whose
# coverage each data release reports.
SEED_MINERALS = ("antimony", "tungsten", "rare_earths", "copper", "gold")
COMPLEX_NOTE = re.compile(r"\bcomplex\b", re.IGNORECASE)
# 1e-5° is about a metre: points closer than that are one point on the map.
_DECIMALS = 5


@dataclass(frozen=True)
class Stack:
    lat: float
    lon: float
    ids: tuple[str, ...]

    def __str__(self) -> str:
        return f"{len(self.ids)} sites at ({self.lat}, {self.lon}): {', '.join(self.ids)}"


def coordinate_stacks(sites: gpd.GeoDataFrame) -> list[Stack]:
    """Every point shared by two or more mapped sites, largest first."""
    mapped = sites[sites.geometry.notna()]
    groups: dict[tuple[float, float], list[str]] = {}
    for sid, lat, lon in zip(mapped["id"], mapped.geometry.y, mapped.geometry.x, strict=True):
        groups.setdefault((round(lat, _DECIMALS), round(lon, _DECIMALS)), []).append(sid)
    stacks = [Stack(lat, lon, tuple(ids)) for (lat, lon), ids in groups.items() if len(ids) > 1]
    return sorted(stacks, key=lambda s: (-len(s.ids), s.ids))


def stack_problems(
    sites: gpd.GeoDataFrame,
    lines: dict[str, int],
    file: str = "sites.csv",
    limit: int = STACK_LIMIT,
) -> list[Problem]:
    """One Problem per row of a stack larger than ``limit`` whose notes do not declare it part of
    one complex."""
    notes = dict(zip(sites["id"], sites["notes"].fillna(""), strict=True))
    problems = []
    for stack in coordinate_stacks(sites):
        if len(stack.ids) <= limit:
            continue
        for sid in stack.ids:
            if not COMPLEX_NOTE.search(notes.get(sid, "")):
                problems.append(
                    Problem(
                        file,
                        lines.get(sid),
                        "lat/lon",
                        f"site {sid!r} in a stack of {len(stack.ids)} sites at "
                        f"({stack.lat}, {stack.lon})",
                        f"at most {limit} sites on one point, unless notes say they are parts "
                        "of one complex",
                    )
                )
    return problems


def precision_mix(sites: gpd.GeoDataFrame) -> dict[str, int]:
    """Rows per location-precision class, in the registry's order (zeros included)."""
    counts = Counter(sites["location_precision"])
    return {p: int(counts.get(p, 0)) for p in PRECISIONS}


def mineral_counts(
    sites: gpd.GeoDataFrame, minerals: tuple[str, ...] = SEED_MINERALS
) -> dict[str, int]:
    """Sites listing each of ``minerals`` (anywhere in their list, not only as primary)."""
    return {m: int(sites["minerals"].map(lambda ms, m=m: m in ms).sum()) for m in minerals}

"""The mineral vocabulary: canonical ids and every spelling that maps to them.

The data lives in ``data/minerals.csv``; this module only loads it and answers "which mineral is
this spelling?". Input files may say ``Cu``, ``copper ore``, ``REE``, ``wolfram`` or
``Lead-Zinc``; everything downstream sees canonical ids only.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from geo.errors import DataValidationError, Problem
from geo.model.normalise import key as _key
from geo.paths import DATA_DIR

MINERALS_PATH = DATA_DIR / "minerals.csv"
COLUMNS = ("id", "name", "symbol", "group", "us_critical", "us_critical_note", "synonyms", "colour")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# Compound commodity names such as "lead-zinc", "Cu/Au" or "copper and gold".
_COMPOUND = re.compile(r"\s*(?:-|/|&|\+|,|\band\b)\s*")


@dataclass(frozen=True)
class Mineral:
    id: str
    name: str
    symbol: str
    group: str
    us_critical: str
    us_critical_note: str
    synonyms: tuple[str, ...]
    colour: str


@dataclass(frozen=True)
class Vocabulary:
    minerals: dict[str, Mineral]
    _lookup: dict[str, str] = field(repr=False)

    @property
    def ids(self) -> tuple[str, ...]:
        """Every mineral id, in the order of data/minerals.csv."""
        return tuple(self.minerals)

    def normalise(self, text: str) -> str | None:
        """The canonical id for one spelling, or None when nothing matches."""
        key = _key(text)
        if not key:
            return None
        if key in self._lookup:
            return self._lookup[key]
        for variant in _variants(key):
            if variant in self._lookup:
                return self._lookup[variant]
        return None

    def normalise_many(self, text: str) -> tuple[list[str], list[str]]:
        """Split a ``;``-separated list and normalise each part.

        Returns (canonical ids in order without repeats, parts that matched nothing). A compound
        such as ``lead-zinc`` expands to both metals when the whole does not match.
        """
        found: list[str] = []
        unknown: list[str] = []
        for part in (p.strip() for p in re.split(r"[;|]", text or "")):
            if not part:
                continue
            ids = self._ids_for(part)
            if ids is None:
                unknown.append(part)
                continue
            found.extend(i for i in ids if i not in found)
        return found, unknown

    def _ids_for(self, part: str) -> list[str] | None:
        single = self.normalise(part)
        if single is not None:
            return [single]
        pieces = [p for p in _COMPOUND.split(part) if p.strip()]
        if len(pieces) < 2:
            return None
        ids = [self.normalise(p) for p in pieces]
        return None if any(i is None for i in ids) else ids  # type: ignore[return-value]

    def colour(self, mineral_id: str) -> str:
        """The map colour of a mineral id; raises KeyError for an unknown id."""
        return self.minerals[mineral_id].colour

    def name(self, mineral_id: str) -> str:
        """The display name of a mineral id; raises KeyError for an unknown id."""
        return self.minerals[mineral_id].name


def _variants(key: str) -> list[str]:
    # Plurals and generic suffixes ("copper ores", "gold deposits", "chromite mineral").
    out = []
    for suffix in (" ores", " ore", " deposits", " deposit", " minerals", " mineral"):
        if key.endswith(suffix):
            out.append(key[: -len(suffix)])
    for word in [*out, key]:
        if word.endswith("ies"):
            out.append(word[:-3] + "y")
        if word.endswith("es"):
            out.append(word[:-2])
        if word.endswith("s"):
            out.append(word[:-1])
    return out


def load_vocabulary(path: Path = MINERALS_PATH) -> Vocabulary:
    """Load and check the vocabulary; every problem in the file is reported at once."""
    problems: list[Problem] = []
    minerals: dict[str, Mineral] = {}
    lookup: dict[str, str] = {}
    name = path.name
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise DataValidationError(
                name, [Problem(name, 1, None, f"header {reader.fieldnames}", f"columns {missing}")]
            )
        for row in reader:
            line = reader.line_num
            mid = (row["id"] or "").strip()
            if not _ID.match(mid):
                problems.append(Problem(name, line, "id", repr(mid), "a snake_case id"))
                continue
            if mid in minerals:
                problems.append(Problem(name, line, "id", f"duplicate id {mid!r}", "unique ids"))
                continue
            if row["us_critical"] not in ("yes", "no", "partial"):
                problems.append(
                    Problem(
                        name, line, "us_critical", repr(row["us_critical"]), "yes, no or partial"
                    )
                )
            if not _COLOUR.match(row["colour"] or ""):
                problems.append(Problem(name, line, "colour", repr(row["colour"]), "#rrggbb"))
            synonyms = tuple(s.strip() for s in (row["synonyms"] or "").split(";") if s.strip())
            minerals[mid] = Mineral(
                id=mid,
                name=row["name"].strip(),
                symbol=(row["symbol"] or "").strip(),
                group=row["group"].strip(),
                us_critical=row["us_critical"],
                us_critical_note=(row["us_critical_note"] or "").strip(),
                synonyms=synonyms,
                colour=row["colour"],
            )
            for spelling in (mid, mid.replace("_", " "), row["name"], row["symbol"], *synonyms):
                key = _key(spelling or "")
                if not key:
                    continue
                if lookup.get(key, mid) != mid:
                    problems.append(
                        Problem(
                            name,
                            line,
                            "synonyms",
                            f"{spelling!r} also names {lookup[key]!r}",
                            "each spelling to name one mineral",
                        )
                    )
                    continue
                lookup[key] = mid
    if problems:
        raise DataValidationError(name, problems)
    return Vocabulary(minerals, lookup)

"""Cell checks shared by the site and project loaders.

Each returns the cleaned value and appends a Problem naming what was found and what was
expected when the cell is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from geo.errors import Problem
from geo.model.crs import PAKISTAN_BBOX
from geo.model.normalise import is_web_url, key
from geo.model.provinces import UNITS, normalise_unit
from geo.model.table import Record
from geo.model.vocabulary import Vocabulary

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PARTIAL_DATE = re.compile(r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
# An HTML character reference copied from a page's source (``&amp;``, ``&#38;``) breaks the link.
HTML_ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
# Copies of a page served by third parties; cite the original publisher instead.
PROXY_HOSTS = ("paperai.life", "free-books.at")


class RowChecker:
    """Collects the problems of one record while its cells are cleaned."""

    def __init__(self, file: str, record: Record, problems: list[Problem]):
        self.file = file
        self.record = record
        self.problems = problems
        self.ok = True

    def fail(self, column: str | None, found: str, expected: str) -> None:
        """Record a problem in ``column`` (found, expected) and mark the record as failed."""
        self.ok = False
        self.problems.append(Problem(self.file, self.record.line, column, found, expected))

    def text(self, column: str, *, required: bool = False) -> str:
        """The cell's text ('' when empty); a problem when ``required`` and empty."""
        value = self.record.cells.get(column, "")
        if required and not value:
            self.fail(column, "an empty value", "a non-empty value")
        return value

    def slug(self, column: str) -> str:
        """A required lowercase slug (a-z, 0-9, single hyphens), such as an id."""
        value = self.text(column, required=True)
        if value and not SLUG.match(value):
            self.fail(column, repr(value), "a lowercase slug of a-z, 0-9 and single hyphens")
        return value

    def choice(self, column: str, allowed: Iterable[str], *, required: bool = True) -> str:
        """One of ``allowed``, matched through geo.model.normalise.key (so "Processing plant" is
        processing_plant); the value as written, with a problem, when it is none of them."""
        allowed = tuple(allowed)
        value = self.text(column, required=required)
        if not value:
            return value
        cleaned = {key(a): a for a in allowed}.get(key(value))
        if cleaned is None:
            self.fail(column, repr(value), f"one of {', '.join(allowed)}")
        return cleaned or value

    def minerals(self, column: str, vocabulary: Vocabulary, *, required: bool = True) -> list[str]:
        """Mineral ids from a ";"-separated cell through the vocabulary; a problem for each
        unknown mineral (and for an empty cell when ``required``)."""
        value = self.text(column, required=required)
        ids, unknown = vocabulary.normalise_many(value)
        for u in unknown:
            self.fail(
                column,
                f"unknown mineral {u!r}",
                "a mineral id, name, symbol or synonym from data/minerals.csv",
            )
        if required and value and not ids and not unknown:
            self.fail(column, repr(value), "at least one mineral")
        return ids

    def unit(self, column: str, *, required: bool = True) -> str:
        """The official name of a province or territory in any known spelling; the value as
        written, with a problem, when it is not one."""
        value = self.text(column, required=required)
        if not value:
            return value
        official = normalise_unit(value)
        if official is None:
            self.fail(column, repr(value), f"a province or territory: {', '.join(UNITS)}")
            return value
        return official

    def partial_date(self, column: str, *, required: bool = False) -> str:
        """An ISO date of year, year-month or full date precision, or ''."""
        value = self.text(column, required=required)
        if value and not PARTIAL_DATE.match(value):
            self.fail(column, repr(value), "an ISO date YYYY, YYYY-MM or YYYY-MM-DD")
        return value

    def url(self, column: str) -> str:
        """An http(s) URL with a host (geo.model.normalise.is_web_url), or ''."""
        value = self.text(column)
        if value and not is_web_url(value):
            self.fail(column, repr(value), "an http(s) URL or nothing")
        elif value and (entity := HTML_ENTITY.search(value)):
            self.fail(
                column,
                f"the HTML entity {entity.group(0)!r} in {value!r}",
                "the plain character (e.g. '&' for '&amp;') in a URL",
            )
        elif value and (host := next((h for h in PROXY_HOSTS if h in value.casefold()), None)):
            self.fail(column, f"a link through the proxy {host}", "the original publisher's URL")
        return value

    def number(self, column: str, *, minimum: float | None = None) -> float | None:
        """A plain number (no thousands separators or units) at least ``minimum``, or None
        when the cell is empty or wrong (with a problem when wrong)."""
        value = self.text(column)
        if not value:
            return None
        try:
            number = float(value)
        except ValueError:
            self.fail(column, repr(value), "a plain number such as 500000000 (no commas or units)")
            return None
        if number != number or (minimum is not None and number < minimum):
            self.fail(column, repr(value), f"a number ≥ {minimum}")
            return None
        return number

    def coordinates(
        self, lat_col: str, lon_col: str, *, mapped: bool
    ) -> tuple[float, float] | None:
        """A (lat, lon) pair inside Pakistan's envelope, or None when it must stay unmapped."""
        lat_text, lon_text = self.text(lat_col), self.text(lon_col)
        if not mapped:
            if lat_text or lon_text:
                self.fail(
                    "location_precision",
                    "'unknown' with coordinates given",
                    "empty lat/lon for an unknown location, or a precision of exact, approximate,"
                    " locality or district",
                )
            return None
        if not lat_text or not lon_text:
            self.fail(
                lat_col if not lat_text else lon_col,
                "an empty coordinate",
                "both lat and lon, or location_precision 'unknown'",
            )
            return None
        try:
            lat, lon = float(lat_text), float(lon_text)
        except ValueError:
            bad = lat_col if not _is_float(lat_text) else lon_col
            self.fail(bad, repr(self.text(bad)), "decimal degrees such as 29.1008")
            return None
        b = PAKISTAN_BBOX
        lat_in = b["min_lat"] <= lat <= b["max_lat"]
        lon_in = b["min_lon"] <= lon <= b["max_lon"]
        if lat_in and lon_in:
            return lat, lon
        if b["min_lat"] <= lon <= b["max_lat"] and b["min_lon"] <= lat <= b["max_lon"]:
            self.fail(
                f"{lat_col}/{lon_col}",
                f"lat={lat_text}, lon={lon_text} (swapped?)",
                f"lat={lon_text}, lon={lat_text}: latitude and longitude look swapped",
            )
        elif not lat_in:
            self.fail(
                lat_col, lat_text, f"a latitude inside Pakistan ({b['min_lat']} to {b['max_lat']})"
            )
        else:
            self.fail(
                lon_col, lon_text, f"a longitude inside Pakistan ({b['min_lon']} to {b['max_lon']})"
            )
        return None


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def check_unique(
    file: str, column: str, records: list[tuple[int, str]], problems: list[Problem]
) -> set[int]:
    """Report every repeated value; return the lines that repeat an earlier one."""
    first: dict[str, int] = {}
    repeats: set[int] = set()
    for line, value in records:
        if not value:
            continue
        if value in first:
            problems.append(
                Problem(
                    file,
                    line,
                    column,
                    f"duplicate {column} {value!r}",
                    f"a unique {column} (already used on line {first[value]})",
                )
            )
            repeats.add(line)
        else:
            first[value] = line
    return repeats

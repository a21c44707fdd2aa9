"""The site field schema: every column of data/sites.csv declared once.

Loading and validation (geo/model/sites.py), import column detection (geo/ingest/importer.py), map
popups
(layers/sites.py) and text search (geo/views/query.py) all read ``SITE_FIELDS`` when they run, so a
new
field is its column in data/sites.csv plus one entry here.

``kind`` names the check a cell gets (see ``clean_cell``): text, slug, choice, minerals, list
(";"-separated), unit (a province or territory), url, date (YYYY[-MM[-DD]]) or coordinate (lat
and lon, checked as a pair by geo/model/sites.py together with location_precision).
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.model.checks import RowChecker
from geo.model.normalise import is_web_url
from geo.model.vocabulary import Vocabulary

SITE_TYPES = ("deposit", "mine", "refinery", "smelter", "processing_plant")
STATUSES = (
    "operating",
    "development",
    "exploration",
    "proposed",
    "suspended",
    "closed",
    "historic",
    "occurrence",
)


@dataclass(frozen=True)
class PrecisionClass:
    """How well a row's coordinate is known; ``error_km`` is the documented bound (None: the
    point may be anywhere in the district, or there is no point)."""

    key: str
    label: str
    meaning: str
    error_km: float | None
    drawn: bool = True


# The one declaration of the location-precision classes, best first. The map, legend, filter
# help, CLI choices and data/SOURCES.md read (or are tested against) this table.
PRECISION_CLASSES = (
    PrecisionClass("exact", "exact", "a published coordinate of the site itself", 1.0),
    PrecisionClass(
        "approximate",
        "approximate",
        "a published coordinate of the place that is the site (its own village, camp or hill)",
        5.0,
    ),
    PrecisionClass(
        "locality",
        "locality",
        "the named place the source gives (village, valley, mountain, lease area); the site"
        " lies near it",
        10.0,
    ),
    PrecisionClass(
        "district",
        "district-level",
        "only the district is known; drawn at the district headquarters",
        None,
    ),
    PrecisionClass("unknown", "unknown", "no usable coordinate: listed, never drawn", None, False),
)
PRECISIONS = tuple(c.key for c in PRECISION_CLASSES)
MAPPED_PRECISIONS = tuple(c.key for c in PRECISION_CLASSES if c.drawn)


@dataclass(frozen=True)
class Field:
    """One site column: how its cells are checked, found in a user's file, shown and searched.

    ``synonyms``: column names in a user's file that mean this field (compared through
    geo.model.normalise.key); a field with none is not offered on import. ``popup``: its label in
    the
    map popup ("" for fields the popup shows in its own way or not at all). ``searchable``: the
    text search looks in it.
    """

    name: str
    kind: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    popup: str = ""
    searchable: bool = False

    @property
    def importable(self) -> bool:
        """Whether a user's file may supply this field."""
        return bool(self.synonyms)


SITE_FIELDS: list[Field] = [
    Field("id", "slug", required=True, searchable=True),
    Field(
        "name",
        required=True,
        searchable=True,
        synonyms=(
            "name",
            "site",
            "site name",
            "sitename",
            "deposit",
            "deposit name",
            "mine",
            "mine name",
            "locality",
            "title",
            "project",
        ),
    ),
    Field(
        "site_type",
        "choice",
        required=True,
        choices=SITE_TYPES,
        synonyms=("site type", "type", "category", "feature type", "facility type", "dep type"),
    ),
    Field(
        "minerals",
        "minerals",
        required=True,
        synonyms=(
            "minerals",
            "mineral",
            "commodity",
            "commodities",
            "commod",
            "commod1",
            "ore",
            "resource",
        ),
    ),
    Field(
        "status",
        "choice",
        required=True,
        choices=STATUSES,
        synonyms=("status", "dev stat", "development status", "operating status", "stage"),
    ),
    Field(
        "operator",
        synonyms=("operator", "company", "operated by"),
        popup="Operator",
        searchable=True,
    ),
    Field(
        "owners",
        "list",
        synonyms=("owners", "owner", "ownership"),
        popup="Owners",
        searchable=True,
    ),
    Field(
        "district",
        synonyms=("district", "adm2", "tehsil"),
        popup="District",
        searchable=True,
    ),
    Field("province", "unit", required=True, synonyms=("province", "state", "region", "adm1")),
    Field(
        "lat",
        "coordinate",
        synonyms=("lat", "latitude", "y", "lat dd", "latitude dd", "lat deg", "decimal latitude"),
    ),
    Field(
        "lon",
        "coordinate",
        synonyms=(
            "lon",
            "long",
            "lng",
            "longitude",
            "x",
            "lon dd",
            "longitude dd",
            "decimal longitude",
        ),
    ),
    Field("location_precision", "choice", required=True, choices=PRECISIONS),
    Field("location_source"),
    Field("source", required=True),
    Field("source_url", "url", synonyms=("source url", "url", "link", "reference url")),
    Field("as_of", "date", required=True, popup="As of"),
    Field(
        "notes",
        synonyms=("notes", "note", "description", "remarks", "comment", "comments"),
        popup="Notes",
        searchable=True,
    ),
]


def site_columns() -> tuple[str, ...]:
    """The columns data/sites.csv must have, in order."""
    return tuple(f.name for f in SITE_FIELDS)


def site_field(name: str) -> Field:
    """The field called ``name``; raises KeyError for a name the schema does not have."""
    for f in SITE_FIELDS:
        if f.name == name:
            return f
    raise KeyError(name)


def import_fields() -> tuple[Field, ...]:
    """The fields a user's file may supply, in schema order."""
    return tuple(f for f in SITE_FIELDS if f.importable)


def popup_fields() -> tuple[Field, ...]:
    """The fields the map popup shows as "label: value" rows, in schema order."""
    return tuple(f for f in SITE_FIELDS if f.popup)


def searchable_columns() -> tuple[str, ...]:
    """The columns the text search looks in."""
    return tuple(f.name for f in SITE_FIELDS if f.searchable)


def clean_cell(check: RowChecker, f: Field, vocabulary: Vocabulary) -> object:
    """The cleaned value of ``f``'s cell in the record ``check`` holds; a problem is recorded on
    ``check`` when the cell breaks the field's kind (coordinates are checked by
    geo/model/sites.py)."""
    if f.kind == "slug":
        return check.slug(f.name)
    if f.kind == "choice":
        return check.choice(f.name, f.choices, required=f.required)
    if f.kind == "minerals":
        return check.minerals(f.name, vocabulary, required=f.required)
    if f.kind == "list":
        return split_list(check.text(f.name, required=f.required))
    if f.kind == "unit":
        return check.unit(f.name, required=f.required)
    if f.kind == "url":
        return check.url(f.name)
    if f.kind == "date":
        return check.partial_date(f.name, required=f.required)
    return check.text(f.name, required=f.required)


def imported_value(f: Field, text: str) -> object:
    """A plain field's value from a cell of a user's file: lists split, a URL kept only when it
    is one, anything else as written (fields with their own import rules are read by
    geo/ingest/importer.py)."""
    if f.kind == "list":
        return split_list(text)
    if f.kind == "url":
        return text if is_web_url(text) else ""
    return text


def split_list(text: str) -> list[str]:
    """A ";"-separated cell as a list of its non-empty, stripped parts."""
    return [part.strip() for part in text.split(";") if part.strip()]

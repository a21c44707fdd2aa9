"""The sites layer: deposits, mines and processing facilities from ``data/sites.csv``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from geo.checks import RowChecker, check_unique
from geo.crs import WGS84
from geo.errors import DataValidationError, Problem
from geo.paths import DATA_DIR
from geo.table import read_records
from geo.vocabulary import Vocabulary, load_vocabulary

SITES_PATH = DATA_DIR / "sites.csv"

SITE_TYPES = ("deposit", "mine", "refinery", "smelter", "processing_plant")
PROCESSING_TYPES = ("refinery", "smelter", "processing_plant")
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
# Imported rows: the file's own coordinates, precision unknown to the atlas. Filterable, but never
# valid in the bundled sites.csv.
IMPORTED_PRECISION = "as_given"
FILTER_PRECISIONS = (*PRECISIONS, IMPORTED_PRECISION)
# Words in `notes` that say the row has no point; on a mapped row they contradict it.
UNMAPPED_CLAIMS = re.compile(
    r"\b(?:left\s+unmapped|unmapped|not\s+mapped|no\s+coordinates|without\s+coordinates)\b",
    re.IGNORECASE,
)


def precision_help() -> str:
    """One line per class for a filter's help text: what it means and its error bound."""
    parts = []
    for c in PRECISION_CLASSES:
        bound = f" (within ~{c.error_km:g} km)" if c.error_km else ""
        parts.append(f"{c.key}: {c.meaning}{bound}")
    parts.append(f"{IMPORTED_PRECISION.replace('_', ' ')}: coordinates from your imported file")
    return "; ".join(parts) + "."


COLUMNS = (
    "id",
    "name",
    "site_type",
    "minerals",
    "status",
    "operator",
    "owners",
    "district",
    "province",
    "lat",
    "lon",
    "location_precision",
    "location_source",
    "source",
    "source_url",
    "as_of",
    "notes",
)


def load_sites(path: Path = SITES_PATH, vocabulary: Vocabulary | None = None) -> gpd.GeoDataFrame:
    """Load and validate the sites table; raise DataValidationError listing every problem.

    ``minerals`` and ``owners`` become lists; unknown-location sites keep a row with no geometry,
    so tables and exports list them while the map leaves them out.
    """
    sites, problems = check_sites(path, vocabulary)
    if problems:
        raise DataValidationError(path.name, problems)
    return sites


def check_sites(
    path: Path = SITES_PATH, vocabulary: Vocabulary | None = None
) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Validate every row; return the good rows and the problems of the rest (nothing dropped
    silently: each row left out has at least one Problem naming its line)."""
    vocabulary = vocabulary or load_vocabulary()
    problems: list[Problem] = []
    rows: list[dict] = []
    ids: list[tuple[int, str]] = []
    for record in read_records(Path(path), COLUMNS, problems):
        check = RowChecker(Path(path).name, record, problems)
        row = _clean(check, vocabulary)
        ids.append((record.line, row["id"]))
        if check.ok:
            row["_line"] = record.line
            rows.append(row)
    repeats = check_unique(Path(path).name, "id", ids, problems)
    rows = [r for r in rows if r.pop("_line") not in repeats]
    return _frame(rows), problems


def _clean(check: RowChecker, vocabulary: Vocabulary) -> dict:
    precision = check.choice("location_precision", PRECISIONS)
    mapped = precision != "unknown"
    coords = check.coordinates("lat", "lon", mapped=mapped) if precision else None
    minerals = check.minerals("minerals", vocabulary)
    location_source = check.text("location_source")
    if mapped and coords and not location_source:
        check.fail("location_source", "an empty value", "where the coordinates come from")
    district = check.text("district")
    if mapped and not district:
        check.fail("district", "an empty value", "the district of a mapped site")
    notes = check.text("notes")
    claim = UNMAPPED_CLAIMS.search(notes)
    if mapped and claim:
        check.fail(
            "notes",
            f"{claim.group(0)!r} on a mapped row ({precision})",
            "notes that agree with the row: drop the claim, or empty lat/lon and precision unknown",
        )
    return {
        "id": check.slug("id"),
        "name": check.text("name", required=True),
        "site_type": check.choice("site_type", SITE_TYPES),
        "minerals": minerals,
        "primary_mineral": minerals[0] if minerals else None,
        "status": check.choice("status", STATUSES),
        "operator": check.text("operator"),
        "owners": [o.strip() for o in check.text("owners").split(";") if o.strip()],
        "district": district,
        "province": check.unit("province"),
        "lat": coords[0] if coords else None,
        "lon": coords[1] if coords else None,
        "location_precision": precision,
        "location_source": location_source,
        "source": check.text("source", required=True),
        "source_url": check.url("source_url"),
        "as_of": check.partial_date("as_of", required=True),
        "notes": notes,
    }


def _frame(rows: list[dict]) -> gpd.GeoDataFrame:
    columns = [*COLUMNS[:9], "lat", "lon", *COLUMNS[11:]]
    columns.insert(columns.index("minerals") + 1, "primary_mineral")
    df = pd.DataFrame(rows, columns=columns)
    geometry = [
        Point(lon, lat) if pd.notna(lat) and pd.notna(lon) else None
        for lat, lon in zip(df["lat"], df["lon"], strict=True)
    ]
    df["lat"] = pd.to_numeric(df["lat"]).astype(float)
    df["lon"] = pd.to_numeric(df["lon"]).astype(float)
    return gpd.GeoDataFrame(df, geometry=gpd.GeoSeries(geometry, crs=WGS84), crs=WGS84)

"""The sites layer: deposits, mines and processing facilities from ``data/sites.csv``."""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.errors import DataValidationError, Problem
from geo.model import fields
from geo.model.checks import RowChecker, check_unique
from geo.model.fields import PRECISION_CLASSES, PRECISIONS, SITE_TYPES, STATUSES
from geo.model.table import Record, points_frame, read_records
from geo.model.vocabulary import Vocabulary, load_vocabulary
from geo.paths import DATA_DIR

SITES_PATH = DATA_DIR / "sites.csv"

PROCESSING_TYPES = ("refinery", "smelter", "processing_plant")
# Imported rows: the file's own coordinates, precision unknown to the atlas. Filterable, but never
# valid in the bundled sites.csv.
IMPORTED_PRECISION = "as_given"
FILTER_PRECISIONS = (*PRECISIONS, IMPORTED_PRECISION)
# Words in `notes` that say the row has no point; on a mapped row they contradict it.
UNMAPPED_CLAIMS = re.compile(
    r"\b(?:left\s+unmapped|unmapped|not\s+mapped|no\s+coordinates|without\s+coordinates)\b",
    re.IGNORECASE,
)
# The columns as the schema (geo/model/fields.py) has them at import; code that must see a field
# added
# later (a test's toy field) calls fields.site_columns().
COLUMNS = fields.site_columns()


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
    for record in read_records(Path(path), fields.site_columns(), problems):
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
    row = {
        f.name: fields.clean_cell(check, f, vocabulary)
        for f in fields.SITE_FIELDS
        if f.kind != "coordinate"
    }
    # Coordinates are checked as a pair, and only where the precision says the site is mapped.
    precision = row["location_precision"]
    mapped = precision != "unknown"
    coords = check.coordinates("lat", "lon", mapped=mapped) if precision else None
    if mapped and coords and not row["location_source"]:
        check.fail("location_source", "an empty value", "where the coordinates come from")
    if mapped and not row["district"]:
        check.fail("district", "an empty value", "the district of a mapped site")
    claim = UNMAPPED_CLAIMS.search(row["notes"])
    if mapped and claim:
        check.fail(
            "notes",
            f"{claim.group(0)!r} on a mapped row ({precision})",
            "notes that agree with the row: drop the claim, or empty lat/lon and precision unknown",
        )
    row["lat"], row["lon"] = coords or (None, None)
    row["primary_mineral"] = row["minerals"][0] if row["minerals"] else None
    return row


def _frame(rows: list[dict]) -> gpd.GeoDataFrame:
    columns = list(fields.site_columns())
    columns.insert(columns.index("minerals") + 1, "primary_mineral")
    return points_frame(pd.DataFrame(rows, columns=columns))


def check_site_row(
    cells: dict[str, str], vocabulary: Vocabulary, *, file: str = "correction"
) -> tuple[dict | None, list[Problem]]:
    """One sites.csv row (cells as text) checked by the same rules as the bundled file: the
    cleaned row, or None and the problems. Used for corrections before they reach the store."""
    problems: list[Problem] = []
    columns = fields.site_columns()
    check = RowChecker(file, Record(1, {c: str(cells.get(c, "") or "") for c in columns}), problems)
    row = _clean(check, vocabulary)
    return (row if check.ok else None), problems


def site_frame(rows: list[dict]) -> gpd.GeoDataFrame:
    """Cleaned site rows (as from ``check_site_row``) as a sites GeoDataFrame."""
    return _frame(rows)


def precision_help() -> str:
    """One line per class for a filter's help text: what it means and its error bound."""
    parts = []
    for c in PRECISION_CLASSES:
        bound = f" (within ~{c.error_km:g} km)" if c.error_km else ""
        parts.append(f"{c.key}: {c.meaning}{bound}")
    parts.append(f"{IMPORTED_PRECISION.replace('_', ' ')}: coordinates from your imported file")
    return "; ".join(parts) + "."


# The category values are declared with their fields (geo/model/fields.py) and re-exported here.
__all__ = [
    "COLUMNS",
    "FILTER_PRECISIONS",
    "IMPORTED_PRECISION",
    "PRECISIONS",
    "PRECISION_CLASSES",
    "PROCESSING_TYPES",
    "SITE_TYPES",
    "STATUSES",
    "check_site_row",
    "check_sites",
    "load_sites",
    "precision_help",
    "site_frame",
]

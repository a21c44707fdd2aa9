"""The sites layer: deposits, mines and processing facilities from ``data/sites.csv``."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from geo.checks import RowChecker, check_unique
from geo.crs import WGS84
from geo.errors import DataValidationError, Problem
from geo.paths import DATA_DIR
from geo.table import Record, read_records
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
# exact: the site itself; approximate: a named place within ~10 km; district: district-level;
# unknown: not mapped at all (never drawn at a made-up place).
PRECISIONS = ("exact", "approximate", "district", "unknown")
# Imported rows: the file's own coordinates, precision unknown to the atlas. Filterable, but never
# valid in the bundled sites.csv.
IMPORTED_PRECISION = "as_given"
FILTER_PRECISIONS = (*PRECISIONS, IMPORTED_PRECISION)
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
    return {
        "id": check.slug("id"),
        "name": check.text("name", required=True),
        "site_type": check.choice("site_type", SITE_TYPES),
        "minerals": minerals,
        "primary_mineral": minerals[0] if minerals else None,
        "status": check.choice("status", STATUSES),
        "operator": check.text("operator"),
        "owners": [o.strip() for o in check.text("owners").split(";") if o.strip()],
        "district": check.text("district"),
        "province": check.unit("province"),
        "lat": coords[0] if coords else None,
        "lon": coords[1] if coords else None,
        "location_precision": precision,
        "location_source": location_source,
        "source": check.text("source", required=True),
        "source_url": check.url("source_url"),
        "as_of": check.partial_date("as_of"),
        "notes": check.text("notes"),
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


def check_site_row(
    cells: dict[str, str], vocabulary: Vocabulary, *, file: str = "correction"
) -> tuple[dict | None, list[Problem]]:
    """One sites.csv row (cells as text) checked by the same rules as the bundled file: the
    cleaned row, or None and the problems. Used for corrections before they reach the store."""
    problems: list[Problem] = []
    check = RowChecker(file, Record(1, {c: str(cells.get(c, "") or "") for c in COLUMNS}), problems)
    row = _clean(check, vocabulary)
    return (row if check.ok else None), problems


def site_frame(rows: list[dict]) -> gpd.GeoDataFrame:
    """Cleaned site rows (as from ``check_site_row``) as a sites GeoDataFrame."""
    return _frame(rows)

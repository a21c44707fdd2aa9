"""The infrastructure layer: sea ports, dry ports, rail heads and special economic zones from
``data/infrastructure.csv``, the places a poly-metallic refinery would ship through or sit in.

Rows are checked like sites (same cell checks, same precision classes); a row whose location is
unknown keeps no geometry. A data folder without the file has an empty layer, so a private
edition of the data need not carry one.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.errors import DataValidationError, Problem
from geo.model.checks import RowChecker, check_unique
from geo.model.sites import PRECISIONS
from geo.model.table import points_frame, read_records
from geo.paths import DATA_DIR

INFRASTRUCTURE_NAME = "infrastructure.csv"
INFRASTRUCTURE_PATH = DATA_DIR / INFRASTRUCTURE_NAME
INFRASTRUCTURE_KINDS = {
    "sea_port": "Sea port",
    "dry_port": "Dry port",
    "rail_head": "Rail head",
    "sez": "Special economic zone",
}
# The kinds the siting surface measures "distance to port" to: where ore or metal leaves by sea or
# clears customs inland.
PORT_KINDS = ("sea_port", "dry_port")
COLUMNS = (
    "id",
    "name",
    "kind",
    "province",
    "district",
    "lat",
    "lon",
    "location_precision",
    "location_source",
    "source",
    "source_url",
    "as_of",
    "notes",
)


def load_infrastructure(path: Path = INFRASTRUCTURE_PATH) -> gpd.GeoDataFrame:
    """Load and validate the infrastructure table; DataValidationError lists all problems."""
    frame, problems = check_infrastructure(path)
    if problems:
        raise DataValidationError(Path(path).name, problems)
    return frame


def check_infrastructure(
    path: Path = INFRASTRUCTURE_PATH,
) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Validate every row; return the good rows and the problems of the rest. A missing file is an
    empty layer, not a problem."""
    path = Path(path)
    if not path.is_file():
        return empty_infrastructure(), []
    problems: list[Problem] = []
    rows: list[dict] = []
    ids: list[tuple[int, str]] = []
    for record in read_records(path, COLUMNS, problems):
        check = RowChecker(path.name, record, problems)
        precision = check.choice("location_precision", PRECISIONS)
        mapped = precision != "unknown"
        coords = check.coordinates("lat", "lon", mapped=mapped) if precision else None
        location_source = check.text("location_source")
        if mapped and coords and not location_source:
            check.fail("location_source", "an empty value", "where the coordinates come from")
        district = check.text("district")
        if mapped and not district:
            check.fail("district", "an empty value", "the district of a mapped feature")
        row = {
            "id": check.slug("id"),
            "name": check.text("name", required=True),
            "kind": check.choice("kind", INFRASTRUCTURE_KINDS),
            "province": check.unit("province"),
            "district": district,
            "lat": coords[0] if coords else None,
            "lon": coords[1] if coords else None,
            "location_precision": precision,
            "location_source": location_source,
            "source": check.text("source", required=True),
            "source_url": check.url("source_url"),
            "as_of": check.partial_date("as_of", required=True),
            "notes": check.text("notes"),
        }
        ids.append((record.line, row["id"]))
        if check.ok:
            row["_line"] = record.line
            rows.append(row)
    repeats = check_unique(path.name, "id", ids, problems)
    rows = [r for r in rows if r.pop("_line") not in repeats]
    return _frame(rows), problems


def empty_infrastructure() -> gpd.GeoDataFrame:
    """An infrastructure frame with every column and no rows (when there is no file)."""
    return _frame([])


def ports(infrastructure: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The mapped sea and dry ports."""
    keep = infrastructure["kind"].isin(PORT_KINDS) & infrastructure.geometry.notna()
    return infrastructure[keep]


def _frame(rows: list[dict]) -> gpd.GeoDataFrame:
    return points_frame(pd.DataFrame(rows, columns=list(COLUMNS)))

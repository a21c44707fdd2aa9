"""The projects layer: investment projects and agreements from ``data/projects.csv``.

A project is drawn where its linked sites are (a MultiPoint of the mapped ones). A project whose
site is not announced keeps an empty geometry: it is listed, never placed at a made-up spot.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import MultiPoint

from geo.errors import Problem
from geo.model.checks import RowChecker, check_unique
from geo.model.crs import WGS84
from geo.model.table import read_records
from geo.model.vocabulary import Vocabulary, load_vocabulary
from geo.paths import DATA_DIR

PROJECTS_PATH = DATA_DIR / "projects.csv"
PROJECT_STATUSES = (
    "announced",
    "mou_signed",
    "agreement_signed",
    "financing",
    "under_construction",
    "operating",
    "completed",
    "suspended",
    "cancelled",
)
COLUMNS = (
    "id",
    "name",
    "partners",
    "amount_usd",
    "announced",
    "status",
    "site_ids",
    "minerals",
    "province",
    "source",
    "source_url",
    "notes",
)


def check_projects(
    sites: gpd.GeoDataFrame,
    path: Path = PROJECTS_PATH,
    vocabulary: Vocabulary | None = None,
) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Validate every project row against ``sites`` (each site id must exist) and the
    vocabulary; return the good rows, linked to their mapped sites, and the problems of the rest."""
    vocabulary = vocabulary or load_vocabulary()
    file = Path(path).name
    known_sites = set(sites["id"])
    problems: list[Problem] = []
    rows: list[dict] = []
    ids: list[tuple[int, str]] = []
    for record in read_records(Path(path), COLUMNS, problems):
        check = RowChecker(file, record, problems)
        site_ids = [s.strip() for s in check.text("site_ids").split(";") if s.strip()]
        for sid in site_ids:
            if sid not in known_sites:
                check.fail("site_ids", f"site id {sid!r}", "an id that exists in sites.csv")
        row = {
            "id": check.slug("id"),
            "name": check.text("name", required=True),
            "partners": [p.strip() for p in check.text("partners").split(";") if p.strip()],
            "amount_usd": check.number("amount_usd", minimum=0),
            "announced": check.partial_date("announced"),
            "status": check.choice("status", PROJECT_STATUSES),
            "site_ids": site_ids,
            "minerals": check.minerals("minerals", vocabulary, required=False),
            "province": check.unit("province", required=False),
            "source": check.text("source", required=True),
            "source_url": check.url("source_url"),
            "notes": check.text("notes"),
        }
        ids.append((record.line, row["id"]))
        if check.ok:
            row["_line"] = record.line
            rows.append(row)
    repeats = check_unique(file, "id", ids, problems)
    rows = [r for r in rows if r.pop("_line") not in repeats]
    return _frame(rows, sites), problems


def _frame(rows: list[dict], sites: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    df["amount_usd"] = pd.to_numeric(df["amount_usd"]).astype(float)
    return place_projects(df, sites)


def place_projects(projects: pd.DataFrame, sites: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``projects`` drawn where their linked sites are now (e.g. after a corrected coordinate):
    a MultiPoint of the mapped ones, None when none is mapped."""
    df = pd.DataFrame(projects).drop(columns=["geometry", "mapped_sites"], errors="ignore")
    located = sites[sites.geometry.notna()].set_index("id").geometry
    geoms = []
    for site_ids in df["site_ids"]:
        points = [located[s] for s in site_ids if s in located.index]
        geoms.append(MultiPoint(points) if points else None)
    df["mapped_sites"] = [len([s for s in ids if s in located.index]) for ids in df["site_ids"]]
    return gpd.GeoDataFrame(df, geometry=gpd.GeoSeries(geoms, crs=WGS84, index=df.index), crs=WGS84)
